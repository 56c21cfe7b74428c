// '+' matches exactly one level: "s/+/t" gets "s/a/t" but not "s/a/b/t" [MQTT-4.7.1-3].
namespace NanoNode.Broker.Tests;

public sealed class Wildcard_PlusMatchesOneLevel
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Tools.SubBackground(broker.Port, "-t", "s/+/t", "-v");
        Assert.True(sub.WaitForSubscribed());
        Tools.Pub(broker.Port, "-t", "s/a/b/t", "-m", "no");
        Tools.Pub(broker.Port, "-t", "s/a/t", "-m", "yes");
        Assert.True(Tools.WaitUntil(() => sub.Messages.Contains("s/a/t yes")));
        Assert.DoesNotContain("s/a/b/t no", sub.Messages);
    }
}
