// QoS 2 both ways with mosquitto clients: 20 messages published at QoS 2 arrive exactly once each, in order, at QoS 2.
namespace NanoNode.Broker.Tests;

public sealed class Qos2_ExactlyOnceBothWays
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Tools.SubBackground(broker.Port, "-t", "q2/t", "-q", "2", "-C", "20");
        Assert.True(sub.WaitForSubscribed());
        var lines = string.Join("\n", Enumerable.Range(1, 20)) + "\n";
        var r = Tools.Run("/usr/bin/mosquitto_pub", new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", "q2/t", "-q", "2", "-l" }, 20, lines);
        Assert.Equal(0, r.ExitCode);
        Assert.True(sub.WaitForExit(20));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString()).ToArray(), sub.Messages);
        Assert.Contains(sub.Lines, l => l.Contains("received PUBLISH", StringComparison.OrdinalIgnoreCase) && l.Contains("q2"));
    }
}
