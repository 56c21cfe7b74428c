// A persistent session (subscription + queued QoS 1 messages) survives a broker restart: Session Present=1 and the queue is delivered.
namespace NanoNode.Broker.Tests;

public sealed class Restart_PersistentSessionSurvives
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        Paho.Run(new { port = broker.Port, client_id = "survivor", clean = false, subscribe = new[] { new object[] { "surv/#", 1 } } });
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "surv/t", "-m", "queued", "-q", "1").ExitCode);
        await broker.RestartAsync();
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "surv/t", "-m", "after", "-q", "1").ExitCode);
        var back = Paho.Run(new { port = broker.Port, client_id = "survivor", clean = false, expect = 2 });
        Assert.Equal(1, (int)back.First(e => (string?)e["event"] == "connack")["session_present"]!);
        Assert.Equal(new[] { "queued", "after" }, Paho.Messages(back).Select(m => (string)m["payload"]!).ToArray());
    }
}
