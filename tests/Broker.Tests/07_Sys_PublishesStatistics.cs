// The broker publishes retained $SYS/broker/ statistics; clients/connected counts the subscriber itself.
namespace NanoNode.Broker.Tests;

public sealed class Sys_PublishesStatistics
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Tools.SubBackground(broker.Port, "-t", "$SYS/broker/clients/connected", "-v");
        Assert.True(sub.WaitForSubscribed());
        Assert.True(Tools.WaitUntil(() => sub.Messages.Any(l => l.StartsWith("$SYS/broker/clients/connected ") && int.Parse(l.Split(' ')[1]) >= 1)));
    }
}
