using nanoFramework.TestFramework;
using NanoNode.Mqtt.Tests.Codec;

namespace NanoNode.Mqtt.Tests.Codec5
{
    /// <summary>Connection limits from CONNECT / CONNACK properties, with the spec's defaults for absent ones (§3.1.2.11, §3.2.2.3).</summary>
    [TestClass]
    public class ConnectionLimits5Tests
    {
        [TestMethod]
        public static void FromTheCapturedConnect()
        {
            Mqtt5ConnectionLimits l = new Mqtt5ConnectionLimits();
            l.ReadConnect(Codec5Assert.DecodeOk(Golden5Vectors.ConnectAllProperties, MqttRole.Server));
            Assert.AreEqual(120L, l.SessionExpirySeconds);
            Assert.AreEqual(10, l.ReceiveMaximum);
            Assert.AreEqual(4096L, l.MaximumPacketSize);
            Assert.AreEqual(5, l.TopicAliasMaximum);
            Assert.IsFalse(l.RequestResponseInformation);
            Assert.IsTrue(l.RequestProblemInformation);
            Assert.IsTrue(l.Allows(4096));
            Assert.IsFalse(l.Allows(4097));
        }

        [TestMethod]
        public static void DefaultsWhenAbsent()
        {
            Mqtt5ConnectionLimits l = new Mqtt5ConnectionLimits();
            l.ReadConnect(Codec5Assert.DecodeOk(Golden5Vectors.ConnectEmptyClientId, MqttRole.Server));
            Assert.AreEqual(0L, l.SessionExpirySeconds);
            Assert.AreEqual(65535, l.ReceiveMaximum);
            Assert.AreEqual(0L, l.MaximumPacketSize);
            Assert.AreEqual(0, l.TopicAliasMaximum);
            Assert.IsTrue(l.Allows(268435460));
            l.ReadConnAck(Codec5Assert.DecodeOk(Golden5Vectors.ConnAckBadAuthenticationMethod, MqttRole.Client));
            Assert.AreEqual(2, l.MaximumQos);
            Assert.IsTrue(l.RetainAvailable);
            Assert.IsTrue(l.WildcardSubscriptionAvailable);
            Assert.IsTrue(l.SubscriptionIdentifiersAvailable);
            Assert.IsTrue(l.SharedSubscriptionAvailable);
            Assert.AreEqual(-1, l.ServerKeepAliveSeconds);

            Mqtt5ConnectionLimits r = new Mqtt5ConnectionLimits();
            r.ReadConnect(Codec5Assert.DecodeOk(Golden5Vectors.ConnectAuthenticationMethod, MqttRole.Server));
            Assert.IsTrue(r.RequestResponseInformation);
        }

        [TestMethod]
        public static void ServerCapabilitiesRoundTrip()
        {
            // Mosquitto's captured CONNACK: Topic Alias Maximum 10, Maximum Packet Size 65536, Receive Maximum 20.
            Mqtt5ConnectionLimits l = new Mqtt5ConnectionLimits();
            l.ReadConnAck(Codec5Assert.DecodeOk(Golden5Vectors.ConnAckProperties, MqttRole.Client));
            Assert.AreEqual(10, l.TopicAliasMaximum);
            Assert.AreEqual(65536L, l.MaximumPacketSize);
            Assert.AreEqual(20, l.ReceiveMaximum);

            Mqtt5PropertyWriter w = Codec5Assert.Writer();
            CodecAssert.Status(MqttStatus.Ok, Mqtt5ConnectionLimits.WriteServerCapabilities(w, 20, 65536, 10, 1, false, true, false, true), "write");
            byte[] buffer = new byte[64];
            int written;
            CodecAssert.Status(MqttStatus.Ok, Mqtt5ConnAckPacket.Encode(buffer, 0, 64, false, 0, w.Buffer, w.Offset, w.Length, out written), "CONNACK");
            byte[] connack = new byte[written];
            System.Array.Copy(buffer, 0, connack, 0, written);
            Mqtt5ConnectionLimits back = new Mqtt5ConnectionLimits();
            back.ReadConnAck(Codec5Assert.DecodeOk(connack, MqttRole.Client));
            Assert.AreEqual(20, back.ReceiveMaximum);
            Assert.AreEqual(65536L, back.MaximumPacketSize);
            Assert.AreEqual(10, back.TopicAliasMaximum);
            Assert.AreEqual(1, back.MaximumQos);
            Assert.IsFalse(back.RetainAvailable);
            Assert.IsTrue(back.WildcardSubscriptionAvailable);
            Assert.IsFalse(back.SubscriptionIdentifiersAvailable);
            Assert.IsTrue(back.SharedSubscriptionAvailable);

            // Every default: nothing written.
            Mqtt5PropertyWriter none = Codec5Assert.Writer();
            CodecAssert.Status(MqttStatus.Ok, Mqtt5ConnectionLimits.WriteServerCapabilities(none, 65535, 0, 0, 2, true, true, true, true), "defaults");
            Assert.AreEqual(0, none.Length);
            CodecAssert.Status(MqttStatus.InvalidArgument, Mqtt5ConnectionLimits.WriteServerCapabilities(none, 0, 0, 0, 2, true, true, true, true), "receive maximum 0");
        }
    }
}
