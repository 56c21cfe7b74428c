// A QoS 2 publish to a QoS 0 subscription is delivered at QoS 0: min(publish QoS, granted QoS) [MQTT-3.8.4-6].
namespace NanoNode.Broker.Tests;

public sealed class Qos_DowngradedToSubscription
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Paho.Start(new { port = broker.Port, client_id = "down-sub", subscribe = new[] { new object[] { "down/t", 0 } }, expect = 1 });
        Assert.True(Tools.WaitUntil(() => sub.Lines.Any(l => l.Contains("subscribed"))));
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "down/t", "-m", "x", "-q", "2").ExitCode);
        Assert.True(sub.WaitForExit(15));
        var m = Assert.Single(Paho.Messages(Paho.Events(sub)));
        Assert.Equal(0, (int)m["qos"]!);
    }
}
