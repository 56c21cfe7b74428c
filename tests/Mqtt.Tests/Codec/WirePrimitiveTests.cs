using nanoFramework.TestFramework;

namespace NanoNode.Mqtt.Tests.Codec
{
    /// <summary>MqttWire: every boundary of the data representations of MQTT 3.1.1 §1.5 and §2.2.3.</summary>
    [TestClass]
    public class WirePrimitiveTests
    {
        [TestMethod]
        public static void TwoByteIntegerIsBigEndianAndBounded()
        {
            byte[] buffer = new byte[4];
            CodecAssert.Status(MqttStatus.Ok, MqttWire.WriteTwoByteInteger(buffer, 1, 2, 0x1234), "write");
            Assert.AreEqual(0x12, (int)buffer[1]);
            Assert.AreEqual(0x34, (int)buffer[2]);
            int value;
            CodecAssert.Status(MqttStatus.Ok, MqttWire.ReadTwoByteInteger(buffer, 1, 2, out value), "read");
            Assert.AreEqual(0x1234, value);
            CodecAssert.Status(MqttStatus.Ok, MqttWire.WriteTwoByteInteger(buffer, 0, 2, 65535), "max");
            CodecAssert.Status(MqttStatus.Ok, MqttWire.ReadTwoByteInteger(buffer, 0, 2, out value), "read max");
            Assert.AreEqual(65535, value);
            CodecAssert.Status(MqttStatus.InvalidArgument, MqttWire.WriteTwoByteInteger(buffer, 0, 2, 65536), "over");
            CodecAssert.Status(MqttStatus.InvalidArgument, MqttWire.WriteTwoByteInteger(buffer, 0, 2, -1), "negative");
            CodecAssert.Status(MqttStatus.BufferTooSmall, MqttWire.WriteTwoByteInteger(buffer, 3, 1, 1), "room");
            CodecAssert.Status(MqttStatus.NeedMoreBytes, MqttWire.ReadTwoByteInteger(buffer, 3, 1, out value), "truncated");
            CodecAssert.Status(MqttStatus.InvalidArgument, MqttWire.ReadTwoByteInteger(buffer, 3, 2, out value), "past the array");
            CodecAssert.Status(MqttStatus.InvalidArgument, MqttWire.ReadTwoByteInteger(null, 0, 2, out value), "null");
        }

        [TestMethod]
        [DataRow(0, 1, 0x00, 0x00, 0x00, 0x00)]
        [DataRow(127, 1, 0x7F, 0x00, 0x00, 0x00)]
        [DataRow(128, 2, 0x80, 0x01, 0x00, 0x00)]
        [DataRow(16383, 2, 0xFF, 0x7F, 0x00, 0x00)]
        [DataRow(16384, 3, 0x80, 0x80, 0x01, 0x00)]
        [DataRow(2097151, 3, 0xFF, 0xFF, 0x7F, 0x00)]
        [DataRow(2097152, 4, 0x80, 0x80, 0x80, 0x01)]
        [DataRow(268435455, 4, 0xFF, 0xFF, 0xFF, 0x7F)]
        public static void VariableByteIntegerBoundariesFromTable22(int value, int size, int b0, int b1, int b2, int b3)
        {
            // §2.2.3 table 2.4: the first and last value of each encoded length.
            int[] expected = new int[] { b0, b1, b2, b3 };
            Assert.AreEqual(size, MqttWire.VariableByteIntegerSize(value));
            byte[] buffer = new byte[6];
            int written;
            CodecAssert.Status(MqttStatus.BufferTooSmall, MqttWire.WriteVariableByteInteger(buffer, 1, size - 1, value, out written), "room");
            Assert.AreEqual(0, (int)buffer[1], "nothing written on BufferTooSmall");
            CodecAssert.Status(MqttStatus.Ok, MqttWire.WriteVariableByteInteger(buffer, 1, size, value, out written), "write");
            Assert.AreEqual(size, written);
            for (int i = 0; i < size; i++)
            {
                Assert.AreEqual(expected[i], (int)buffer[1 + i], "byte");
            }

            int read;
            int consumed;
            CodecAssert.Status(MqttStatus.Ok, MqttWire.ReadVariableByteInteger(buffer, 1, 5, out read, out consumed), "read");
            Assert.AreEqual(value, read);
            Assert.AreEqual(size, consumed);

            // Every truncation of a multi-byte encoding asks for more bytes, never succeeds or fails.
            for (int n = 0; n < size; n++)
            {
                CodecAssert.Status(MqttStatus.NeedMoreBytes, MqttWire.ReadVariableByteInteger(buffer, 1, n, out read, out consumed), "truncated");
            }
        }

        [TestMethod]
        public static void VariableByteIntegerRejectsTooLargeAndFiveBytes()
        {
            byte[] buffer = new byte[8];
            int written;
            Assert.AreEqual(0, MqttWire.VariableByteIntegerSize(268435456));
            Assert.AreEqual(0, MqttWire.VariableByteIntegerSize(-1));
            CodecAssert.Status(MqttStatus.TooLarge, MqttWire.WriteVariableByteInteger(buffer, 0, 8, 268435456, out written), "268435456");
            CodecAssert.Status(MqttStatus.InvalidArgument, MqttWire.WriteVariableByteInteger(buffer, 0, 8, -5, out written), "negative");
            Assert.AreEqual(0, written);

            int value;
            int consumed;
            byte[] five = CodecAssert.B(0xFF, 0xFF, 0xFF, 0xFF, 0x01);
            CodecAssert.Status(MqttStatus.MalformedRemainingLength, MqttWire.ReadVariableByteInteger(five, 0, 5, out value, out consumed), "5 bytes");
            byte[] fiveZero = CodecAssert.B(0x80, 0x80, 0x80, 0x80, 0x00);
            CodecAssert.Status(MqttStatus.MalformedRemainingLength, MqttWire.ReadVariableByteInteger(fiveZero, 0, 4, out value, out consumed), "continuation on the 4th byte, even before the 5th arrives");
        }

        [TestMethod]
        public static void VariableByteIntegerAcceptsNonMinimalEncodings()
        {
            // MQTT 3.1.1 §2.2.3 has no "minimum number of bytes" rule (MQTT 5 [MQTT-1.5.5-1] has): decode, don't reject.
            int value;
            int consumed;
            CodecAssert.Status(MqttStatus.Ok, MqttWire.ReadVariableByteInteger(CodecAssert.B(0x80, 0x00), 0, 2, out value, out consumed), "0 in 2 bytes");
            Assert.AreEqual(0, value);
            Assert.AreEqual(2, consumed);
            CodecAssert.Status(MqttStatus.Ok, MqttWire.ReadVariableByteInteger(CodecAssert.B(0xFF, 0x80, 0x80, 0x00), 0, 4, out value, out consumed), "127 in 4 bytes");
            Assert.AreEqual(127, value);
            Assert.AreEqual(4, consumed);
        }

        [TestMethod]
        public static void Utf8StringReadIsAViewAndKeepsTheBom()
        {
            // "A" U+FEFF(BOM) "é" U+1F600: the BOM stays in the string [MQTT-1.5.3-3].
            byte[] buffer = CodecAssert.B(0x99, 0x00, 0x0A, 0x41, 0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0x99);
            int offset;
            int length;
            CodecAssert.Status(MqttStatus.Ok, MqttWire.ReadUtf8String(buffer, 1, 12, out offset, out length), "read");
            Assert.AreEqual(3, offset);
            Assert.AreEqual(10, length);
            CodecAssert.View("A\uFEFF\u00E9\uD83D\uDE00", buffer, offset, length, "content");
            for (int n = 0; n < 12; n++)
            {
                CodecAssert.Status(MqttStatus.NeedMoreBytes, MqttWire.ReadUtf8String(buffer, 1, n, out offset, out length), "truncated field");
            }
        }

        [TestMethod]
        public static void Utf8StringOfMaximumLength()
        {
            byte[] buffer = new byte[65537 + 1];
            for (int i = 2; i < 65537; i++)
            {
                buffer[i] = (byte)'x';
            }

            buffer[0] = 0xFF;
            buffer[1] = 0xFF;
            int offset;
            int length;
            CodecAssert.Status(MqttStatus.Ok, MqttWire.ReadUtf8String(buffer, 0, 65537, out offset, out length), "65535 bytes");
            Assert.AreEqual(65535, length);
            CodecAssert.Status(MqttStatus.NeedMoreBytes, MqttWire.ReadUtf8String(buffer, 0, 65536, out offset, out length), "one short");
            CodecAssert.Status(MqttStatus.StringTooLong, MqttWire.ValidateUtf8(buffer, 0, 65536), "65536 bytes");

            byte[] target = new byte[65538];
            int written;
            CodecAssert.Status(MqttStatus.Ok, MqttWire.WriteUtf8String(target, 0, target.Length, buffer, 2, 65535, out written), "write 65535");
            Assert.AreEqual(65537, written);
            CodecAssert.Status(MqttStatus.StringTooLong, MqttWire.WriteBinary(target, 0, target.Length, buffer, 0, 65536, out written), "binary 65536");
        }

        [TestMethod]
        [DataRow("null character", 0x00, -1, -1, -1)]
        [DataRow("overlong NUL C0 80", 0xC0, 0x80, -1, -1)]
        [DataRow("overlong C1 BF", 0xC1, 0xBF, -1, -1)]
        [DataRow("overlong 3-byte E0 80 80", 0xE0, 0x80, 0x80, -1)]
        [DataRow("overlong 3-byte E0 9F BF", 0xE0, 0x9F, 0xBF, -1)]
        [DataRow("surrogate U+D800 ED A0 80", 0xED, 0xA0, 0x80, -1)]
        [DataRow("surrogate U+DBFF ED AF BF", 0xED, 0xAF, 0xBF, -1)]
        [DataRow("surrogate U+DC00 ED B0 80", 0xED, 0xB0, 0x80, -1)]
        [DataRow("surrogate U+DFFF ED BF BF", 0xED, 0xBF, 0xBF, -1)]
        [DataRow("overlong 4-byte F0 80 80 80", 0xF0, 0x80, 0x80, 0x80)]
        [DataRow("above U+10FFFF F4 90 80 80", 0xF4, 0x90, 0x80, 0x80)]
        [DataRow("F5 lead", 0xF5, 0x80, 0x80, 0x80)]
        [DataRow("FF", 0xFF, -1, -1, -1)]
        [DataRow("lone continuation 80", 0x80, -1, -1, -1)]
        [DataRow("truncated 2-byte C3", 0xC3, -1, -1, -1)]
        [DataRow("truncated 3-byte E2 82", 0xE2, 0x82, -1, -1)]
        [DataRow("truncated 4-byte F0 9F 98", 0xF0, 0x9F, 0x98, -1)]
        [DataRow("bad continuation E2 28 A1", 0xE2, 0x28, 0xA1, -1)]
        public static void IllFormedUtf8IsRejected(string what, int b0, int b1, int b2, int b3)
        {
            // [MQTT-1.5.3-1] ill-formed UTF-8 / surrogates; [MQTT-1.5.3-2] U+0000. Embedded between valid characters.
            int n = b1 < 0 ? 1 : b2 < 0 ? 2 : b3 < 0 ? 3 : 4;
            byte[] field = new byte[2 + 2 + n];
            field[1] = (byte)(n + 2);
            field[2] = (byte)'a';
            field[3] = (byte)'b';
            int[] bytes = new int[] { b0, b1, b2, b3 };
            for (int i = 0; i < n; i++)
            {
                field[4 + i] = (byte)bytes[i];
            }

            MqttStatus expected = b0 == 0 ? MqttStatus.MalformedUtf8Null : MqttStatus.MalformedUtf8;
            int offset;
            int length;
            CodecAssert.Status(expected, MqttWire.ReadUtf8String(field, 0, field.Length, out offset, out length), what);
            CodecAssert.Status(expected, MqttWire.ValidateUtf8(field, 2, field.Length - 2), what);
            byte[] target = new byte[32];
            int written;
            CodecAssert.Status(expected, MqttWire.WriteUtf8String(target, 0, 32, field, 2, field.Length - 2, out written), what + " (write)");
            Assert.AreEqual(0, (int)target[0], "nothing written");
        }

        [TestMethod]
        public static void WellFormedUtf8BoundariesAreAccepted()
        {
            // U+007F, U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF.
            byte[] s = CodecAssert.B(0x7F, 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80, 0xEF, 0xBF, 0xBF,
                0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF);
            CodecAssert.Status(MqttStatus.Ok, MqttWire.ValidateUtf8(s, 0, s.Length), "boundaries");
        }

        [TestMethod]
        public static void StringWriterEncodesCharsAndSurrogatePairs()
        {
            byte[] buffer = new byte[32];
            int written;
            CodecAssert.Status(MqttStatus.Ok, MqttWire.WriteUtf8String(buffer, 1, 31, "a\u00E9\u20AC\uD83D\uDE00\uDBFF\uDFFF", out written), "write");
            byte[] expected = CodecAssert.B(0x00, 0x0E, 0x61, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xF4, 0x8F, 0xBF, 0xBF);
            CodecAssert.Bytes(expected, buffer, 1, written, "UTF-8");
            Assert.AreEqual(14, MqttWire.Utf8ByteCount("a\u00E9\u20AC\uD83D\uDE00\uDBFF\uDFFF"));

            CodecAssert.Status(MqttStatus.Ok, MqttWire.WriteUtf8String(buffer, 0, 2, "", out written), "empty string");
            Assert.AreEqual(2, written);
            CodecAssert.Status(MqttStatus.BufferTooSmall, MqttWire.WriteUtf8String(buffer, 0, 3, "ab", out written), "room");
            Assert.AreEqual(0, written);
        }

        [TestMethod]
        public static void StringWriterRejectsLoneSurrogates()
        {
            // Built in code, not [DataRow]: attribute strings are stored as UTF-8 in metadata, which turns a lone
            // surrogate into U+FFFD before the test sees it.
            string[] values = new string[] { "a" + (char)0xD800 + "b", "ab" + (char)0xDBFF, ((char)0xDC00).ToString(), (char)0xDE00 + "" + (char)0xD83D };
            for (int k = 0; k < values.Length; k++)
            {
                byte[] buffer = new byte[16];
                int written;
                CodecAssert.Status(MqttStatus.MalformedUtf8, MqttWire.WriteUtf8String(buffer, 0, 16, values[k], out written), "lone surrogate");
                Assert.AreEqual(-1, MqttWire.Utf8ByteCount(values[k]));
                Assert.AreEqual(0, (int)buffer[1], "nothing written");
            }
        }

        [TestMethod]
        public static void StringWriterRejectsNulAndHugeStrings()
        {
            byte[] buffer = new byte[16];
            int written;
            CodecAssert.Status(MqttStatus.MalformedUtf8Null, MqttWire.WriteUtf8String(buffer, 0, 16, "a\u0000b", out written), "U+0000");
            string big = new string('\u00E9', 32768); // 65,536 UTF-8 bytes
            CodecAssert.Status(MqttStatus.StringTooLong, MqttWire.WriteUtf8String(new byte[70000], 0, 70000, big, out written), "65536 bytes");
            CodecAssert.Status(MqttStatus.InvalidArgument, MqttWire.WriteUtf8String(buffer, 0, 16, (string)null, out written), "null");
        }

        [TestMethod]
        public static void BinaryDataRoundTrip()
        {
            byte[] data = CodecAssert.B(0x00, 0xFF, 0xC0, 0x80);
            byte[] buffer = new byte[8];
            int written;
            CodecAssert.Status(MqttStatus.Ok, MqttWire.WriteBinary(buffer, 1, 7, data, 0, 4, out written), "write");
            Assert.AreEqual(6, written);
            int offset;
            int length;
            CodecAssert.Status(MqttStatus.Ok, MqttWire.ReadBinary(buffer, 1, 6, out offset, out length), "read");
            Assert.AreEqual(3, offset);
            CodecAssert.Bytes(data, buffer, offset, length, "binary is not UTF-8 checked");
            CodecAssert.Status(MqttStatus.NeedMoreBytes, MqttWire.ReadBinary(buffer, 1, 5, out offset, out length), "truncated");
            CodecAssert.Status(MqttStatus.BufferTooSmall, MqttWire.WriteBinary(buffer, 0, 5, data, 0, 4, out written), "room");
            CodecAssert.Status(MqttStatus.Ok, MqttWire.WriteBinary(buffer, 0, 2, null, 0, 0, out written), "empty");
            Assert.AreEqual(0, (int)buffer[1]);
        }
    }
}
