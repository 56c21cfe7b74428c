// UNSUBSCRIBE is answered with UNSUBACK carrying its packet id [MQTT-3.10.4-4], and the filter no longer delivers.
namespace NanoNode.Broker.Tests;

using NanoNode.Mqtt;

public sealed class Unsubscribe_AnsweredWithUnsubAck
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = new RawClient(broker.Port);
        Assert.Equal(0, sub.Connect("unsub-1").ReturnCode);
        sub.Subscribe("u/a", 1, packetId: 7);
        sub.Subscribe("u/b", 1, packetId: 8);

        var unsuback = sub.Unsubscribe("u/a", packetId: 4242);
        Assert.Equal(MqttPacketType.UnsubAck, unsuback.Type);
        Assert.Equal(4242, unsuback.PacketId);

        // Unsubscribing a filter that is not subscribed is answered too [MQTT-3.10.4-5].
        Assert.Equal(9, sub.Unsubscribe("u/none", packetId: 9).PacketId);

        using var pub = new RawClient(broker.Port);
        Assert.Equal(0, pub.Connect("unsub-pub").ReturnCode);
        pub.Publish("u/a", "gone", 1, packetId: 1);
        pub.Expect(MqttPacketType.PubAck);
        pub.Publish("u/b", "kept", 1, packetId: 2);
        pub.Expect(MqttPacketType.PubAck);
        var p = sub.Expect(MqttPacketType.Publish);
        Assert.Equal(("u/b", "kept"), (p.Topic, p.Payload));
    }
}
