// ACL: a device user may publish its own Home Assistant discovery documents (homeassistant/<component>/<its id>/...), not another device's.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;

public sealed class Acl_DeviceMayPublishItsOwnDiscovery
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.DevelopmentMode = false);
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        users.Add("dev-a", "pa", false, null, 1000);
        users.Add("root", "pr", true, null, 1000);

        using var spy = Tools.SubBackground(broker.Port, "-u", "root", "-P", "pr", "-t", "homeassistant/#", "-v");
        Assert.True(spy.WaitForSubscribed());
        string[] attempts =
        {
            "homeassistant/sensor/dev-a/temperature_c/config own",
            "homeassistant/sensor/dev-b/temperature_c/config other-device",
            "homeassistant/dev-a/temperature_c/config no-component-level",
            "homeassistant/sensor/dev-a no-object-level",
            "homeassistantx/sensor/dev-a/temperature_c/config other-prefix",
        };
        foreach (string attempt in attempts)
        {
            string[] parts = attempt.Split(' ');
            Assert.Equal(0, Tools.Pub(broker.Port, "-u", "dev-a", "-P", "pa", "-t", parts[0], "-m", parts[1], "-q", "1").ExitCode);
        }

        // An admin publish after the device's marks the end: everything the broker routed of dev-a's has arrived by then.
        Assert.Equal(0, Tools.Pub(broker.Port, "-u", "root", "-P", "pr", "-t", "homeassistant/end", "-m", "end", "-q", "1").ExitCode);
        Assert.True(Tools.WaitUntil(() => spy.Messages.Contains("homeassistant/end end")));
        Assert.Equal(new[] { "homeassistant/sensor/dev-a/temperature_c/config own", "homeassistant/end end" }, spy.Messages);
    }
}
