// MQTT.js (npm "mqtt", pinned in tests/Js) runs one scenario against NanoNode's broker and against Mosquitto in the same
// test: QoS 0/1/2 round trips, retained set/clear, will, persistent session, unsubscribe awaiting UNSUBACK, every ack
// it awaits checked (tests/Js/mqttjs_scenario.mjs).
namespace NanoNode.Broker.Tests;

using NanoNode.Tests.Shared;

public sealed class ThirdParty_MqttJsScenario
{
    [Fact]
    public async Task Test()
    {
        string js = JsFolder();
        string script = Path.Combine(js, "mqttjs_scenario.mjs");
        Assert.True(File.Exists(Path.Combine(js, "node_modules", "mqtt", "package.json")), "MQTT.js is not installed: run npm ci in tests/Js (tools/test.sh does)");

        await using (var broker = await BrokerFixture.StartAsync())
        {
            var ours = Tools.Run("node", new[] { script, $"mqtt://127.0.0.1:{broker.Port}" }, 120);
            Assert.True(ours.ExitCode == 0 && ours.Output.Contains("PASS"), $"NanoNode broker:\n{ours.Output}\n{ours.Error}");
        }

        using var mosquitto = new MosquittoFixture();
        var theirs = Tools.Run("node", new[] { script, $"mqtt://127.0.0.1:{mosquitto.Port}" }, 120);
        Assert.True(theirs.ExitCode == 0 && theirs.Output.Contains("PASS"), $"Mosquitto:\n{theirs.Output}\n{theirs.Error}");
    }

    /// <summary>tests/Js of this checkout, found upwards from the test binaries.</summary>
    internal static string JsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Js");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new Xunit.Sdk.XunitException("tests/Js not found above " + AppContext.BaseDirectory);
    }
}
