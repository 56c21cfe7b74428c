// QoS 1 both ways: paho publishes at QoS 1 (PUBACK received) and a QoS 1 paho subscriber receives it at QoS 1.
namespace NanoNode.Broker.Tests;

public sealed class Qos1_BothWays
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Paho.Start(new { port = broker.Port, client_id = "q1-sub", subscribe = new[] { new object[] { "q1/#", 1 } }, expect = 3, timeout = 20 });
        Assert.True(Tools.WaitUntil(() => sub.Lines.Any(l => l.Contains("subscribed"))));
        var pub = Paho.Run(new { port = broker.Port, client_id = "q1-pub", publish = new[] { new object[] { "q1/a", "1", 1 }, new object[] { "q1/b", "2", 1 }, new object[] { "q1/c", "3", 1 } } });
        Assert.Equal(3, pub.Count(e => (string?)e["event"] == "published" && (bool)e["ok"]!));
        Assert.True(sub.WaitForExit(20));
        var msgs = Paho.Messages(Paho.Events(sub));
        Assert.Equal(new[] { "1", "2", "3" }, msgs.Select(m => (string)m["payload"]!).ToArray());
        Assert.All(msgs, m => Assert.Equal(1, (int)m["qos"]!));
    }
}
