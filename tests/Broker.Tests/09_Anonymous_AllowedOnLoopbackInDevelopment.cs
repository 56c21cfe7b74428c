// In development mode (the default) an anonymous client on loopback is accepted.
namespace NanoNode.Broker.Tests;

public sealed class Anonymous_AllowedOnLoopbackInDevelopment
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var c = new RawClient(broker.Port);
        Assert.Equal(0, c.Connect("anon").ReturnCode);
    }
}
