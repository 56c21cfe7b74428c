// A second CONNECT on a connection is a protocol violation: the broker closes the connection [MQTT-3.1.0-2].
namespace NanoNode.Broker.Tests;

public sealed class Connect_SecondConnectCloses
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var c = new RawClient(broker.Port);
        Assert.Equal(0, c.Connect("twice").ReturnCode);
        c.SendConnect("twice");
        Assert.True(c.WaitClosed());
    }
}
