using nanoFramework.TestFramework;
using NanoNode.Device.Json;

namespace NanoNode.Device.Tests.Json
{
    /// <summary>JsonWriter: structure, numbers without ToString, escapes (RFC 8259 §7), sticky errors.</summary>
    [TestClass]
    public class JsonWriterTests
    {
        private static string Written(JsonWriter w)
        {
            return Text.String(w.Buffer, w.Offset, w.Length);
        }

        [TestMethod]
        public static void WritesAnObjectWithEveryValueKind()
        {
            JsonWriter w = new JsonWriter(new byte[256]);
            w.BeginObject();
            w.Property("s", "x");
            w.Property("i", -42);
            w.Property("b", true);
            w.Name("f");
            w.Fixed(2153, 2);
            w.Name("r");
            w.Real(1013.256, 1);
            w.Name("n");
            w.Null();
            w.Name("a");
            w.BeginArray();
            w.Number(1);
            w.BeginObject();
            w.EndObject();
            w.BeginArray();
            w.EndArray();
            w.Bool(false);
            w.EndArray();
            w.EndObject();
            Assert.AreEqual((int)JsonStatus.Ok, (int)w.Status);
            Assert.IsTrue(w.IsComplete);
            Assert.AreEqual("{\"s\":\"x\",\"i\":-42,\"b\":true,\"f\":21.53,\"r\":1013.3,\"n\":null,\"a\":[1,{},[],false]}", Written(w));
        }

        [TestMethod]
        [DataRow(0L, "0")]
        [DataRow(7L, "7")]
        [DataRow(-7L, "-7")]
        [DataRow(1234567890L, "1234567890")]
        [DataRow(9223372036854775807L, "9223372036854775807")]
        [DataRow(-9223372036854775808L, "-9223372036854775808")]
        public static void IntegersAreExact(long value, string expected)
        {
            JsonWriter w = new JsonWriter(new byte[32]);
            w.Number(value);
            Assert.AreEqual(expected, Written(w));
        }

        [TestMethod]
        [DataRow(2153L, 2, "21.53")]
        [DataRow(2150L, 2, "21.5")]
        [DataRow(2100L, 2, "21")]
        [DataRow(-5L, 2, "-0.05")]
        [DataRow(-2153L, 2, "-21.53")]
        [DataRow(5L, 3, "0.005")]
        [DataRow(0L, 3, "0")]
        [DataRow(123456789L, 9, "0.123456789")]
        [DataRow(42L, 0, "42")]
        public static void FixedPointTrimsTrailingZeros(long scaled, int decimals, string expected)
        {
            JsonWriter w = new JsonWriter(new byte[32]);
            w.Fixed(scaled, decimals);
            Assert.AreEqual(expected, Written(w));
        }

        [TestMethod]
        [DataRow(21.555, 2, "21.56")]
        [DataRow(-21.555, 2, "-21.56")]
        [DataRow(0.0004, 3, "0")]
        [DataRow(-0.0004, 3, "0")]
        [DataRow(1013.25, 1, "1013.3")]
        [DataRow(400.0, 0, "400")]
        [DataRow(1e30, 2, "null")]
        public static void RealsRoundHalfAwayFromZero(double value, int decimals, string expected)
        {
            JsonWriter w = new JsonWriter(new byte[32]);
            w.Real(value, decimals);
            Assert.AreEqual(expected, Written(w));
        }

        [TestMethod]
        public static void NaNAndInfinityAreNull()
        {
            JsonWriter w = new JsonWriter(new byte[64]);
            w.BeginArray();
            w.Real(double.NaN, 2);
            w.Real(double.PositiveInfinity, 2);
            w.Real(double.NegativeInfinity, 2);
            w.EndArray();
            Assert.AreEqual("[null,null,null]", Written(w));
        }

        [TestMethod]
        public static void StringsAreEscapedAndUtf8Encoded()
        {
            JsonWriter w = new JsonWriter(new byte[128]);
            w.String("q\"b\\s/\n\r\t\b\f\u0001\u001f\u007f");
            Assert.AreEqual("\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f\u007f\"", Written(w));

            w.Reset(w.Buffer, 0, 128);
            w.String("\u00e9\u20ac\uD83D\uDE00");
            byte[] expected = { 0x22, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0x22 };
            Assert.AreEqual(expected.Length, w.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], w.Buffer[i]);
            }
        }

        [TestMethod]
        public static void LoneSurrogatesAreWrittenAsEscapes()
        {
            JsonWriter w = new JsonWriter(new byte[32]);
            w.String("a\uD800b\uDC00");
            Assert.AreEqual("\"a\\ud800b\\udc00\"", Written(w));
        }

        [TestMethod]
        public static void Utf8StringsEscapeOnlyWhatJsonRequires()
        {
            byte[] src = Text.Bytes("k\"\u00e9\n");
            JsonWriter w = new JsonWriter(new byte[32]);
            w.BeginObject();
            w.Name(src, 0, 1);
            w.StringUtf8(src, 0, src.Length);
            w.EndObject();
            Assert.AreEqual("{\"k\":\"k\\\"\u00e9\\n\"}", Written(w));
        }

        [TestMethod]
        public static void BufferFullIsStickyAndNeverWritesPastTheRange()
        {
            byte[] buffer = new byte[12];
            buffer[10] = 0xEE;
            buffer[11] = 0xEE;
            JsonWriter w = new JsonWriter();
            w.Reset(buffer, 0, 10);
            w.BeginObject();
            w.Property("temperature", 1);
            Assert.AreEqual((int)JsonStatus.BufferFull, (int)w.Status);
            w.EndObject();
            Assert.AreEqual((int)JsonStatus.BufferFull, (int)w.Status);
            Assert.IsFalse(w.IsComplete);
            Assert.IsTrue(w.Length <= 10);
            Assert.AreEqual((byte)0xEE, buffer[10]);

            // A number that does not fit is not written partially.
            w.Reset(buffer, 0, 3);
            w.Number(12345);
            Assert.AreEqual((int)JsonStatus.BufferFull, (int)w.Status);
            Assert.AreEqual(0, w.Length);
        }

        [TestMethod]
        public static void OutOfOrderCallsAreInvalidState()
        {
            JsonWriter w = new JsonWriter(new byte[32]);
            w.Name("x");
            Assert.AreEqual((int)JsonStatus.InvalidState, (int)w.Status);

            w.Restart();
            w.BeginObject();
            w.Number(1);
            Assert.AreEqual((int)JsonStatus.InvalidState, (int)w.Status);

            w.Restart();
            w.BeginObject();
            w.EndArray();
            Assert.AreEqual((int)JsonStatus.InvalidState, (int)w.Status);

            w.Restart();
            w.Number(1);
            w.Number(2);
            Assert.AreEqual((int)JsonStatus.InvalidState, (int)w.Status);

            w.Restart();
            w.BeginObject();
            w.Name("a");
            w.EndObject();
            Assert.AreEqual((int)JsonStatus.InvalidState, (int)w.Status);
        }

        [TestMethod]
        public static void OutputReadsBackWithTheReader()
        {
            byte[] buffer = new byte[128];
            JsonWriter w = new JsonWriter(buffer);
            w.BeginObject();
            w.Property("na\u00efve \"key\"", "v\u00e4l\\ue\uD83D\uDE00");
            w.Property("n", -9223372036854775808L);
            w.EndObject();
            Assert.IsTrue(w.IsComplete);

            JsonReader r = new JsonReader();
            r.Reset(buffer, 0, w.Length, 2);
            Assert.AreEqual((int)JsonToken.StartObject, (int)r.Next());
            Assert.AreEqual((int)JsonToken.PropertyName, (int)r.Next());
            Assert.IsTrue(r.TokenEquals("na\u00efve \"key\""));
            Assert.AreEqual((int)JsonToken.String, (int)r.Next());
            Assert.IsTrue(r.TokenEquals("v\u00e4l\\ue\uD83D\uDE00"));
            Assert.AreEqual((int)JsonToken.PropertyName, (int)r.Next());
            Assert.AreEqual((int)JsonToken.Number, (int)r.Next());
            long n;
            Assert.IsTrue(r.TryGetInt64(out n));
            Assert.AreEqual(-9223372036854775808L, n);
            Assert.AreEqual((int)JsonToken.EndObject, (int)r.Next());
            Assert.AreEqual((int)JsonToken.End, (int)r.Next());
        }

        [TestMethod]
        public static void StringsComposedFromParts()
        {
            byte[] id = Text.Bytes("n\"1");
            JsonWriter w = new JsonWriter(new byte[64]);
            w.BeginArray();
            w.StringStart();
            w.StringPart("{{ value_json.");
            w.StringPartUtf8(id, 0, id.Length);
            w.StringPart(" }}#");
            w.StringPartNumber(-42);
            w.StringEnd();
            w.Number(1);
            w.EndArray();
            Assert.IsTrue(w.IsComplete);
            Assert.AreEqual("[\"{{ value_json.n\\\"1 }}#-42\",1]", Text.String(w.Buffer, 0, w.Length));
        }
    }
}
