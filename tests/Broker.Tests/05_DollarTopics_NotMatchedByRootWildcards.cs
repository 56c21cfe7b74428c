// Topics starting with '$' are not matched by filters starting with '#' or '+' [MQTT-4.7.2-1], but by "$SYS/#".
namespace NanoNode.Broker.Tests;

public sealed class DollarTopics_NotMatchedByRootWildcards
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var all = Tools.SubBackground(broker.Port, "-t", "#", "-t", "+/broker/#", "-v");
        using var sys = Tools.SubBackground(broker.Port, "-t", "$SYS/#", "-v", "-C", "1");
        Assert.True(all.WaitForSubscribed());
        Assert.True(sys.WaitForSubscribed());
        Assert.True(sys.WaitForExit(10));
        Assert.StartsWith("$SYS/broker/", sys.Messages.First());

        // A live (not retained) '$' message routed while "#" and "+/..." are subscribed: delivered to "$app/#" only.
        // It is routed to the subscribers' queues before the PUBACK, so the marker after it arrives after it.
        using var app = Tools.SubBackground(broker.Port, "-t", "$app/#", "-v", "-C", "1");
        Assert.True(app.WaitForSubscribed());
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "$app/broker/x", "-m", "live", "-q", "1").ExitCode);
        Assert.True(app.WaitForExit(10));
        Assert.Equal(new[] { "$app/broker/x live" }, app.Messages);
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "plain", "-m", "marker", "-q", "1").ExitCode);
        Assert.True(Tools.WaitUntil(() => all.Messages.Contains("plain marker")));
        Assert.DoesNotContain(all.Messages, l => l.StartsWith('$'));
    }
}
