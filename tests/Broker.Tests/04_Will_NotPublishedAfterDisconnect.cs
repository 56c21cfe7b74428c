// A client that sends DISCONNECT has its will discarded, not published [MQTT-3.14.4-3].
namespace NanoNode.Broker.Tests;

public sealed class Will_NotPublishedAfterDisconnect
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Tools.SubBackground(broker.Port, "-t", "will/#", "-v");
        Assert.True(sub.WaitForSubscribed());
        Paho.Run(new { port = broker.Port, client_id = "will-2", will = new { topic = "will/will-2", payload = "offline", qos = 1 }, end = "disconnect" });
        // A marker published afterwards proves the subscriber would have seen the will by now.
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "will/marker", "-m", "m", "-q", "1").ExitCode);
        Assert.True(Tools.WaitUntil(() => sub.Messages.Contains("will/marker m")));
        Assert.DoesNotContain("will/will-2 offline", sub.Messages);
        Assert.Equal(0, Interlocked.Read(ref broker.Broker.Stats.WillsPublished));
    }
}
