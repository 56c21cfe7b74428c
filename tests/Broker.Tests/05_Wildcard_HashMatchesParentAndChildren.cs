// '#' matches the parent level and every level below: "h/#" gets "h", "h/x" and "h/x/y" [MQTT-4.7.1-2].
namespace NanoNode.Broker.Tests;

public sealed class Wildcard_HashMatchesParentAndChildren
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Tools.SubBackground(broker.Port, "-t", "h/#", "-v", "-C", "3");
        Assert.True(sub.WaitForSubscribed());
        Tools.Pub(broker.Port, "-t", "h", "-m", "1");
        Tools.Pub(broker.Port, "-t", "other", "-m", "no");
        Tools.Pub(broker.Port, "-t", "h/x", "-m", "2");
        Tools.Pub(broker.Port, "-t", "h/x/y", "-m", "3");
        Assert.True(sub.WaitForExit(10));
        Assert.Equal(new[] { "h 1", "h/x 2", "h/x/y 3" }, sub.Messages);
    }
}
