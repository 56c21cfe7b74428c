// A retained PUBLISH with an empty payload removes the retained message [MQTT-3.3.1-10] [MQTT-3.3.1-11].
namespace NanoNode.Broker.Tests;

public sealed class Retained_ClearedByEmptyPayload
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "clr/a", "-m", "x", "-r").ExitCode);
        Assert.True(Tools.WaitUntil(() => broker.Broker.Retained.Get("clr/a") != null));
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "clr/a", "-n", "-r").ExitCode);
        Assert.True(Tools.WaitUntil(() => broker.Broker.Retained.Get("clr/a") == null));
        var r = Tools.Sub(broker.Port, "-t", "clr/#", "-C", "1", "-W", "1");
        Assert.Equal("", r.Output.Trim());
    }
}
