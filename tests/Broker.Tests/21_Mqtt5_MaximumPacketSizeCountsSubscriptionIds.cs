// The client's Maximum Packet Size is judged on the PUBLISH the broker would write, Subscription Identifiers included
// (MQTT 5 §3.1.2.11.4, §3.3.4): a raw v5 subscriber (QoS 1, Subscription Identifier 300 = 3 bytes of property) allows
// exactly the size of the PUBLISH without the identifier. That message is dropped as too large for the client and
// counted, and leaves no QoS 1 flow open (the session's inflight count stays 0); a smaller one arrives with the
// identifier. Before, the size check left the identifier out, the drain dropped the packet, and its inflight slot
// waited for a PUBACK for ever.
namespace NanoNode.Broker.Tests;

using System.Text;
using NanoNode.Mqtt;
using static NanoNode.Broker.Tests.Infrastructure.Mqtt5Raw;
using Raw5 = Mqtt5_OutboundTopicAliasesRaw.Raw5;

public sealed class Mqtt5_MaximumPacketSizeCountsSubscriptionIds
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        string b = "mps" + Guid.NewGuid().ToString("N")[..8];
        string topic = b + "/t";
        int bigPayload = 200;
        int limit = Mqtt5PublishPacket.Size(Encoding.UTF8.GetByteCount(topic), 1, 0, bigPayload);

        using var sub = new Raw5(broker.Port);
        sub.Send(Connect("s-" + b, props: Cat(Prop(0x11, U32(300)), Prop(0x27, U32(limit)))));
        Assert.Equal(0x20, sub.Next().First);
        sub.Send(Subscribe(1, b + "/#", 1, props: Cat(Prop(0x0B, Vbi(300)))));
        Assert.Equal(0x90, sub.Next().First);

        using var pub = new Raw5(broker.Port);
        pub.Send(Connect("p-" + b));
        Assert.Equal(0x20, pub.Next().First);
        long tooLargeBefore = Interlocked.Read(ref broker.Broker.Stats.TooLargeForClient);
        pub.Send(Publish(topic, 1, 1, payload: new byte[bigPayload]));
        Assert.Equal(0x40, pub.Next().First);
        pub.Send(Publish(topic, 1, 2, payload: Encoding.UTF8.GetBytes("small")));
        Assert.Equal(0x40, pub.Next().First);

        // The only PUBLISH the subscriber gets is the small one, with its identifier (0x0B, VBI 300 = AC 02).
        var p = sub.Next();
        Assert.Equal(0x32, p.First);
        string hex = Convert.ToHexString(p.Body);
        Assert.EndsWith(Convert.ToHexString(Encoding.UTF8.GetBytes("small")), hex);
        Assert.Contains("0BAC02", hex);
        sub.Send(new byte[] { 0x40, 2, p.Body[2 + Encoding.UTF8.GetByteCount(topic)], p.Body[3 + Encoding.UTF8.GetByteCount(topic)] });

        Assert.Equal(tooLargeBefore + 1, Interlocked.Read(ref broker.Broker.Stats.TooLargeForClient));
        var session = broker.Broker.FindSession("s-" + b)!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (session.InflightCount != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, session.InflightCount);
        sub.Send(new byte[] { 0xE0, 0 });
        pub.Send(new byte[] { 0xE0, 0 });
    }
}
