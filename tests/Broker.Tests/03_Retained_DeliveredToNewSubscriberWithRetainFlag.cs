// A retained message is delivered to a later subscriber with RETAIN=1 [MQTT-3.3.1-6] [MQTT-3.3.1-8].
namespace NanoNode.Broker.Tests;

public sealed class Retained_DeliveredToNewSubscriberWithRetainFlag
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "ret/a", "-m", "kept", "-r", "-q", "1").ExitCode);
        var events = Paho.Run(new { port = broker.Port, subscribe = new[] { new object[] { "ret/#", 1 } }, expect = 1 });
        var m = Assert.Single(Paho.Messages(events));
        Assert.Equal("kept", (string)m["payload"]!);
        Assert.Equal(1, (int)m["retain"]!);
    }
}
