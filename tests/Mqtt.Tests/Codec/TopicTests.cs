using nanoFramework.TestFramework;

namespace NanoNode.Mqtt.Tests.Codec
{
    /// <summary>Topic: name/filter validation and matching (§4.7), including the spec's own examples.</summary>
    [TestClass]
    public class TopicTests
    {
        [TestMethod]
        [DataRow("sport/tennis/player1/#", "sport/tennis/player1", true)]
        [DataRow("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
        [DataRow("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
        [DataRow("sport/#", "sport", true)]
        [DataRow("#", "sport/tennis", true)]
        [DataRow("sport/tennis/+", "sport/tennis/player1", true)]
        [DataRow("sport/tennis/+", "sport/tennis/player1/ranking", false)]
        [DataRow("sport/+", "sport", false)]
        [DataRow("sport/+", "sport/", true)]
        [DataRow("+/+", "/finance", true)]
        [DataRow("/+", "/finance", true)]
        [DataRow("+", "/finance", false)]
        [DataRow("+/tennis/#", "sport/tennis", true)]
        [DataRow("#", "$SYS/broker/uptime", false)]
        [DataRow("+/monitor/Clients", "$SYS/monitor/Clients", false)]
        [DataRow("$SYS/#", "$SYS/broker/uptime", true)]
        [DataRow("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
        [DataRow("a/b", "a/b", true)]
        [DataRow("a/b", "A/b", false)]
        [DataRow("a/b", "a/bc", false)]
        [DataRow("a/bc", "a/b", false)]
        [DataRow("a/b/", "a/b", false)]
        [DataRow("a//c", "a//c", true)]
        [DataRow("a/+/c", "a//c", true)]
        [DataRow("nanonode/+/config/set", "nanonode/dev1/config/set", true)]
        [DataRow("nanonode/+/config/set", "nanonode/all/config", false)]
        public static void MatchesFollowsSection471(string filter, string topic, bool expected)
        {
            // Examples of §4.7.1.2, §4.7.1.3 and §4.7.2 ([MQTT-4.7.2-1] for '$').
            byte[] f = CodecAssert.Utf8(filter);
            byte[] t = CodecAssert.Utf8(topic);
            CodecAssert.Status(MqttStatus.Ok, Topic.ValidateFilter(f, 0, f.Length), "filter valid");
            CodecAssert.Status(MqttStatus.Ok, Topic.ValidateName(t, 0, t.Length), "topic valid");
            Assert.AreEqual(expected, Topic.Matches(f, 0, f.Length, t, 0, t.Length), filter + " vs " + topic);
        }

        [TestMethod]
        [DataRow("sport/tennis#", false)]
        [DataRow("sport/tennis/#/ranking", false)]
        [DataRow("sport+", false)]
        [DataRow("+/", true)]
        [DataRow("+", true)]
        [DataRow("#", true)]
        [DataRow("/#", true)]
        [DataRow("sport/+/player1", true)]
        [DataRow("++", false)]
        [DataRow("a/+b", false)]
        [DataRow("", false)]
        public static void FilterValidation(string filter, bool valid)
        {
            byte[] f = CodecAssert.Utf8(filter);
            CodecAssert.Status(valid ? MqttStatus.Ok : MqttStatus.MalformedTopicFilter, Topic.ValidateFilter(f, 0, f.Length), filter);
        }

        [TestMethod]
        public static void NameValidation()
        {
            byte[] ok = CodecAssert.Utf8("nanonode/dev1/\u00E9t\u00E9/ /$x");
            CodecAssert.Status(MqttStatus.Ok, Topic.ValidateName(ok, 0, ok.Length), "spaces, '$' inside, UTF-8");
            CodecAssert.Status(MqttStatus.MalformedTopicName, Topic.ValidateName(ok, 0, 0), "empty");
            byte[] plus = CodecAssert.Utf8("a/+/b");
            CodecAssert.Status(MqttStatus.MalformedTopicName, Topic.ValidateName(plus, 0, plus.Length), "+");
            CodecAssert.Status(MqttStatus.Ok, Topic.ValidateName(plus, 0, 2), "prefix view 'a/' only");
            CodecAssert.Status(MqttStatus.MalformedUtf8Null, Topic.ValidateName(CodecAssert.B(0x61, 0x00), 0, 2), "NUL [MQTT-4.7.3-2]");
            CodecAssert.Status(MqttStatus.InvalidArgument, Topic.ValidateName(plus, 3, 5), "view past the array");
        }
    }
}
