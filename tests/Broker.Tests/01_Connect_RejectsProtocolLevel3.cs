// CONNECT with protocol level 3 ("MQIsdp", MQTT 3.1) is answered with CONNACK 0x01 and the connection is closed [MQTT-3.1.2-2].
namespace NanoNode.Broker.Tests;

public sealed class Connect_RejectsProtocolLevel3
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var c = new RawClient(broker.Port);
        // CONNECT, remaining 16: "MQIsdp" level 3, flags clean, keepalive 60, client id "x".
        c.Send([0x10, 15, 0, 6, (byte)'M', (byte)'Q', (byte)'I', (byte)'s', (byte)'d', (byte)'p', 3, 0x02, 0, 60, 0, 1, (byte)'x']);
        var connack = c.Receive();
        Assert.NotNull(connack);
        Assert.Equal(1, connack!.ReturnCode);
        Assert.True(c.WaitClosed());
    }
}
