// SIGKILL after acknowledged work, no clean shutdown: a subscription (SUBACK'd) of an offline persistent session, the
// QoS 1 messages queued for it (PUBACK'd) and a retained message (PUBACK'd) are all there after the restart.
namespace NanoNode.Broker.Tests;

using NanoNode.Mqtt;

public sealed class Kill9_RetainedAndSubscriptionsSurvive
{
    [Fact]
    public void Test()
    {
        using var broker = new BrokerProcess();
        broker.Start();
        using (var c = new RawClient(broker.Port))
        {
            Assert.Equal(0, c.Connect("k9-sess", clean: false).ReturnCode);
            Assert.Equal(new byte[] { 1 }, c.Subscribe("k9r/#", 1).Codes);
            c.Disconnect();
            Assert.True(c.WaitClosed());
        }

        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "k9r/a", "-m", "kept", "-q", "1", "-r").ExitCode);
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "k9r/b", "-m", "queued", "-q", "1").ExitCode);
        broker.Kill();
        broker.Start();

        using var back = new RawClient(broker.Port);
        Assert.True(back.Connect("k9-sess", clean: false).SessionPresent);
        var first = back.Expect(MqttPacketType.Publish);
        back.Ack(MqttPacketType.PubAck, first.PacketId);
        var second = back.Expect(MqttPacketType.Publish);
        back.Ack(MqttPacketType.PubAck, second.PacketId);
        Assert.Equal(new[] { ("k9r/a", "kept"), ("k9r/b", "queued") }, new[] { (first.Topic, first.Payload), (second.Topic, second.Payload) });

        // The subscription itself survived: a message published now is routed to the session.
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "k9r/c", "-m", "live", "-q", "1").ExitCode);
        Assert.Equal("live", back.Expect(MqttPacketType.Publish).Payload);

        using var fresh = new RawClient(broker.Port);
        fresh.Connect("k9-fresh");
        fresh.Subscribe("k9r/a", 1);
        var retained = fresh.Expect(MqttPacketType.Publish);
        Assert.True(retained.Retain);
        Assert.Equal("kept", retained.Payload);
    }
}
