// A packet larger than MaxPacketSize closes the connection before its body is buffered.
namespace NanoNode.Broker.Tests;

public sealed class Malformed_OversizedPacketCloses
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.MaxPacketSize = 1024);
        using var c = new RawClient(broker.Port);
        c.Connect("big");
        c.Send([0x30, 0x80, 0x80, 0x04]); // PUBLISH announcing 65,536 bytes
        Assert.True(c.WaitClosed());
    }
}
