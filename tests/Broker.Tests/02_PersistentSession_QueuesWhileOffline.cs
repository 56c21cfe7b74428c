// QoS 1 messages for an offline persistent session are queued and delivered when it reconnects [MQTT-3.1.2-5].
namespace NanoNode.Broker.Tests;

public sealed class PersistentSession_QueuesWhileOffline
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        Paho.Run(new { port = broker.Port, client_id = "offline-1", clean = false, subscribe = new[] { new object[] { "off/#", 1 } } });
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(0, Tools.Pub(broker.Port, "-t", "off/t", "-m", "m" + i, "-q", "1").ExitCode);
        }

        var back = Paho.Run(new { port = broker.Port, client_id = "offline-1", clean = false, expect = 5 });
        Assert.Equal(new[] { "m0", "m1", "m2", "m3", "m4" }, Paho.Messages(back).Select(m => (string)m["payload"]!).ToArray());
    }
}
