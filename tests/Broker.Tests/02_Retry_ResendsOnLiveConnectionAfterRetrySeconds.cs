// With RetrySeconds=1 the broker re-sends on the live connection what stays unacknowledged: a QoS 1 PUBLISH (DUP=1,
// same packet id) and, after PUBREC, the PUBREL of a QoS 2 flow; each PUBACK/PUBCOMP ends its retries.
namespace NanoNode.Broker.Tests;

using NanoNode.Mqtt;

public sealed class Retry_ResendsOnLiveConnectionAfterRetrySeconds
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.RetrySeconds = 1);
        using var sub = new RawClient(broker.Port);
        sub.Connect("live-retry");
        sub.Subscribe("lr/1", 1, 1);
        sub.Subscribe("lr/2", 2, 2);

        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "lr/1", "-m", "one", "-q", "1").ExitCode);
        var first = sub.Expect(MqttPacketType.Publish);
        Assert.False(first.Dup);
        var again = sub.Expect(MqttPacketType.Publish);
        Assert.True(again.Dup);
        Assert.Equal((first.PacketId, "one"), (again.PacketId, again.Payload));
        sub.Ack(MqttPacketType.PubAck, first.PacketId);

        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "lr/2", "-m", "two", "-q", "2").ExitCode);
        var q2 = sub.Expect(MqttPacketType.Publish);
        while (q2.Payload != "two")
        {
            // A re-send of "one" already on its way when the PUBACK went out.
            q2 = sub.Expect(MqttPacketType.Publish);
        }

        Assert.Equal(2, q2.Qos);
        sub.Ack(MqttPacketType.PubRec, q2.PacketId);
        Assert.Equal(q2.PacketId, sub.Expect(MqttPacketType.PubRel).PacketId);
        Assert.Equal(q2.PacketId, sub.Expect(MqttPacketType.PubRel).PacketId);
        sub.Ack(MqttPacketType.PubComp, q2.PacketId);
        Assert.True(Interlocked.Read(ref broker.Broker.Stats.Retries) >= 2);

        var session = broker.Broker.FindSession("live-retry")!;
        Assert.True(Tools.WaitUntil(() =>
        {
            lock (session.Gate)
            {
                return session.InflightCount == 0;
            }
        }));
    }
}
