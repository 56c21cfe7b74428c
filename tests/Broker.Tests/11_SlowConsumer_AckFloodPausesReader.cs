// A client that floods QoS 1 PUBLISH and never reads its PUBACKs: the broker stops reading it once its own outbound queue
// holds more than ReaderPauseAbove packets (TCP then holds the client back) instead of queueing acks without bound, other
// clients are served meanwhile, and the paused connection closes cleanly.
namespace NanoNode.Broker.Tests;

using NanoNode.BrokerHost.Mqtt;

public sealed class SlowConsumer_AckFloodPausesReader
{
    private const int MaxPackets = 2_000_000;
    private const int Batch = 1000;

    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var flooder = new RawClient(broker.Port, receiveBuffer: 4096);
        flooder.Connect("flooder");

        // QoS 1 PUBLISH "flood/t" payload "x": 0x32, remaining length 12, topic (2 + 7), packet id (2), payload (1).
        var batch = new byte[Batch * 14];
        long sentPackets = 0;
        var sender = new Thread(() =>
        {
            try
            {
                for (int p = 0; p < MaxPackets; p += Batch)
                {
                    for (int i = 0; i < Batch; i++)
                    {
                        int id = (p + i) % 65535 + 1;
                        byte[] packet = { 0x32, 12, 0, 7, (byte)'f', (byte)'l', (byte)'o', (byte)'o', (byte)'d', (byte)'/', (byte)'t', (byte)(id >> 8), (byte)id, (byte)'x' };
                        packet.CopyTo(batch, i * 14);
                    }

                    flooder.Send(batch);
                    Interlocked.Add(ref sentPackets, Batch);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The socket was aborted below while this send was blocked: the expected end.
            }
        }) { IsBackground = true };
        sender.Start();

        Assert.True(
            Tools.WaitUntil(() => Interlocked.Read(ref broker.Broker.Stats.ReaderPauses) > 0 || !sender.IsAlive, 120),
            $"no reader pause after {Interlocked.Read(ref sentPackets)} packets");
        Assert.True(Interlocked.Read(ref broker.Broker.Stats.ReaderPauses) > 0, $"the flooder sent all {MaxPackets} packets and the broker never paused its reader");
        Assert.True(Interlocked.Read(ref sentPackets) < MaxPackets, "every packet was accepted");

        // Others are served while the flooder is held back.
        using var sub = Tools.SubBackground(broker.Port, "-t", "ok/t", "-q", "1");
        Assert.True(sub.WaitForSubscribed());
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "ok/t", "-m", "still-served", "-q", "1").ExitCode);
        Assert.True(Tools.WaitUntil(() => sub.Messages.Contains("still-served")));

        // The paused connection goes away when its client does.
        long before = Interlocked.Read(ref broker.Broker.Stats.Connections);
        flooder.Abort();
        flooder.Dispose();
        Assert.True(sender.Join(TimeSpan.FromSeconds(30)), "the flooder's send did not end after the abort");
        Assert.True(Tools.WaitUntil(() => Interlocked.Read(ref broker.Broker.Stats.Connections) < before, 30), "the paused connection was not closed");
    }
}
