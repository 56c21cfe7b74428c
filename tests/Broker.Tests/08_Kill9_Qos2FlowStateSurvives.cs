// SIGKILL of the broker with QoS 2 flows at each step, checked packet by packet on the wire after restart:
// outbound, a message whose PUBREC the broker answered with PUBREL gets PUBREL again, never its PUBLISH (the receiver
// may already have delivered it and forgotten the id) [MQTT-4.3.3-1]; a PUBLISH not yet PUBREC'd is re-sent with DUP=1
// and its original id [MQTT-4.4.0-1]. Inbound, a publisher's DUP re-send of a PUBREC'd id is answered with PUBREC and
// not delivered again [MQTT-4.3.3-2].
namespace NanoNode.Broker.Tests;

using NanoNode.Mqtt;

public sealed class Kill9_Qos2FlowStateSurvives
{
    [Fact]
    public void Test()
    {
        using var broker = new BrokerProcess();
        broker.Start();
        int aId, bId, cId;
        using (var sub = new RawClient(broker.Port))
        using (var pub = new RawClient(broker.Port))
        {
            sub.Connect("k9-flow-sub", clean: false);
            sub.Subscribe("k9/flow", 2);
            pub.Connect("k9-flow-pub", clean: false);

            // "b": delivered, not PUBREC'd by the subscriber.
            pub.Publish("k9/flow", "b", 2, 2);
            Assert.Equal(2, pub.Expect(MqttPacketType.PubRec).PacketId);
            pub.Ack(MqttPacketType.PubRel, 2);
            Assert.Equal(2, pub.Expect(MqttPacketType.PubComp).PacketId);
            var b = sub.Expect(MqttPacketType.Publish);
            Assert.Equal("b", b.Payload);
            bId = b.PacketId;

            // "c": PUBREC'd to the publisher, PUBREL not sent yet; the subscriber does not acknowledge it either.
            pub.Publish("k9/flow", "c", 2, 3);
            Assert.Equal(3, pub.Expect(MqttPacketType.PubRec).PacketId);
            var c = sub.Expect(MqttPacketType.Publish);
            Assert.Equal("c", c.Payload);
            cId = c.PacketId;

            // "a" last: the full inbound flow; the subscriber PUBRECs and the kill follows the PUBREL at once, so nothing
            // committed later can carry the "released" state with it.
            pub.Publish("k9/flow", "a", 2, 5);
            Assert.Equal(5, pub.Expect(MqttPacketType.PubRec).PacketId);
            pub.Ack(MqttPacketType.PubRel, 5);
            Assert.Equal(5, pub.Expect(MqttPacketType.PubComp).PacketId);
            var a = sub.Expect(MqttPacketType.Publish);
            Assert.Equal("a", a.Payload);
            aId = a.PacketId;
            sub.Ack(MqttPacketType.PubRec, aId);
            Assert.Equal(aId, sub.Expect(MqttPacketType.PubRel).PacketId);

            broker.Kill();
        }

        broker.Start();
        using var sub2 = new RawClient(broker.Port);
        Assert.True(sub2.Connect("k9-flow-sub", clean: false).SessionPresent);
        using var pub2 = new RawClient(broker.Port);
        Assert.True(pub2.Connect("k9-flow-pub", clean: false).SessionPresent);

        // The publisher re-sends "c" (it never got PUBCOMP): acknowledged, not routed again; then a marker.
        pub2.Publish("k9/flow", "c", 2, 3, dup: true);
        Assert.Equal(3, pub2.Expect(MqttPacketType.PubRec).PacketId);
        pub2.Ack(MqttPacketType.PubRel, 3);
        Assert.Equal(3, pub2.Expect(MqttPacketType.PubComp).PacketId);
        pub2.Publish("k9/flow", "end", 2, 4);
        Assert.Equal(4, pub2.Expect(MqttPacketType.PubRec).PacketId);
        pub2.Ack(MqttPacketType.PubRel, 4);
        Assert.Equal(4, pub2.Expect(MqttPacketType.PubComp).PacketId);

        // Everything the subscriber gets until the marker; it completes each flow so the window keeps moving.
        var seen = new List<RawPacket>();
        while (true)
        {
            var p = sub2.Receive(15);
            Assert.True(p != null, "subscriber got no marker after restart; saw: " + Describe(seen));
            seen.Add(p!);
            if (p!.Type == MqttPacketType.Publish)
            {
                if (p.Payload == "end")
                {
                    break;
                }

                sub2.Ack(MqttPacketType.PubRec, p.PacketId);
            }
            else if (p.Type == MqttPacketType.PubRel)
            {
                sub2.Ack(MqttPacketType.PubComp, p.PacketId);
            }
        }

        string all = Describe(seen);
        Assert.True(!seen.Any(p => p.Type == MqttPacketType.Publish && p.Payload == "a"), "released message re-sent as PUBLISH: " + all);
        Assert.True(seen.Any(p => p.Type == MqttPacketType.PubRel && p.PacketId == aId), "no PUBREL re-sent for the released message: " + all);
        var bAgain = seen.Where(p => p.Type == MqttPacketType.Publish && p.Payload == "b").ToList();
        Assert.True(bAgain.Count == 1 && bAgain[0].Dup && bAgain[0].PacketId == bId, "unacknowledged PUBLISH not re-sent once with DUP and its id: " + all);
        var cAgain = seen.Where(p => p.Type == MqttPacketType.Publish && p.Payload == "c").ToList();
        Assert.True(cAgain.Count == 1 && cAgain[0].Dup && cAgain[0].PacketId == cId, "inbound duplicate routed again, or the stored copy not re-sent once with its id: " + all);
    }

    private static string Describe(IEnumerable<RawPacket> packets)
        => string.Join(", ", packets.Select(p => p.Type == MqttPacketType.Publish ? $"PUBLISH({p.Payload},id={p.PacketId},dup={p.Dup})" : $"{p.Type}({p.PacketId})"));
}
