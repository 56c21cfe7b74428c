// In production mode an anonymous CONNECT is refused with CONNACK 5 (not authorized), even from loopback.
namespace NanoNode.Broker.Tests;

public sealed class Anonymous_RefusedInProductionMode
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.DevelopmentMode = false);
        using var c = new RawClient(broker.Port);
        Assert.Equal(5, c.Connect("anon").ReturnCode);
        Assert.True(c.WaitClosed());
        var r = Tools.Sub(broker.Port, "-t", "a", "-C", "1", "-W", "3");
        Assert.NotEqual(0, r.ExitCode);
    }
}
