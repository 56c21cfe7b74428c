using nanoFramework.TestFramework;

namespace NanoNode.Mqtt.Tests.Codec
{
    /// <summary>Every malformed-packet rule of MQTT 3.1.1 the codec checks, at least one vector each, decode and encode side.</summary>
    [TestClass]
    public class MalformedTests
    {
        private static void Expect(MqttStatus expected, byte[] packet, string rule)
        {
            CodecAssert.Status(expected, CodecAssert.DecodeStatus(packet), rule);
            Assert.IsTrue(MqttStatusInfo.IsMalformed(expected) || expected == MqttStatus.UnacceptableProtocolLevel, "test data");
        }

        [TestMethod]
        public static void ReservedFixedHeaderFlags()
        {
            // [MQTT-2.2.2-1] [MQTT-2.2.2-2]: each non-PUBLISH type has fixed flags.
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0x11, 0x00), "CONNECT 0001");
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0x22, 0x02, 0x00, 0x00), "CONNACK 0010");
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0x41, 0x02, 0x00, 0x01), "PUBACK 0001");
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0x52, 0x02, 0x00, 0x01), "PUBREC 0010");
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0x60, 0x02, 0x00, 0x01), "PUBREL 0000 [MQTT-3.6.1-1]");
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0x72, 0x02, 0x00, 0x01), "PUBCOMP 0010");
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0x80, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00), "SUBSCRIBE 0000 [MQTT-3.8.1-1]");
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0x93, 0x03, 0x00, 0x01, 0x00), "SUBACK 0011");
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0xA0, 0x05, 0x00, 0x01, 0x00, 0x01, 0x61), "UNSUBSCRIBE 0000 [MQTT-3.10.1-1]");
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0xB4, 0x02, 0x00, 0x01), "UNSUBACK 0100");
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0xC1, 0x00), "PINGREQ 0001");
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0xD8, 0x00), "PINGRESP 1000");
            Expect(MqttStatus.MalformedFlags, CodecAssert.B(0xE2, 0x00), "DISCONNECT 0010");
        }

        [TestMethod]
        public static void ReservedPacketTypesAndRoles()
        {
            Expect(MqttStatus.MalformedPacketType, CodecAssert.B(0x00, 0x00), "type 0 (§2.2.1)");
            Expect(MqttStatus.MalformedPacketType, CodecAssert.B(0xF0, 0x00), "type 15 (§2.2.1)");
            MqttPacket p = new MqttPacket();
            CodecAssert.Status(MqttStatus.MalformedPacketType, MqttDecoder.Decode(GoldenVectors.ConnAckAccepted, 0, 4, MqttRole.Server, p), "server gets CONNACK");
            CodecAssert.Status(MqttStatus.MalformedPacketType, MqttDecoder.Decode(GoldenVectors.ConnectMinimal, 0, GoldenVectors.ConnectMinimal.Length, MqttRole.Client, p), "client gets CONNECT");
            CodecAssert.Status(MqttStatus.MalformedPacketType, MqttDecoder.Decode(GoldenVectors.SpecSubscribe, 0, GoldenVectors.SpecSubscribe.Length, MqttRole.Client, p), "client gets SUBSCRIBE");
            CodecAssert.Status(MqttStatus.MalformedPacketType, MqttDecoder.Decode(GoldenVectors.PingReq, 0, 2, MqttRole.Client, p), "client gets PINGREQ");
            CodecAssert.Status(MqttStatus.MalformedPacketType, MqttDecoder.Decode(GoldenVectors.SpecSubAck, 0, GoldenVectors.SpecSubAck.Length, MqttRole.Server, p), "server gets SUBACK");
            CodecAssert.Status(MqttStatus.MalformedPacketType, MqttDecoder.Decode(GoldenVectors.PingResp, 0, 2, MqttRole.Server, p), "server gets PINGRESP");
        }

        [TestMethod]
        public static void RemainingLengthOverFourBytes()
        {
            Expect(MqttStatus.MalformedRemainingLength, CodecAssert.B(0x30, 0x80, 0x80, 0x80, 0x80, 0x01), "§2.2.3: at most 4 bytes");
        }

        [TestMethod]
        public static void PublishFlagsQosAndDup()
        {
            Expect(MqttStatus.MalformedQos, CodecAssert.B(0x36, 0x05, 0x00, 0x01, 0x61, 0x00, 0x01), "QoS 3 [MQTT-3.3.1-4]");
            Expect(MqttStatus.MalformedDup, CodecAssert.B(0x38, 0x03, 0x00, 0x01, 0x61), "DUP with QoS 0 [MQTT-3.3.1-2]");
            CodecAssert.Status(MqttStatus.Ok, CodecAssert.DecodeStatus(CodecAssert.B(0x3A, 0x05, 0x00, 0x01, 0x61, 0x00, 0x01)), "DUP with QoS 1 is fine");
        }

        [TestMethod]
        public static void PacketIdentifierZero()
        {
            // [MQTT-2.3.1-1] SUBSCRIBE, UNSUBSCRIBE, PUBLISH QoS > 0; acknowledgements echo a non-zero id.
            Expect(MqttStatus.MalformedPacketId, CodecAssert.B(0x32, 0x05, 0x00, 0x01, 0x61, 0x00, 0x00), "PUBLISH QoS 1");
            Expect(MqttStatus.MalformedPacketId, CodecAssert.B(0x34, 0x05, 0x00, 0x01, 0x61, 0x00, 0x00), "PUBLISH QoS 2");
            Expect(MqttStatus.MalformedPacketId, CodecAssert.B(0x82, 0x06, 0x00, 0x00, 0x00, 0x01, 0x61, 0x00), "SUBSCRIBE");
            Expect(MqttStatus.MalformedPacketId, CodecAssert.B(0xA2, 0x05, 0x00, 0x00, 0x00, 0x01, 0x61), "UNSUBSCRIBE");
            Expect(MqttStatus.MalformedPacketId, CodecAssert.B(0x40, 0x02, 0x00, 0x00), "PUBACK");
            Expect(MqttStatus.MalformedPacketId, CodecAssert.B(0x62, 0x02, 0x00, 0x00), "PUBREL");
            Expect(MqttStatus.MalformedPacketId, CodecAssert.B(0x90, 0x03, 0x00, 0x00, 0x00), "SUBACK");
            Expect(MqttStatus.MalformedPacketId, CodecAssert.B(0xB0, 0x02, 0x00, 0x00), "UNSUBACK");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0x32, 0x04, 0x00, 0x01, 0x61, 0x00), "PUBLISH QoS 1 without a whole id");
        }

        [TestMethod]
        public static void TopicNames()
        {
            Expect(MqttStatus.MalformedTopicName, CodecAssert.B(0x30, 0x05, 0x00, 0x03, 0x61, 0x2F, 0x2B), "'a/+' [MQTT-3.3.2-2]");
            Expect(MqttStatus.MalformedTopicName, CodecAssert.B(0x30, 0x03, 0x00, 0x01, 0x23), "'#' [MQTT-3.3.2-2]");
            Expect(MqttStatus.MalformedTopicName, CodecAssert.B(0x30, 0x04, 0x00, 0x00, 0x68, 0x69), "empty [MQTT-4.7.3-1]");
            Expect(MqttStatus.MalformedUtf8, CodecAssert.B(0x30, 0x05, 0x00, 0x03, 0xED, 0xA0, 0x80), "surrogate U+D800 [MQTT-1.5.3-1]");
            Expect(MqttStatus.MalformedUtf8, CodecAssert.B(0x30, 0x04, 0x00, 0x02, 0xC0, 0x80), "overlong NUL [MQTT-1.5.3-1]");
            Expect(MqttStatus.MalformedUtf8Null, CodecAssert.B(0x30, 0x05, 0x00, 0x03, 0x61, 0x00, 0x62), "U+0000 [MQTT-1.5.3-2]");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0x30, 0x04, 0x00, 0x05, 0x61, 0x62), "topic longer than the packet");
        }

        [TestMethod]
        public static void SubscribeRules()
        {
            Expect(MqttStatus.MalformedNoTopicFilter, CodecAssert.B(0x82, 0x02, 0x00, 0x01), "no filter [MQTT-3.8.3-3]");
            Expect(MqttStatus.MalformedRequestedQos, CodecAssert.B(0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x03), "QoS 3 [MQTT-3-8.3-4]");
            Expect(MqttStatus.MalformedRequestedQos, CodecAssert.B(0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x41), "reserved bits [MQTT-3-8.3-4]");
            Expect(MqttStatus.MalformedTopicFilter, CodecAssert.B(0x82, 0x0A, 0x00, 0x01, 0x00, 0x05, 0x61, 0x2F, 0x23, 0x2F, 0x62, 0x00), "'a/#/b' [MQTT-4.7.1-2]");
            Expect(MqttStatus.MalformedTopicFilter, CodecAssert.B(0x82, 0x07, 0x00, 0x01, 0x00, 0x02, 0x61, 0x2B, 0x00), "'a+' [MQTT-4.7.1-3]");
            Expect(MqttStatus.MalformedTopicFilter, CodecAssert.B(0x82, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00), "empty filter [MQTT-4.7.3-1]");
            Expect(MqttStatus.MalformedUtf8, CodecAssert.B(0x82, 0x07, 0x00, 0x01, 0x00, 0x02, 0xC3, 0x28, 0x00), "bad UTF-8 [MQTT-3.8.3-1]");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0x82, 0x05, 0x00, 0x01, 0x00, 0x01, 0x61), "missing QoS byte");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0x82, 0x07, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00, 0x00), "trailing byte after the last entry");
        }

        [TestMethod]
        public static void UnsubscribeRules()
        {
            Expect(MqttStatus.MalformedNoTopicFilter, CodecAssert.B(0xA2, 0x02, 0x00, 0x01), "no filter [MQTT-3.10.3-2]");
            Expect(MqttStatus.MalformedTopicFilter, CodecAssert.B(0xA2, 0x06, 0x00, 0x01, 0x00, 0x02, 0x61, 0x23), "'a#' [MQTT-4.7.1-2]");
            Expect(MqttStatus.MalformedUtf8, CodecAssert.B(0xA2, 0x05, 0x00, 0x01, 0x00, 0x01, 0xFE), "bad UTF-8 [MQTT-3.10.3-1]");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0xA2, 0x05, 0x00, 0x01, 0x00, 0x03, 0x61), "filter cut by the end");
        }

        [TestMethod]
        public static void ConnectProtocolNameAndLevel()
        {
            Expect(MqttStatus.MalformedProtocolName, Connect(CodecAssert.B(0x00, 0x04, 0x4D, 0x51, 0x54, 0x58), 4, 0x02, Field("c")), "'MQTX' [MQTT-3.1.2-1]");
            Expect(MqttStatus.MalformedProtocolName, Connect(CodecAssert.B(0x00, 0x04, 0x6D, 0x71, 0x74, 0x74), 4, 0x02, Field("c")), "'mqtt' (case matters) [MQTT-3.1.2-1]");
            MqttPacket p = new MqttPacket();
            byte[] v5 = Connect(CodecAssert.B(0x00, 0x04, 0x4D, 0x51, 0x54, 0x54), 5, 0x02, Field("c"));
            CodecAssert.Status(MqttStatus.UnacceptableProtocolLevel, MqttDecoder.Decode(v5, 0, v5.Length, MqttRole.Server, p), "level 5 [MQTT-3.1.2-2]");
            Assert.AreEqual(5, p.ProtocolLevel);
            Assert.AreEqual((int)MqttPacketType.Connect, (int)p.Type);
            Assert.IsFalse(MqttStatusInfo.IsMalformed(MqttStatus.UnacceptableProtocolLevel), "answered with CONNACK 0x01, not a malformed close");
            byte[] v31 = Connect(CodecAssert.B(0x00, 0x06, 0x4D, 0x51, 0x49, 0x73, 0x64, 0x70), 3, 0x02, Field("c"));
            CodecAssert.Status(MqttStatus.UnacceptableProtocolLevel, MqttDecoder.Decode(v31, 0, v31.Length, MqttRole.Server, p), "MQTT 3.1 'MQIsdp' level 3");
            Assert.AreEqual(3, p.ProtocolLevel);
        }

        [TestMethod]
        public static void ConnectFlags()
        {
            byte[] name = CodecAssert.B(0x00, 0x04, 0x4D, 0x51, 0x54, 0x54);
            Expect(MqttStatus.MalformedConnectFlags, Connect(name, 4, 0x03, Field("c")), "reserved bit 0 [MQTT-3.1.2-3]");
            Expect(MqttStatus.MalformedWillFlags, Connect(name, 4, 0x0A, Field("c")), "will QoS 1 without will flag [MQTT-3.1.2-11]");
            Expect(MqttStatus.MalformedWillFlags, Connect(name, 4, 0x22, Field("c")), "will retain without will flag [MQTT-3.1.2-13]");
            Expect(MqttStatus.MalformedWillFlags, Connect(name, 4, 0x1E, Concat(Field("c"), Field("w"), Field("m"))), "will QoS 3 [MQTT-3.1.2-12]");
            Expect(MqttStatus.MalformedCredentialFlags, Connect(name, 4, 0x42, Concat(Field("c"), Field("p"))), "password without user name [MQTT-3.1.2-22]");
            Expect(MqttStatus.MalformedLength, Connect(name, 4, 0x06, Field("c")), "will flag without will topic/message [MQTT-3.1.2-9]");
            Expect(MqttStatus.MalformedLength, Connect(name, 4, 0x06, Concat(Field("c"), Field("w"))), "will topic without will message [MQTT-3.1.2-9]");
            Expect(MqttStatus.MalformedLength, Connect(name, 4, 0x82, Field("c")), "user name flag without user name [MQTT-3.1.2-19]");
            Expect(MqttStatus.MalformedLength, Connect(name, 4, 0xC2, Concat(Field("c"), Field("u"))), "password flag without password [MQTT-3.1.2-21]");
            Expect(MqttStatus.MalformedLength, Connect(name, 4, 0x02, Concat(Field("c"), Field("u"))), "user name present without its flag (trailing bytes)");
            Expect(MqttStatus.MalformedLength, Connect(name, 4, 0x02, new byte[0]), "no client id field [MQTT-3.1.3-3]");
            Expect(MqttStatus.MalformedUtf8, Connect(name, 4, 0x02, CodecAssert.B(0x00, 0x02, 0xED, 0xBF)), "client id ill-formed UTF-8 [MQTT-3.1.3-4]");
            Expect(MqttStatus.MalformedTopicName, Connect(name, 4, 0x06, Concat(Field("c"), Field("w/#"), Field("m"))), "will topic with a wildcard");
            Expect(MqttStatus.MalformedUtf8Null, Connect(name, 4, 0x82, Concat(Field("c"), CodecAssert.B(0x00, 0x01, 0x00))), "user name with U+0000 [MQTT-3.1.3-11]");

            // Zero-length client id is well-formed; accepting it is the server's decision [MQTT-3.1.3-6] [MQTT-3.1.3-8].
            CodecAssert.Status(MqttStatus.Ok, CodecAssert.DecodeStatus(Connect(name, 4, 0x02, CodecAssert.B(0x00, 0x00))), "empty client id");
        }

        [TestMethod]
        public static void ConnAckRules()
        {
            Expect(MqttStatus.MalformedConnAck, CodecAssert.B(0x20, 0x02, 0x02, 0x00), "reserved ack flag bits (§3.2.2.1)");
            Expect(MqttStatus.MalformedConnAck, CodecAssert.B(0x20, 0x02, 0x01, 0x05), "session present with a refusal [MQTT-3.2.2-4]");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0x20, 0x03, 0x00, 0x00, 0x00), "3-byte body");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0x20, 0x01, 0x00), "1-byte body");
        }

        [TestMethod]
        public static void SubAckRules()
        {
            Expect(MqttStatus.MalformedSubAckReturnCode, CodecAssert.B(0x90, 0x03, 0x00, 0x01, 0x03), "0x03 [MQTT-3.9.3-2]");
            Expect(MqttStatus.MalformedSubAckReturnCode, CodecAssert.B(0x90, 0x04, 0x00, 0x01, 0x00, 0x81), "0x81 [MQTT-3.9.3-2]");
            Expect(MqttStatus.MalformedSubAckReturnCode, CodecAssert.B(0x90, 0x02, 0x00, 0x01), "no return code");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0x90, 0x01, 0x00), "no whole packet id");
        }

        [TestMethod]
        public static void TrailingBytesBeyondWhatThePacketCarries()
        {
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0x40, 0x03, 0x00, 0x01, 0x00), "PUBACK");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0x50, 0x01, 0x00), "PUBREC short");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0xB0, 0x03, 0x00, 0x01, 0x00), "UNSUBACK");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0xC0, 0x01, 0x00), "PINGREQ");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0xD0, 0x01, 0x00), "PINGRESP");
            Expect(MqttStatus.MalformedLength, CodecAssert.B(0xE0, 0x01, 0x00), "DISCONNECT");
            byte[] name = CodecAssert.B(0x00, 0x04, 0x4D, 0x51, 0x54, 0x54);
            Expect(MqttStatus.MalformedLength, Connect(name, 4, 0x02, Concat(Field("c"), CodecAssert.B(0x00))), "CONNECT");
        }

        [TestMethod]
        public static void EncodersRefuseWhatDecodersReject()
        {
            byte[] buffer = new byte[64];
            int written;
            byte[] a = CodecAssert.Utf8("a");
            byte[] wild = CodecAssert.Utf8("a/+");
            CodecAssert.Status(MqttStatus.MalformedTopicName, PublishPacket.Encode(buffer, 0, 64, wild, 0, wild.Length, 0, false, false, 0, null, 0, 0, out written), "wildcard topic");
            CodecAssert.Status(MqttStatus.MalformedTopicName, PublishPacket.Encode(buffer, 0, 64, a, 0, 0, 0, false, false, 0, null, 0, 0, out written), "empty topic");
            CodecAssert.Status(MqttStatus.MalformedQos, PublishPacket.Encode(buffer, 0, 64, a, 0, 1, 3, false, false, 1, null, 0, 0, out written), "QoS 3");
            CodecAssert.Status(MqttStatus.MalformedDup, PublishPacket.EncodeHeader(buffer, 0, 64, a, 0, 1, 0, false, true, 0, 0, out written), "DUP QoS 0");
            CodecAssert.Status(MqttStatus.MalformedPacketId, PublishPacket.Encode(buffer, 0, 64, a, 0, 1, 1, false, false, 0, null, 0, 0, out written), "id 0");
            CodecAssert.Status(MqttStatus.MalformedPacketId, PublishPacket.Encode(buffer, 0, 64, a, 0, 1, 2, false, false, 65536, null, 0, 0, out written), "id 65536");
            CodecAssert.Status(MqttStatus.MalformedRequestedQos, SubscribePacket.Encode(buffer, 0, 64, 1, a, 0, 1, 3, out written), "requested QoS 3");
            CodecAssert.Status(MqttStatus.MalformedTopicFilter, SubscribePacket.Encode(buffer, 0, 64, 1, CodecAssert.Utf8("a#"), 0, 2, 0, out written), "filter a#");
            CodecAssert.Status(MqttStatus.MalformedNoTopicFilter, SubscribePacket.EncodeHeader(buffer, 0, 64, 1, 0, out written), "no entries");
            CodecAssert.Status(MqttStatus.MalformedNoTopicFilter, UnsubscribePacket.EncodeHeader(buffer, 0, 64, 1, 0, out written), "no entries");
            CodecAssert.Status(MqttStatus.MalformedPacketId, UnsubscribePacket.Encode(buffer, 0, 64, 0, a, 0, 1, out written), "unsubscribe id 0");
            CodecAssert.Status(MqttStatus.MalformedPacketId, PubAckPacket.Encode(buffer, 0, 64, MqttPacketType.PubRel, 0, out written), "PUBREL id 0");
            CodecAssert.Status(MqttStatus.InvalidArgument, PubAckPacket.Encode(buffer, 0, 64, MqttPacketType.Publish, 1, out written), "not an ack type");
            CodecAssert.Status(MqttStatus.MalformedConnAck, ConnAckPacket.Encode(buffer, 0, 64, true, 5, out written), "session present + refusal [MQTT-3.2.2-4]");
            CodecAssert.Status(MqttStatus.MalformedSubAckReturnCode, SubAckPacket.Encode(buffer, 0, 64, 1, CodecAssert.B(0, 3), 0, 2, out written), "SUBACK code 3");
            CodecAssert.Status(MqttStatus.MalformedSubAckReturnCode, SubAckPacket.Encode(buffer, 0, 64, 1, new byte[0], 0, 0, out written), "SUBACK without codes");
            CodecAssert.Status(MqttStatus.MalformedCredentialFlags, ConnectPacket.Encode(buffer, 0, 64, a, null, null, 0, false, null, a, true, 60, out written), "password without user [MQTT-3.1.2-22]");
            CodecAssert.Status(MqttStatus.MalformedWillFlags, ConnectPacket.Encode(buffer, 0, 64, a, a, a, 3, false, null, null, true, 60, out written), "will QoS 3");
            CodecAssert.Status(MqttStatus.MalformedTopicName, ConnectPacket.Encode(buffer, 0, 64, a, wild, a, 1, false, null, null, true, 60, out written), "will topic wildcard");
            CodecAssert.Status(MqttStatus.MalformedUtf8, ConnectPacket.Encode(buffer, 0, 64, CodecAssert.B(0xC0, 0x80), null, null, 0, false, null, null, true, 60, out written), "client id overlong");
            CodecAssert.Status(MqttStatus.InvalidArgument, ConnectPacket.Encode(buffer, 0, 64, a, null, null, 0, false, null, null, true, 65536, out written), "keep alive");
            Assert.AreEqual(0, written);
            for (int i = 0; i < buffer.Length; i++)
            {
                Assert.AreEqual(0, (int)buffer[i], "nothing written by a refused encode");
            }
        }

        // ------------------------------------------------------------------ CONNECT builder

        private static byte[] Connect(byte[] protocolName, int level, int flags, byte[] payload)
        {
            int remaining = protocolName.Length + 4 + payload.Length;
            byte[] packet = new byte[2 + remaining];
            packet[0] = 0x10;
            packet[1] = (byte)remaining;
            System.Array.Copy(protocolName, 0, packet, 2, protocolName.Length);
            int p = 2 + protocolName.Length;
            packet[p++] = (byte)level;
            packet[p++] = (byte)flags;
            packet[p++] = 0x00;
            packet[p++] = 0x3C;
            System.Array.Copy(payload, 0, packet, p, payload.Length);
            return packet;
        }

        private static byte[] Field(string s)
        {
            byte[] content = CodecAssert.Utf8(s);
            byte[] field = new byte[content.Length + 2];
            field[1] = (byte)content.Length;
            System.Array.Copy(content, 0, field, 2, content.Length);
            return field;
        }

        private static byte[] Concat(byte[] a, byte[] b)
        {
            byte[] result = new byte[a.Length + b.Length];
            System.Array.Copy(a, 0, result, 0, a.Length);
            System.Array.Copy(b, 0, result, a.Length, b.Length);
            return result;
        }

        private static byte[] Concat(byte[] a, byte[] b, byte[] c)
        {
            return Concat(Concat(a, b), c);
        }
    }
}
