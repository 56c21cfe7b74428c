// Debian's mosquitto_sub speaking MQTT 3.1 (-V mqttv31) is refused (CONNACK 1) and exits with an error.
namespace NanoNode.Broker.Tests;

public sealed class Connect_MosquittoClientProtocol31Refused
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var r = Tools.Sub(broker.Port, "-V", "mqttv31", "-t", "a", "-C", "1", "-W", "3");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("protocol", r.Error + r.Output, StringComparison.OrdinalIgnoreCase);
    }
}
