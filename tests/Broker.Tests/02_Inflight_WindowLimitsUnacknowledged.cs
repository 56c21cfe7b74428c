// With MaxInflight=2 a subscriber that does not acknowledge gets only 2 QoS 1 messages; each PUBACK releases the next.
namespace NanoNode.Broker.Tests;

using NanoNode.Mqtt;

public sealed class Inflight_WindowLimitsUnacknowledged
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.MaxInflight = 2);
        using var sub = new RawClient(broker.Port);
        sub.Connect("inflight-sub");
        sub.Subscribe("inf/t", 1);
        using var pub = new RawClient(broker.Port);
        pub.Connect("inflight-pub");
        for (int i = 1; i <= 4; i++)
        {
            pub.Publish("inf/t", "m" + i, 1, i);
            pub.Expect(MqttPacketType.PubAck);
        }

        var a = sub.Expect(MqttPacketType.Publish);
        var b = sub.Expect(MqttPacketType.Publish);
        Assert.Null(sub.Receive(0.5));
        sub.Ack(MqttPacketType.PubAck, a.PacketId);
        var c = sub.Expect(MqttPacketType.Publish);
        Assert.Equal(new[] { "m1", "m2", "m3" }, new[] { a.Payload, b.Payload, c.Payload });
    }
}
