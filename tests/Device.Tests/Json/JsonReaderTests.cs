using nanoFramework.TestFramework;
using NanoNode.Device.Json;

namespace NanoNode.Device.Tests.Json
{
    /// <summary>JsonReader: strict RFC 8259 grammar, escapes and surrogates, numbers and limits, depth, error positions.</summary>
    [TestClass]
    public class JsonReaderTests
    {
        private static readonly JsonReader Reader = new JsonReader();

        private static JsonReader Open(string json, int depth)
        {
            byte[] b = Text.Bytes(json);
            Reader.Reset(b, 0, b.Length, depth);
            return Reader;
        }

        private static JsonReader OpenBytes(byte[] b, int depth)
        {
            Reader.Reset(b, 0, b.Length, depth);
            return Reader;
        }

        // Reads to the end; returns the final token (End or Error).
        private static JsonToken Drain(JsonReader r)
        {
            JsonToken t;
            int guard = 0;
            do
            {
                t = r.Next();
                guard++;
            }
            while (t != JsonToken.End && t != JsonToken.Error && guard < 100000);

            return t;
        }

        private static void AssertError(string json, JsonStatus status, int position)
        {
            JsonReader r = Open(json, 4);
            Assert.AreEqual((int)JsonToken.Error, (int)Drain(r), json);
            Assert.AreEqual((int)status, (int)r.Status, json);
            Assert.AreEqual(position, r.ErrorPosition, json);
        }

        private static string Decoded(JsonReader r)
        {
            byte[] d = new byte[256];
            int n = r.CopyString(d, 0, d.Length);
            Assert.IsTrue(n >= 0);
            return Text.String(d, 0, n);
        }

        [TestMethod]
        public static void FlatObjectTokens()
        {
            JsonReader r = Open(" {\"rev\" : 7,\"s\":\"x\", \"t\":true,\"f\":false,\"n\":null,\"d\":-1.5e2}\r\n\t", 1);
            Assert.AreEqual((int)JsonToken.StartObject, (int)r.Next());
            Assert.AreEqual(1, r.Depth);
            Assert.AreEqual((int)JsonToken.PropertyName, (int)r.Next());
            Assert.IsTrue(r.TokenEquals("rev"));
            Assert.IsFalse(r.TokenEquals("re"));
            Assert.IsFalse(r.TokenEquals("revs"));
            Assert.AreEqual((int)JsonToken.Number, (int)r.Next());
            long v;
            Assert.IsTrue(r.TryGetInt64(out v));
            Assert.AreEqual(7L, v);
            Assert.AreEqual((int)JsonToken.PropertyName, (int)r.Next());
            Assert.AreEqual((int)JsonToken.String, (int)r.Next());
            Assert.AreEqual("x", Decoded(r));
            Assert.AreEqual((int)JsonToken.PropertyName, (int)r.Next());
            Assert.AreEqual((int)JsonToken.True, (int)r.Next());
            Assert.AreEqual((int)JsonToken.PropertyName, (int)r.Next());
            Assert.AreEqual((int)JsonToken.False, (int)r.Next());
            Assert.AreEqual((int)JsonToken.PropertyName, (int)r.Next());
            Assert.AreEqual((int)JsonToken.Null, (int)r.Next());
            Assert.AreEqual((int)JsonToken.PropertyName, (int)r.Next());
            Assert.AreEqual((int)JsonToken.Number, (int)r.Next());
            Assert.IsFalse(r.NumberIsInteger);
            Assert.IsFalse(r.TryGetInt64(out v));
            double d;
            Assert.IsTrue(r.TryGetDouble(out d));
            Assert.AreEqual(-150.0, d);
            Assert.AreEqual((int)JsonToken.EndObject, (int)r.Next());
            Assert.AreEqual(0, r.Depth);
            Assert.AreEqual((int)JsonToken.End, (int)r.Next());
            Assert.AreEqual((int)JsonToken.End, (int)r.Next());
            Assert.AreEqual(-1, r.ErrorPosition);
        }

        [TestMethod]
        public static void NestedObjectAndArraysAndSkip()
        {
            JsonReader r = Open("{\"a\":{\"b\":[1,2,{}],\"c\":\"d\"},\"e\":[],\"z\":3}", 4);
            Assert.AreEqual((int)JsonToken.StartObject, (int)r.Next());
            Assert.AreEqual((int)JsonToken.PropertyName, (int)r.Next());
            Assert.AreEqual((int)JsonToken.StartObject, (int)r.Next());
            Assert.IsTrue(r.SkipValue());
            Assert.AreEqual((int)JsonToken.EndObject, (int)r.Token);
            Assert.AreEqual(1, r.Depth);
            Assert.AreEqual((int)JsonToken.PropertyName, (int)r.Next());
            Assert.IsTrue(r.TokenEquals("e"));
            Assert.AreEqual((int)JsonToken.StartArray, (int)r.Next());
            Assert.AreEqual((int)JsonToken.EndArray, (int)r.Next());
            Assert.AreEqual((int)JsonToken.PropertyName, (int)r.Next());
            Assert.IsTrue(r.TokenEquals("z"));
            Assert.AreEqual((int)JsonToken.Number, (int)r.Next());
            Assert.AreEqual((int)JsonToken.EndObject, (int)r.Next());
            Assert.AreEqual((int)JsonToken.End, (int)r.Next());
        }

        [TestMethod]
        public static void TopLevelScalarsAreDocuments()
        {
            Assert.AreEqual((int)JsonToken.Number, (int)Open("12", 1).Next());
            Assert.AreEqual((int)JsonToken.End, (int)Reader.Next());
            Assert.AreEqual((int)JsonToken.String, (int)Open("\"s\"", 1).Next());
            Assert.AreEqual((int)JsonToken.Null, (int)Open(" null ", 1).Next());
            Assert.AreEqual((int)JsonToken.End, (int)Reader.Next());
        }

        [TestMethod]
        public static void SimpleEscapesDecode()
        {
            JsonReader r = Open("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"", 1);
            Assert.AreEqual((int)JsonToken.String, (int)r.Next());
            Assert.IsTrue(r.TokenHasEscapes);
            Assert.AreEqual("a\"b\\c/d\be\ff\ng\rh\ti", Decoded(r));
        }

        [TestMethod]
        [DataRow("\"\\u0041\"", "A")]
        [DataRow("\"\\u00e9\"", "\u00e9")]
        [DataRow("\"\\u00E9\"", "\u00e9")]
        [DataRow("\"\\u20AC\"", "\u20ac")]
        [DataRow("\"\\uD83D\\uDE00\"", "\uD83D\uDE00")]
        [DataRow("\"\\udbff\\udfff\"", "\uDBFF\uDFFF")]
        [DataRow("\"\\u0000\"", "\u0000")]
        [DataRow("\"x\\u0022y\"", "x\"y")]
        public static void UnicodeEscapesDecode(string json, string expected)
        {
            JsonReader r = Open(json, 1);
            Assert.AreEqual((int)JsonToken.String, (int)r.Next());
            Assert.AreEqual(expected, Decoded(r));
            Assert.IsTrue(r.TokenEquals(expected));
        }

        [TestMethod]
        public static void EscapedSurrogatePairDecodesToFourUtf8Bytes()
        {
            JsonReader r = Open("\"\\uD83D\\uDE00\"", 1);
            r.Next();
            byte[] d = new byte[8];
            Assert.AreEqual(4, r.CopyString(d, 0, 8));
            Assert.AreEqual((byte)0xF0, d[0]);
            Assert.AreEqual((byte)0x9F, d[1]);
            Assert.AreEqual((byte)0x98, d[2]);
            Assert.AreEqual((byte)0x80, d[3]);
            Assert.AreEqual(-1, r.CopyString(d, 0, 3));
        }

        [TestMethod]
        public static void RawUtf8IsAccepted()
        {
            JsonReader r = Open("\"\u00e9\u20ac\uD83D\uDE00\"", 1);
            Assert.AreEqual((int)JsonToken.String, (int)r.Next());
            Assert.AreEqual(9, r.TokenLength);
            Assert.IsFalse(r.TokenHasEscapes);
            Assert.AreEqual("\u00e9\u20ac\uD83D\uDE00", Decoded(r));
            Assert.IsTrue(r.TokenEquals("\u00e9\u20ac\uD83D\uDE00"));
        }

        [TestMethod]
        [DataRow("\"\\uD800\"", 5, 7)]
        [DataRow("\"\\uD800\\u0041\"", 5, 7)]
        [DataRow("\"\\uDC00\"", 5, 1)]
        [DataRow("\"\\uD800x\"", 5, 7)]
        [DataRow("\"\\uDBFF\\uDBFF\"", 5, 7)]
        [DataRow("\"\\x\"", 4, 2)]
        [DataRow("\"\\u12G4\"", 4, 5)]
        [DataRow("\"\\U0041\"", 4, 2)]
        [DataRow("\"\\'\"", 4, 2)]
        public static void BadEscapesAreRejectedWithPosition(string json, int status, int position)
        {
            AssertError(json, (JsonStatus)status, position);
        }

        [TestMethod]
        public static void ControlCharactersInStringsAreRejected()
        {
            AssertError("\"a\u0001\"", JsonStatus.ControlCharacter, 2);
            AssertError("{\"a\":\"x\ny\"}", JsonStatus.ControlCharacter, 7);
            AssertError("\"\t\"", JsonStatus.ControlCharacter, 1);
        }

        [TestMethod]
        [DataRow("22 C0 80 22", 1)]         // overlong NUL
        [DataRow("22 C1 BF 22", 1)]         // overlong
        [DataRow("22 E0 80 80 22", 2)]      // overlong 3-byte
        [DataRow("22 ED A0 80 22", 2)]      // encoded surrogate U+D800
        [DataRow("22 F4 90 80 80 22", 2)]   // above U+10FFFF
        [DataRow("22 F5 80 80 80 22", 1)]
        [DataRow("22 80 22", 1)]            // lone continuation byte
        [DataRow("22 E2 82 22", 3)]         // truncated sequence
        [DataRow("22 FF 22", 1)]
        // The bytes are hex text: nanoFramework's metadata processor cannot carry a byte[] inside DataRow's object[]
        // (NANO002, tools/NanoCheck/NanoAttributeRules.cs).
        public static void MalformedUtf8IsRejected(string hex, int position)
        {
            JsonReader r = OpenBytes(FromHex(hex), 1);
            Assert.AreEqual((int)JsonToken.Error, (int)Drain(r));
            Assert.AreEqual((int)JsonStatus.InvalidUtf8, (int)r.Status);
            Assert.AreEqual(position, r.ErrorPosition);
        }

        /// <summary>"22 C0 80" -> { 0x22, 0xC0, 0x80 }: two hex digits per byte, single spaces between bytes.</summary>
        private static byte[] FromHex(string hex)
        {
            byte[] bytes = new byte[(hex.Length + 1) / 3];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((HexDigit(hex[i * 3]) << 4) | HexDigit(hex[i * 3 + 1]));
            }

            return bytes;
        }

        private static int HexDigit(char c)
        {
            return c <= '9' ? c - '0' : c - 'A' + 10;
        }

        [TestMethod]
        [DataRow("0", 0L)]
        [DataRow("-0", 0L)]
        [DataRow("7", 7L)]
        [DataRow("-12", -12L)]
        [DataRow("9223372036854775807", 9223372036854775807L)]
        [DataRow("-9223372036854775808", -9223372036854775808L)]
        public static void IntegersParseExactlyToTheLimits(string json, long expected)
        {
            JsonReader r = Open(json, 1);
            Assert.AreEqual((int)JsonToken.Number, (int)r.Next());
            Assert.IsTrue(r.NumberIsInteger);
            long v;
            Assert.IsTrue(r.TryGetInt64(out v));
            Assert.AreEqual(expected, v);
        }

        [TestMethod]
        [DataRow("9223372036854775808")]
        [DataRow("-9223372036854775809")]
        [DataRow("100000000000000000000")]
        public static void IntegersBeyondLongAreNotInt64ButAreDoubles(string json)
        {
            JsonReader r = Open(json, 1);
            Assert.AreEqual((int)JsonToken.Number, (int)r.Next());
            long v;
            Assert.IsFalse(r.TryGetInt64(out v));
            double d;
            Assert.IsTrue(r.TryGetDouble(out d));
            Assert.IsTrue(d > 9e18 || d < -9e18);
        }

        [TestMethod]
        [DataRow("1.5", 1.5)]
        [DataRow("-0.25", -0.25)]
        [DataRow("1e3", 1000.0)]
        [DataRow("1E+3", 1000.0)]
        [DataRow("25e-1", 2.5)]
        [DataRow("-1.25E2", -125.0)]
        [DataRow("0.005", 0.005)]
        [DataRow("0e0", 0.0)]
        [DataRow("1e-400", 0.0)]
        [DataRow("123456789012345678901234", 1.2345678901234568e23)]
        public static void RealsParse(string json, double expected)
        {
            JsonReader r = Open(json, 1);
            Assert.AreEqual((int)JsonToken.Number, (int)r.Next());
            double d;
            Assert.IsTrue(r.TryGetDouble(out d));
            double diff = d - expected;
            if (diff < 0)
            {
                diff = -diff;
            }

            double scale = expected < 0 ? -expected : expected;
            Assert.IsTrue(diff <= scale * 1e-15, json);
        }

        [TestMethod]
        public static void HugeExponentOverflowsToNotADouble()
        {
            JsonReader r = Open("1e309", 1);
            Assert.AreEqual((int)JsonToken.Number, (int)r.Next());
            double d;
            Assert.IsFalse(r.TryGetDouble(out d));
        }

        [TestMethod]
        [DataRow("01", 3, 1)]
        [DataRow("-01", 3, 2)]
        [DataRow("-", 1, 1)]
        [DataRow("-a", 3, 1)]
        [DataRow("1.", 1, 2)]
        [DataRow("1.e5", 3, 2)]
        [DataRow(".5", 2, 0)]
        [DataRow("+1", 2, 0)]
        [DataRow("--1", 3, 1)]
        [DataRow("1e", 1, 2)]
        [DataRow("1e+", 1, 3)]
        [DataRow("1ex", 3, 2)]
        [DataRow("1.2.3", 3, 3)]
        [DataRow("0x10", 9, 1)]
        [DataRow("[1,-]", 3, 4)]
        public static void MalformedNumbers(string json, int status, int position)
        {
            AssertError(json, (JsonStatus)status, position);
        }

        [TestMethod]
        public static void StructuralErrors()
        {
            AssertError("{\"a\":1,}", JsonStatus.UnexpectedCharacter, 7);
            AssertError("[1,]", JsonStatus.UnexpectedCharacter, 3);
            AssertError("{\"a\" 1}", JsonStatus.UnexpectedCharacter, 5);
            AssertError("{\"a\":1 \"b\":2}", JsonStatus.UnexpectedCharacter, 7);
            AssertError("{a:1}", JsonStatus.UnexpectedCharacter, 1);
            AssertError("{'a':1}", JsonStatus.UnexpectedCharacter, 1);
            AssertError("{]", JsonStatus.UnexpectedCharacter, 1);
            AssertError("[}", JsonStatus.UnexpectedCharacter, 1);
            AssertError("[1}", JsonStatus.UnexpectedCharacter, 2);
            AssertError("{\"a\":}", JsonStatus.UnexpectedCharacter, 5);
            AssertError("{,}", JsonStatus.UnexpectedCharacter, 1);
            AssertError("{} x", JsonStatus.TrailingData, 3);
            AssertError("{}{}", JsonStatus.TrailingData, 2);
            AssertError("1 2", JsonStatus.TrailingData, 2);
            AssertError("", JsonStatus.Empty, 0);
            AssertError(" \r\n\t", JsonStatus.Empty, 4);
            AssertError("tru", JsonStatus.UnexpectedEnd, 3);
            AssertError("trux", JsonStatus.UnexpectedCharacter, 3);
            AssertError("nul", JsonStatus.UnexpectedEnd, 3);
            AssertError("falsey", JsonStatus.TrailingData, 5);
            AssertError("NaN", JsonStatus.UnexpectedCharacter, 0);
            AssertError("{\"a\":1", JsonStatus.UnexpectedEnd, 6);
            AssertError("\u00a0{}", JsonStatus.UnexpectedCharacter, 0);
        }

        [TestMethod]
        public static void DepthIsBounded()
        {
            JsonReader r = Open("{\"a\":{\"b\":1}}", 2);
            Assert.AreEqual((int)JsonToken.End, (int)Drain(r));

            r = Open("{\"a\":{\"b\":{}}}", 2);
            Assert.AreEqual((int)JsonToken.Error, (int)Drain(r));
            Assert.AreEqual((int)JsonStatus.TooDeep, (int)r.Status);
            Assert.AreEqual(10, r.ErrorPosition);

            r = Open("[[[]]]", 2);
            Assert.AreEqual((int)JsonToken.Error, (int)Drain(r));
            Assert.AreEqual((int)JsonStatus.TooDeep, (int)r.Status);
            Assert.AreEqual(2, r.ErrorPosition);

            r = Open("{\"a\":{}}", 1);
            Assert.AreEqual((int)JsonToken.Error, (int)Drain(r));
            Assert.AreEqual((int)JsonStatus.TooDeep, (int)r.Status);

            // The deepest limit: 30 levels open and close.
            string deep = "";
            for (int i = 0; i < JsonReader.DepthLimit; i++)
            {
                deep = "[" + deep + "]";
            }

            byte[] b = Text.Bytes(deep);
            Reader.Reset(b, 0, b.Length, JsonReader.DepthLimit);
            Assert.AreEqual((int)JsonToken.End, (int)Drain(Reader));
            Assert.ThrowsException(typeof(System.ArgumentException), () => Reader.Reset(b, 0, b.Length, JsonReader.DepthLimit + 1));
        }

        private const string Sample = "{\"rev\":12,\"name\":\"a\\u00e9\\\"b\",\"t\":[true,false,null],\"n\":{\"x\":-1.5e-3},\"u\":\"\\uD83D\\uDE00\"}";

        [TestMethod]
        public static void EveryTruncationIsAnErrorAtOrBeforeTheCut()
        {
            byte[] full = Text.Bytes(Sample);
            Assert.AreEqual((int)JsonToken.End, (int)Drain(OpenBytes(full, 2)));
            for (int cut = 0; cut < full.Length; cut++)
            {
                Reader.Reset(full, 0, cut, 2);
                Assert.AreEqual((int)JsonToken.Error, (int)Drain(Reader), "cut " + cut);
                Assert.IsTrue(Reader.ErrorPosition <= cut, "cut " + cut);
                Assert.IsTrue(Reader.Status == JsonStatus.UnexpectedEnd || (cut == 0 && Reader.Status == JsonStatus.Empty), "cut " + cut);
            }
        }

        [TestMethod]
        public static void EveryStructuralByteReplacedIsAnErrorAtThatByte()
        {
            byte[] full = Text.Bytes(Sample);
            bool inString = false;
            int checkedCount = 0;
            for (int i = 0; i < full.Length; i++)
            {
                byte original = full[i];
                bool structural = !inString && original != (byte)'"';
                if (original == (byte)'"' && (i == 0 || full[i - 1] != (byte)'\\'))
                {
                    inString = !inString;
                }

                if (!structural)
                {
                    continue;
                }

                full[i] = (byte)'@';
                JsonReader r = OpenBytes(full, 2);
                Assert.AreEqual((int)JsonToken.Error, (int)Drain(r), "at " + i);
                Assert.AreEqual(i, r.ErrorPosition, "at " + i);
                full[i] = original;
                checkedCount++;
            }

            Assert.IsTrue(checkedCount > 30);
        }

        [TestMethod]
        public static void ErrorPositionIsRelativeToTheDocumentStart()
        {
            byte[] b = Text.Bytes("xxxx{\"a\":tx}");
            Reader.Reset(b, 4, b.Length - 4, 2);
            Assert.AreEqual((int)JsonToken.Error, (int)Drain(Reader));
            Assert.AreEqual(6, Reader.ErrorPosition);
        }

        [TestMethod]
        public static void NameMatchingDecodesEscapes()
        {
            JsonReader r = Open("{\"inter\\u0076al_s\":1}", 1);
            r.Next();
            r.Next();
            Assert.IsTrue(r.TokenEquals("interval_s"));
            Assert.IsFalse(r.TokenEquals("interval"));
            byte[] d = new byte[4];
            Assert.AreEqual(-1, r.CopyString(d, 0, 4));
        }
    }
}
