// The broker allows 1.5 x keep alive [MQTT-3.1.2-24], not 1.0 x: a client with keep alive 4 s that sends PINGREQ only
// every 5 s (1.25 x) stays connected through three such gaps. (The 5 s waits are the scenario, not synchronisation;
// the margin to the 6 s limit is 1 s.)
namespace NanoNode.Broker.Tests;

using NanoNode.Mqtt;

public sealed class Keepalive_OneAndAHalfTimesTolerated
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var c = new RawClient(broker.Port);
        Assert.Equal(0, c.Connect("ka-late", keepAlive: 4).ReturnCode);
        for (int i = 0; i < 3; i++)
        {
            Thread.Sleep(5000);
            c.Send([0xC0, 0x00]);
            Assert.Equal(MqttPacketType.PingResp, c.Expect(MqttPacketType.PingResp).Type);
        }

        Assert.Equal(0, Interlocked.Read(ref broker.Broker.Stats.KeepaliveExpired));
    }
}
