// A malformed packet (PUBLISH with QoS 3) closes only its own connection; another client keeps receiving [MQTT-3.3.1-4] [MQTT-4.8.0-1].
namespace NanoNode.Broker.Tests;

public sealed class Malformed_ClosesOnlyOffendingConnection
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Tools.SubBackground(broker.Port, "-t", "mal/t", "-v");
        Assert.True(sub.WaitForSubscribed());
        using var bad = new RawClient(broker.Port);
        bad.Connect("offender");
        bad.Send([0x36, 0x05, 0, 1, (byte)'x', 0, 1]); // PUBLISH flags 0110: QoS 3
        Assert.True(bad.WaitClosed());
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "mal/t", "-m", "fine").ExitCode);
        Assert.True(Tools.WaitUntil(() => sub.Messages.Contains("mal/t fine")));
        Assert.False(sub.HasExited);
    }
}
