// A SUBSCRIBE with an invalid filter ("a/#/b") is malformed: the broker closes that connection [MQTT-4.7.1-2] [MQTT-4.8.0-1].
namespace NanoNode.Broker.Tests;

public sealed class Subscribe_InvalidFilterClosesConnection
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var c = new RawClient(broker.Port);
        c.Connect("badfilter");
        // SUBSCRIBE id 1, filter "a/#/b", QoS 0.
        c.Send([0x82, 10, 0, 1, 0, 5, (byte)'a', (byte)'/', (byte)'#', (byte)'/', (byte)'b', 0]);
        Assert.True(c.WaitClosed());
    }
}
