// mosquitto_pub / mosquitto_sub with -V mqttv5 beside 3.1.1 ones on the same topics, against NanoNode's broker and
// Mosquitto in the same test: a v5 publisher's user property, content type and response topic reach a v5 subscriber
// unchanged and a 3.1.1 subscriber gets the bare payload; a 3.1.1 publisher's message reaches the v5 subscriber
// without properties. QoS 1 and 2 publishes (mosquitto_pub exits 0 only after PUBACK / PUBCOMP).
namespace NanoNode.Broker.Tests;

using NanoNode.Tests.Shared;

public sealed class Mqtt5_MosquittoClients
{
    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync())
        {
            Run(broker.Port, "NanoNode");
        }

        using var mosquitto = new MosquittoFixture();
        Run(mosquitto.Port, "Mosquitto");
    }

    private static void Run(int port, string name)
    {
        string t = "mv5/" + Guid.NewGuid().ToString("N")[..8];
        // %C content type, %R response topic, %P user properties (MQTT v5 only; empty when absent).
        using var sub5 = Tools.SubBackground(port, "-V", "mqttv5", "-t", t + "/#", "-q", "2", "-C", "3", "-F", "%t|%p|%C|%R|%P");
        using var sub3 = Tools.SubBackground(port, "-V", "mqttv311", "-t", t + "/#", "-q", "2", "-C", "3", "-F", "%t|%p");
        Assert.True(sub5.WaitForSubscribed(), name + ": v5 SUBACK");
        Assert.True(sub3.WaitForSubscribed(), name + ": 3.1.1 SUBACK");

        var pub1 = Tools.Pub(port, "-V", "mqttv5", "-t", t + "/a", "-m", "hello", "-q", "1",
            "-D", "publish", "user-property", "unit", "celsius", "-D", "publish", "content-type", "text/plain", "-D", "publish", "response-topic", t + "/reply");
        Assert.True(pub1.ExitCode == 0, $"{name}: v5 QoS 1 publish: {pub1.Error}");
        var pub2 = Tools.Pub(port, "-V", "mqttv5", "-t", t + "/b", "-m", "twice", "-q", "2", "-D", "publish", "user-property", "k", "v");
        Assert.True(pub2.ExitCode == 0, $"{name}: v5 QoS 2 publish: {pub2.Error}");
        var pub3 = Tools.Pub(port, "-V", "mqttv311", "-t", t + "/c", "-m", "old", "-q", "1");
        Assert.True(pub3.ExitCode == 0, $"{name}: 3.1.1 publish: {pub3.Error}");

        Assert.True(sub5.WaitForExit(20), name + ": v5 subscriber got 3 messages");
        Assert.True(sub3.WaitForExit(20), name + ": 3.1.1 subscriber got 3 messages");
        // Sorted: libmosquitto hands a QoS 2 message to the application at PUBREL, so a later QoS 1 one may print first.
        Assert.Equal(new[] { $"{t}/a|hello|text/plain|{t}/reply|unit:celsius", $"{t}/b|twice|||k:v", $"{t}/c|old|||" }, sub5.Messages.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { $"{t}/a|hello", $"{t}/b|twice", $"{t}/c|old" }, sub3.Messages.Order(StringComparer.Ordinal));
    }
}
