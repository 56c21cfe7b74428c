// paho-mqtt (Debian python3-paho-mqtt 1.6) with protocol=MQTTv5 beside a 3.1.1 paho client, one scenario
// (Scripts/paho5_scenario.py, every ack awaited) against NanoNode's broker and against Mosquitto in the same test:
// assigned client id, SUBACK, QoS 0/1/2 with user properties / content type / response topic / correlation data /
// payload format forwarded unchanged v5 -> v5 and dropped toward 3.1.1, a 3.1.1 message reaching the v5 client without
// properties, UNSUBACK reason codes 0x00 and 0x11.
namespace NanoNode.Broker.Tests;

using System.Text.Json.Nodes;
using NanoNode.Tests.Shared;

public sealed class Mqtt5_PahoScenario
{
    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync())
        {
            Check(broker.Port, "NanoNode");
        }

        using var mosquitto = new MosquittoFixture();
        Check(mosquitto.Port, "Mosquitto");
    }

    private static void Check(int port, string name)
    {
        string b = "paho5/" + Guid.NewGuid().ToString("N")[..8];
        var (exit, lines, error) = Tools.Paho("paho5_scenario.py", port.ToString(), b);
        Assert.True(exit == 0 && lines.Length > 0, $"{name}: script failed ({exit}): {error}");
        var o = JsonNode.Parse(lines[^1])!.AsObject();
        Assert.Equal(0, (int)o["v5_connack"]!);
        Assert.True((bool)o["assigned_client_id"]!, name + ": Assigned Client Identifier");
        Assert.Equal(0, (int)o["v3_connack"]!);
        Assert.Equal("[2]", o["v5_suback"]!.ToJsonString());
        Assert.Equal("[2]", o["v3_suback"]!.ToJsonString());
        Assert.Equal("[true,true,true]", o["v5_published"]!.ToJsonString());
        Assert.True((bool)o["v3_published"]!, name);

        var v5 = o["v5_messages"]!.AsArray();
        Assert.Equal(4, v5.Count);
        Assert.Equal(("plain", 1), ((string)v5[0]!["payload"]!, (int)v5[0]!["qos"]!));
        Assert.Equal($"{b}/from3", (string)v5[0]!["topic"]!);
        Assert.Equal("[]", v5[0]!["user"]!.ToJsonString());
        Assert.Null(v5[0]!["ContentType"]);
        for (int q = 0; q < 3; q++)
        {
            var m = v5[q + 1]!;
            Assert.Equal($"{b}/t{q}", (string)m["topic"]!);
            Assert.Equal(("{\"n\":" + q + "}", q), ((string)m["payload"]!, (int)m["qos"]!));
            Assert.Equal("[[\"a\",\"1\"],[\"a\",\"2\"],[\"b\",\"x\"]]", m["user"]!.ToJsonString());
            Assert.Equal("application/json", (string)m["ContentType"]!);
            Assert.Equal($"{b}/reply", (string)m["ResponseTopic"]!);
            Assert.Equal("010203ff", (string)m["CorrelationData"]!);
            Assert.Equal(1, (int)m["PayloadFormatIndicator"]!);
        }

        // The 3.1.1 client sees the bare payloads (a property section would have shown up in them).
        var v3 = o["v3_messages"]!.AsArray();
        Assert.Equal(new[] { $"{b}/from3 plain 1", $"{b}/t0 {{\"n\":0}} 0", $"{b}/t1 {{\"n\":1}} 1", $"{b}/t2 {{\"n\":2}} 2" },
            v3.Select(m => $"{m!["topic"]} {m["payload"]} {m["qos"]}").ToArray());

        Assert.Equal("[0,17]", o["v5_unsuback"]!.ToJsonString());
    }
}
