// MQTT 5 connection-level properties with paho-mqtt 1.6 (MQTTv5, Scripts/paho5_connection.py, every ack awaited),
// the same scenario against NanoNode's broker and against Mosquitto 2.0.11 in the same test:
// - Server Keep Alive (§3.2.2.3.14): both brokers limit keep alive to 10 s (MaxKeepAliveSeconds / max_keepalive); the
//   client asks 60 and CONNACK tells it 10;
// - Response Information (§3.2.2.3.15): asked for by a device user, NanoNode answers "nanonode/<device id>/response",
//   inside the subtree the ACL allows the device, and the client subscribes and publishes under it (a round trip).
//   Mosquitto sends none (the server MAY omit it);
// - Reason String on a SUBACK refusal (0x87 for a filter outside the client's ACL; §3.9.2.1.2) and on a CONNACK
//   refusal (0x8C for an Authentication Method, §3.2.2.3.10). Mosquitto 2.0.11 refuses the CONNECT with the same code
//   without a reason string (optional: the server MAY send one) and grants the SUBSCRIBE (its acl_file is applied at
//   delivery, not at SUBSCRIBE).
namespace NanoNode.Broker.Tests;

using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;
using NanoNode.Tests.Shared;

public sealed class Mqtt5_ConnectionPropertiesPaho
{
    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync(o => o.MaxKeepAliveSeconds = 10))
        {
            broker.Server.Services.GetRequiredService<UserStore>().Add("dev-a", "pa", false, null, 1000);
            var o = Run(broker.Port, "dev-a", "pa", "NanoNode");
            Assert.Equal(0, (int)o["rc"]!);
            Assert.Equal(10, (int)o["server_keep_alive"]!);
            Assert.Equal("nanonode/dev-a/response", (string?)o["response_information"]);
            Assert.Equal("[135]", o["refused_codes"]!.ToJsonString());
            Assert.Equal("not authorized to subscribe to a filter (0x87)", (string?)o["refused_reason"]);
            Assert.Equal("[1]", o["ri_codes"]!.ToJsonString());
            Assert.Equal("[\"answer\"]", o["ri_messages"]!.ToJsonString());
            Assert.Equal(0x8C, (int)o["auth_rc"]!);
            Assert.Equal("enhanced authentication is not supported", (string?)o["auth_reason"]);
        }

        // Anonymous clients on Mosquitto get the rights the device has on ours: only nanonode/dev-a/#.
        string acl = Path.Combine(Path.GetTempPath(), "nanonode-i11r-acl-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(acl, "topic readwrite nanonode/dev-a/#\n");
        try
        {
            using var mosquitto = new MosquittoFixture($"max_keepalive 10\nacl_file {acl}\n");
            var m = Run(mosquitto.Port, "-", "-", "Mosquitto");
            Assert.Equal(0, (int)m["rc"]!);
            Assert.Equal(10, (int)m["server_keep_alive"]!);
            Assert.Null(m["response_information"]);
            // Mosquitto 2.0.11's acl_file is not checked at SUBSCRIBE: it grants the filter and filters at delivery.
            Assert.Equal("[1]", m["refused_codes"]!.ToJsonString());
            Assert.Null(m["refused_reason"]);
            Assert.Equal(0x8C, (int)m["auth_rc"]!);
            Assert.Null(m["auth_reason"]);
        }
        finally
        {
            File.Delete(acl);
        }
    }

    private static JsonObject Run(int port, string user, string password, string name)
    {
        var (exit, lines, error) = Tools.Paho("paho5_connection.py", port.ToString(), user, password, "nanonode/dev-b/#");
        Assert.True(exit == 0 && lines.Length > 0, $"{name}: script failed ({exit}): {error}");
        return JsonNode.Parse(lines[^1])!.AsObject();
    }
}
