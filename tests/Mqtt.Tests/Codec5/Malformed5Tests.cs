using nanoFramework.TestFramework;
using NanoNode.Mqtt.Tests.Codec;

namespace NanoNode.Mqtt.Tests.Codec5
{
    /// <summary>
    /// One test per MQTT 5 malformed-packet / protocol-error rule of the codec: each builds a packet that breaks exactly
    /// one rule (starting from a valid packet, checked valid first) and asserts the status the decoder gives, and for
    /// encoders that nothing is written. Spec: MQTT Version 5.0 OASIS Standard, sections cited per test.
    /// </summary>
    [TestClass]
    public class Malformed5Tests
    {
        // ------------------------------------------------------------ builders

        // CONNECT v5, clean start, keep alive 60, the given property bytes, client id "c".
        private static byte[] Connect(byte[] props)
        {
            byte[] head = CodecAssert.B(0x00, 0x04, 'M', 'Q', 'T', 'T', 5, 0x02, 0x00, 0x3C);
            return Codec5Assert.Packet(0x10, Codec5Assert.Cat(Codec5Assert.Cat(head, Section(props)), CodecAssert.B(0x00, 0x01, 'c')));
        }

        // CONNECT v5 with a will whose properties are the given bytes (topic "w", payload "x").
        private static byte[] ConnectWill(byte[] willProps)
        {
            byte[] head = CodecAssert.B(0x00, 0x04, 'M', 'Q', 'T', 'T', 5, 0x06, 0x00, 0x3C, 0x00, 0x00, 0x01, 'c');
            return Codec5Assert.Packet(0x10, Codec5Assert.Cat(Codec5Assert.Cat(head, Section(willProps)), CodecAssert.B(0x00, 0x01, 'w', 0x00, 0x01, 'x')));
        }

        // PUBLISH QoS 0 topic "a/b", the given property bytes, payload "p".
        private static byte[] Publish(byte[] props)
        {
            return Codec5Assert.Packet(0x30, Codec5Assert.Cat(Codec5Assert.Cat(CodecAssert.B(0x00, 0x03, 'a', '/', 'b'), Section(props)), CodecAssert.B('p')));
        }

        // PUBACK packet id 1, reason code, the given property bytes.
        private static byte[] PubAck(int type, int reason, byte[] props)
        {
            return Codec5Assert.Packet(type, Codec5Assert.Cat(CodecAssert.B(0x00, 0x01, reason), Section(props)));
        }

        // SUBSCRIBE packet id 1, the given properties, one entry filter + options.
        private static byte[] Subscribe(byte[] props, string filter, int options)
        {
            byte[] f = CodecAssert.Utf8(filter);
            byte[] entry = new byte[f.Length + 3];
            entry[1] = (byte)f.Length;
            System.Array.Copy(f, 0, entry, 2, f.Length);
            entry[f.Length + 2] = (byte)options;
            return Codec5Assert.Packet(0x82, Codec5Assert.Cat(Codec5Assert.Cat(CodecAssert.B(0x00, 0x01), Section(props)), entry));
        }

        private static byte[] Section(byte[] props)
        {
            return Codec5Assert.Cat(CodecAssert.B(props.Length), props);
        }

        private static void Server(MqttStatus expected, byte[] packet, string what)
        {
            Codec5Assert.DecodeFails(expected, packet, MqttRole.Server, what);
        }

        private static void Client(MqttStatus expected, byte[] packet, string what)
        {
            Codec5Assert.DecodeFails(expected, packet, MqttRole.Client, what);
        }

        // ------------------------------------------------------------ duplicates (§2.2.2.2 and each property's "more than once" rule)

        [TestMethod]
        public static void BaselinesDecode()
        {
            Server(MqttStatus.Ok, Connect(CodecAssert.B(0x11, 0, 0, 0, 10)), "CONNECT with session expiry");
            Server(MqttStatus.Ok, ConnectWill(CodecAssert.B(0x18, 0, 0, 0, 5)), "CONNECT with will delay");
            Server(MqttStatus.Ok, Publish(CodecAssert.B(0x01, 1)), "PUBLISH with payload format");
            Client(MqttStatus.Ok, PubAck(0x40, 0x10, CodecAssert.B(0x1F, 0, 1, 'r')), "PUBACK with reason string");
            Server(MqttStatus.Ok, Subscribe(CodecAssert.B(0x0B, 5), "a/+", 0x2D), "SUBSCRIBE with id and options");
        }

        [TestMethod]
        public static void DuplicatePropertyIsProtocolError()
        {
            Server(MqttStatus.DuplicateProperty, Connect(CodecAssert.B(0x11, 0, 0, 0, 10, 0x11, 0, 0, 0, 20)), "session expiry twice");
            Server(MqttStatus.DuplicateProperty, Connect(CodecAssert.B(0x21, 0, 5, 0x21, 0, 5)), "receive maximum twice");
            Server(MqttStatus.DuplicateProperty, Publish(CodecAssert.B(0x03, 0, 1, 't', 0x03, 0, 1, 't')), "content type twice");
            Server(MqttStatus.DuplicateProperty, ConnectWill(CodecAssert.B(0x18, 0, 0, 0, 5, 0x18, 0, 0, 0, 5)), "will delay twice");
            Client(MqttStatus.DuplicateProperty, PubAck(0x40, 0, CodecAssert.B(0x1F, 0, 1, 'r', 0x1F, 0, 1, 's')), "reason string twice");
            Assert.AreEqual(Mqtt5ReasonCodes.ProtocolError, Mqtt5ReasonCodes.ForStatus(MqttStatus.DuplicateProperty));
        }

        [TestMethod]
        public static void DuplicateSubscriptionIdentifierInSubscribe()
        {
            // Only a PUBLISH from the server may repeat it (§3.3.4); in SUBSCRIBE it is once at most (§3.8.2.1.2).
            Server(MqttStatus.DuplicateProperty, Subscribe(CodecAssert.B(0x0B, 5, 0x0B, 6), "a/+", 0), "two ids in SUBSCRIBE");
            Client(MqttStatus.Ok, Publish(CodecAssert.B(0x0B, 5, 0x0B, 6)), "two ids in PUBLISH to a client");
        }

        [TestMethod]
        public static void UserPropertyMayRepeatEverywhere()
        {
            byte[] pair = CodecAssert.B(0x26, 0, 1, 'k', 0, 1, 'v');
            byte[] two = Codec5Assert.Cat(pair, pair);
            Server(MqttStatus.Ok, Connect(two), "CONNECT");
            Server(MqttStatus.Ok, Publish(two), "PUBLISH");
            Client(MqttStatus.Ok, PubAck(0x40, 0, two), "PUBACK");
            Server(MqttStatus.Ok, Subscribe(two, "a", 0), "SUBSCRIBE");
        }

        // ------------------------------------------------------------ identifier not valid for the packet (§2.2.2.2)

        [TestMethod]
        public static void PropertyNotAllowedInThatPacket()
        {
            Server(MqttStatus.PropertyNotAllowed, Connect(CodecAssert.B(0x23, 0, 1)), "Topic Alias in CONNECT");
            Server(MqttStatus.PropertyNotAllowed, Connect(CodecAssert.B(0x1F, 0, 1, 'r')), "Reason String in CONNECT");
            Server(MqttStatus.PropertyNotAllowed, Connect(CodecAssert.B(0x18, 0, 0, 0, 1)), "Will Delay in CONNECT (only in will properties)");
            Server(MqttStatus.PropertyNotAllowed, Publish(CodecAssert.B(0x11, 0, 0, 0, 1)), "Session Expiry in PUBLISH");
            Client(MqttStatus.PropertyNotAllowed, PubAck(0x40, 0, CodecAssert.B(0x03, 0, 1, 't')), "Content Type in PUBACK");
            Server(MqttStatus.PropertyNotAllowed, Subscribe(CodecAssert.B(0x1F, 0, 1, 'r'), "a", 0), "Reason String in SUBSCRIBE");
            Server(MqttStatus.PropertyNotAllowed, ConnectWill(CodecAssert.B(0x23, 0, 1)), "Topic Alias in will properties");
            Server(MqttStatus.PropertyNotAllowed, ConnectWill(CodecAssert.B(0x11, 0, 0, 0, 1)), "Session Expiry in will properties");
            Assert.AreEqual(Mqtt5ReasonCodes.MalformedPacket, Mqtt5ReasonCodes.ForStatus(MqttStatus.PropertyNotAllowed));
        }

        [TestMethod]
        public static void SubscriptionIdentifierFromClientInPublish()
        {
            // §3.3.4: a PUBLISH sent by a client carries no Subscription Identifier; a client may receive one.
            Server(MqttStatus.PropertyNotAllowed, Publish(CodecAssert.B(0x0B, 5)), "server receives sub id");
            Client(MqttStatus.Ok, Publish(CodecAssert.B(0x0B, 5)), "client receives sub id");
        }

        [TestMethod]
        public static void UnknownPropertyIdentifier()
        {
            Server(MqttStatus.MalformedPropertyId, Connect(CodecAssert.B(0x04, 0)), "0x04 undefined");
            Server(MqttStatus.MalformedPropertyId, Publish(CodecAssert.B(0x7F, 0)), "0x7F undefined");
            Server(MqttStatus.MalformedPropertyId, Publish(CodecAssert.B(0x80, 0x01, 0)), "two-byte identifier 128 undefined");
            Assert.AreEqual(Mqtt5ReasonCodes.MalformedPacket, Mqtt5ReasonCodes.ForStatus(MqttStatus.MalformedPropertyId));
        }

        // ------------------------------------------------------------ lengths (§2.2.2.1)

        [TestMethod]
        public static void PropertyLengthRunsPastThePacket()
        {
            // PUBLISH "a/b", property length 9 but only 3 bytes left.
            Server(MqttStatus.MalformedPropertyLength, Codec5Assert.Packet(0x30, CodecAssert.B(0x00, 0x03, 'a', '/', 'b', 9, 0x01, 1, 'p')), "PUBLISH");
            Client(MqttStatus.MalformedPropertyLength, Codec5Assert.Packet(0x40, CodecAssert.B(0x00, 0x01, 0x00, 5, 0x1F, 0)), "PUBACK");
            // CONNECT ending right after the keep alive: the property length is missing.
            Server(MqttStatus.MalformedPropertyLength, Codec5Assert.Packet(0x10, CodecAssert.B(0x00, 0x04, 'M', 'Q', 'T', 'T', 5, 0x02, 0x00, 0x3C)), "CONNECT without property length");
        }

        [TestMethod]
        public static void PropertyValueRunsPastTheSection()
        {
            Server(MqttStatus.MalformedPropertyLength, Connect(CodecAssert.B(0x11, 0, 0)), "four-byte integer cut");
            Server(MqttStatus.MalformedPropertyLength, Connect(CodecAssert.B(0x21, 0)), "two-byte integer cut");
            Server(MqttStatus.MalformedPropertyLength, Publish(CodecAssert.B(0x01)), "byte missing");
            Server(MqttStatus.MalformedPropertyLength, Publish(CodecAssert.B(0x03, 0, 5, 't')), "string longer than the section");
            Server(MqttStatus.MalformedPropertyLength, Publish(CodecAssert.B(0x09, 0)), "binary length cut");
            Server(MqttStatus.MalformedPropertyLength, Publish(CodecAssert.B(0x26, 0, 1, 'k', 0, 4, 'v')), "pair value cut");
            Client(MqttStatus.MalformedPropertyLength, Publish(CodecAssert.B(0x0B, 0x80)), "sub id continuation at the end");
        }

        [TestMethod]
        public static void BytesAfterThePropertiesWhereNoneMayFollow()
        {
            Client(MqttStatus.MalformedLength, Codec5Assert.Packet(0x40, CodecAssert.B(0x00, 0x01, 0x00, 0x00, 0xAA)), "PUBACK trailing byte");
            Client(MqttStatus.MalformedLength, Codec5Assert.Packet(0xE0, CodecAssert.B(0x00, 0x00, 0xAA)), "DISCONNECT trailing byte");
            Client(MqttStatus.MalformedLength, Codec5Assert.Packet(0x20, CodecAssert.B(0x00, 0x00, 0x00, 0xAA)), "CONNACK trailing byte");
            Client(MqttStatus.MalformedLength, Codec5Assert.Packet(0x40, CodecAssert.B(0x00)), "PUBACK without packet id");
        }

        // ------------------------------------------------------------ variable byte integers [MQTT-1.5.5-1]

        [TestMethod]
        public static void NonMinimalOrOverlongVariableByteInteger()
        {
            // Property length 1 written as 0x81 0x00.
            Server(MqttStatus.MalformedVariableByteInteger, Codec5Assert.Packet(0x30, CodecAssert.B(0x00, 0x03, 'a', '/', 'b', 0x81, 0x00, 0x01, 1)), "property length");
            // Identifier 0x01 written as 0x81 0x00.
            Server(MqttStatus.MalformedVariableByteInteger, Publish(CodecAssert.B(0x81, 0x00, 1)), "identifier");
            // Subscription Identifier 5 written in two bytes, and one of 5 bytes.
            Client(MqttStatus.MalformedVariableByteInteger, Publish(CodecAssert.B(0x0B, 0x85, 0x00)), "sub id non-minimal");
            Client(MqttStatus.MalformedVariableByteInteger, Publish(CodecAssert.B(0x0B, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)), "sub id 5 bytes");
            // Remaining length 2 written as 0x82 0x00: the decoder and the frame check refuse it (3.1.1 accepts it).
            byte[] ack = CodecAssert.B(0x40, 0x82, 0x00, 0x00, 0x01);
            Client(MqttStatus.MalformedVariableByteInteger, ack, "remaining length");
            int frame;
            int header;
            int missing;
            CodecAssert.Status(MqttStatus.MalformedVariableByteInteger, Mqtt5Decoder.CheckFrame(ack, 0, ack.Length, 0, out frame, out header, out missing), "frame check");
            CodecAssert.Status(MqttStatus.Ok, MqttDecoder.Decode(ack, 0, ack.Length, MqttRole.Client, new MqttPacket()), "3.1.1 decoder");
            int value;
            int consumed;
            CodecAssert.Status(MqttStatus.MalformedVariableByteInteger, Mqtt5Wire.ReadVariableByteInteger(CodecAssert.B(0x80, 0x80, 0x00), 0, 3, out value, out consumed), "wire");
            CodecAssert.Status(MqttStatus.Ok, Mqtt5Wire.ReadVariableByteInteger(CodecAssert.B(0x80, 0x01), 0, 2, out value, out consumed), "128");
            Assert.AreEqual(128, value);
        }

        // ------------------------------------------------------------ UTF-8 [MQTT-1.5.4-1] [MQTT-1.5.4-2] [MQTT-1.5.7-1]

        [TestMethod]
        public static void InvalidUtf8InStringProperties()
        {
            Server(MqttStatus.MalformedUtf8, Publish(CodecAssert.B(0x03, 0, 2, 0xC0, 0x80)), "overlong in Content Type");
            Server(MqttStatus.MalformedUtf8, Publish(CodecAssert.B(0x08, 0, 3, 0xED, 0xA0, 0x80)), "surrogate in Response Topic");
            Client(MqttStatus.MalformedUtf8, PubAck(0x40, 0, CodecAssert.B(0x1F, 0, 1, 0xFF)), "0xFF in Reason String");
            Server(MqttStatus.MalformedUtf8Null, Connect(CodecAssert.B(0x15, 0, 2, 'a', 0x00)), "U+0000 in Authentication Method");
        }

        [TestMethod]
        public static void InvalidUtf8InEitherStringOfAPair()
        {
            Server(MqttStatus.MalformedUtf8, Publish(CodecAssert.B(0x26, 0, 1, 0x80, 0, 1, 'v')), "name");
            Server(MqttStatus.MalformedUtf8Null, Publish(CodecAssert.B(0x26, 0, 1, 'k', 0, 1, 0x00)), "value");
            // Binary data is not UTF-8: any bytes are fine in Correlation Data.
            Server(MqttStatus.Ok, Publish(CodecAssert.B(0x09, 0, 3, 0xFF, 0x00, 0xC0)), "binary");
        }

        // ------------------------------------------------------------ values (each property's section)

        [TestMethod]
        public static void ByteValuesOtherThanZeroOrOne()
        {
            Server(MqttStatus.InvalidPropertyValue, Publish(CodecAssert.B(0x01, 2)), "Payload Format Indicator 2 (§3.3.2.3.2)");
            Server(MqttStatus.InvalidPropertyValue, Connect(CodecAssert.B(0x17, 2)), "Request Problem Information 2 (§3.1.2.11.7)");
            Server(MqttStatus.InvalidPropertyValue, Connect(CodecAssert.B(0x19, 2)), "Request Response Information 2 (§3.1.2.11.6)");
            Client(MqttStatus.InvalidPropertyValue, Codec5Assert.Packet(0x20, CodecAssert.B(0, 0, 2, 0x24, 2)), "Maximum QoS 2 (§3.2.2.3.4)");
            Client(MqttStatus.InvalidPropertyValue, Codec5Assert.Packet(0x20, CodecAssert.B(0, 0, 2, 0x25, 2)), "Retain Available 2 (§3.2.2.3.5)");
            Client(MqttStatus.InvalidPropertyValue, Codec5Assert.Packet(0x20, CodecAssert.B(0, 0, 2, 0x2A, 3)), "Shared Subscription Available 3");
            Server(MqttStatus.InvalidPropertyValue, ConnectWill(CodecAssert.B(0x01, 7)), "will Payload Format Indicator 7");
        }

        [TestMethod]
        public static void ZeroWhereTheSpecForbidsIt()
        {
            Server(MqttStatus.InvalidPropertyValue, Connect(CodecAssert.B(0x21, 0, 0)), "Receive Maximum 0 (§3.1.2.11.3)");
            Server(MqttStatus.InvalidPropertyValue, Connect(CodecAssert.B(0x27, 0, 0, 0, 0)), "Maximum Packet Size 0 (§3.1.2.11.4)");
            Server(MqttStatus.InvalidPropertyValue, Publish(CodecAssert.B(0x23, 0, 0)), "Topic Alias 0 (§3.3.2.3.4)");
            Server(MqttStatus.InvalidPropertyValue, Subscribe(CodecAssert.B(0x0B, 0), "a", 0), "Subscription Identifier 0 (§3.8.2.1.2)");
        }

        [TestMethod]
        public static void ResponseTopicWithWildcard()
        {
            Server(MqttStatus.InvalidPropertyValue, Publish(CodecAssert.B(0x08, 0, 3, 'a', '/', '#')), "'#' (§3.3.2.3.5)");
            Server(MqttStatus.InvalidPropertyValue, ConnectWill(CodecAssert.B(0x08, 0, 1, '+')), "'+' in will");
            Server(MqttStatus.Ok, Publish(CodecAssert.B(0x08, 0, 3, 'a', '/', 'r')), "plain topic");
        }

        [TestMethod]
        public static void AuthenticationDataWithoutMethod()
        {
            Server(MqttStatus.InvalidPropertyValue, Connect(CodecAssert.B(0x16, 0, 1, 0xAA)), "CONNECT (§3.1.2.11.10)");
            Server(MqttStatus.Ok, Connect(CodecAssert.B(0x16, 0, 1, 0xAA, 0x15, 0, 1, 'm')), "with a method, in any order");
            Client(MqttStatus.InvalidPropertyValue, Codec5Assert.Packet(0xF0, CodecAssert.B(0x18, 4, 0x16, 0, 1, 0xAA)), "AUTH");
        }

        // ------------------------------------------------------------ reason codes (§2.4 and each packet's table)

        [TestMethod]
        public static void ReasonCodesNotInThePacketsTable()
        {
            Client(MqttStatus.MalformedReasonCode, PubAck(0x40, 0x05, new byte[0]), "PUBACK 0x05 (reserved)");
            Client(MqttStatus.MalformedReasonCode, PubAck(0x40, 0x92, new byte[0]), "PUBACK 0x92 (PUBREL/PUBCOMP only)");
            Server(MqttStatus.MalformedReasonCode, PubAck(0x62, 0x10, new byte[0]), "PUBREL 0x10 (PUBACK/PUBREC only)");
            Client(MqttStatus.MalformedReasonCode, PubAck(0x70, 0x80, new byte[0]), "PUBCOMP 0x80");
            Client(MqttStatus.MalformedReasonCode, Codec5Assert.Packet(0x20, CodecAssert.B(0, 0x01, 0)), "CONNACK 0x01 (a 3.1.1 code)");
            Client(MqttStatus.MalformedReasonCode, Codec5Assert.Packet(0x90, CodecAssert.B(0, 1, 0, 0x03)), "SUBACK 0x03");
            Client(MqttStatus.MalformedReasonCode, Codec5Assert.Packet(0xB0, CodecAssert.B(0, 1, 0, 0x01)), "UNSUBACK 0x01");
            Client(MqttStatus.MalformedReasonCode, Codec5Assert.Packet(0xE0, CodecAssert.B(0x92, 0)), "DISCONNECT 0x92");
            Server(MqttStatus.MalformedReasonCode, Codec5Assert.Packet(0xF0, CodecAssert.B(0x01, 0)), "AUTH 0x01");
            Client(MqttStatus.MalformedReasonCode, Codec5Assert.Packet(0x90, CodecAssert.B(0, 1, 0)), "SUBACK without any code");
            Client(MqttStatus.Ok, Codec5Assert.Packet(0x90, CodecAssert.B(0, 1, 0, 0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2)), "every SUBACK code");
        }

        [TestMethod]
        public static void EncodersRefuseReasonCodesOutsideTheTable()
        {
            byte[] buffer = new byte[16];
            int written;
            CodecAssert.Status(MqttStatus.MalformedReasonCode, Mqtt5PubAckPacket.Encode(buffer, 0, 16, MqttPacketType.PubRel, 1, 0x10, null, 0, 0, out written), "PUBREL 0x10");
            Assert.AreEqual(0, written);
            CodecAssert.Status(MqttStatus.MalformedReasonCode, Mqtt5ConnAckPacket.Encode(buffer, 0, 16, false, 0x05, null, 0, 0, out written), "CONNACK 0x05");
            CodecAssert.Status(MqttStatus.MalformedReasonCode, Mqtt5DisconnectPacket.Encode(buffer, 0, 16, 0x18, null, 0, 0, out written), "DISCONNECT 0x18");
            CodecAssert.Status(MqttStatus.MalformedReasonCode, Mqtt5AuthPacket.Encode(buffer, 0, 16, 0x04, null, 0, 0, out written), "AUTH 0x04");
            CodecAssert.Status(MqttStatus.MalformedReasonCode, Mqtt5SubAckPacket.Encode(buffer, 0, 16, 1, null, 0, 0, CodecAssert.B(0x11), 0, 1, out written), "SUBACK 0x11");
            CodecAssert.Status(MqttStatus.MalformedConnAck, Mqtt5ConnAckPacket.Encode(buffer, 0, 16, true, 0x87, null, 0, 0, out written), "session present with a failure");
        }

        // ------------------------------------------------------------ SUBSCRIBE options and shared subscriptions (§3.8.3.1, §4.8.2)

        [TestMethod]
        public static void SubscriptionOptionsRules()
        {
            Server(MqttStatus.MalformedSubscriptionOptions, Subscribe(new byte[0], "a", 0x40), "reserved bit 6");
            Server(MqttStatus.MalformedSubscriptionOptions, Subscribe(new byte[0], "a", 0x80), "reserved bit 7");
            Server(MqttStatus.MalformedSubscriptionOptions, Subscribe(new byte[0], "a", 0x03), "QoS 3");
            Server(MqttStatus.MalformedSubscriptionOptions, Subscribe(new byte[0], "a", 0x30), "Retain Handling 3");
            Server(MqttStatus.MalformedSubscriptionOptions, Subscribe(new byte[0], "$share/g/a", 0x04), "No Local on a shared subscription");
            Server(MqttStatus.Ok, Subscribe(new byte[0], "a", 0x2E), "QoS 2, No Local, RAP, RH 2");
            byte[] f = CodecAssert.Utf8("a");
            byte[] buffer = new byte[32];
            int written;
            CodecAssert.Status(MqttStatus.MalformedSubscriptionOptions, Mqtt5SubscribePacket.Encode(buffer, 0, 32, 1, null, 0, 0, f, 0, 1, 0x30, out written), "encoder");
            Assert.AreEqual(0, written);
        }

        [TestMethod]
        public static void SharedSubscriptionSyntax()
        {
            Server(MqttStatus.MalformedSharedSubscription, Subscribe(new byte[0], "$share//a", 0), "empty share name");
            Server(MqttStatus.MalformedSharedSubscription, Subscribe(new byte[0], "$share/+/a", 0), "share name '+'");
            Server(MqttStatus.MalformedSharedSubscription, Subscribe(new byte[0], "$share/#", 0), "share name '#', no filter");
            Server(MqttStatus.MalformedTopicFilter, Subscribe(new byte[0], "$share/g+/a", 0), "'+' inside a level: not even a filter");
            Server(MqttStatus.MalformedSharedSubscription, Subscribe(new byte[0], "$share/g", 0), "no filter");
            Server(MqttStatus.MalformedSharedSubscription, Subscribe(new byte[0], "$share/g/", 0), "empty filter");
            Server(MqttStatus.Ok, Subscribe(new byte[0], "$share/g/nanonode/+/telemetry", 1), "valid");
            Server(MqttStatus.Ok, Subscribe(new byte[0], "$shared/x", 0), "not the shared prefix: an ordinary filter");
            byte[] unsub = Codec5Assert.Packet(0xA2, CodecAssert.B(0, 1, 0, 0, 8, '$', 's', 'h', 'a', 'r', 'e', '/', 'g'));
            Server(MqttStatus.MalformedSharedSubscription, unsub, "UNSUBSCRIBE");
            Assert.AreEqual(Mqtt5ReasonCodes.ProtocolError, Mqtt5ReasonCodes.ForStatus(MqttStatus.MalformedSharedSubscription));
        }

        // ------------------------------------------------------------ PUBLISH topic alias (§3.3.2.1, §3.3.2.3.4)

        [TestMethod]
        public static void EmptyTopicNeedsATopicAlias()
        {
            byte[] noAlias = Codec5Assert.Packet(0x30, CodecAssert.B(0x00, 0x00, 0x00, 'p'));
            Server(MqttStatus.MissingTopicAlias, noAlias, "empty topic, no alias");
            Mqtt5Packet p = new Mqtt5Packet();
            byte[] alias = Codec5Assert.Packet(0x30, CodecAssert.B(0x00, 0x00, 0x03, 0x23, 0x00, 0x02, 'p'));
            CodecAssert.Status(MqttStatus.Ok, Mqtt5Decoder.Decode(alias, 0, alias.Length, MqttRole.Server, p), "empty topic with alias 2");
            Assert.AreEqual(0, p.TopicLength);
            Assert.AreEqual(2L, p.Properties.Get(Mqtt5Properties.TopicAlias, 0));
            byte[] buffer = new byte[32];
            int written;
            CodecAssert.Status(MqttStatus.MissingTopicAlias, Mqtt5PublishPacket.Encode(buffer, 0, 32, null, 0, 0, 0, false, false, 0, null, 0, 0, null, 0, 0, out written), "encoder");
            Assert.AreEqual(Mqtt5ReasonCodes.ProtocolError, Mqtt5ReasonCodes.ForStatus(MqttStatus.MissingTopicAlias));
        }

        // ------------------------------------------------------------ fixed header and CONNECT / CONNACK flags

        [TestMethod]
        public static void AuthFlagsMustBeZero()
        {
            Server(MqttStatus.MalformedFlags, Codec5Assert.Packet(0xF1, new byte[0]), "AUTH flags 0001 (§3.15.1)");
            int frame;
            int header;
            int missing;
            CodecAssert.Status(MqttStatus.MalformedFlags, Mqtt5Decoder.CheckFrame(CodecAssert.B(0xF2), 0, 1, 0, out frame, out header, out missing), "first byte alone");
            CodecAssert.Status(MqttStatus.MalformedPacketType, Mqtt5Decoder.CheckFrame(CodecAssert.B(0x00, 0x00), 0, 2, 0, out frame, out header, out missing), "type 0");
        }

        [TestMethod]
        public static void PacketOverTheReceiversMaximumPacketSize()
        {
            // §3.1.2.11.4 / §3.2.2.3.6: a receiver announcing Maximum Packet Size N treats a bigger packet as an error
            // (DISCONNECT 0x95); the frame check says so from the fixed header alone, before the body is buffered.
            byte[] v = Golden5Vectors.PublishQos1AllProperties;
            int frame;
            int header;
            int missing;
            CodecAssert.Status(MqttStatus.TooLarge, Mqtt5Decoder.CheckFrame(v, 0, 2, v.Length - 1, out frame, out header, out missing), "one byte over");
            Assert.AreEqual(v.Length, frame);
            CodecAssert.Status(MqttStatus.Ok, Mqtt5Decoder.CheckFrame(v, 0, v.Length, v.Length, out frame, out header, out missing), "exactly the maximum");
            Assert.AreEqual(Mqtt5ReasonCodes.PacketTooLarge, Mqtt5ReasonCodes.ForStatus(MqttStatus.TooLarge));
        }

        [TestMethod]
        public static void ConnectReservedFlagAndWillFlags()
        {
            byte[] v = Connect(new byte[0]);
            Server(MqttStatus.Ok, v, "baseline");
            Server(MqttStatus.MalformedConnectFlags, Codec5Assert.With(v, 9, 0x03), "reserved bit 0 [MQTT-3.1.2-3]");
            Server(MqttStatus.MalformedWillFlags, Codec5Assert.With(v, 9, 0x22), "will retain without will (§3.1.2.7)");
            Server(MqttStatus.MalformedWillFlags, Codec5Assert.With(v, 9, 0x1E), "will QoS 3 (§3.1.2.6)");
            Server(MqttStatus.MalformedProtocolName, Codec5Assert.With(v, 5, 'X'), "protocol name [MQTT-3.1.2-1]");
            Server(MqttStatus.UnacceptableProtocolLevel, Codec5Assert.With(v, 8, 6), "version 6 [MQTT-3.1.2-2]");
            Assert.AreEqual(Mqtt5ReasonCodes.UnsupportedProtocolVersion, Mqtt5ReasonCodes.ForStatus(MqttStatus.UnacceptableProtocolLevel));
        }

        [TestMethod]
        public static void SubscribeAndUnsubscribeNeedAnEntry()
        {
            // §3.8.3 / §3.10.3: at least one topic filter; a packet id + empty property section alone is refused.
            Server(MqttStatus.MalformedNoTopicFilter, Codec5Assert.Packet(0x82, CodecAssert.B(0, 1, 0)), "SUBSCRIBE without entries");
            Server(MqttStatus.MalformedNoTopicFilter, Codec5Assert.Packet(0xA2, CodecAssert.B(0, 1, 0)), "UNSUBSCRIBE without entries");
            Server(MqttStatus.MalformedLength, Codec5Assert.Packet(0x82, CodecAssert.B(0, 1, 0, 0, 1, 'a')), "SUBSCRIBE entry without options byte");
            Server(MqttStatus.MalformedPacketId, Codec5Assert.Packet(0x82, CodecAssert.B(0, 0, 0, 0, 1, 'a', 0)), "packet id 0");
        }

        [TestMethod]
        public static void PasswordWithoutUserNameIsAllowedInMqtt5()
        {
            // §3.1.2.9: unlike 3.1.1 [MQTT-3.1.2-22], MQTT 5 allows a password without a user name.
            byte[] head = CodecAssert.B(0x00, 0x04, 'M', 'Q', 'T', 'T', 5, 0x42, 0x00, 0x3C, 0x00, 0x00, 0x01, 'c', 0x00, 0x02, 't', 'k');
            Mqtt5Packet p = Codec5Assert.DecodeOk(Codec5Assert.Packet(0x10, head), MqttRole.Server);
            Assert.IsFalse(p.HasUserName);
            Assert.IsTrue(p.HasPassword);
            CodecAssert.View("tk", p.Buffer, p.PasswordOffset, p.PasswordLength, "password");
            byte[] buffer = new byte[64];
            int written;
            CodecAssert.Status(MqttStatus.Ok, Mqtt5ConnectPacket.Encode(buffer, 0, 64, CodecAssert.Utf8("c"), true, 60, null, 0, 0, null, null, 0, false, null, 0, 0, null, CodecAssert.Utf8("tk"), out written), "encode");
            CodecAssert.Bytes(Codec5Assert.Packet(0x10, head), buffer, 0, written, "same bytes");
        }

        [TestMethod]
        public static void ConnAckFlags()
        {
            Client(MqttStatus.MalformedConnAck, Codec5Assert.Packet(0x20, CodecAssert.B(0x02, 0x00, 0x00)), "reserved ack flag (§3.2.2.1)");
            Client(MqttStatus.MalformedConnAck, Codec5Assert.Packet(0x20, CodecAssert.B(0x01, 0x87, 0x00)), "session present with a failure (§3.2.2.1.1)");
            Client(MqttStatus.Ok, Codec5Assert.Packet(0x20, CodecAssert.B(0x01, 0x00, 0x00)), "session present");
        }

        [TestMethod]
        public static void PacketTypesPerDirection()
        {
            Server(MqttStatus.MalformedPacketType, Golden5Vectors.ConnAckProperties, "server gets CONNACK");
            Client(MqttStatus.MalformedPacketType, Golden5Vectors.ConnectEmptyClientId, "client gets CONNECT");
            Client(MqttStatus.MalformedPacketType, Golden5Vectors.SubscribeOptions, "client gets SUBSCRIBE");
            Client(MqttStatus.Ok, Golden5Vectors.DisconnectPacketTooLarge, "client gets DISCONNECT (5.0)");
        }

        // ------------------------------------------------------------ encoders check properties before writing

        [TestMethod]
        public static void EncodersRefuseInvalidProperties()
        {
            byte[] buffer = new byte[64];
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = 0xEE;
            }

            int written;
            byte[] alias = CodecAssert.B(0x23, 0, 1);
            byte[] id = CodecAssert.Utf8("c");
            CodecAssert.Status(MqttStatus.PropertyNotAllowed, Mqtt5ConnectPacket.Encode(buffer, 0, 64, id, true, 0, alias, 0, 3, null, null, 0, false, null, 0, 0, null, null, out written), "CONNECT with Topic Alias");
            CodecAssert.Status(MqttStatus.PropertyNotAllowed, Mqtt5ConnectPacket.Encode(buffer, 0, 64, id, true, 0, null, 0, 0, id, id, 0, false, alias, 0, 3, null, null, out written), "will with Topic Alias");
            byte[] dup = CodecAssert.B(0x1F, 0, 1, 'a', 0x1F, 0, 1, 'b');
            CodecAssert.Status(MqttStatus.DuplicateProperty, Mqtt5PubAckPacket.Encode(buffer, 0, 64, MqttPacketType.PubAck, 1, 0, dup, 0, dup.Length, out written), "PUBACK two reason strings");
            CodecAssert.Status(MqttStatus.PropertyNotAllowed, Mqtt5DisconnectPacket.Encode(buffer, 0, 64, 0, alias, 0, 3, out written), "DISCONNECT with Topic Alias");
            CodecAssert.Status(MqttStatus.MalformedPropertyLength, Mqtt5AuthPacket.Encode(buffer, 0, 64, 0x18, CodecAssert.B(0x15, 0, 9), 0, 3, out written), "AUTH cut string");
            Assert.AreEqual(0, written);
            for (int i = 0; i < buffer.Length; i++)
            {
                Assert.AreEqual((byte)0xEE, buffer[i], "nothing written");
            }
        }

        [TestMethod]
        public static void WriterRefusesWrongTypeOrRoom()
        {
            Mqtt5PropertyWriter w = new Mqtt5PropertyWriter();
            CodecAssert.Status(MqttStatus.Ok, w.Reset(new byte[8], 0, 8), "reset");
            CodecAssert.Status(MqttStatus.InvalidArgument, w.AddByte(Mqtt5Properties.SessionExpiryInterval, 1), "byte for a four-byte property");
            CodecAssert.Status(MqttStatus.InvalidArgument, w.AddTwoByteInteger(0x04, 1), "undefined identifier");
            CodecAssert.Status(MqttStatus.InvalidArgument, w.AddTwoByteInteger(Mqtt5Properties.ReceiveMaximum, 70000), "value over 65535");
            CodecAssert.Status(MqttStatus.MalformedUtf8, w.AddString(Mqtt5Properties.ContentType, "\uD800"), "lone surrogate");
            CodecAssert.Status(MqttStatus.Ok, w.AddFourByteInteger(Mqtt5Properties.SessionExpiryInterval, Mqtt5Wire.MaxFourByteInteger), "max");
            CodecAssert.Status(MqttStatus.BufferTooSmall, w.AddFourByteInteger(Mqtt5Properties.MaximumPacketSize, 1), "no room");
            Assert.AreEqual(5, w.Length);
            CodecAssert.Bytes(CodecAssert.B(0x11, 0xFF, 0xFF, 0xFF, 0xFF), w.Buffer, 0, w.Length, "bytes");
        }
    }
}
