// A device login may subscribe to nanonode/all/cmd/announce (the device manager's request to republish status, info and config) but not publish it, nor read other fleet commands.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;

public sealed class Acl_DeviceMayReadFleetAnnounce
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.DevelopmentMode = false);
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        users.Add("dev-a", "pa", false, null, 1000);
        users.Add("root", "pr", true, null, 1000);

        // Subscribe: the announce topic exactly; not other fleet commands, not wildcards over the fleet level.
        Assert.Equal(1, Granted(broker.Port, "dev-a", "pa", "nanonode/all/cmd/announce"));
        Assert.Equal(128, Granted(broker.Port, "dev-a", "pa", "nanonode/all/cmd/reboot"));
        Assert.Equal(128, Granted(broker.Port, "dev-a", "pa", "nanonode/all/cmd/+"));
        Assert.Equal(128, Granted(broker.Port, "dev-a", "pa", "nanonode/all/#"));
        Assert.Equal(128, Granted(broker.Port, "dev-a", "pa", "nanonode/all/cmd/announce/x"));
        Assert.Equal(128, Granted(broker.Port, "dev-a", "pa", "other/all/cmd/announce"));

        // The admin's announce reaches the device; the device's own publish to the fleet topic is dropped.
        using var device = Tools.SubBackground(broker.Port, "-u", "dev-a", "-P", "pa", "-t", "nanonode/all/cmd/announce", "-v");
        Assert.True(device.WaitForSubscribed());
        Assert.Equal(0, Tools.Pub(broker.Port, "-u", "dev-a", "-P", "pa", "-t", "nanonode/all/cmd/announce", "-m", "from-device", "-q", "1").ExitCode);
        Assert.Equal(0, Tools.Pub(broker.Port, "-u", "root", "-P", "pr", "-t", "nanonode/all/cmd/announce", "-m", "from-admin", "-q", "1").ExitCode);
        Assert.True(Tools.WaitUntil(() => device.Messages.Contains("nanonode/all/cmd/announce from-admin")));
        Assert.Equal(new[] { "nanonode/all/cmd/announce from-admin" }, device.Messages);
    }

    private static int Granted(int port, string user, string password, string filter)
    {
        var events = Paho.Run(new { port, username = user, password, subscribe = new[] { new object[] { filter, 1 } } });
        return (int)events.First(e => (string?)e["event"] == "suback")["granted"]![0]!;
    }
}
