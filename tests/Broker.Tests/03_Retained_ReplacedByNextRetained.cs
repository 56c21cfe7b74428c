// A second retained PUBLISH to the same topic replaces the first: a new subscriber gets only the latest [MQTT-3.3.1-5].
namespace NanoNode.Broker.Tests;

public sealed class Retained_ReplacedByNextRetained
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "rep/a", "-m", "old", "-r").ExitCode);
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "rep/a", "-m", "new", "-r").ExitCode);
        var r = Tools.Sub(broker.Port, "-t", "rep/a", "-C", "2", "-W", "2");
        Assert.Equal("new", r.Output.Trim());
    }
}
