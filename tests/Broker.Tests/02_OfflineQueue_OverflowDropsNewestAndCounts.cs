// With MaxQueuedMessages=3, an offline session keeps the first 3 of 6 messages; the 3 newest are dropped and counted.
namespace NanoNode.Broker.Tests;

public sealed class OfflineQueue_OverflowDropsNewestAndCounts
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.MaxQueuedMessages = 3);
        Paho.Run(new { port = broker.Port, client_id = "overflow-1", clean = false, subscribe = new[] { new object[] { "ovf/t", 1 } } });
        long droppedBefore = Interlocked.Read(ref broker.Broker.Stats.Dropped);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(0, Tools.Pub(broker.Port, "-t", "ovf/t", "-m", "m" + i, "-q", "1").ExitCode);
        }

        var back = Paho.Run(new { port = broker.Port, client_id = "overflow-1", clean = false, expect = 3, linger = 0.5 });
        Assert.Equal(new[] { "m0", "m1", "m2" }, Paho.Messages(back).Select(m => (string)m["payload"]!).ToArray());
        Assert.Equal(3, Interlocked.Read(ref broker.Broker.Stats.Dropped) - droppedBefore);
    }
}
