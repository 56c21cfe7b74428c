// PUBREC/PUBCOMP answering a QoS 1 delivery, or PUBACK answering a QoS 2 one, closes that client as a protocol
// violation (counted in $SYS/broker/clients/wrong ack type); a well-behaved subscriber keeps being served throughout.
namespace NanoNode.Broker.Tests;

using NanoNode.Mqtt;

public sealed class Ack_WrongTypeClosesOffenderOnly
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var bystander = new RawClient(broker.Port);
        Assert.Equal(0, bystander.Connect("wrong-ack-bystander").ReturnCode);
        bystander.Subscribe("w/#", 2);
        using var pub = new RawClient(broker.Port);
        Assert.Equal(0, pub.Connect("wrong-ack-pub").ReturnCode);

        var cases = new[]
        {
            (Qos: 1, Reply: MqttPacketType.PubRec),
            (Qos: 1, Reply: MqttPacketType.PubComp),
            (Qos: 2, Reply: MqttPacketType.PubAck),
        };
        for (int i = 0; i < cases.Length; i++)
        {
            var (qos, reply) = cases[i];
            using var offender = new RawClient(broker.Port);
            Assert.Equal(0, offender.Connect("wrong-ack-" + i).ReturnCode);
            offender.Subscribe("w/" + i, qos);
            pub.Publish("w/" + i, "m" + i, qos, packetId: i + 1);
            pub.Expect(qos == 1 ? MqttPacketType.PubAck : MqttPacketType.PubRec);
            if (qos == 2)
            {
                pub.Ack(MqttPacketType.PubRel, i + 1);
                pub.Expect(MqttPacketType.PubComp);
            }

            var delivery = offender.Expect(MqttPacketType.Publish);
            Assert.Equal(qos, delivery.Qos);
            offender.Ack(reply, delivery.PacketId);
            Assert.True(offender.WaitClosed(), $"{reply} for a QoS {qos} delivery did not close the connection");

            // The bystander got the same message and completes its own flow normally.
            var seen = bystander.Expect(MqttPacketType.Publish);
            Assert.Equal(("w/" + i, "m" + i, qos), (seen.Topic, seen.Payload, seen.Qos));
            if (qos == 1)
            {
                bystander.Ack(MqttPacketType.PubAck, seen.PacketId);
            }
            else
            {
                bystander.Ack(MqttPacketType.PubRec, seen.PacketId);
                Assert.Equal(seen.PacketId, bystander.Expect(MqttPacketType.PubRel).PacketId);
                bystander.Ack(MqttPacketType.PubComp, seen.PacketId);
            }
        }

        pub.Publish("w/after", "still served", 1, packetId: 10);
        pub.Expect(MqttPacketType.PubAck);
        var last = bystander.Expect(MqttPacketType.Publish);
        Assert.Equal(("w/after", "still served"), (last.Topic, last.Payload));
        Assert.False(bystander.Closed);
        Assert.Equal(3, Interlocked.Read(ref broker.Broker.Stats.WrongAckType));

        broker.Broker.PublishSys();
        using var sys = new RawClient(broker.Port);
        Assert.Equal(0, sys.Connect("wrong-ack-sys").ReturnCode);
        sys.Subscribe("$SYS/broker/clients/wrong ack type", 0);
        Assert.Equal("3", sys.Expect(MqttPacketType.Publish).Payload);
    }
}
