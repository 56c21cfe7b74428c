// An unacknowledged QoS 1 message is re-sent with DUP=1 and the same packet id when the persistent session reconnects [MQTT-4.4.0-1].
namespace NanoNode.Broker.Tests;

using NanoNode.Mqtt;

public sealed class Retry_ResendsUnacknowledgedWithDupOnReconnect
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        int firstId;
        using (var sub = new RawClient(broker.Port))
        {
            sub.Connect("retry-sub", clean: false);
            sub.Subscribe("retry/t", 1);
            Assert.Equal(0, Tools.Pub(broker.Port, "-t", "retry/t", "-m", "again", "-q", "1").ExitCode);
            var first = sub.Expect(MqttPacketType.Publish);
            Assert.False(first.Dup);
            firstId = first.PacketId;
            sub.Abort();
        }

        using var back = new RawClient(broker.Port);
        Assert.True(back.Connect("retry-sub", clean: false).SessionPresent);
        var again = back.Expect(MqttPacketType.Publish);
        Assert.True(again.Dup);
        Assert.Equal(firstId, again.PacketId);
        Assert.Equal("again", again.Payload);
    }
}
