// Retained messages are stored in SQLite and delivered again after a broker restart.
namespace NanoNode.Broker.Tests;

public sealed class Restart_RetainedSurvives
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "keep/a", "-m", "durable", "-r", "-q", "1").ExitCode);
        await broker.RestartAsync();
        var r = Tools.Sub(broker.Port, "-t", "keep/#", "-C", "1", "-W", "5");
        Assert.Equal("durable", r.Output.Trim());
    }
}
