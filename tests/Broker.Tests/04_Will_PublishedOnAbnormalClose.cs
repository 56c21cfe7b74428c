// A client that closes its socket without DISCONNECT has its will published [MQTT-3.1.2-8].
namespace NanoNode.Broker.Tests;

public sealed class Will_PublishedOnAbnormalClose
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Tools.SubBackground(broker.Port, "-t", "will/#", "-C", "1", "-v");
        Assert.True(sub.WaitForSubscribed());
        Paho.Run(new { port = broker.Port, client_id = "will-1", will = new { topic = "will/will-1", payload = "offline", qos = 1 }, end = "abort" });
        Assert.True(sub.WaitForExit(10));
        Assert.Contains("will/will-1 offline", sub.Messages);
    }
}
