// A connection whose first packet is not CONNECT is closed without any answer [MQTT-3.1.0-1].
namespace NanoNode.Broker.Tests;

public sealed class Connect_FirstPacketMustBeConnect
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var c = new RawClient(broker.Port);
        c.Send([0xC0, 0x00]); // PINGREQ
        Assert.Null(c.Receive());
        Assert.True(c.Closed);
    }
}
