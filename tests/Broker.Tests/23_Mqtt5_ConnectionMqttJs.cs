// MQTT.js (npm "mqtt", pinned in tests/Js) with protocolVersion 5 runs tests/Js/mqttjs5_connection.mjs (every ack
// awaited) against NanoNode's broker (MaxKeepAliveSeconds 10, ReceiveMaximum 2) and against Mosquitto 2.0.11 configured
// to match (max_keepalive 10, max_inflight_messages 2) in the same test: Server Keep Alive, Receive Maximum and Response
// Information in CONNACK, the Reason String of a PUBACK 0x87 and its absence with Request Problem Information 0, and a
// client exceeding the broker's Receive Maximum: DISCONNECT 0x93 from NanoNode; Mosquitto answers PUBREC 0x97 instead
// (the script asks each broker for what it does, see its header). The count reaches $SYS/broker/clients/receive maximum
// exceeded (mosquitto_sub -V mqttv5).
namespace NanoNode.Broker.Tests;

using NanoNode.Tests.Shared;

public sealed class Mqtt5_ConnectionMqttJs
{
    [Fact]
    public async Task Test()
    {
        string js = ThirdParty_MqttJsScenario.JsFolder();
        string script = Path.Combine(js, "mqttjs5_connection.mjs");
        Assert.True(File.Exists(Path.Combine(js, "node_modules", "mqtt", "package.json")), "MQTT.js is not installed: run npm ci in tests/Js (tools/test.sh does)");

        await using (var broker = await BrokerFixture.StartAsync(o =>
        {
            o.MaxKeepAliveSeconds = 10;
            o.ReceiveMaximum = 2;
        }))
        {
            var ours = Tools.Run("node", new[] { script, $"mqtt://127.0.0.1:{broker.Port}", "nanonode" }, 120);
            Assert.True(ours.ExitCode == 0 && ours.Output.Contains("PASS"), $"NanoNode broker:\n{ours.Output}\n{ours.Error}");
            Assert.Equal(1, Interlocked.Read(ref broker.Broker.Stats.ReceiveMaximumExceeded));

            // Counted in $SYS (read by mosquitto_sub -V mqttv5; the statistics are published every second in tests).
            using var sys = Tools.SubBackground(broker.Port, "-V", "mqttv5", "-t", "$SYS/broker/clients/receive maximum exceeded", "-v");
            Assert.True(Tools.WaitUntil(() => sys.Messages.Contains("$SYS/broker/clients/receive maximum exceeded 1")), string.Join("\n", sys.Messages));
        }

        using var mosquitto = new MosquittoFixture("max_keepalive 10\nmax_inflight_messages 2\n");
        var theirs = Tools.Run("node", new[] { script, $"mqtt://127.0.0.1:{mosquitto.Port}", "mosquitto" }, 120);
        Assert.True(theirs.ExitCode == 0 && theirs.Output.Contains("PASS"), $"Mosquitto:\n{theirs.Output}\n{theirs.Error}");
    }
}
