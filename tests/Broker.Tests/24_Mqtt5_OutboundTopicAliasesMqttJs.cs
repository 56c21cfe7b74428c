// Topic aliases broker -> client with MQTT.js 5.16 (tests/Js/mqttjs5_aliases.mjs): NanoNode's broker with
// BrokerOptions.OutboundTopicAliasMaximum 10 sends aliases to the MQTT.js subscriber that announced Topic Alias Maximum
// 2 (never above 2, an empty topic name once bound, none toward a v5 subscriber that announced no maximum); Mosquitto
// 2.0.11 runs the same scenario in the same test and sends full topics. MQTT.js resolves the aliases: both brokers
// deliver the same topics, payloads, user property and content type, in the same order. With the default setting
// (0) NanoNode sends no aliases at all (third run). Before the broker sent aliases the first run failed ("aliases ...").
namespace NanoNode.Broker.Tests;

using NanoNode.Tests.Shared;

public sealed class Mqtt5_OutboundTopicAliasesMqttJs
{
    [Fact]
    public async Task Test()
    {
        string js = ThirdParty_MqttJsScenario.JsFolder();
        string script = Path.Combine(js, "mqttjs5_aliases.mjs");
        Assert.True(File.Exists(Path.Combine(js, "node_modules", "mqtt", "package.json")), "MQTT.js is not installed: run npm ci in tests/Js (tools/test.sh does)");

        string[] ours;
        await using (var broker = await BrokerFixture.StartAsync(o => o.OutboundTopicAliasMaximum = 10))
        {
            var r = Tools.Run("node", new[] { script, $"mqtt://127.0.0.1:{broker.Port}", "expect-aliases" }, 120);
            Assert.True(r.ExitCode == 0 && r.Output.Contains("PASS"), $"NanoNode broker:\n{r.Output}\n{r.Error}");
            ours = Delivered(r.Output);
        }

        await using (var broker = await BrokerFixture.StartAsync())
        {
            Assert.Equal(0, broker.Options.OutboundTopicAliasMaximum);
            var r = Tools.Run("node", new[] { script, $"mqtt://127.0.0.1:{broker.Port}" }, 120);
            Assert.True(r.ExitCode == 0 && r.Output.Contains("PASS"), $"NanoNode broker, default settings:\n{r.Output}\n{r.Error}");
        }

        using var mosquitto = new MosquittoFixture();
        var theirs = Tools.Run("node", new[] { script, $"mqtt://127.0.0.1:{mosquitto.Port}" }, 120);
        Assert.True(theirs.ExitCode == 0 && theirs.Output.Contains("PASS"), $"Mosquitto:\n{theirs.Output}\n{theirs.Error}");
        Assert.Equal(6, ours.Length);
        Assert.Equal(Delivered(theirs.Output), ours);
    }

    private static string[] Delivered(string output) =>
        output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("delivered ", StringComparison.Ordinal)).ToArray();
}
