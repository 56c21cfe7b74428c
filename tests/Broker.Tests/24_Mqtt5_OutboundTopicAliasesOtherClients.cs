// What MQTTnet 5.2 (NuGet) and paho-mqtt 1.6 (Debian, MQTTv5) do with Topic Aliases they RECEIVE (MQTT 5 §3.3.2.3.4),
// against NanoNode's broker with BrokerOptions.OutboundTopicAliasMaximum 10: each client announces Topic Alias Maximum
// 2 in CONNECT and gets two QoS 1 messages on one topic, the first with topic + alias 1, the second with an empty
// topic name + alias 1 (the broker's side of this is checked byte for byte in 24_Mqtt5_OutboundTopicAliasesRaw).
// Neither resolves the alias: the application gets an EMPTY topic for the second message (MQTTnet's
// ApplicationMessage.Topic, paho's msg.topic, which also shows the TopicAlias property). That is why the broker's
// aliases are opt-in (default 0) and the README says so; with the default both get the full topic both times (second run).
// If a client update starts resolving aliases this test fails: update the README's MQTT 5 section then.
namespace NanoNode.Broker.Tests;

using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

public sealed class Mqtt5_OutboundTopicAliasesOtherClients
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync(o => o.OutboundTopicAliasMaximum = 10))
        {
            string b = "oc" + Guid.NewGuid().ToString("N")[..6];
            Assert.Equal(new[] { $"{b}/x m0", " m1" }, await MqttNet(broker.Port, b));
            var paho = Tools.Paho("paho5_alias_recv.py", broker.Port.ToString(), b + "p");
            Assert.True(paho.ExitCode == 0, string.Join("\n", paho.Lines) + paho.Error);
            Assert.Equal(new[] { $"got '{b}p/x' alias=1 m0", "got '' alias=1 m1", "done" }, paho.Lines);
        }

        await using (var broker = await BrokerFixture.StartAsync())
        {
            string b = "oc" + Guid.NewGuid().ToString("N")[..6];
            Assert.Equal(new[] { $"{b}/x m0", $"{b}/x m1" }, await MqttNet(broker.Port, b));
            var paho = Tools.Paho("paho5_alias_recv.py", broker.Port.ToString(), b + "p");
            Assert.True(paho.ExitCode == 0, string.Join("\n", paho.Lines) + paho.Error);
            Assert.Equal(new[] { $"got '{b}p/x' alias=- m0", $"got '{b}p/x' alias=- m1", "done" }, paho.Lines);
        }
    }

    // An MQTTnet 5.2 v5 subscriber announcing Topic Alias Maximum 2 gets two messages on base/x; "topic payload" each.
    private static async Task<string[]> MqttNet(int port, string b)
    {
        var factory = new MqttClientFactory();
        using var sub = factory.CreateMqttClient();
        using var pub = factory.CreateMqttClient();
        var received = new ConcurrentQueue<string>();
        sub.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(e.ApplicationMessage.Topic + " " + Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        var connack = await sub.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("ocs-" + b).WithTopicAliasMaximum(2).WithTimeout(Wait).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connack.ResultCode);
        var granted = await sub.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter(b + "/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(granted.Items).ResultCode);
        await pub.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("ocp-" + b).WithTimeout(Wait).Build());
        for (int i = 0; i < 2; i++)
        {
            var result = await pub.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(b + "/x").WithPayload("m" + i)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.True(result.IsSuccess, $"PUBACK {result.ReasonCode}");
        }

        var deadline = DateTime.UtcNow + Wait;
        while (received.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await pub.DisconnectAsync();
        await sub.DisconnectAsync();
        return received.ToArray();
    }
}
