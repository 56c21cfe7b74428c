// Topic aliases client -> broker (MQTT 5 §3.3.2.3.4) with MQTTnet 5.2 (NuGet) against NanoNode's broker and against
// Mosquitto in the same test: CONNACK announces a Topic Alias Maximum (NanoNode: BrokerOptions.TopicAliasMaximum, 10);
// a v5 publisher sends topic + alias 1, then an empty topic + alias 1, then rebinds alias 1 to another topic and uses it
// again; a 3.1.1 subscriber gets all four messages on their full topics, in order. (The broker's 0x94 for an alias
// above the maximum is checked byte for byte in 20_Mqtt5_RefusalsAndServerDisconnect.)
namespace NanoNode.Broker.Tests;

using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using NanoNode.Tests.Shared;

public sealed class Mqtt5_TopicAliases
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync())
        {
            var max = await Run(broker.Port, "NanoNode");
            Assert.Equal(10, max);
        }

        using var mosquitto = new MosquittoFixture();
        await Run(mosquitto.Port, "Mosquitto");
    }

    private static async Task<int> Run(int port, string name)
    {
        string b = "alias/" + Guid.NewGuid().ToString("N")[..8];
        var factory = new MqttClientFactory();
        using var sub = factory.CreateMqttClient();
        using var pub = factory.CreateMqttClient();
        var received = new ConcurrentQueue<string>();
        sub.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(e.ApplicationMessage.Topic + " " + Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        await sub.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId("as-" + b.Replace('/', '-')).WithTimeout(Wait).Build());
        var granted = await sub.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter(b + "/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(granted.Items).ResultCode);

        var connack = await pub.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("ap-" + b.Replace('/', '-')).WithTimeout(Wait).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connack.ResultCode);
        Assert.True(connack.TopicAliasMaximum >= 1, $"{name}: Topic Alias Maximum {connack.TopicAliasMaximum}");

        async Task Send(string topic, string payload)
        {
            var m = new MqttApplicationMessageBuilder().WithTopic(topic).WithTopicAlias(1).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            var result = await pub.PublishAsync(m);
            Assert.True(result.IsSuccess, $"{name}: PUBACK {result.ReasonCode}");
        }

        await Send(b + "/one", "1");
        await Send(string.Empty, "2");
        await Send(b + "/two", "3");
        await Send(string.Empty, "4");

        var deadline = DateTime.UtcNow + Wait;
        while (received.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(new[] { $"{b}/one 1", $"{b}/one 2", $"{b}/two 3", $"{b}/two 4" }, received.ToArray());
        await pub.DisconnectAsync();
        await sub.DisconnectAsync();
        return connack.TopicAliasMaximum;
    }
}
