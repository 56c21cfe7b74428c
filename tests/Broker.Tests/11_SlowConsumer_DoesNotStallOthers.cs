// A QoS 1 subscriber that never reads its socket does not stall the others: the publisher keeps getting PUBACKs, a
// second subscriber receives all 5,000 messages, the stuck one's overflow is dropped and counted.
// Every session has the same queue limit (500), so the stream goes in chunks of 250, each one after the healthy
// subscriber has the previous: its backlog then never reaches the limit however slowly it reads on a loaded machine,
// while the stuck one overflows in the third chunk.
namespace NanoNode.Broker.Tests;

public sealed class SlowConsumer_DoesNotStallOthers
{
    private const int Total = 5000;
    private const int Chunk = 250;

    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.MaxQueuedMessages = 500);
        using var stuck = new RawClient(broker.Port, receiveBuffer: 4096);
        stuck.Connect("stuck");
        stuck.Subscribe("slow/t", 1);
        using var sub = Tools.SubBackground(broker.Port, "-t", "slow/t", "-q", "1", "-C", Total.ToString());
        Assert.True(sub.WaitForSubscribed());
        var payload = new string('x', 1000);
        for (int start = 0; start < Total; start += Chunk)
        {
            var lines = string.Concat(Enumerable.Range(start, Chunk).Select(i => i + payload + "\n"));
            var r = Tools.Run("/usr/bin/mosquitto_pub", new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", "slow/t", "-q", "1", "-l" }, 60, lines);
            Assert.True(r.ExitCode == 0, $"publisher exit {r.ExitCode} in the chunk from {start}: {r.Error}");
            int expected = start + Chunk;
            Assert.True(Tools.WaitUntil(() => sub.Messages.Length >= expected, 60), $"{sub.Messages.Length} of {expected} received; {Describe(broker, sub)}");
        }

        sub.WaitForExit(60);
        var received = sub.Messages.Select(l => int.Parse(l[..l.IndexOf('x')])).ToList();
        Assert.True(received.Count == Total && received.ToHashSet().SetEquals(Enumerable.Range(0, Total)), $"{received.Count} received, {received.Distinct().Count()} distinct; {Describe(broker, sub)}");
        var stats = broker.Broker.Stats;
        Assert.True(Interlocked.Read(ref stats.Dropped) > 0, "the stuck subscriber's overflow should be dropped and counted");
        Assert.True(broker.Broker.FindSession("stuck")!.QueuedCount <= 500);
    }

    private static string Describe(BrokerFixture broker, BackgroundProcess sub)
        => "dropped " + Interlocked.Read(ref broker.Broker.Stats.Dropped) + "; sessions: " +
            string.Join(", ", broker.Broker.Sessions.Select(x => $"{x.ClientId} inflight {x.InflightCount} queued {x.QueuedCount} connected {x.Connection != null}")) +
            $" tail: {string.Join(" | ", sub.Lines.TakeLast(2).Select(l => l.Length > 60 ? l[..60] + "..." : l))}";
}
