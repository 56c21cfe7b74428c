// $SYS/broker/clients/connected/3.1.1 and .../5.0: the connected clients per MQTT version (the same split as
// clients_by_protocol in /api/stats), retained and refreshed every SysIntervalSeconds. mosquitto_sub -V mqttv5 reads
// $SYS/broker/clients/connected/# while it (5.0), an MQTTnet 5.2 client with V500 and a raw 3.1.1 client are connected:
// 3.1.1 = 1 and 5.0 = 2, with clients/connected = 3; then the MQTTnet client disconnects and 5.0 drops to 1 while
// 3.1.1 stays 1. (Mosquitto 2.0 has no per-version topics, so there is nothing to compare with.) Before these topics
// existed the test failed waiting for them.
namespace NanoNode.Broker.Tests;

using MQTTnet;
using MQTTnet.Formatter;

public sealed class Mqtt5_SysClientsPerProtocol
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Tools.SubBackground(broker.Port, "-V", "mqttv5", "-t", "$SYS/broker/clients/connected/#", "-t", "$SYS/broker/clients/connected", "-v");
        Assert.True(sub.WaitForSubscribed(), string.Join("\n", sub.Lines.Concat(sub.Errors)));

        using var old = new RawClient(broker.Port);
        Assert.Equal(0, old.Connect("sys-v311").ReturnCode);
        var factory = new MqttClientFactory();
        using var v5 = factory.CreateMqttClient();
        await v5.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("sys-v5").WithTimeout(TimeSpan.FromSeconds(20)).Build());

        Assert.True(Tools.WaitUntil(() => Latest(sub, "3.1.1") == 1 && Latest(sub, "5.0") == 2 && Latest(sub, null) == 3, 30),
            string.Join("\n", sub.Messages));

        await v5.DisconnectAsync();
        Assert.True(Tools.WaitUntil(() => Latest(sub, "5.0") == 1 && Latest(sub, "3.1.1") == 1 && Latest(sub, null) == 2, 30),
            string.Join("\n", sub.Messages));
    }

    // The last value mosquitto_sub printed for $SYS/broker/clients/connected[/version]; -1 when none yet.
    private static int Latest(BackgroundProcess sub, string? version)
    {
        string prefix = "$SYS/broker/clients/connected" + (version == null ? string.Empty : "/" + version) + " ";
        var line = sub.Messages.LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line != null && int.TryParse(line[prefix.Length..], out int n) ? n : -1;
    }
}
