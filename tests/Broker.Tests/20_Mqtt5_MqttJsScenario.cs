// MQTT.js (npm "mqtt", pinned in tests/Js) with protocolVersion 5 beside a 3.1.1 MQTT.js client runs one scenario
// (tests/Js/mqttjs5_scenario.mjs, every ack awaited) against NanoNode's broker and against Mosquitto in the same test:
// assigned client id, properties forwarded v5 -> v5 and dropped toward 3.1.1, UNSUBACK reason codes, will kept by
// DISCONNECT 0x04, takeover. NanoNode must also send DISCONNECT 0x8E on takeover ([MQTT-3.1.4-3]); Mosquitto 2.0.11
// closes the old connection without one, so that check is not asked of it.
namespace NanoNode.Broker.Tests;

using NanoNode.Tests.Shared;

public sealed class Mqtt5_MqttJsScenario
{
    [Fact]
    public async Task Test()
    {
        string js = ThirdParty_MqttJsScenario.JsFolder();
        string script = Path.Combine(js, "mqttjs5_scenario.mjs");
        Assert.True(File.Exists(Path.Combine(js, "node_modules", "mqtt", "package.json")), "MQTT.js is not installed: run npm ci in tests/Js (tools/test.sh does)");

        await using (var broker = await BrokerFixture.StartAsync())
        {
            var ours = Tools.Run("node", new[] { script, $"mqtt://127.0.0.1:{broker.Port}", "require-8e" }, 120);
            Assert.True(ours.ExitCode == 0 && ours.Output.Contains("PASS"), $"NanoNode broker:\n{ours.Output}\n{ours.Error}");
        }

        using var mosquitto = new MosquittoFixture();
        var theirs = Tools.Run("node", new[] { script, $"mqtt://127.0.0.1:{mosquitto.Port}" }, 120);
        Assert.True(theirs.ExitCode == 0 && theirs.Output.Contains("PASS"), $"Mosquitto:\n{theirs.Output}\n{theirs.Error}");
    }
}
