using nanoFramework.TestFramework;

namespace NanoNode.Mqtt.Tests.Codec
{
    /// <summary>Assertions and byte helpers shared by the codec tests (test code: allocation allowed).</summary>
    public static class CodecAssert
    {
        /// <summary>Asserts a status by value (enums compared as ints: the nanoFramework Assert has no enum overload).</summary>
        public static void Status(MqttStatus expected, MqttStatus actual, string what)
        {
            Assert.AreEqual((int)expected, (int)actual, what);
        }

        /// <summary>UTF-8 bytes of <paramref name="s"/> through the codec's own encoder (no Encoding object needed).</summary>
        public static byte[] Utf8(string s)
        {
            int n = MqttWire.Utf8ByteCount(s);
            byte[] field = new byte[n + 2];
            int written;
            Status(MqttStatus.Ok, MqttWire.WriteUtf8String(field, 0, field.Length, s, out written), "Utf8 helper");
            byte[] result = new byte[n];
            System.Array.Copy(field, 2, result, 0, n);
            return result;
        }

        /// <summary>Builds a byte array from int literals (shorter to read than casts).</summary>
        public static byte[] B(params int[] values)
        {
            byte[] result = new byte[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                result[i] = (byte)values[i];
            }

            return result;
        }

        /// <summary>Asserts that <paramref name="actual"/>[<paramref name="offset"/>..+<paramref name="length"/>) equals <paramref name="expected"/>.</summary>
        public static void Bytes(byte[] expected, byte[] actual, int offset, int length, string what)
        {
            Assert.AreEqual(expected.Length, length, what + ": length");
            for (int i = 0; i < length; i++)
            {
                if (expected[i] != actual[offset + i])
                {
                    Assert.AreEqual((int)expected[i], (int)actual[offset + i], what + ": byte " + i.ToString());
                }
            }
        }

        /// <summary>Asserts that the view holds the UTF-8 of <paramref name="expected"/>.</summary>
        public static void View(string expected, byte[] buffer, int offset, int length, string what)
        {
            Bytes(Utf8(expected), buffer, offset, length, what);
        }

        /// <summary>A copy of <paramref name="source"/> placed at <paramref name="at"/> in a larger buffer filled with 0xEE, to prove offsets are honoured.</summary>
        public static byte[] Embed(byte[] source, int at, int extra)
        {
            byte[] result = new byte[at + source.Length + extra];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = 0xEE;
            }

            System.Array.Copy(source, 0, result, at, source.Length);
            return result;
        }

        /// <summary>Decodes <paramref name="packet"/> bytes with <paramref name="role"/>, asserting Ok and that the whole array was consumed.</summary>
        public static MqttPacket DecodeOk(byte[] bytes, MqttRole role)
        {
            MqttPacket packet = new MqttPacket();
            Status(MqttStatus.Ok, MqttDecoder.Decode(bytes, 0, bytes.Length, role, packet), "decode");
            Assert.AreEqual(bytes.Length, packet.Length, "consumed");
            Assert.AreSame(bytes, packet.Buffer);
            return packet;
        }

        /// <summary>Decodes with role Any and returns the status (for malformed-input tests).</summary>
        public static MqttStatus DecodeStatus(byte[] bytes)
        {
            return MqttDecoder.Decode(bytes, 0, bytes.Length, MqttRole.Any, new MqttPacket());
        }
    }
}
