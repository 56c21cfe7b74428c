// A retained PUBLISH forwarded to an existing subscriber carries RETAIN=0 [MQTT-3.3.1-9].
namespace NanoNode.Broker.Tests;

public sealed class Retained_LiveDeliveryHasRetainFlagClear
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Paho.Start(new { port = broker.Port, subscribe = new[] { new object[] { "live/a", 0 } }, expect = 1 });
        Assert.True(Tools.WaitUntil(() => sub.Lines.Any(l => l.Contains("subscribed"))));
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "live/a", "-m", "x", "-r").ExitCode);
        Assert.True(sub.WaitForExit(15));
        var m = Assert.Single(Paho.Messages(Paho.Events(sub)));
        Assert.Equal(0, (int)m["retain"]!);
    }
}
