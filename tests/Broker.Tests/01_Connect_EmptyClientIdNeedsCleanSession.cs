// An empty client id with CleanSession=0 is refused with CONNACK 0x02 [MQTT-3.1.3-8]; with CleanSession=1 it is accepted [MQTT-3.1.3-6].
namespace NanoNode.Broker.Tests;

public sealed class Connect_EmptyClientIdNeedsCleanSession
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using (var persistent = new RawClient(broker.Port))
        {
            Assert.Equal(2, persistent.Connect("", clean: false).ReturnCode);
            Assert.True(persistent.WaitClosed());
        }

        using var clean = new RawClient(broker.Port);
        Assert.Equal(0, clean.Connect("", clean: true).ReturnCode);
    }
}
