// A will with RETAIN=1 becomes the retained message of its topic (the NanoNode status topic pattern, DESIGN §5).
namespace NanoNode.Broker.Tests;

public sealed class Will_RetainedWillStored
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        Paho.Run(new { port = broker.Port, client_id = "will-3", will = new { topic = "nanonode/will-3/status", payload = "offline", qos = 1, retain = true }, end = "abort" });
        var r = Tools.Sub(broker.Port, "-t", "nanonode/will-3/status", "-C", "1", "-W", "5");
        Assert.Equal("offline", r.Output.Trim());
    }
}
