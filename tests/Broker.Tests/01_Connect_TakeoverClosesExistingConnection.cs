// A second client connecting with the same client id takes over: the first connection is closed [MQTT-3.1.4-2].
namespace NanoNode.Broker.Tests;

public sealed class Connect_TakeoverClosesExistingConnection
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var first = new RawClient(broker.Port);
        Assert.Equal(0, first.Connect("same-id").ReturnCode);
        using var second = new RawClient(broker.Port);
        Assert.Equal(0, second.Connect("same-id").ReturnCode);
        Assert.True(first.WaitClosed());
        second.Send([0xC0, 0x00]);
        Assert.Equal(NanoNode.Mqtt.MqttPacketType.PingResp, second.Expect(NanoNode.Mqtt.MqttPacketType.PingResp).Type);
    }
}
