// Paho with keep alive 1 s stays connected through 4 idle seconds (its PINGREQs are answered) and then receives a message.
namespace NanoNode.Broker.Tests;

public sealed class Keepalive_PingKeepsConnectionOpen
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Paho.Start(new { port = broker.Port, client_id = "pinger", keepalive = 1, subscribe = new[] { new object[] { "ping/t", 0 } }, expect = 1, timeout = 20 });
        Assert.True(Tools.WaitUntil(() => sub.Lines.Any(l => l.Contains("subscribed"))));
        Thread.Sleep(4000);
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "ping/t", "-m", "still-here").ExitCode);
        Assert.True(sub.WaitForExit(15));
        Assert.Equal("still-here", (string)Assert.Single(Paho.Messages(Paho.Events(sub)))["payload"]!);
        Assert.Equal(0, Interlocked.Read(ref broker.Broker.Stats.KeepaliveExpired));
        Assert.Equal(1, Paho.Events(sub).Count(e => (string?)e["event"] == "connack"));
    }
}
