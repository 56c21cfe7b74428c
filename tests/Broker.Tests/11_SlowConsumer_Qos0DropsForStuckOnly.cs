// QoS 0 to a subscriber that never reads its socket: its connection queue stops at MaxConnectionQueueBytes and the
// rest is dropped and counted, while a second QoS 0 subscriber receives every message. The stream goes in chunks of
// 200 x ~1 KB (below the 256 KiB limit), each after the healthy subscriber has the previous one, so only the stuck
// connection can ever reach the limit. It goes on until the broker has dropped something (at most 20 MB): before the
// broker's queue fills, the stuck connection's kernel send buffer (autotuned up to net.ipv4.tcp_wmem's maximum, 4 MB by
// default) and its output pipe take their share.
namespace NanoNode.Broker.Tests;

public sealed class SlowConsumer_Qos0DropsForStuckOnly
{
    private const int Limit = 20000;
    private const int Chunk = 200;

    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.MaxConnectionQueueBytes = 256 * 1024);
        using var stuck = new RawClient(broker.Port, receiveBuffer: 4096);
        stuck.Connect("stuck-0");
        stuck.Subscribe("slow0/t", 0);
        using var sub = Tools.SubBackground(broker.Port, "-t", "slow0/t", "-q", "0");
        Assert.True(sub.WaitForSubscribed());
        var payload = new string('x', 1000);
        int published = 0;
        while (published < Limit && Interlocked.Read(ref broker.Broker.Stats.Dropped) == 0)
        {
            var lines = string.Concat(Enumerable.Range(published, Chunk).Select(i => i + payload + "\n"));
            var r = Tools.Run("/usr/bin/mosquitto_pub", new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", "slow0/t", "-q", "0", "-l" }, 60, lines);
            Assert.True(r.ExitCode == 0, $"publisher exit {r.ExitCode} in the chunk from {published}: {r.Error}");
            published += Chunk;
            Assert.True(Tools.WaitUntil(() => sub.Messages.Length >= published, 60), $"{sub.Messages.Length} of {published} received, dropped {Interlocked.Read(ref broker.Broker.Stats.Dropped)}");
        }

        Assert.True(Interlocked.Read(ref broker.Broker.Stats.Dropped) > 0, $"nothing dropped for the stuck subscriber after {published} messages");
        var received = sub.Messages.Select(l => int.Parse(l[..l.IndexOf('x')])).ToList();
        Assert.True(received.Count == published && received.ToHashSet().SetEquals(Enumerable.Range(0, published)), $"{received.Count} received, {received.Distinct().Count()} distinct of {published}");
    }
}
