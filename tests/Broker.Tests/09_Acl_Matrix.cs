// ACL matrix: device A, device B, admin and anonymous, publishing and subscribing under A's subtree, B's, the fleet topic and $SYS.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;

public sealed class Acl_Matrix
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.DevelopmentMode = false);
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        users.Add("dev-a", "pa", false, null, 1000);
        users.Add("dev-b", "pb", false, null, 1000);
        users.Add("root", "pr", true, null, 1000);

        // Subscribe: granted QoS or 0x80 (paho reports 128).
        Assert.Equal(1, Granted(broker.Port, "dev-a", "pa", "nanonode/dev-a/#"));
        Assert.Equal(128, Granted(broker.Port, "dev-a", "pa", "nanonode/dev-b/#"));
        Assert.Equal(128, Granted(broker.Port, "dev-a", "pa", "nanonode/+/status"));
        Assert.Equal(1, Granted(broker.Port, "dev-a", "pa", "nanonode/all/config/set"));
        Assert.Equal(128, Granted(broker.Port, "dev-a", "pa", "$SYS/#"));
        Assert.Equal(1, Granted(broker.Port, "dev-b", "pb", "nanonode/dev-b/config/set"));
        Assert.Equal(1, Granted(broker.Port, "root", "pr", "#"));
        Assert.Equal(1, Granted(broker.Port, "root", "pr", "$SYS/#"));

        // Publish: only what arrives at an admin subscriber counts.
        using var spy = Tools.SubBackground(broker.Port, "-u", "root", "-P", "pr", "-t", "nanonode/#", "-v");
        Assert.True(spy.WaitForSubscribed());
        Assert.Equal(0, Tools.Pub(broker.Port, "-u", "dev-a", "-P", "pa", "-t", "nanonode/dev-a/telemetry", "-m", "a-own", "-q", "1").ExitCode);
        Assert.Equal(0, Tools.Pub(broker.Port, "-u", "dev-a", "-P", "pa", "-t", "nanonode/dev-b/config/set", "-m", "a-into-b", "-q", "1").ExitCode);
        Assert.Equal(0, Tools.Pub(broker.Port, "-u", "dev-a", "-P", "pa", "-t", "nanonode/all/config/set", "-m", "a-fleet", "-q", "1").ExitCode);
        Assert.Equal(0, Tools.Pub(broker.Port, "-u", "dev-b", "-P", "pb", "-t", "nanonode/dev-b/status", "-m", "b-own", "-q", "1").ExitCode);
        Assert.Equal(0, Tools.Pub(broker.Port, "-u", "root", "-P", "pr", "-t", "nanonode/all/config/set", "-m", "admin-fleet", "-q", "1").ExitCode);
        Assert.True(Tools.WaitUntil(() => spy.Messages.Contains("nanonode/all/config/set admin-fleet")));
        Assert.Equal(new[] { "nanonode/dev-a/telemetry a-own", "nanonode/dev-b/status b-own", "nanonode/all/config/set admin-fleet" }, spy.Messages);

        // Anonymous: refused outright in production mode.
        using var anon = new RawClient(broker.Port);
        Assert.Equal(5, anon.Connect("anon").ReturnCode);
    }

    private static int Granted(int port, string user, string password, string filter)
    {
        var events = Paho.Run(new { port, username = user, password, subscribe = new[] { new object[] { filter, 1 } } });
        return (int)events.First(e => (string?)e["event"] == "suback")["granted"]![0]!;
    }
}
