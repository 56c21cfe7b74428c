// Packets that arrive just before the client's FIN are still processed: 200 clients (each with a will) write a QoS 0
// PUBLISH and DISCONNECT in one segment and close at once. Every message is delivered and no will is published
// [MQTT-3.14.4-3] (the peer's close must not cancel processing of what was already received).
namespace NanoNode.Broker.Tests;

using NanoNode.Mqtt;

public sealed class Connect_PacketsBeforeCloseAreProcessed
{
    private const int Clients = 200;

    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = new RawClient(broker.Port);
        sub.Connect("fin-sub");
        sub.Subscribe("fin/#", 0);
        var disconnect = new byte[2];
        DisconnectPacket.Encode(disconnect, 0, 2, out _);
        for (int i = 0; i < Clients; i++)
        {
            using var c = new RawClient(broker.Port);

            // CONNACK read first, so the close below is a FIN rather than a reset over unread data.
            c.Connect("fin-" + i, willTopic: "fin/will", willMessage: "gone");
            var t = System.Text.Encoding.UTF8.GetBytes("fin/t");
            var p = System.Text.Encoding.UTF8.GetBytes(i.ToString());
            var buf = new byte[64];
            Assert.Equal(MqttStatus.Ok, PublishPacket.Encode(buf, 0, buf.Length, t, 0, t.Length, 0, false, false, 0, p, 0, p.Length, out int n));
            c.Send(buf.AsSpan(0, n).ToArray().Concat(disconnect).ToArray());
        }

        // A marker from a last client proves everything before it was routed (one subscriber: delivered in order).
        using (var last = new RawClient(broker.Port))
        {
            last.Connect("fin-last");
            last.Publish("fin/t", "end", 1, 1);
            last.Expect(MqttPacketType.PubAck);
        }

        var payloads = new List<string>();
        while (true)
        {
            var m = sub.Receive(15);
            Assert.True(m != null, $"subscriber got no marker; got {payloads.Count} messages");
            if (m!.Type != MqttPacketType.Publish)
            {
                continue;
            }

            if (m.Topic == "fin/t" && m.Payload == "end")
            {
                break;
            }

            payloads.Add(m.Topic + " " + m.Payload);
        }

        var wills = payloads.Where(x => x.StartsWith("fin/will", StringComparison.Ordinal)).ToList();
        var missing = Enumerable.Range(0, Clients).Select(i => "fin/t " + i).Except(payloads).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {Clients} QoS 0 messages sent just before the close were dropped, e.g. {string.Join(",", missing.Take(5))}");
        Assert.True(wills.Count == 0, $"{wills.Count} wills published after DISCONNECT");
        Assert.Equal(0, Interlocked.Read(ref broker.Broker.Stats.WillsPublished));
    }
}
