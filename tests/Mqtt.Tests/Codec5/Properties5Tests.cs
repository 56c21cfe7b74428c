using nanoFramework.TestFramework;
using NanoNode.Mqtt.Tests.Codec;

namespace NanoNode.Mqtt.Tests.Codec5
{
    /// <summary>
    /// The property table (§2.2.2.2, table 2-4: identifier, data type, packets), the MQTT 5 wire types (§1.5.3, §1.5.5,
    /// §1.5.7) and the writer/reader round trip for every identifier.
    /// </summary>
    [TestClass]
    public class Properties5Tests
    {
        // Table 2-4 transcribed independently of Mqtt5Properties: identifier, type code, contexts
        // (C CONNECT, CA CONNACK, P PUBLISH, W will, PA PUBACK, PREC, PREL, PC, S SUBSCRIBE, SA SUBACK, U UNSUBSCRIBE, UA UNSUBACK, D DISCONNECT, A AUTH).
        private static readonly object[] Table = new object[]
        {
            0x01, 1, "P W", 0x02, 3, "P W", 0x03, 5, "P W", 0x08, 5, "P W", 0x09, 6, "P W", 0x0B, 4, "P S",
            0x11, 3, "C CA D", 0x12, 5, "CA", 0x13, 2, "CA", 0x15, 5, "C CA A", 0x16, 6, "C CA A", 0x17, 1, "C",
            0x18, 3, "W", 0x19, 1, "C", 0x1A, 5, "CA", 0x1C, 5, "CA D", 0x1F, 5, "CA PA PREC PREL PC SA UA D A",
            0x21, 2, "C CA", 0x22, 2, "C CA", 0x23, 2, "P", 0x24, 1, "CA", 0x25, 1, "CA",
            0x26, 7, "C CA P W PA PREC PREL PC S SA U UA D A", 0x27, 3, "C CA", 0x28, 1, "CA", 0x29, 1, "CA", 0x2A, 1, "CA",
        };

        private static readonly string[] ContextNames = new string[] { "W", "C", "CA", "P", "PA", "PREC", "PREL", "PC", "S", "SA", "U", "UA", "", "", "D", "A" };

        [TestMethod]
        public static void EveryIdentifierHasItsTypeAndPackets()
        {
            int defined = 0;
            for (int id = 0; id < 128; id++)
            {
                int row = -1;
                for (int i = 0; i < Table.Length; i += 3)
                {
                    if ((int)Table[i] == id)
                    {
                        row = i;
                    }
                }

                if (row < 0)
                {
                    Assert.AreEqual(Mqtt5Properties.TypeNone, Mqtt5Properties.TypeOf(id), "undefined " + id.ToString());
                    continue;
                }

                defined++;
                Assert.AreEqual((int)Table[row + 1], Mqtt5Properties.TypeOf(id), "type of " + id.ToString());
                string contexts = " " + (string)Table[row + 2] + " ";
                for (int c = 0; c < 16; c++)
                {
                    bool expected = ContextNames[c].Length > 0 && contexts.IndexOf(" " + ContextNames[c] + " ") >= 0;
                    Assert.AreEqual(expected, Mqtt5Properties.IsAllowedIn(id, c), "id " + id.ToString() + " in context " + c.ToString());
                }

                Assert.AreEqual(id == 0x26, Mqtt5Properties.MayRepeat(id, (int)MqttPacketType.Connect), "repeat " + id.ToString());
            }

            Assert.AreEqual(27, defined);
            Assert.IsTrue(Mqtt5Properties.MayRepeat(Mqtt5Properties.SubscriptionIdentifier, (int)MqttPacketType.Publish));
            Assert.IsFalse(Mqtt5Properties.MayRepeat(Mqtt5Properties.SubscriptionIdentifier, (int)MqttPacketType.Subscribe));
        }

        [TestMethod]
        public static void EveryIdentifierRoundTripsThroughWriterValidateAndReader()
        {
            byte[] name = CodecAssert.Utf8("näme");
            byte[] data = CodecAssert.B(0x00, 0xFF, 0x80);
            for (int i = 0; i < Table.Length; i += 3)
            {
                int id = (int)Table[i];
                Mqtt5PropertyWriter w = Codec5Assert.Writer();
                long value = 0;
                switch (Mqtt5Properties.TypeOf(id))
                {
                    case Mqtt5Properties.TypeByte:
                        value = 1;
                        Codec5Assert.Ok(w.AddByte(id, 1), "byte");
                        break;
                    case Mqtt5Properties.TypeTwoByteInteger:
                        value = 65535;
                        Codec5Assert.Ok(w.AddTwoByteInteger(id, 65535), "two");
                        break;
                    case Mqtt5Properties.TypeFourByteInteger:
                        value = Mqtt5Wire.MaxFourByteInteger;
                        Codec5Assert.Ok(w.AddFourByteInteger(id, value), "four");
                        break;
                    case Mqtt5Properties.TypeVariableByteInteger:
                        value = MqttWire.MaxVariableByteInteger;
                        Codec5Assert.Ok(w.AddVariableByteInteger(id, (int)value), "vbi");
                        break;
                    case Mqtt5Properties.TypeUtf8String:
                        Codec5Assert.Ok(w.AddString(id, name, 0, name.Length), "string");
                        break;
                    case Mqtt5Properties.TypeBinary:
                        Codec5Assert.Ok(w.AddBinary(id, data, 0, data.Length), "binary");
                        break;
                    default:
                        Codec5Assert.Ok(w.AddUserProperty(name, 0, name.Length, data, 0, 0), "pair");
                        break;
                }

                int context = FirstContext(id);
                if (id == Mqtt5Properties.AuthenticationData)
                {
                    Codec5Assert.Ok(w.AddString(Mqtt5Properties.AuthenticationMethod, "m"), "method for data");
                }

                Mqtt5PropertySet set = new Mqtt5PropertySet();
                CodecAssert.Status(MqttStatus.Ok, Mqtt5Properties.Validate(w.Buffer, w.Offset, w.Length, context, MqttRole.Any, set), "validate " + id.ToString());
                Assert.IsTrue(set.Has(id), "present " + id.ToString());
                Mqtt5PropertyReader r = new Mqtt5PropertyReader();
                r.Reset(w.Buffer, w.Offset, w.Length);
                Assert.IsTrue(r.Next(), "read " + id.ToString());
                Assert.AreEqual(id, r.Id);
                if (r.Type == Mqtt5Properties.TypeUtf8String || r.Type == Mqtt5Properties.TypeStringPair)
                {
                    CodecAssert.Bytes(name, w.Buffer, r.ValueOffset, r.ValueLength, "string of " + id.ToString());
                }
                else if (r.Type == Mqtt5Properties.TypeBinary)
                {
                    CodecAssert.Bytes(data, w.Buffer, r.ValueOffset, r.ValueLength, "binary of " + id.ToString());
                }
                else
                {
                    Assert.AreEqual(value, r.Value, "value of " + id.ToString());
                    Assert.AreEqual(value, set.Values[id], "set value of " + id.ToString());
                }

                // Anywhere it is not allowed, the same bytes are refused.
                for (int c = 0; c < 16; c++)
                {
                    if (!Mqtt5Properties.IsAllowedIn(id, c))
                    {
                        CodecAssert.Status(MqttStatus.PropertyNotAllowed, Mqtt5Properties.Validate(w.Buffer, w.Offset, w.Length, c, MqttRole.Any, null), "id " + id.ToString() + " in " + c.ToString());
                    }
                }
            }
        }

        [TestMethod]
        public static void FourByteIntegerAndStringPairWire()
        {
            byte[] b = new byte[8];
            CodecAssert.Status(MqttStatus.Ok, Mqtt5Wire.WriteFourByteInteger(b, 1, 4, 0x89ABCDEF), "write");
            CodecAssert.Bytes(CodecAssert.B(0x89, 0xAB, 0xCD, 0xEF), b, 1, 4, "big endian");
            long v;
            CodecAssert.Status(MqttStatus.Ok, Mqtt5Wire.ReadFourByteInteger(b, 1, 4, out v), "read");
            Assert.AreEqual(0x89ABCDEFL, v);
            CodecAssert.Status(MqttStatus.NeedMoreBytes, Mqtt5Wire.ReadFourByteInteger(b, 1, 3, out v), "short");
            CodecAssert.Status(MqttStatus.InvalidArgument, Mqtt5Wire.WriteFourByteInteger(b, 0, 8, -1), "negative");
            CodecAssert.Status(MqttStatus.InvalidArgument, Mqtt5Wire.WriteFourByteInteger(b, 0, 8, 4294967296L), "2^32");
            CodecAssert.Status(MqttStatus.BufferTooSmall, Mqtt5Wire.WriteFourByteInteger(b, 0, 3, 1), "room");

            byte[] k = CodecAssert.Utf8("key");
            byte[] val = CodecAssert.Utf8("välue");
            byte[] pair = new byte[32];
            int written;
            CodecAssert.Status(MqttStatus.Ok, Mqtt5Wire.WriteStringPair(pair, 0, 32, k, 0, k.Length, val, 0, val.Length, out written), "write pair");
            Assert.AreEqual(4 + k.Length + val.Length, written);
            int no;
            int nl;
            int vo;
            int vl;
            int consumed;
            CodecAssert.Status(MqttStatus.Ok, Mqtt5Wire.ReadStringPair(pair, 0, written, out no, out nl, out vo, out vl, out consumed), "read pair");
            Assert.AreEqual(written, consumed);
            CodecAssert.Bytes(k, pair, no, nl, "name");
            CodecAssert.Bytes(val, pair, vo, vl, "value");
            CodecAssert.Status(MqttStatus.NeedMoreBytes, Mqtt5Wire.ReadStringPair(pair, 0, written - 1, out no, out nl, out vo, out vl, out consumed), "cut pair");
            CodecAssert.Status(MqttStatus.BufferTooSmall, Mqtt5Wire.WriteStringPair(pair, 0, written - 1, k, 0, k.Length, val, 0, val.Length, out written), "pair room");
            CodecAssert.Status(MqttStatus.MalformedUtf8, Mqtt5Wire.WriteStringPair(pair, 0, 32, CodecAssert.B(0xC0), 0, 1, val, 0, val.Length, out written), "bad name [MQTT-1.5.7-1]");
        }

        [TestMethod]
        public static void ReaderStopsOnBadBytesAndFindRewinds()
        {
            Mqtt5PropertyReader r = new Mqtt5PropertyReader();
            byte[] props = CodecAssert.B(0x01, 0x01, 0x23, 0x00, 0x07, 0x04, 0x00);
            r.Reset(props, 0, props.Length);
            Assert.IsTrue(r.Next());
            Assert.AreEqual(1L, r.Value);
            Assert.IsTrue(r.Next());
            Assert.AreEqual(7L, r.Value);
            Assert.IsFalse(r.Next());
            CodecAssert.Status(MqttStatus.MalformedPropertyId, r.Status, "unknown id stops the reader");
            Assert.IsFalse(r.Next());
            Assert.IsTrue(r.Find(Mqtt5Properties.TopicAlias));
            Assert.AreEqual(7L, r.Value);
            r.Reset(props, 0, 5);
            Assert.IsFalse(r.Find(Mqtt5Properties.ContentType));
            CodecAssert.Status(MqttStatus.Ok, r.Status, "clean end");
            r.Reset(props, 3, 10);
            CodecAssert.Status(MqttStatus.InvalidArgument, r.Status, "range outside the buffer");
            Assert.IsFalse(r.Next());
        }

        [TestMethod]
        public static void ReasonCodeTables()
        {
            int[] all = new int[] { 0x00, 0x01, 0x02, 0x04, 0x10, 0x11, 0x18, 0x19, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2 };
            // Count of codes each packet type accepts, from the tables of §3.2.2.2, §3.4.2.1, §3.6.2.1, §3.9.3, §3.11.3, §3.14.2.1, §3.15.2.1.
            AssertCount(MqttPacketType.ConnAck, 22);
            AssertCount(MqttPacketType.PubAck, 9);
            AssertCount(MqttPacketType.PubRec, 9);
            AssertCount(MqttPacketType.PubRel, 2);
            AssertCount(MqttPacketType.PubComp, 2);
            AssertCount(MqttPacketType.SubAck, 12);
            AssertCount(MqttPacketType.UnsubAck, 7);
            AssertCount(MqttPacketType.Disconnect, 29);
            AssertCount(MqttPacketType.Auth, 3);
            AssertCount(MqttPacketType.Publish, 0);
            for (int i = 0; i < all.Length; i++)
            {
                Assert.AreEqual(all[i] >= 0x80, Mqtt5ReasonCodes.IsFailure(all[i]));
            }
        }

        private static void AssertCount(MqttPacketType type, int expected)
        {
            int n = 0;
            for (int code = 0; code < 256; code++)
            {
                if (Mqtt5ReasonCodes.IsValidFor(type, code))
                {
                    n++;
                }
            }

            Assert.AreEqual(expected, n, "reason codes of type " + ((int)type).ToString());
        }

        private static int FirstContext(int id)
        {
            for (int c = 0; c < 16; c++)
            {
                if (Mqtt5Properties.IsAllowedIn(id, c))
                {
                    return c;
                }
            }

            return -1;
        }
    }
}
