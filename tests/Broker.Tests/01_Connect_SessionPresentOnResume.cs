// Paho reconnecting with CleanSession=0 gets Session Present=1 [MQTT-3.2.2-2]; with CleanSession=1 it gets 0 [MQTT-3.2.2-1].
namespace NanoNode.Broker.Tests;

public sealed class Connect_SessionPresentOnResume
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var first = Paho.Run(new { port = broker.Port, client_id = "resume-1", clean = false, subscribe = new[] { new object[] { "r/1", 1 } } });
        Assert.Equal(0, (int)first.First(e => (string?)e["event"] == "connack")["session_present"]!);
        var second = Paho.Run(new { port = broker.Port, client_id = "resume-1", clean = false });
        Assert.Equal(1, (int)second.First(e => (string?)e["event"] == "connack")["session_present"]!);
        var third = Paho.Run(new { port = broker.Port, client_id = "resume-1", clean = true });
        Assert.Equal(0, (int)third.First(e => (string?)e["event"] == "connack")["session_present"]!);
    }
}
