using nanoFramework.TestFramework;
using NanoNode.Mqtt.Tests.Codec;

namespace NanoNode.Mqtt.Tests.Codec5
{
    /// <summary>Forwarding a PUBLISH (§3.3.2.3, §3.3.4): application properties unaltered, expiry recomputed, alias and identifiers replaced.</summary>
    [TestClass]
    public class Forwarding5Tests
    {
        [TestMethod]
        public static void ApplicationPropertiesPassUnalteredAliasAndIdsDropped()
        {
            // Captured client PUBLISH with Content Type, Message Expiry 300, PFI, Response Topic, Correlation Data, User Property, Topic Alias 1.
            byte[] v = Golden5Vectors.PublishQos1AllProperties;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            Mqtt5PropertyWriter w = Codec5Assert.Writer();
            CodecAssert.Status(MqttStatus.Ok, Mqtt5Forwarding.CopyPublishProperties(v, p.PropertiesOffset, p.PropertiesLength, 290, w), "copy");
            CodecAssert.Status(MqttStatus.Ok, Mqtt5Forwarding.AddSubscriptionIdentifier(w, 42), "add id");

            // The result is a valid server-to-client PUBLISH.
            byte[] topic = CodecAssert.Utf8("nanonode/dev1/telemetry");
            byte[] buffer = new byte[256];
            int written;
            CodecAssert.Status(MqttStatus.Ok, Mqtt5PublishPacket.Encode(buffer, 0, 256, topic, 0, topic.Length, 1, false, false, 9, w.Buffer, w.Offset, w.Length,
                v, p.PayloadOffset, p.PayloadLength, out written), "encode forwarded");
            byte[] forwarded = new byte[written];
            System.Array.Copy(buffer, 0, forwarded, 0, written);
            Mqtt5Packet f = Codec5Assert.DecodeOk(forwarded, MqttRole.Client);
            Assert.IsFalse(f.Properties.Has(Mqtt5Properties.TopicAlias), "alias dropped");
            Codec5Assert.IntProperty(42, f.Properties, Mqtt5Properties.SubscriptionIdentifier, "subscriber's id");
            Assert.AreEqual(1, f.Properties.SubscriptionIdentifierCount);
            Codec5Assert.IntProperty(290, f.Properties, Mqtt5Properties.MessageExpiryInterval, "remaining expiry");
            Codec5Assert.IntProperty(1, f.Properties, Mqtt5Properties.PayloadFormatIndicator, "pfi");
            Codec5Assert.StringProperty("application/json", f.Properties, Mqtt5Properties.ContentType, forwarded, "content type");
            Codec5Assert.StringProperty("nanonode/dev1/reply", f.Properties, Mqtt5Properties.ResponseTopic, forwarded, "response topic");
            Codec5Assert.StringProperty("c0ffee", f.Properties, Mqtt5Properties.CorrelationData, forwarded, "correlation data");
            Mqtt5PropertyReader r = new Mqtt5PropertyReader();
            r.Reset(forwarded, f.PropertiesOffset, f.PropertiesLength);
            Assert.IsTrue(r.Find(Mqtt5Properties.UserProperty));
            CodecAssert.View("unit", forwarded, r.ValueOffset, r.ValueLength, "user property name");
            CodecAssert.View("C", forwarded, r.PairValueOffset, r.PairValueLength, "user property value");
        }

        [TestMethod]
        public static void UserPropertiesKeepTheirOrderAndIdsOfTheSourceGo()
        {
            // Captured server PUBLISH with Subscription Identifier 3 and two User Properties (rev=8, by=paho).
            byte[] v = Golden5Vectors.PublishFromServerTwoIdentifiersFirst;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Client);
            Mqtt5PropertyWriter w = Codec5Assert.Writer();
            CodecAssert.Status(MqttStatus.Ok, Mqtt5Forwarding.CopyPublishProperties(v, p.PropertiesOffset, p.PropertiesLength, -1, w), "copy");
            Mqtt5PropertySet set = new Mqtt5PropertySet();
            CodecAssert.Status(MqttStatus.Ok, Mqtt5Properties.Validate(w.Buffer, w.Offset, w.Length, (int)MqttPacketType.Publish, MqttRole.Any, set), "valid");
            Assert.IsFalse(set.Has(Mqtt5Properties.SubscriptionIdentifier));
            Assert.AreEqual(60L, set.Get(Mqtt5Properties.MessageExpiryInterval, -1), "expiry kept with -1");
            Assert.AreEqual(2, set.UserPropertyCount);
            Mqtt5PropertyReader r = new Mqtt5PropertyReader();
            r.Reset(w.Buffer, w.Offset, w.Length);
            Assert.IsTrue(r.Find(Mqtt5Properties.UserProperty));
            CodecAssert.View("rev", w.Buffer, r.ValueOffset, r.ValueLength, "first");
            Assert.IsTrue(r.FindNext(Mqtt5Properties.UserProperty));
            CodecAssert.View("by", w.Buffer, r.ValueOffset, r.ValueLength, "second");
        }

        [TestMethod]
        public static void FullWriterIsAStatus()
        {
            byte[] v = Golden5Vectors.PublishQos1AllProperties;
            Mqtt5Packet p = Codec5Assert.DecodeOk(v, MqttRole.Server);
            Mqtt5PropertyWriter w = new Mqtt5PropertyWriter();
            CodecAssert.Status(MqttStatus.Ok, w.Reset(new byte[20], 0, 20), "reset");
            CodecAssert.Status(MqttStatus.BufferTooSmall, Mqtt5Forwarding.CopyPublishProperties(v, p.PropertiesOffset, p.PropertiesLength, 10, w), "too small");
            Assert.IsTrue(w.Length <= 20);
        }
    }
}
