using nanoFramework.TestFramework;
using NanoNode.Mqtt.Tests.Codec;

namespace NanoNode.Mqtt.Tests.Codec5
{
    /// <summary>Topic alias maps (§3.3.2.3.4): binding, resolving an empty topic, invalid aliases, sender-side assignment.</summary>
    [TestClass]
    public class TopicAliases5Tests
    {
        [TestMethod]
        public static void ReceiverBindsThenResolvesEmptyTopics()
        {
            Mqtt5TopicAliases map = new Mqtt5TopicAliases(4, 32);
            byte[] first = Golden5Vectors.PublishQos1AllProperties; // topic "nanonode/dev1/telemetry" with Topic Alias 1
            Mqtt5Packet p = Codec5Assert.DecodeOk(first, MqttRole.Server);
            byte[] tb;
            int to;
            int tl;
            int alias = (int)p.Properties.Get(Mqtt5Properties.TopicAlias, 0);
            Assert.AreEqual(1, alias);
            CodecAssert.Status(MqttStatus.Ok, map.Resolve(first, p.TopicOffset, p.TopicLength, alias, out tb, out to, out tl), "bind");
            Assert.AreSame(first, tb);

            // Next PUBLISH: empty topic + alias 1 -> the bound topic, as a view into the map's storage.
            byte[] next = Codec5Assert.Packet(0x30, CodecAssert.B(0x00, 0x00, 0x03, 0x23, 0x00, 0x01, 'x'));
            p = Codec5Assert.DecodeOk(next, MqttRole.Server);
            CodecAssert.Status(MqttStatus.Ok, map.Resolve(next, p.TopicOffset, p.TopicLength, (int)p.Properties.Get(Mqtt5Properties.TopicAlias, 0), out tb, out to, out tl), "resolve");
            Assert.AreSame(map.Storage, tb);
            CodecAssert.View("nanonode/dev1/telemetry", tb, to, tl, "resolved topic");

            // Rebinding alias 1 to another topic replaces it.
            byte[] other = CodecAssert.Utf8("a/b");
            CodecAssert.Status(MqttStatus.Ok, map.Resolve(other, 0, other.Length, 1, out tb, out to, out tl), "rebind");
            CodecAssert.Status(MqttStatus.Ok, map.Resolve(next, 0, 0, 1, out tb, out to, out tl), "resolve again");
            CodecAssert.View("a/b", tb, to, tl, "rebound topic");
        }

        [TestMethod]
        public static void InvalidAliases()
        {
            Mqtt5TopicAliases map = new Mqtt5TopicAliases(2, 8);
            byte[] t = CodecAssert.Utf8("a/b");
            byte[] tb;
            int to;
            int tl;
            CodecAssert.Status(MqttStatus.TopicAliasInvalid, map.Resolve(t, 0, t.Length, 3, out tb, out to, out tl), "above the maximum");
            CodecAssert.Status(MqttStatus.TopicAliasInvalid, map.Resolve(t, 0, 0, 2, out tb, out to, out tl), "unbound alias with an empty topic");
            CodecAssert.Status(MqttStatus.MissingTopicAlias, map.Resolve(t, 0, 0, 0, out tb, out to, out tl), "empty topic without alias");
            byte[] longTopic = CodecAssert.Utf8("nanonode/too/long");
            CodecAssert.Status(MqttStatus.TooLarge, map.Resolve(longTopic, 0, longTopic.Length, 1, out tb, out to, out tl), "topic longer than a slot");
            CodecAssert.Status(MqttStatus.Ok, map.Resolve(t, 0, t.Length, 2, out tb, out to, out tl), "bind 2");
            map.Clear();
            CodecAssert.Status(MqttStatus.TopicAliasInvalid, map.Resolve(t, 0, 0, 2, out tb, out to, out tl), "cleared on a new connection");
            Assert.AreEqual(Mqtt5ReasonCodes.TopicAliasInvalid, Mqtt5ReasonCodes.ForStatus(MqttStatus.TopicAliasInvalid));
            Mqtt5TopicAliases off = new Mqtt5TopicAliases(0, 8);
            CodecAssert.Status(MqttStatus.TopicAliasInvalid, off.Resolve(t, 0, t.Length, 1, out tb, out to, out tl), "aliases off");
        }

        [TestMethod]
        public static void SenderAssignsReusesAndRecycles()
        {
            Mqtt5TopicAliases map = new Mqtt5TopicAliases(2, 16);
            byte[] a = CodecAssert.Utf8("t/a");
            byte[] b = CodecAssert.Utf8("t/b");
            byte[] c = CodecAssert.Utf8("t/c");
            bool known;
            Assert.AreEqual(1, map.Assign(a, 0, a.Length, out known));
            Assert.IsFalse(known);
            Assert.AreEqual(1, map.Assign(a, 0, a.Length, out known));
            Assert.IsTrue(known);
            Assert.AreEqual(2, map.Assign(b, 0, b.Length, out known));
            Assert.IsFalse(known);
            Assert.AreEqual(1, map.Assign(c, 0, c.Length, out known), "full: the oldest slot is replaced");
            Assert.IsFalse(known);
            Assert.AreEqual(2, map.Assign(b, 0, b.Length, out known));
            Assert.IsTrue(known);
            Assert.AreEqual(1, map.Assign(c, 0, c.Length, out known));
            Assert.IsTrue(known);
            Assert.AreEqual(0, new Mqtt5TopicAliases(0, 16).Assign(a, 0, a.Length, out known), "aliases off");
            byte[] big = CodecAssert.Utf8("nanonode/too/long/topic");
            Assert.AreEqual(0, map.Assign(big, 0, big.Length, out known), "topic longer than a slot goes without alias");
        }
    }
}
