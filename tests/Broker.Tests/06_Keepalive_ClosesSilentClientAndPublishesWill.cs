// A client silent for 1.5 x its keep alive is disconnected and its will published [MQTT-3.1.2-24].
namespace NanoNode.Broker.Tests;

public sealed class Keepalive_ClosesSilentClientAndPublishesWill
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Tools.SubBackground(broker.Port, "-t", "ka/#", "-v", "-C", "1");
        Assert.True(sub.WaitForSubscribed());
        using var c = new RawClient(broker.Port);
        c.SendConnect("ka-1", keepAlive: 1, willTopic: "ka/ka-1", willMessage: "gone");
        Assert.Equal(0, c.Receive()!.ReturnCode);
        Assert.True(c.WaitClosed(15));
        Assert.True(sub.WaitForExit(10));
        Assert.Equal("ka/ka-1 gone", sub.Messages.Single());
        Assert.Equal(1, Interlocked.Read(ref broker.Broker.Stats.KeepaliveExpired));
    }
}
