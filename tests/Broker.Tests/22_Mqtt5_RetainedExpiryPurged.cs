// An expired retained message is removed, from memory and from the store (MQTT 5 §3.3.2.3.3): mosquitto_pub -V mqttv5
// retains "short" with Message Expiry Interval 1 s and "long" without one; housekeeping drops "short" (the retained
// count goes down by one), "long" stays, and after a restart only "long" comes back (the row of "short" is gone, not
// just skipped). Before, an expired retained message stayed in memory and in SQLite for ever (only its delivery was
// skipped).
namespace NanoNode.Broker.Tests;

public sealed class Mqtt5_RetainedExpiryPurged
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        string b = "rx" + Guid.NewGuid().ToString("N")[..8];
        int before = broker.Broker.Retained.Count;
        Assert.Equal(0, Tools.Pub(broker.Port, "-V", "mqttv5", "-t", b + "/short", "-m", "s", "-r", "-q", "1", "-D", "publish", "message-expiry-interval", "1").ExitCode);
        Assert.Equal(0, Tools.Pub(broker.Port, "-V", "mqttv5", "-t", b + "/long", "-m", "l", "-r", "-q", "1").ExitCode);
        Assert.Equal(before + 2, broker.Broker.Retained.Count);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (broker.Broker.Retained.Get(b + "/short") != null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Null(broker.Broker.Retained.Get(b + "/short"));
        Assert.NotNull(broker.Broker.Retained.Get(b + "/long"));

        await broker.RestartAsync();
        Assert.Null(broker.Broker.Retained.Get(b + "/short"));
        Assert.NotNull(broker.Broker.Retained.Get(b + "/long"));
        var r = Tools.Sub(broker.Port, "-t", b + "/#", "-v", "-C", "1", "-W", "5");
        Assert.Equal($"{b}/long l", r.Output.Trim());
    }
}
