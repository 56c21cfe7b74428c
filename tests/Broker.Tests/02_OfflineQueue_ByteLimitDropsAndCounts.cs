// With MaxQueuedBytes for three 1,000-byte messages, an offline session keeps three, drops (and counts) the fourth,
// which does not fit, and still takes a small fifth that does: the byte limit holds independently of the message limit.
namespace NanoNode.Broker.Tests;

public sealed class OfflineQueue_ByteLimitDropsAndCounts
{
    [Fact]
    public async Task Test()
    {
        // A queued message costs topic + payload + 64 bytes: 5 + 1000 + 64 = 1069; three = 3207, four = 4276.
        await using var broker = await BrokerFixture.StartAsync(o => o.MaxQueuedBytes = 3500);
        Assert.Equal(10000, broker.Options.MaxQueuedMessages);
        Paho.Run(new { port = broker.Port, client_id = "bytes-1", clean = false, subscribe = new[] { new object[] { "ovb/t", 1 } } });
        long droppedBefore = Interlocked.Read(ref broker.Broker.Stats.Dropped);
        var big = new string('b', 996);
        foreach (var payload in new[] { "m0::" + big, "m1::" + big, "m2::" + big, "m3::" + big, "m4" })
        {
            Assert.Equal(0, Tools.Pub(broker.Port, "-t", "ovb/t", "-m", payload, "-q", "1").ExitCode);
        }

        var session = broker.Broker.FindSession("bytes-1")!;
        lock (session.Gate)
        {
            Assert.Equal(4, session.QueuedCount);
            Assert.Equal(3 * 1069 + (5 + 2 + 64), session.QueuedBytes);
        }

        Assert.Equal(1, Interlocked.Read(ref broker.Broker.Stats.Dropped) - droppedBefore);
        var back = Paho.Run(new { port = broker.Port, client_id = "bytes-1", clean = false, expect = 4, linger = 0.5 });
        Assert.Equal(new[] { "m0", "m1", "m2", "m4" }, Paho.Messages(back).Select(m => ((string)m["payload"]!).Split("::")[0]).ToArray());
    }
}
