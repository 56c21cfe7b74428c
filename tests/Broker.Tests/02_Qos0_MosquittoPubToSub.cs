// A QoS 0 message from mosquitto_pub reaches a mosquitto_sub subscriber.
namespace NanoNode.Broker.Tests;

public sealed class Qos0_MosquittoPubToSub
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Tools.SubBackground(broker.Port, "-t", "q0/t", "-q", "0", "-C", "1", "-v");
        Assert.True(sub.WaitForSubscribed());
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "q0/t", "-m", "hello", "-q", "0").ExitCode);
        Assert.True(sub.WaitForExit(10));
        Assert.Contains("q0/t hello", sub.Messages);
    }
}
