// A QoS 1 subscriber that never reads its socket does not stall the others: a second subscriber receives all 5,000 messages, the stuck one's overflow is dropped and counted.
namespace NanoNode.Broker.Tests;

public sealed class SlowConsumer_DoesNotStallOthers
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.MaxQueuedMessages = 500);
        using var stuck = new RawClient(broker.Port, receiveBuffer: 4096);
        stuck.Connect("stuck");
        stuck.Subscribe("slow/t", 1);
        using var sub = Tools.SubBackground(broker.Port, "-t", "slow/t", "-q", "1", "-C", "5000");
        Assert.True(sub.WaitForSubscribed());
        var payload = new string('x', 1000);
        var lines = string.Concat(Enumerable.Range(0, 5000).Select(i => i + payload + "\n"));
        var r = Tools.Run("/usr/bin/mosquitto_pub", new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", "slow/t", "-q", "1", "-l" }, 60, lines);
        Assert.Equal(0, r.ExitCode);
        sub.WaitForExit(60);
        Assert.True(5000 == sub.Messages.Length, $"{sub.Messages.Length} received; sessions: " + string.Join(", ", broker.Broker.Sessions.Select(x => $"{x.ClientId} inflight {x.InflightCount} queued {x.QueuedCount} connected {x.Connection != null}")) + $" tail: {string.Join(" | ", sub.Lines.TakeLast(4))}");
        var stats = broker.Broker.Stats;
        Assert.True(Interlocked.Read(ref stats.Dropped) > 0, "the stuck subscriber's overflow should be dropped and counted");
        Assert.True(broker.Broker.FindSession("stuck")!.QueuedCount <= 500);
    }
}
