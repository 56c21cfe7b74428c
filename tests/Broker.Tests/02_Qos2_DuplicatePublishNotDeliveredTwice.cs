// A re-sent QoS 2 PUBLISH (DUP=1, same id) before PUBREL is acknowledged but not delivered again [MQTT-4.3.3-2].
namespace NanoNode.Broker.Tests;

using NanoNode.Mqtt;

public sealed class Qos2_DuplicatePublishNotDeliveredTwice
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = new RawClient(broker.Port);
        sub.Connect("dup-sub");
        sub.Subscribe("dup/t", 0);
        using var pub = new RawClient(broker.Port);
        pub.Connect("dup-pub");
        pub.Publish("dup/t", "once", 2, 7);
        Assert.Equal(7, pub.Expect(MqttPacketType.PubRec).PacketId);
        pub.Publish("dup/t", "once", 2, 7, dup: true);
        Assert.Equal(7, pub.Expect(MqttPacketType.PubRec).PacketId);
        pub.Ack(MqttPacketType.PubRel, 7);
        Assert.Equal(7, pub.Expect(MqttPacketType.PubComp).PacketId);
        Assert.Equal("once", sub.Expect(MqttPacketType.Publish).Payload);
        Assert.Null(sub.Receive(0.5));
    }
}
