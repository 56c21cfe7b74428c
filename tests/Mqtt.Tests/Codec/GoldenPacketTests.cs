using nanoFramework.TestFramework;

namespace NanoNode.Mqtt.Tests.Codec
{
    /// <summary>Every golden vector decodes to the documented fields, and encoding those fields gives the same bytes.</summary>
    [TestClass]
    public class GoldenPacketTests
    {
        [TestMethod]
        public static void ConnectWithWillAndCredentials()
        {
            byte[] v = GoldenVectors.ConnectWillCredentials;
            MqttPacket p = CodecAssert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual((int)MqttPacketType.Connect, (int)p.Type);
            Assert.AreEqual(4, p.ProtocolLevel);
            Assert.IsTrue(p.CleanSession);
            Assert.AreEqual(60, p.KeepAliveSeconds);
            CodecAssert.View("nn-golden-pub", v, p.ClientIdOffset, p.ClientIdLength, "client id");
            Assert.IsTrue(p.WillFlag);
            Assert.AreEqual(1, p.WillQos);
            Assert.IsTrue(p.WillRetain);
            CodecAssert.View("nanonode/dev1/status", v, p.WillTopicOffset, p.WillTopicLength, "will topic");
            CodecAssert.View("offline", v, p.WillMessageOffset, p.WillMessageLength, "will message");
            Assert.IsTrue(p.HasUserName);
            CodecAssert.View("nanouser", v, p.UserNameOffset, p.UserNameLength, "user");
            Assert.IsTrue(p.HasPassword);
            CodecAssert.View("s3cret", v, p.PasswordOffset, p.PasswordLength, "password");

            AssertConnectEncodes(v, "nn-golden-pub", "nanonode/dev1/status", "offline", 1, true, "nanouser", "s3cret", true, 60);
            Assert.AreEqual(v.Length, ConnectPacket.Size(13, 20, 7, 8, 6));
        }

        [TestMethod]
        public static void ConnectMinimalAndKeepAlive5()
        {
            byte[] v = GoldenVectors.ConnectMinimal;
            MqttPacket p = CodecAssert.DecodeOk(v, MqttRole.Server);
            Assert.IsTrue(p.CleanSession);
            Assert.AreEqual(60, p.KeepAliveSeconds);
            CodecAssert.View("nn-golden-q1", v, p.ClientIdOffset, p.ClientIdLength, "client id");
            Assert.IsFalse(p.WillFlag);
            Assert.IsFalse(p.HasUserName);
            Assert.IsFalse(p.HasPassword);
            AssertConnectEncodes(v, "nn-golden-q1", null, null, 0, false, null, null, true, 60);
            Assert.AreEqual(v.Length, ConnectPacket.Size(12, -1, 0, -1, -1));

            v = GoldenVectors.ConnectKeepAlive5;
            p = CodecAssert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual(5, p.KeepAliveSeconds);
            AssertConnectEncodes(v, "nn-golden-sub", null, null, 0, false, null, null, true, 5);
        }

        [TestMethod]
        public static void ConnectFromTheSpecFigure()
        {
            byte[] v = GoldenVectors.SpecConnect;
            MqttPacket p = CodecAssert.DecodeOk(v, MqttRole.Server);
            Assert.IsTrue(p.CleanSession);
            Assert.AreEqual(10, p.KeepAliveSeconds);
            Assert.IsTrue(p.WillFlag);
            Assert.AreEqual(1, p.WillQos);
            Assert.IsFalse(p.WillRetain);
            CodecAssert.View("nn", v, p.ClientIdOffset, p.ClientIdLength, "client id");
            CodecAssert.View("w", v, p.WillTopicOffset, p.WillTopicLength, "will topic");
            CodecAssert.View("bye", v, p.WillMessageOffset, p.WillMessageLength, "will message");
            CodecAssert.View("u", v, p.UserNameOffset, p.UserNameLength, "user");
            CodecAssert.View("p", v, p.PasswordOffset, p.PasswordLength, "password");
            AssertConnectEncodes(v, "nn", "w", "bye", 1, false, "u", "p", true, 10);
        }

        [TestMethod]
        public static void ConnAckAcceptedAndRefused()
        {
            MqttPacket p = CodecAssert.DecodeOk(GoldenVectors.ConnAckAccepted, MqttRole.Client);
            Assert.AreEqual((int)MqttPacketType.ConnAck, (int)p.Type);
            Assert.IsFalse(p.SessionPresent);
            Assert.AreEqual(0, p.ReturnCode);
            AssertEncodes(GoldenVectors.ConnAckAccepted, EncodeConnAck(false, 0));

            p = CodecAssert.DecodeOk(GoldenVectors.SpecConnAckRefusedProtocol, MqttRole.Client);
            Assert.AreEqual(ConnAckPacket.UnacceptableProtocolVersion, p.ReturnCode);
            AssertEncodes(GoldenVectors.SpecConnAckRefusedProtocol, EncodeConnAck(false, 1));

            byte[] present = EncodeConnAck(true, 0);
            CodecAssert.Bytes(CodecAssert.B(0x20, 0x02, 0x01, 0x00), present, 0, present.Length, "session present");
            Assert.IsTrue(CodecAssert.DecodeOk(present, MqttRole.Client).SessionPresent);
        }

        [TestMethod]
        public static void PublishQos0Retain()
        {
            byte[] v = GoldenVectors.PublishQos0Retain;
            MqttPacket p = CodecAssert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual((int)MqttPacketType.Publish, (int)p.Type);
            Assert.AreEqual(0, p.Qos);
            Assert.IsTrue(p.Retain);
            Assert.IsFalse(p.Dup);
            Assert.AreEqual(0, p.PacketId);
            CodecAssert.View("nanonode/dev1/telemetry", v, p.TopicOffset, p.TopicLength, "topic");
            CodecAssert.View("{\"t\":21.5}", v, p.PayloadOffset, p.PayloadLength, "payload");
            AssertPublishEncodes(v, "nanonode/dev1/telemetry", 0, true, false, 0, "{\"t\":21.5}");
        }

        [TestMethod]
        public static void PublishQos1RetainBothDirections()
        {
            byte[] v = GoldenVectors.PublishQos1Retain;
            MqttPacket p = CodecAssert.DecodeOk(v, MqttRole.Client);
            Assert.AreEqual(1, p.Qos);
            Assert.IsTrue(p.Retain);
            Assert.AreEqual(1, p.PacketId);
            CodecAssert.View("nanonode/dev1/info", v, p.TopicOffset, p.TopicLength, "topic");
            CodecAssert.View("v1", v, p.PayloadOffset, p.PayloadLength, "payload");
            CodecAssert.DecodeOk(v, MqttRole.Server);
            AssertPublishEncodes(v, "nanonode/dev1/info", 1, true, false, 1, "v1");
        }

        [TestMethod]
        public static void PublishQos2AndSpecFigure()
        {
            byte[] v = GoldenVectors.PublishQos2;
            MqttPacket p = CodecAssert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual(2, p.Qos);
            Assert.IsFalse(p.Retain);
            Assert.AreEqual(1, p.PacketId);
            CodecAssert.View("nanonode/dev1/config", v, p.TopicOffset, p.TopicLength, "topic");
            CodecAssert.View("{\"rev\":7}", v, p.PayloadOffset, p.PayloadLength, "payload");
            AssertPublishEncodes(v, "nanonode/dev1/config", 2, false, false, 1, "{\"rev\":7}");

            v = GoldenVectors.SpecPublishQos1;
            p = CodecAssert.DecodeOk(v, MqttRole.Client);
            Assert.AreEqual(10, p.PacketId);
            CodecAssert.View("a/b", v, p.TopicOffset, p.TopicLength, "topic");
            CodecAssert.View("hi", v, p.PayloadOffset, p.PayloadLength, "payload");
            AssertPublishEncodes(v, "a/b", 1, false, false, 10, "hi");
        }

        [TestMethod]
        public static void PublishAckFamily()
        {
            AssertAck(GoldenVectors.PubAck, MqttPacketType.PubAck);
            AssertAck(GoldenVectors.PubRec, MqttPacketType.PubRec);
            AssertAck(GoldenVectors.PubRel, MqttPacketType.PubRel);
            AssertAck(GoldenVectors.PubComp, MqttPacketType.PubComp);
            Assert.AreEqual(0x62, (int)GoldenVectors.PubRel[0], "PUBREL flags 0010 [MQTT-3.6.1-1]");
        }

        [TestMethod]
        public static void SubscribeThreeFiltersCaptured()
        {
            byte[] v = GoldenVectors.SubscribeThreeFilters;
            MqttPacket p = CodecAssert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual((int)MqttPacketType.Subscribe, (int)p.Type);
            Assert.AreEqual(1, p.PacketId);
            Assert.AreEqual(3, p.ItemCount);
            string[] filters = new string[] { "nanonode/+/info", "nanonode/all/#", "sensors/temp" };
            int[] qos = new int[] { 1, 1, 1 };
            AssertSubscribeEntries(p, filters, qos);
            AssertSubscribeEncodes(v, 1, filters, qos);
        }

        [TestMethod]
        public static void SubscribeFromTheSpecFigure()
        {
            byte[] v = GoldenVectors.SpecSubscribe;
            MqttPacket p = CodecAssert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual(10, p.PacketId);
            string[] filters = new string[] { "a/b", "c/d" };
            int[] qos = new int[] { 1, 2 };
            AssertSubscribeEntries(p, filters, qos);
            AssertSubscribeEncodes(v, 10, filters, qos);
        }

        [TestMethod]
        public static void SubAckCapturedAndSpec()
        {
            byte[] v = GoldenVectors.SubAckThreeGranted;
            MqttPacket p = CodecAssert.DecodeOk(v, MqttRole.Client);
            Assert.AreEqual(1, p.PacketId);
            Assert.AreEqual(3, p.ItemCount);
            CodecAssert.Bytes(CodecAssert.B(1, 1, 1), v, p.ItemsOffset, p.ItemCount, "codes");
            AssertEncodes(v, EncodeSubAck(1, CodecAssert.B(1, 1, 1)));

            v = GoldenVectors.SpecSubAck;
            p = CodecAssert.DecodeOk(v, MqttRole.Client);
            Assert.AreEqual(10, p.PacketId);
            CodecAssert.Bytes(CodecAssert.B(0x00, 0x02, 0x80), v, p.ItemsOffset, p.ItemCount, "codes");
            AssertEncodes(v, EncodeSubAck(10, CodecAssert.B(0x00, 0x02, 0x80)));
        }

        [TestMethod]
        public static void UnsubscribeCapturedAndSpec()
        {
            AssertUnsubscribe(GoldenVectors.UnsubscribeOldFilter, 2, new string[] { "old/filter" });
            AssertUnsubscribe(GoldenVectors.UnsubscribeWildcardFilter, 3, new string[] { "legacy/+/x" });
            AssertUnsubscribe(GoldenVectors.SpecUnsubscribe, 10, new string[] { "a/b", "c/d" });
        }

        [TestMethod]
        public static void UnsubAckPingAndDisconnect()
        {
            MqttPacket p = CodecAssert.DecodeOk(GoldenVectors.UnsubAck, MqttRole.Client);
            Assert.AreEqual((int)MqttPacketType.UnsubAck, (int)p.Type);
            Assert.AreEqual(2, p.PacketId);
            byte[] buffer = new byte[4];
            int written;
            CodecAssert.Status(MqttStatus.Ok, UnsubAckPacket.Encode(buffer, 0, 4, 2, out written), "unsuback");
            AssertEncodes(GoldenVectors.UnsubAck, Slice(buffer, written));

            Assert.AreEqual((int)MqttPacketType.PingReq, (int)CodecAssert.DecodeOk(GoldenVectors.PingReq, MqttRole.Server).Type);
            Assert.AreEqual((int)MqttPacketType.PingResp, (int)CodecAssert.DecodeOk(GoldenVectors.PingResp, MqttRole.Client).Type);
            Assert.AreEqual((int)MqttPacketType.Disconnect, (int)CodecAssert.DecodeOk(GoldenVectors.Disconnect, MqttRole.Server).Type);
            CodecAssert.Status(MqttStatus.Ok, PingReqPacket.Encode(buffer, 0, 2, out written), "pingreq");
            AssertEncodes(GoldenVectors.PingReq, Slice(buffer, written));
            CodecAssert.Status(MqttStatus.Ok, PingRespPacket.Encode(buffer, 0, 2, out written), "pingresp");
            AssertEncodes(GoldenVectors.PingResp, Slice(buffer, written));
            CodecAssert.Status(MqttStatus.Ok, DisconnectPacket.Encode(buffer, 0, 2, out written), "disconnect");
            AssertEncodes(GoldenVectors.Disconnect, Slice(buffer, written));
            CodecAssert.Status(MqttStatus.BufferTooSmall, DisconnectPacket.Encode(buffer, 0, 1, out written), "room");
        }

        [TestMethod]
        public static void DecodingHonoursTheOffsetAndStopsAtThePacketEnd()
        {
            // Two packets back to back inside a larger buffer: the first decode consumes exactly its own bytes.
            byte[] a = GoldenVectors.PublishQos2;
            byte[] b = GoldenVectors.PubRel;
            byte[] buffer = CodecAssert.Embed(a, 7, b.Length + 3);
            System.Array.Copy(b, 0, buffer, 7 + a.Length, b.Length);
            MqttPacket p = new MqttPacket();
            CodecAssert.Status(MqttStatus.Ok, MqttDecoder.Decode(buffer, 7, buffer.Length - 7, MqttRole.Any, p), "first");
            Assert.AreEqual(a.Length, p.Length);
            Assert.AreEqual(7, p.Offset);
            CodecAssert.View("nanonode/dev1/config", buffer, p.TopicOffset, p.TopicLength, "topic at an offset");
            CodecAssert.View("{\"rev\":7}", buffer, p.PayloadOffset, p.PayloadLength, "payload at an offset");
            CodecAssert.Status(MqttStatus.Ok, MqttDecoder.Decode(buffer, 7 + p.Length, b.Length, MqttRole.Any, p), "second, same packet object");
            Assert.AreEqual((int)MqttPacketType.PubRel, (int)p.Type);
            Assert.AreEqual(0, p.TopicLength, "fields of the previous packet were reset");
        }

        // ------------------------------------------------------------------ helpers

        private static void AssertConnectEncodes(byte[] expected, string clientId, string willTopic, string willMessage, int willQos, bool willRetain,
            string user, string password, bool clean, int keepAlive)
        {
            byte[] buffer = new byte[expected.Length + 4];
            int written;
            CodecAssert.Status(MqttStatus.Ok, ConnectPacket.Encode(buffer, 2, expected.Length, CodecAssert.Utf8(clientId), Opt(willTopic), Opt(willMessage), willQos, willRetain,
                Opt(user), Opt(password), clean, keepAlive, out written), "encode CONNECT");
            CodecAssert.Bytes(expected, buffer, 2, written, "CONNECT bytes");
            CodecAssert.Status(MqttStatus.BufferTooSmall, ConnectPacket.Encode(buffer, 0, expected.Length - 1, CodecAssert.Utf8(clientId), Opt(willTopic), Opt(willMessage), willQos, willRetain,
                Opt(user), Opt(password), clean, keepAlive, out written), "one byte short");
        }

        private static void AssertPublishEncodes(byte[] expected, string topic, int qos, bool retain, bool dup, int packetId, string payload)
        {
            byte[] t = CodecAssert.Utf8(topic);
            byte[] m = CodecAssert.Utf8(payload);
            Assert.AreEqual(expected.Length, PublishPacket.Size(t.Length, qos, m.Length));
            byte[] buffer = new byte[expected.Length];
            int written;
            CodecAssert.Status(MqttStatus.Ok, PublishPacket.Encode(buffer, 0, buffer.Length, t, 0, t.Length, qos, retain, dup, packetId, m, 0, m.Length, out written), "encode");
            CodecAssert.Bytes(expected, buffer, 0, written, "PUBLISH bytes");
            CodecAssert.Status(MqttStatus.BufferTooSmall, PublishPacket.Encode(new byte[expected.Length - 1], 0, expected.Length - 1, t, 0, t.Length, qos, retain, dup, packetId, m, 0, m.Length, out written), "short");

            // Header-only encoding (two sends): the header is the golden prefix, the payload is not touched.
            byte[] header = new byte[expected.Length - m.Length];
            CodecAssert.Status(MqttStatus.Ok, PublishPacket.EncodeHeader(header, 0, header.Length, t, 0, t.Length, qos, retain, dup, packetId, m.Length, out written), "header");
            Assert.AreEqual(header.Length, written);
            Assert.AreEqual(written, PublishPacket.HeaderSize(t.Length, qos, m.Length));
            for (int i = 0; i < written; i++)
            {
                Assert.AreEqual((int)expected[i], (int)header[i], "header byte");
            }

            CodecAssert.Status(MqttStatus.BufferTooSmall, PublishPacket.EncodeHeader(header, 0, header.Length - 1, t, 0, t.Length, qos, retain, dup, packetId, m.Length, out written), "header short");
        }

        private static void AssertAck(byte[] v, MqttPacketType type)
        {
            MqttPacket p = CodecAssert.DecodeOk(v, MqttRole.Any);
            Assert.AreEqual((int)type, (int)p.Type);
            Assert.AreEqual(1, p.PacketId);
            CodecAssert.DecodeOk(v, MqttRole.Client);
            CodecAssert.DecodeOk(v, MqttRole.Server);
            byte[] buffer = new byte[4];
            int written;
            CodecAssert.Status(MqttStatus.Ok, PubAckPacket.Encode(buffer, 0, 4, type, 1, out written), "encode");
            AssertEncodes(v, Slice(buffer, written));
        }

        private static void AssertSubscribeEntries(MqttPacket p, string[] filters, int[] qos)
        {
            int position = p.ItemsOffset;
            for (int i = 0; i < filters.Length; i++)
            {
                int offset;
                int length;
                int q;
                position = SubscribePacket.ReadFilter(p.Buffer, position, out offset, out length, out q);
                CodecAssert.View(filters[i], p.Buffer, offset, length, "filter");
                Assert.AreEqual(qos[i], q);
            }

            Assert.AreEqual(p.ItemsOffset + p.ItemsLength, position, "entries end with the packet");
        }

        private static void AssertSubscribeEncodes(byte[] expected, int packetId, string[] filters, int[] qos)
        {
            int entries = 0;
            for (int i = 0; i < filters.Length; i++)
            {
                entries += SubscribePacket.EntrySize(CodecAssert.Utf8(filters[i]).Length);
            }

            Assert.AreEqual(expected.Length, SubscribePacket.Size(entries));
            byte[] buffer = new byte[expected.Length];
            int written;
            CodecAssert.Status(MqttStatus.Ok, SubscribePacket.EncodeHeader(buffer, 0, buffer.Length, packetId, entries, out written), "header");
            int p = written;
            for (int i = 0; i < filters.Length; i++)
            {
                byte[] f = CodecAssert.Utf8(filters[i]);
                CodecAssert.Status(MqttStatus.Ok, SubscribePacket.EncodeEntry(buffer, p, buffer.Length - p, f, 0, f.Length, qos[i], out written), "entry");
                p += written;
            }

            CodecAssert.Bytes(expected, buffer, 0, p, "SUBSCRIBE bytes");
            if (filters.Length == 1)
            {
                return;
            }

            // One-filter convenience form agrees with the multi-entry form.
            byte[] f0 = CodecAssert.Utf8(filters[0]);
            byte[] one = new byte[SubscribePacket.Size(SubscribePacket.EntrySize(f0.Length))];
            CodecAssert.Status(MqttStatus.Ok, SubscribePacket.Encode(one, 0, one.Length, packetId, f0, 0, f0.Length, qos[0], out written), "single");
            MqttPacket decoded = CodecAssert.DecodeOk(one, MqttRole.Server);
            Assert.AreEqual(1, decoded.ItemCount);
            Assert.AreEqual(packetId, decoded.PacketId);
        }

        private static void AssertUnsubscribe(byte[] v, int packetId, string[] filters)
        {
            MqttPacket p = CodecAssert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual((int)MqttPacketType.Unsubscribe, (int)p.Type);
            Assert.AreEqual(packetId, p.PacketId);
            Assert.AreEqual(filters.Length, p.ItemCount);
            int position = p.ItemsOffset;
            int entries = 0;
            for (int i = 0; i < filters.Length; i++)
            {
                int offset;
                int length;
                position = UnsubscribePacket.ReadFilter(v, position, out offset, out length);
                CodecAssert.View(filters[i], v, offset, length, "filter");
                entries += UnsubscribePacket.EntrySize(length);
            }

            Assert.AreEqual(p.ItemsOffset + p.ItemsLength, position);
            Assert.AreEqual(v.Length, UnsubscribePacket.Size(entries));
            byte[] buffer = new byte[v.Length];
            int written;
            CodecAssert.Status(MqttStatus.Ok, UnsubscribePacket.EncodeHeader(buffer, 0, buffer.Length, packetId, entries, out written), "header");
            int at = written;
            for (int i = 0; i < filters.Length; i++)
            {
                byte[] f = CodecAssert.Utf8(filters[i]);
                CodecAssert.Status(MqttStatus.Ok, UnsubscribePacket.EncodeEntry(buffer, at, buffer.Length - at, f, 0, f.Length, out written), "entry");
                at += written;
            }

            CodecAssert.Bytes(v, buffer, 0, at, "UNSUBSCRIBE bytes");
            if (filters.Length == 1)
            {
                byte[] f = CodecAssert.Utf8(filters[0]);
                byte[] one = new byte[v.Length];
                CodecAssert.Status(MqttStatus.Ok, UnsubscribePacket.Encode(one, 0, one.Length, packetId, f, 0, f.Length, out written), "single");
                CodecAssert.Bytes(v, one, 0, written, "single-filter form");
            }
        }

        private static byte[] EncodeConnAck(bool sessionPresent, int code)
        {
            byte[] buffer = new byte[4];
            int written;
            CodecAssert.Status(MqttStatus.Ok, ConnAckPacket.Encode(buffer, 0, 4, sessionPresent, code, out written), "connack");
            return Slice(buffer, written);
        }

        private static byte[] EncodeSubAck(int packetId, byte[] codes)
        {
            byte[] buffer = new byte[SubAckPacket.Size(codes.Length)];
            int written;
            CodecAssert.Status(MqttStatus.Ok, SubAckPacket.Encode(buffer, 0, buffer.Length, packetId, codes, 0, codes.Length, out written), "suback");
            return Slice(buffer, written);
        }

        private static void AssertEncodes(byte[] expected, byte[] actual)
        {
            CodecAssert.Bytes(expected, actual, 0, actual.Length, "encoded");
        }

        private static byte[] Slice(byte[] buffer, int length)
        {
            byte[] result = new byte[length];
            System.Array.Copy(buffer, 0, result, 0, length);
            return result;
        }

        private static byte[] Opt(string s)
        {
            return s == null ? null : CodecAssert.Utf8(s);
        }
    }
}
