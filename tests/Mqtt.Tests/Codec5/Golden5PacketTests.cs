using nanoFramework.TestFramework;
using NanoNode.Mqtt.Tests.Codec;

namespace NanoNode.Mqtt.Tests.Codec5
{
    /// <summary>
    /// Every MQTT 5 golden vector (captured from Mosquitto 2.0 / paho, or AUTH by hand) decodes to the documented
    /// fields and properties, and encoding those fields (properties built with <see cref="Mqtt5PropertyWriter"/>) gives
    /// the same bytes.
    /// </summary>
    [TestClass]
    public class Golden5PacketTests
    {
        private static readonly byte[] Scratch = new byte[1024];

        [TestMethod]
        public static void ConnectWithEveryConnectAndWillProperty()
        {
            byte[] v = Golden5Vectors.ConnectAllProperties;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual((int)MqttPacketType.Connect, (int)p.Type);
            Assert.AreEqual(5, p.ProtocolLevel);
            Assert.IsTrue(p.CleanStart);
            Assert.AreEqual(30, p.KeepAliveSeconds);
            Codec5Assert.IntProperty(10, p.Properties, Mqtt5Properties.ReceiveMaximum, "receive maximum");
            Codec5Assert.IntProperty(4096, p.Properties, Mqtt5Properties.MaximumPacketSize, "maximum packet size");
            Codec5Assert.IntProperty(5, p.Properties, Mqtt5Properties.TopicAliasMaximum, "topic alias maximum");
            Codec5Assert.IntProperty(120, p.Properties, Mqtt5Properties.SessionExpiryInterval, "session expiry");
            Assert.AreEqual(1, p.Properties.UserPropertyCount);
            CodecAssert.View("nn5-pub", v, p.ClientIdOffset, p.ClientIdLength, "client id");
            Assert.IsTrue(p.WillFlag);
            Assert.AreEqual(1, p.WillQos);
            Assert.IsTrue(p.WillRetain);
            Codec5Assert.IntProperty(5, p.WillProperties, Mqtt5Properties.WillDelayInterval, "will delay");
            Codec5Assert.StringProperty("text/plain", p.WillProperties, Mqtt5Properties.ContentType, v, "will content type");
            Codec5Assert.IntProperty(600, p.WillProperties, Mqtt5Properties.MessageExpiryInterval, "will expiry");
            Codec5Assert.IntProperty(1, p.WillProperties, Mqtt5Properties.PayloadFormatIndicator, "will payload format");
            CodecAssert.View("nanonode/dev1/status", v, p.WillTopicOffset, p.WillTopicLength, "will topic");
            CodecAssert.View("offline", v, p.WillMessageOffset, p.WillMessageLength, "will message");
            CodecAssert.View("nanouser", v, p.UserNameOffset, p.UserNameLength, "user");
            CodecAssert.View("s3cret", v, p.PasswordOffset, p.PasswordLength, "password");

            Mqtt5PropertyReader r = new Mqtt5PropertyReader();
            r.Reset(v, p.PropertiesOffset, p.PropertiesLength);
            Assert.IsTrue(r.Find(Mqtt5Properties.UserProperty));
            CodecAssert.View("site", v, r.ValueOffset, r.ValueLength, "user property name");
            CodecAssert.View("lab", v, r.PairValueOffset, r.PairValueLength, "user property value");

            Mqtt5PropertyWriter w = Codec5Assert.Writer();
            Codec5Assert.Ok(w.AddTwoByteInteger(Mqtt5Properties.ReceiveMaximum, 10), "rm");
            Codec5Assert.Ok(w.AddFourByteInteger(Mqtt5Properties.MaximumPacketSize, 4096), "mps");
            Codec5Assert.Ok(w.AddTwoByteInteger(Mqtt5Properties.TopicAliasMaximum, 5), "tam");
            Codec5Assert.Ok(w.AddUserProperty("site", "lab"), "up");
            Codec5Assert.Ok(w.AddFourByteInteger(Mqtt5Properties.SessionExpiryInterval, 120), "sei");
            Mqtt5PropertyWriter ww = new Mqtt5PropertyWriter();
            Codec5Assert.Ok(ww.Reset(new byte[128], 0, 128), "will writer");
            Codec5Assert.Ok(ww.AddFourByteInteger(Mqtt5Properties.WillDelayInterval, 5), "wdi");
            Codec5Assert.Ok(ww.AddString(Mqtt5Properties.ContentType, "text/plain"), "ct");
            Codec5Assert.Ok(ww.AddFourByteInteger(Mqtt5Properties.MessageExpiryInterval, 600), "mei");
            Codec5Assert.Ok(ww.AddByte(Mqtt5Properties.PayloadFormatIndicator, 1), "pfi");
            int written;
            MqttStatus s = Mqtt5ConnectPacket.Encode(Scratch, 0, Scratch.Length, CodecAssert.Utf8("nn5-pub"), true, 30, w.Buffer, w.Offset, w.Length,
                CodecAssert.Utf8("nanonode/dev1/status"), CodecAssert.Utf8("offline"), 1, true, ww.Buffer, ww.Offset, ww.Length,
                CodecAssert.Utf8("nanouser"), CodecAssert.Utf8("s3cret"), out written);
            Codec5Assert.Encoded(v, s, Scratch, written, "CONNECT");
        }

        [TestMethod]
        public static void ConnectEmptyClientIdAndAuthenticationMethod()
        {
            byte[] v = Golden5Vectors.ConnectEmptyClientId;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual(0, p.ClientIdLength);
            Assert.AreEqual(0, p.PropertiesLength);
            Assert.AreEqual(20, p.KeepAliveSeconds);
            int written;
            MqttStatus s = Mqtt5ConnectPacket.Encode(Scratch, 0, Scratch.Length, new byte[0], true, 20, null, 0, 0, null, null, 0, false, null, 0, 0, null, null, out written);
            Codec5Assert.Encoded(v, s, Scratch, written, "CONNECT empty id");

            v = Golden5Vectors.ConnectAuthenticationMethod;
            p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            CodecAssert.View("nn5-auth", v, p.ClientIdOffset, p.ClientIdLength, "client id");
            Codec5Assert.StringProperty("SCRAM-SHA-1", p.Properties, Mqtt5Properties.AuthenticationMethod, v, "auth method");
            Codec5Assert.StringProperty("n,,n=nano,r=abc", p.Properties, Mqtt5Properties.AuthenticationData, v, "auth data");
            Codec5Assert.IntProperty(1, p.Properties, Mqtt5Properties.RequestProblemInformation, "request problem info");
            Codec5Assert.IntProperty(1, p.Properties, Mqtt5Properties.RequestResponseInformation, "request response info");
            Mqtt5PropertyWriter w = Codec5Assert.Writer();
            Codec5Assert.Ok(w.AddString(Mqtt5Properties.AuthenticationMethod, "SCRAM-SHA-1"), "am");
            byte[] data = CodecAssert.Utf8("n,,n=nano,r=abc");
            Codec5Assert.Ok(w.AddBinary(Mqtt5Properties.AuthenticationData, data, 0, data.Length), "ad");
            Codec5Assert.Ok(w.AddByte(Mqtt5Properties.RequestProblemInformation, 1), "rpi");
            Codec5Assert.Ok(w.AddByte(Mqtt5Properties.RequestResponseInformation, 1), "rri");
            s = Mqtt5ConnectPacket.Encode(Scratch, 0, Scratch.Length, CodecAssert.Utf8("nn5-auth"), true, 20, w.Buffer, w.Offset, w.Length,
                null, null, 0, false, null, 0, 0, null, null, out written);
            Codec5Assert.Encoded(v, s, Scratch, written, "CONNECT auth");
        }

        [TestMethod]
        public static void PeekProtocolLevelTellsVersions()
        {
            int level;
            CodecAssert.Status(MqttStatus.Ok, Mqtt5ConnectPacket.PeekProtocolLevel(Golden5Vectors.ConnectAllProperties, 2, Golden5Vectors.ConnectAllProperties.Length - 2, out level), "v5");
            Assert.AreEqual(5, level);
            CodecAssert.Status(MqttStatus.Ok, Mqtt5ConnectPacket.PeekProtocolLevel(GoldenVectors.ConnectMinimal, 2, GoldenVectors.ConnectMinimal.Length - 2, out level), "v4");
            Assert.AreEqual(4, level);
            CodecAssert.Status(MqttStatus.NeedMoreBytes, Mqtt5ConnectPacket.PeekProtocolLevel(GoldenVectors.ConnectMinimal, 2, 6, out level), "short");

            // A 3.1.1 CONNECT given to the MQTT 5 decoder: unacceptable level, the level is reported for the switch.
            Mqtt5Packet p = new Mqtt5Packet();
            CodecAssert.Status(MqttStatus.UnacceptableProtocolLevel, Mqtt5Decoder.Decode(GoldenVectors.ConnectMinimal, 0, GoldenVectors.ConnectMinimal.Length, MqttRole.Server, p), "3.1.1 to v5");
            Assert.AreEqual(4, p.ProtocolLevel);
            // ...and a v5 CONNECT given to the 3.1.1 decoder, the same.
            CodecAssert.Status(MqttStatus.UnacceptableProtocolLevel, MqttDecoder.Decode(Golden5Vectors.ConnectAllProperties, 0, Golden5Vectors.ConnectAllProperties.Length, MqttRole.Server, new MqttPacket()), "v5 to 3.1.1");
        }

        [TestMethod]
        public static void ConnAckWithPropertiesAssignedIdAndRefusal()
        {
            byte[] v = Golden5Vectors.ConnAckProperties;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Client);
            Assert.IsFalse(p.SessionPresent);
            Assert.AreEqual(0, p.ReasonCode);
            Codec5Assert.IntProperty(10, p.Properties, Mqtt5Properties.TopicAliasMaximum, "tam");
            Codec5Assert.IntProperty(65536, p.Properties, Mqtt5Properties.MaximumPacketSize, "mps");
            Codec5Assert.IntProperty(20, p.Properties, Mqtt5Properties.ReceiveMaximum, "rm");
            Mqtt5PropertyWriter w = Codec5Assert.Writer();
            Codec5Assert.Ok(w.AddTwoByteInteger(Mqtt5Properties.TopicAliasMaximum, 10), "tam");
            Codec5Assert.Ok(w.AddFourByteInteger(Mqtt5Properties.MaximumPacketSize, 65536), "mps");
            Codec5Assert.Ok(w.AddTwoByteInteger(Mqtt5Properties.ReceiveMaximum, 20), "rm");
            int written;
            Codec5Assert.Encoded(v, Mqtt5ConnAckPacket.Encode(Scratch, 0, Scratch.Length, false, 0, w.Buffer, w.Offset, w.Length, out written), Scratch, written, "CONNACK");
            Assert.AreEqual(v.Length, Mqtt5ConnAckPacket.Size(w.Length));

            v = Golden5Vectors.ConnAckAssignedClientId;
            p = Codec5Assert.DecodeOk(v, MqttRole.Client);
            Assert.IsTrue(p.Properties.Has(Mqtt5Properties.AssignedClientIdentifier));
            Assert.AreEqual(41, p.Properties.Lengths[Mqtt5Properties.AssignedClientIdentifier]);
            CodecAssert.View("auto-", v, p.Properties.Offsets[Mqtt5Properties.AssignedClientIdentifier], 5, "assigned id prefix");
            Codec5Assert.Encoded(v, Mqtt5ConnAckPacket.Encode(Scratch, 0, Scratch.Length, false, 0, v, p.PropertiesOffset, p.PropertiesLength, out written), Scratch, written, "CONNACK assigned");

            v = Golden5Vectors.ConnAckBadAuthenticationMethod;
            p = Codec5Assert.DecodeOk(v, MqttRole.Client);
            Assert.AreEqual(Mqtt5ReasonCodes.BadAuthenticationMethod, p.ReasonCode);
            Assert.AreEqual(0, p.PropertiesLength);
            Codec5Assert.Encoded(v, Mqtt5ConnAckPacket.Encode(Scratch, 0, Scratch.Length, false, Mqtt5ReasonCodes.BadAuthenticationMethod, null, 0, 0, out written), Scratch, written, "CONNACK 0x8C");
        }

        [TestMethod]
        public static void PublishWithEveryPublishProperty()
        {
            byte[] v = Golden5Vectors.PublishQos1AllProperties;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual(1, p.Qos);
            Assert.AreEqual(1, p.PacketId);
            Assert.IsFalse(p.Retain);
            CodecAssert.View("nanonode/dev1/telemetry", v, p.TopicOffset, p.TopicLength, "topic");
            CodecAssert.View("{\"t\":21.5}", v, p.PayloadOffset, p.PayloadLength, "payload");
            Codec5Assert.StringProperty("application/json", p.Properties, Mqtt5Properties.ContentType, v, "content type");
            Codec5Assert.IntProperty(300, p.Properties, Mqtt5Properties.MessageExpiryInterval, "expiry");
            Codec5Assert.IntProperty(1, p.Properties, Mqtt5Properties.PayloadFormatIndicator, "pfi");
            Codec5Assert.StringProperty("nanonode/dev1/reply", p.Properties, Mqtt5Properties.ResponseTopic, v, "response topic");
            Codec5Assert.StringProperty("c0ffee", p.Properties, Mqtt5Properties.CorrelationData, v, "correlation");
            Codec5Assert.IntProperty(1, p.Properties, Mqtt5Properties.TopicAlias, "alias");
            Assert.AreEqual(1, p.Properties.UserPropertyCount);

            Mqtt5PropertyWriter w = Codec5Assert.Writer();
            Codec5Assert.Ok(w.AddString(Mqtt5Properties.ContentType, "application/json"), "ct");
            Codec5Assert.Ok(w.AddFourByteInteger(Mqtt5Properties.MessageExpiryInterval, 300), "mei");
            Codec5Assert.Ok(w.AddByte(Mqtt5Properties.PayloadFormatIndicator, 1), "pfi");
            Codec5Assert.Ok(w.AddString(Mqtt5Properties.ResponseTopic, "nanonode/dev1/reply"), "rt");
            byte[] corr = CodecAssert.Utf8("c0ffee");
            Codec5Assert.Ok(w.AddBinary(Mqtt5Properties.CorrelationData, corr, 0, corr.Length), "cd");
            Codec5Assert.Ok(w.AddUserProperty("unit", "C"), "up");
            Codec5Assert.Ok(w.AddTwoByteInteger(Mqtt5Properties.TopicAlias, 1), "ta");
            byte[] topic = CodecAssert.Utf8("nanonode/dev1/telemetry");
            byte[] payload = CodecAssert.Utf8("{\"t\":21.5}");
            int written;
            MqttStatus s = Mqtt5PublishPacket.Encode(Scratch, 0, Scratch.Length, topic, 0, topic.Length, 1, false, false, 1, w.Buffer, w.Offset, w.Length, payload, 0, payload.Length, out written);
            Codec5Assert.Encoded(v, s, Scratch, written, "PUBLISH");
            Assert.AreEqual(v.Length, Mqtt5PublishPacket.Size(topic.Length, 1, w.Length, payload.Length));

            // Header-only form: everything but the payload, for a second write.
            s = Mqtt5PublishPacket.EncodeHeader(Scratch, 0, Scratch.Length, topic, 0, topic.Length, 1, false, false, 1, w.Buffer, w.Offset, w.Length, payload.Length, out written);
            CodecAssert.Status(MqttStatus.Ok, s, "header");
            Assert.AreEqual(v.Length - payload.Length, written);
            CodecAssert.Bytes(Head(v, written), Scratch, 0, written, "header bytes");
        }

        [TestMethod]
        public static void PublishQos2FlowWithPaho()
        {
            byte[] v = Golden5Vectors.PublishQos2Properties;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual(2, p.Qos);
            Assert.AreEqual(2, p.Properties.UserPropertyCount);
            Codec5Assert.StringProperty("nanonode/dev3/config/ack", p.Properties, Mqtt5Properties.ResponseTopic, v, "response topic");
            Assert.AreEqual(4, p.Properties.Lengths[Mqtt5Properties.CorrelationData]);
            Codec5Assert.IntProperty(60, p.Properties, Mqtt5Properties.MessageExpiryInterval, "expiry");
            Mqtt5PropertyReader r = new Mqtt5PropertyReader();
            r.Reset(v, p.PropertiesOffset, p.PropertiesLength);
            Assert.IsTrue(r.Find(Mqtt5Properties.UserProperty));
            CodecAssert.View("rev", v, r.ValueOffset, r.ValueLength, "first pair name");
            CodecAssert.View("8", v, r.PairValueOffset, r.PairValueLength, "first pair value");
            Assert.IsTrue(r.FindNext(Mqtt5Properties.UserProperty));
            CodecAssert.View("by", v, r.ValueOffset, r.ValueLength, "second pair name");
            CodecAssert.View("paho", v, r.PairValueOffset, r.PairValueLength, "second pair value");
            Assert.IsFalse(r.FindNext(Mqtt5Properties.UserProperty));
            CodecAssert.Status(MqttStatus.Ok, r.Status, "reader ended cleanly");
            int written;
            byte[] topic = CodecAssert.Utf8("nanonode/dev3/config/set");
            MqttStatus s = Mqtt5PublishPacket.Encode(Scratch, 0, Scratch.Length, topic, 0, topic.Length, 2, false, false, 1, v, p.PropertiesOffset, p.PropertiesLength,
                v, p.PayloadOffset, p.PayloadLength, out written);
            Codec5Assert.Encoded(v, s, Scratch, written, "PUBLISH QoS 2");

            AssertAck(Golden5Vectors.PubRecShort, MqttPacketType.PubRec, MqttRole.Client);
            AssertAck(Golden5Vectors.PubRelShort, MqttPacketType.PubRel, MqttRole.Server);
            AssertAck(Golden5Vectors.PubCompShort, MqttPacketType.PubComp, MqttRole.Client);
            AssertAck(Golden5Vectors.PubAckShort, MqttPacketType.PubAck, MqttRole.Server);
        }

        [TestMethod]
        public static void PubAckWithReasonCodeOnly()
        {
            byte[] v = Golden5Vectors.PubAckNoMatchingSubscribers;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Client);
            Assert.AreEqual(1, p.PacketId);
            Assert.AreEqual(Mqtt5ReasonCodes.NoMatchingSubscribers, p.ReasonCode);
            Assert.AreEqual(0, p.PropertiesLength);
            int written;
            Codec5Assert.Encoded(v, Mqtt5PubAckPacket.Encode(Scratch, 0, Scratch.Length, MqttPacketType.PubAck, 1, Mqtt5ReasonCodes.NoMatchingSubscribers, null, 0, 0, out written), Scratch, written, "PUBACK 0x10");
        }

        [TestMethod]
        public static void PublishFromServerWithSubscriptionIdentifiers()
        {
            byte[] v = Golden5Vectors.PublishFromServerWithIdentifier;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Client);
            Assert.IsTrue(p.Retain);
            Codec5Assert.IntProperty(7, p.Properties, Mqtt5Properties.SubscriptionIdentifier, "sub id");
            CodecAssert.View("v5", v, p.PayloadOffset, p.PayloadLength, "payload");
            // A server must not receive a Subscription Identifier in PUBLISH (§3.3.4).
            Codec5Assert.DecodeFails(MqttStatus.PropertyNotAllowed, v, MqttRole.Server, "sub id to server");

            v = Golden5Vectors.PublishFromServerTwoIdentifiersFirst;
            p = Codec5Assert.DecodeOk(v, MqttRole.Client);
            Assert.AreEqual(1, p.Qos);
            Codec5Assert.IntProperty(3, p.Properties, Mqtt5Properties.SubscriptionIdentifier, "sub id 3");
            v = Golden5Vectors.PublishFromServerQos0Identifier9;
            p = Codec5Assert.DecodeOk(v, MqttRole.Client);
            Assert.AreEqual(0, p.Qos);
            Assert.AreEqual(0, p.PacketId);
            Codec5Assert.IntProperty(9, p.Properties, Mqtt5Properties.SubscriptionIdentifier, "sub id 9");
            CodecAssert.View("{\"rev\":8}", v, p.PayloadOffset, p.PayloadLength, "payload");

            // A server forwarding to a client subscribed twice may put both identifiers in one PUBLISH (§3.3.4).
            Mqtt5PropertyWriter w = Codec5Assert.Writer();
            Codec5Assert.Ok(w.AddVariableByteInteger(Mqtt5Properties.SubscriptionIdentifier, 3), "id 3");
            Codec5Assert.Ok(w.AddVariableByteInteger(Mqtt5Properties.SubscriptionIdentifier, 200000), "id 200000");
            byte[] topic = CodecAssert.Utf8("a/b");
            int written;
            CodecAssert.Status(MqttStatus.Ok, Mqtt5PublishPacket.Encode(Scratch, 0, Scratch.Length, topic, 0, topic.Length, 0, false, false, 0, w.Buffer, w.Offset, w.Length, null, 0, 0, out written), "two ids");
            byte[] two = Head(Scratch, written);
            p = Codec5Assert.DecodeOk(two, MqttRole.Client);
            Assert.AreEqual(2, p.Properties.SubscriptionIdentifierCount);
            Mqtt5PropertyReader r = new Mqtt5PropertyReader();
            r.Reset(two, p.PropertiesOffset, p.PropertiesLength);
            Assert.IsTrue(r.Find(Mqtt5Properties.SubscriptionIdentifier));
            Assert.AreEqual(3L, r.Value);
            Assert.IsTrue(r.FindNext(Mqtt5Properties.SubscriptionIdentifier));
            Assert.AreEqual(200000L, r.Value);
        }

        [TestMethod]
        public static void SubscribeWithIdentifierSharedAndOptions()
        {
            byte[] v = Golden5Vectors.SubscribeIdentifierShared;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual(1, p.PacketId);
            Assert.AreEqual(2, p.ItemCount);
            Codec5Assert.IntProperty(7, p.Properties, Mqtt5Properties.SubscriptionIdentifier, "sub id");
            Assert.AreEqual(1, p.Properties.UserPropertyCount);
            int fo;
            int fl;
            int options;
            int next = Mqtt5SubscribePacket.ReadEntry(v, p.ItemsOffset, out fo, out fl, out options);
            CodecAssert.View("nanonode/+/info", v, fo, fl, "filter 1");
            Assert.AreEqual(2, options);
            next = Mqtt5SubscribePacket.ReadEntry(v, next, out fo, out fl, out options);
            CodecAssert.View("$share/grp/nanonode/all/#", v, fo, fl, "filter 2");
            Assert.AreEqual(p.ItemsOffset + p.ItemsLength, next);

            Mqtt5PropertyWriter w = Codec5Assert.Writer();
            Codec5Assert.Ok(w.AddVariableByteInteger(Mqtt5Properties.SubscriptionIdentifier, 7), "id");
            Codec5Assert.Ok(w.AddUserProperty("who", "sub"), "up");
            byte[] f1 = CodecAssert.Utf8("nanonode/+/info");
            byte[] f2 = CodecAssert.Utf8("$share/grp/nanonode/all/#");
            int entries = Mqtt5SubscribePacket.EntrySize(f1.Length) + Mqtt5SubscribePacket.EntrySize(f2.Length);
            int header;
            int a;
            int b;
            CodecAssert.Status(MqttStatus.Ok, Mqtt5SubscribePacket.EncodeHeader(Scratch, 0, Scratch.Length, 1, w.Buffer, w.Offset, w.Length, entries, out header), "header");
            CodecAssert.Status(MqttStatus.Ok, Mqtt5SubscribePacket.EncodeEntry(Scratch, header, Scratch.Length - header, f1, 0, f1.Length, 2, out a), "entry 1");
            CodecAssert.Status(MqttStatus.Ok, Mqtt5SubscribePacket.EncodeEntry(Scratch, header + a, Scratch.Length - header - a, f2, 0, f2.Length, 2, out b), "entry 2");
            CodecAssert.Bytes(v, Scratch, 0, header + a + b, "SUBSCRIBE");
            Assert.AreEqual(v.Length, Mqtt5SubscribePacket.Size(w.Length, entries));

            v = Golden5Vectors.SubscribeOptions;
            p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            next = Mqtt5SubscribePacket.ReadEntry(v, p.ItemsOffset, out fo, out fl, out options);
            CodecAssert.View("nanonode/+/cmd/#", v, fo, fl, "filter");
            Assert.AreEqual(Mqtt5SubscribePacket.Options(2, true, true, 2), options);
            Mqtt5SubscribePacket.ReadEntry(v, next, out fo, out fl, out options);
            Assert.AreEqual(Mqtt5SubscribePacket.Options(1, false, false, 1), options);
        }

        [TestMethod]
        public static void SubAckAndUnsubAck()
        {
            byte[] v = Golden5Vectors.SubAckGranted2x2;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Client);
            Assert.AreEqual(2, p.ItemCount);
            Assert.AreEqual(2, (int)v[p.ItemsOffset]);
            int written;
            Codec5Assert.Encoded(v, Mqtt5SubAckPacket.Encode(Scratch, 0, Scratch.Length, 1, null, 0, 0, CodecAssert.B(2, 2), 0, 2, out written), Scratch, written, "SUBACK");
            v = Golden5Vectors.SubAckGranted2x1;
            Codec5Assert.DecodeOk(v, MqttRole.Client);
            Codec5Assert.Encoded(v, Mqtt5SubAckPacket.Encode(Scratch, 0, Scratch.Length, 1, null, 0, 0, CodecAssert.B(2, 1), 0, 2, out written), Scratch, written, "SUBACK 2 1");

            v = Golden5Vectors.UnsubAckNoSubscriptionExisted;
            p = Codec5Assert.DecodeOk(v, MqttRole.Client);
            Assert.AreEqual(2, p.PacketId);
            Assert.AreEqual(1, p.ItemCount);
            Assert.AreEqual(Mqtt5ReasonCodes.NoSubscriptionExisted, (int)v[p.ItemsOffset]);
            Codec5Assert.Encoded(v, Mqtt5UnsubAckPacket.Encode(Scratch, 0, Scratch.Length, 2, null, 0, 0, CodecAssert.B(0x11), 0, 1, out written), Scratch, written, "UNSUBACK 0x11");
            v = Golden5Vectors.UnsubAckSuccess;
            Codec5Assert.DecodeOk(v, MqttRole.Client);
            Codec5Assert.Encoded(v, Mqtt5UnsubAckPacket.Encode(Scratch, 0, Scratch.Length, 3, null, 0, 0, CodecAssert.B(0), 0, 1, out written), Scratch, written, "UNSUBACK 0");
        }

        [TestMethod]
        public static void UnsubscribeWithUserProperty()
        {
            byte[] v = Golden5Vectors.UnsubscribeUserProperty;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual(2, p.PacketId);
            Assert.AreEqual(1, p.ItemCount);
            int fo;
            int fl;
            Mqtt5UnsubscribePacket.ReadEntry(v, p.ItemsOffset, out fo, out fl);
            CodecAssert.View("old/filter", v, fo, fl, "filter");
            Mqtt5PropertyWriter w = Codec5Assert.Writer();
            Codec5Assert.Ok(w.AddUserProperty("why", "cleanup"), "up");
            byte[] f = CodecAssert.Utf8("old/filter");
            int written;
            Codec5Assert.Encoded(v, Mqtt5UnsubscribePacket.Encode(Scratch, 0, Scratch.Length, 2, w.Buffer, w.Offset, w.Length, f, 0, f.Length, out written), Scratch, written, "UNSUBSCRIBE");
        }

        [TestMethod]
        public static void DisconnectForms()
        {
            int written;
            byte[] v = Golden5Vectors.DisconnectNormal;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual(0, p.ReasonCode);
            Codec5Assert.Encoded(v, Mqtt5DisconnectPacket.Encode(Scratch, 0, Scratch.Length, 0, null, 0, 0, out written), Scratch, written, "DISCONNECT short");

            v = Golden5Vectors.DisconnectWithWillAndProperties;
            p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual(Mqtt5ReasonCodes.DisconnectWithWillMessage, p.ReasonCode);
            Codec5Assert.IntProperty(0, p.Properties, Mqtt5Properties.SessionExpiryInterval, "session expiry");
            Codec5Assert.StringProperty("done", p.Properties, Mqtt5Properties.ReasonString, v, "reason string");
            Mqtt5PropertyWriter w = Codec5Assert.Writer();
            Codec5Assert.Ok(w.AddFourByteInteger(Mqtt5Properties.SessionExpiryInterval, 0), "sei");
            Codec5Assert.Ok(w.AddString(Mqtt5Properties.ReasonString, "done"), "rs");
            Codec5Assert.Encoded(v, Mqtt5DisconnectPacket.Encode(Scratch, 0, Scratch.Length, 4, w.Buffer, w.Offset, w.Length, out written), Scratch, written, "DISCONNECT 0x04");

            // Server-sent DISCONNECT (MQTT 5 only): a client accepts it.
            v = Golden5Vectors.DisconnectPacketTooLarge;
            p = Codec5Assert.DecodeOk(v, MqttRole.Client);
            Assert.AreEqual(Mqtt5ReasonCodes.PacketTooLarge, p.ReasonCode);
            Codec5Assert.Encoded(v, Mqtt5DisconnectPacket.Encode(Scratch, 0, Scratch.Length, Mqtt5ReasonCodes.PacketTooLarge, null, 0, 0, out written), Scratch, written, "DISCONNECT 0x95");
        }

        [TestMethod]
        public static void PingUnderMqtt5()
        {
            Assert.AreEqual((int)MqttPacketType.PingReq, (int)Codec5Assert.DecodeOk(Golden5Vectors.PingReq, MqttRole.Server).Type);
            Assert.AreEqual((int)MqttPacketType.PingResp, (int)Codec5Assert.DecodeOk(Golden5Vectors.PingResp, MqttRole.Client).Type);
            Codec5Assert.DecodeFails(MqttStatus.MalformedPacketType, Golden5Vectors.PingReq, MqttRole.Client, "PINGREQ to a client");
        }

        [TestMethod]
        public static void AuthByHandFromTheSpec()
        {
            int written;
            byte[] v = Golden5Vectors.AuthContinue;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual((int)MqttPacketType.Auth, (int)p.Type);
            Assert.AreEqual(Mqtt5ReasonCodes.ContinueAuthentication, p.ReasonCode);
            Codec5Assert.StringProperty("SCRAM-SHA-1", p.Properties, Mqtt5Properties.AuthenticationMethod, v, "method");
            Assert.AreEqual(4, p.Properties.Lengths[Mqtt5Properties.AuthenticationData]);
            Codec5Assert.DecodeOk(v, MqttRole.Client); // both directions
            Mqtt5PropertyWriter w = Codec5Assert.Writer();
            Codec5Assert.Ok(w.AddString(Mqtt5Properties.AuthenticationMethod, "SCRAM-SHA-1"), "am");
            Codec5Assert.Ok(w.AddBinary(Mqtt5Properties.AuthenticationData, CodecAssert.B(0xDE, 0xAD, 0xBE, 0xEF), 0, 4), "ad");
            Codec5Assert.Encoded(v, Mqtt5AuthPacket.Encode(Scratch, 0, Scratch.Length, Mqtt5ReasonCodes.ContinueAuthentication, w.Buffer, w.Offset, w.Length, out written), Scratch, written, "AUTH 0x18");

            v = Golden5Vectors.AuthSuccess;
            p = Codec5Assert.DecodeOk(v, MqttRole.Client);
            Assert.AreEqual(0, p.ReasonCode);
            Codec5Assert.StringProperty("ok", p.Properties, Mqtt5Properties.ReasonString, v, "reason string");
            Codec5Assert.Encoded(v, Mqtt5AuthPacket.Encode(Scratch, 0, Scratch.Length, 0, v, p.PropertiesOffset, p.PropertiesLength, out written), Scratch, written, "AUTH 0x00");

            v = Golden5Vectors.AuthShort;
            p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            Assert.AreEqual(0, p.ReasonCode);
            Codec5Assert.Encoded(v, Mqtt5AuthPacket.Encode(Scratch, 0, Scratch.Length, 0, null, 0, 0, out written), Scratch, written, "AUTH short");

            // The 3.1.1 decoder keeps refusing type 15 (reserved there).
            CodecAssert.Status(MqttStatus.MalformedPacketType, MqttDecoder.Decode(v, 0, v.Length, MqttRole.Any, new MqttPacket()), "3.1.1 AUTH");
        }

        [TestMethod]
        public static void EveryVectorIsOneWholeFrame()
        {
            byte[][] all = new byte[][]
            {
                Golden5Vectors.ConnectAllProperties, Golden5Vectors.ConnAckProperties, Golden5Vectors.PublishQos1AllProperties,
                Golden5Vectors.PubAckNoMatchingSubscribers, Golden5Vectors.DisconnectNormal, Golden5Vectors.SubscribeIdentifierShared,
                Golden5Vectors.SubAckGranted2x2, Golden5Vectors.PublishFromServerWithIdentifier, Golden5Vectors.PubAckShort,
                Golden5Vectors.UnsubscribeUserProperty, Golden5Vectors.UnsubAckNoSubscriptionExisted, Golden5Vectors.SubscribeOptions,
                Golden5Vectors.SubAckGranted2x1, Golden5Vectors.PublishQos2Properties, Golden5Vectors.PubRecShort, Golden5Vectors.PubRelShort,
                Golden5Vectors.PubCompShort, Golden5Vectors.PublishFromServerTwoIdentifiersFirst, Golden5Vectors.PublishFromServerQos0Identifier9,
                Golden5Vectors.UnsubAckSuccess, Golden5Vectors.DisconnectWithWillAndProperties, Golden5Vectors.ConnectEmptyClientId,
                Golden5Vectors.ConnAckAssignedClientId, Golden5Vectors.ConnectAuthenticationMethod, Golden5Vectors.ConnAckBadAuthenticationMethod,
                Golden5Vectors.DisconnectPacketTooLarge, Golden5Vectors.PingReq, Golden5Vectors.PingResp, Golden5Vectors.AuthContinue,
                Golden5Vectors.AuthSuccess, Golden5Vectors.AuthShort,
            };
            Mqtt5Packet p = new Mqtt5Packet();
            for (int i = 0; i < all.Length; i++)
            {
                byte[] v = all[i];
                int frame;
                int header;
                int missing;
                CodecAssert.Status(MqttStatus.Ok, Mqtt5Decoder.CheckFrame(v, 0, v.Length, 0, out frame, out header, out missing), "frame " + i.ToString());
                Assert.AreEqual(v.Length, frame);
                // Every proper prefix is "need more", never an error: the stream reader waits for the rest.
                for (int n = 0; n < v.Length; n++)
                {
                    CodecAssert.Status(MqttStatus.NeedMoreBytes, Mqtt5Decoder.CheckFrame(v, 0, n, 0, out frame, out header, out missing), "prefix " + i.ToString());
                    CodecAssert.Status(MqttStatus.NeedMoreBytes, Mqtt5Decoder.Decode(v, 0, n, MqttRole.Any, p), "decode prefix " + i.ToString());
                }

                // Embedded at an offset with trailing bytes: same result.
                byte[] e = CodecAssert.Embed(v, 7, 5);
                CodecAssert.Status(MqttStatus.Ok, Mqtt5Decoder.Decode(e, 7, v.Length + 5, MqttRole.Any, p), "embedded " + i.ToString());
                Assert.AreEqual(v.Length, p.Length);
            }
        }

        private static void AssertAck(byte[] v, MqttPacketType type, MqttRole role)
        {
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, role);
            Assert.AreEqual((int)type, (int)p.Type);
            Assert.AreEqual(1, p.PacketId);
            Assert.AreEqual(0, p.ReasonCode);
            int written;
            Codec5Assert.Encoded(v, Mqtt5PubAckPacket.Encode(Scratch, 0, Scratch.Length, type, 1, 0, null, 0, 0, out written), Scratch, written, "ack");
        }

        private static byte[] Head(byte[] source, int length)
        {
            byte[] result = new byte[length];
            System.Array.Copy(source, 0, result, 0, length);
            return result;
        }
    }
}
