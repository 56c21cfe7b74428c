// Shared subscriptions $share/{ShareName}/{filter} (MQTT 5 §4.8.2; also for 3.1.1 clients, as Mosquitto does) with
// paho-python (Scripts/paho5_shared.py) against NanoNode's broker and against Mosquitto in the same test: an MQTT 5 and a
// 3.1.1 member of group "g" share the messages (each exactly once, both get some: round-robin), a group "h" of one gets
// every message, a plain subscriber too; SUBACK grants QoS 1 (not 0x9E); CONNACK does not say "unavailable".
// Then, NanoNode only: the ACL judges the real filter (a device may share its own topics, not another device's).
namespace NanoNode.Broker.Tests;

using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;
using NanoNode.Tests.Shared;

public sealed class Mqtt5_SharedSubscriptions
{
    private const int N = 10;

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

    [Fact]
    public async Task AclJudgesTheRealFilter()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.DevelopmentMode = false);
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        users.Add("dev-a", "pa", false, null, 1000);

        // 3.1.1 SUBACK codes from paho: the device's own topics may be shared, another device's may not.
        Assert.Equal(1, Granted(broker.Port, "$share/g/nanonode/dev-a/#"));
        Assert.Equal(128, Granted(broker.Port, "$share/g/nanonode/dev-b/#"));
        Assert.Equal(128, Granted(broker.Port, "$share/dev-a/nanonode/dev-b/#"));

        // Malformed share names: refused (0x80 in 3.1.1) rather than taken as a plain filter.
        Assert.Equal(128, Granted(broker.Port, "$share/g"));
        Assert.Equal(128, Granted(broker.Port, "$share//nanonode/dev-a/#"));
    }

    private static int Granted(int port, string filter)
    {
        var events = Paho.Run(new { port, username = "dev-a", password = "pa", subscribe = new[] { new object[] { filter, 1 } } });
        return (int)events.First(e => (string?)e["event"] == "suback")["granted"]![0]!;
    }

    private static void Check(int port, string name)
    {
        string b = "share/" + Guid.NewGuid().ToString("N")[..8];
        var (exit, lines, error) = Tools.Paho("paho5_shared.py", port.ToString(), b);
        Assert.True(exit == 0 && lines.Length > 0, $"{name}: script failed ({exit}): {error}");
        var o = JsonNode.Parse(lines[^1])!.AsObject();
        Assert.Equal("[0,0,0,0,0]", o["connack"]!.ToJsonString());
        Assert.Equal(1, (int)o["shared_available"]!);
        Assert.Equal("[[1],[1],[1],[1]]", o["suback"]!.ToJsonString());

        var all = Enumerable.Range(0, N).Select(i => "m" + i).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        string[] Strings(string key) => o[key]!.AsArray().Select(x => (string)x!).ToArray();
        var a = Strings("a");
        var g = Strings("b");
        Assert.True(a.Length > 0 && g.Length > 0, $"{name}: round-robin: v5 member got {a.Length}, 3.1.1 member got {g.Length}");
        Assert.Equal(all, a.Concat(g).OrderBy(s => s, StringComparer.Ordinal).ToArray());
        Assert.Equal(all, Strings("h"));
        Assert.Equal(all, Strings("plain"));
    }
}
