// MQTTnet 5.2 (NuGet) with MqttProtocolVersion.V500 runs one scenario against NanoNode's broker and against Mosquitto in
// the same test, awaiting every ack: CONNACK capabilities (each announcement checked against behaviour), QoS 0/1/2
// with application properties forwarded unchanged v5 -> v5, Retain Handling 0/1/2, No Local, Retain As Published, mixed versions (a 3.1.1 subscriber gets a v5 publisher's
// message without properties and vice versa), assigned client identifier, UNSUBACK reason codes, the will kept by
// DISCONNECT 0x04, will delay, message expiry of a queued message, session expiry, the subscriber's Maximum Packet Size and the server DISCONNECT
// 0x8E on session takeover (Mosquitto 2.0.11 closes without it).
namespace NanoNode.Broker.Tests;

using System.Buffers;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using NanoNode.Tests.Shared;

public sealed class Mqtt5_MqttNetScenario
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync())
        {
            await RunScenario(broker.Port, "NanoNode", nanoNode: true);
        }

        using var mosquitto = new MosquittoFixture();
        await RunScenario(mosquitto.Port, "Mosquitto", nanoNode: false);
    }

    private static async Task RunScenario(int port, string name, bool nanoNode)
    {
        string run = Guid.NewGuid().ToString("N")[..8];
        string b = $"net5/{run}";
        var factory = new MqttClientFactory();
        var clients = new List<IMqttClient>();
        try
        {
            // CONNACK of a v5 client.
            var (a, inboxA, connA) = await Connect(factory, clients, port, $"n5-a-{run}", MqttProtocolVersion.V500);
            Assert.Equal(MqttClientConnectResultCode.Success, connA.ResultCode);
            Assert.False(connA.IsSessionPresent, name);
            Assert.Equal(MqttQualityOfServiceLevel.ExactlyOnce, connA.MaximumQoS);
            Assert.True(connA.RetainAvailable, name);
            Assert.True(connA.WildcardSubscriptionAvailable, name);
            Assert.True(connA.SharedSubscriptionAvailable, name);
            Assert.True(connA.SubscriptionIdentifiersAvailable, name);
            if (nanoNode)
            {
                // Topic Alias Maximum: BrokerOptions.TopicAliasMaximum (default 10).
                Assert.Equal(10, connA.TopicAliasMaximum);
                // Receive Maximum: BrokerOptions.ReceiveMaximum, default 65,535, which is sent by leaving the property
                // out (§3.2.2.3.3); MQTTnet shows an absent one as 0. 23_Mqtt5_* check a lower one announced and enforced.
                Assert.Equal((ushort)0, connA.ReceiveMaximum);
            }

            var sub = await a.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/q/#", MqttQualityOfServiceLevel.ExactlyOnce).Build());
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS2, Assert.Single(sub.Items).ResultCode);

            // A 3.1.1 subscriber on the same topics.
            var (c, inboxC, _) = await Connect(factory, clients, port, $"n5-c-{run}", MqttProtocolVersion.V311);
            var subC = await c.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/q/#", MqttQualityOfServiceLevel.ExactlyOnce).Build());
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS2, Assert.Single(subC.Items).ResultCode);

            // v5 publisher with application properties, each QoS: the v5 subscriber gets them unchanged, the 3.1.1 one
            // the same payload (a property section would have corrupted its payload: 3.1.1 has none).
            byte[] correlation = { 0, 1, 2, 250, 255 };
            foreach (var qos in new[] { MqttQualityOfServiceLevel.AtMostOnce, MqttQualityOfServiceLevel.AtLeastOnce, MqttQualityOfServiceLevel.ExactlyOnce })
            {
                string topic = $"{b}/q/{(int)qos}";
                var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload("m" + (int)qos).WithQualityOfServiceLevel(qos)
                    .WithUserProperty("unit", Utf8("°C")).WithUserProperty("unit", Utf8("again")).WithUserProperty("k2", Utf8("v2"))
                    .WithContentType("text/plain").WithResponseTopic($"{b}/reply").WithCorrelationData(correlation)
                    .WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData).Build();
                var result = await a.PublishAsync(message);
                Assert.True(result.IsSuccess, $"{name}: QoS {qos} publish not acknowledged ({result.ReasonCode})");
                Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);

                var m = await inboxA.Next(x => x.Topic == topic);
                Assert.Equal(("m" + (int)qos, qos), (m.Payload, m.Qos));
                Assert.Equal(new[] { "unit=°C", "unit=again", "k2=v2" }, m.UserProperties);
                Assert.Equal("text/plain", m.ContentType);
                Assert.Equal($"{b}/reply", m.ResponseTopic);
                Assert.Equal(correlation, m.CorrelationData);
                Assert.Equal(MqttPayloadFormatIndicator.CharacterData, m.PayloadFormat);

                var old = await inboxC.Next(x => x.Topic == topic);
                Assert.Equal(("m" + (int)qos, qos), (old.Payload, old.Qos));
            }

            // 3.1.1 publisher -> v5 subscriber: no properties appear.
            Assert.True((await c.PublishAsync(Message($"{b}/q/old", "from 3.1.1", MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            var fromOld = await inboxA.Next(x => x.Topic == $"{b}/q/old");
            Assert.Equal(("from 3.1.1", MqttQualityOfServiceLevel.AtLeastOnce), (fromOld.Payload, fromOld.Qos));
            Assert.Empty(fromOld.UserProperties);
            Assert.Null(fromOld.ContentType);
            Assert.Null(fromOld.ResponseTopic);

            // Empty client id: the server assigns one and returns it in CONNACK (§3.1.3.1).
            var (e, inboxE, connE) = await Connect(factory, clients, port, "", MqttProtocolVersion.V500);
            Assert.False(string.IsNullOrEmpty(connE.AssignedClientIdentifier), $"{name}: assigned client identifier");

            // UNSUBACK reason codes: 0x00 for an existing subscription, 0x11 for none.
            await e.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/u", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            var unsub = await e.UnsubscribeAsync(factory.CreateUnsubscribeOptionsBuilder().WithTopicFilter($"{b}/u").WithTopicFilter($"{b}/never").Build());
            Assert.Equal(new[] { MqttClientUnsubscribeResultCode.Success, MqttClientUnsubscribeResultCode.NoSubscriptionExisted }, unsub.Items.Select(i => i.ResultCode).ToArray());

            // Shared subscriptions: whatever CONNACK announced holds.
            var shared = await e.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"$share/g/{b}/s", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.Equal(connE.SharedSubscriptionAvailable ? MqttClientSubscribeResultCode.GrantedQoS1 : MqttClientSubscribeResultCode.SharedSubscriptionsNotSupported,
                Assert.Single(shared.Items).ResultCode);

            // Retain Handling (§3.8.3.1): 2 = no retained messages, 1 = only for a new subscription, 0 = always.
            Assert.True((await a.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{b}/rh/state").WithPayload("kept")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build())).IsSuccess);
            var (r, inboxR, _) = await Connect(factory, clients, port, $"n5-r-{run}", MqttProtocolVersion.V500);
            async Task SubscribeRh(MqttRetainHandling handling)
            {
                var filter = new MqttTopicFilterBuilder().WithTopic($"{b}/rh/#").WithAtLeastOnceQoS().WithRetainHandling(handling).Build();
                var granted = await r.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter(filter).Build());
                Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(granted.Items).ResultCode);
            }

            await SubscribeRh(MqttRetainHandling.DoNotSendOnSubscribe);
            Assert.True((await a.PublishAsync(Message($"{b}/rh/m1", "marker", MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            Assert.Equal($"{b}/rh/m1", (await inboxR.Next(_ => true)).Topic);
            await r.UnsubscribeAsync(factory.CreateUnsubscribeOptionsBuilder().WithTopicFilter($"{b}/rh/#").Build());
            await SubscribeRh(MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly);
            Assert.Equal(($"{b}/rh/state", true), (await inboxR.Next(_ => true)) is var rs ? (rs.Topic, rs.Retain) : default);
            await SubscribeRh(MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly);
            Assert.True((await a.PublishAsync(Message($"{b}/rh/m2", "marker", MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            Assert.Equal($"{b}/rh/m2", (await inboxR.Next(_ => true)).Topic);
            await SubscribeRh(MqttRetainHandling.SendAtSubscribe);
            Assert.Equal(($"{b}/rh/state", true), (await inboxR.Next(_ => true)) is var rs2 ? (rs2.Topic, rs2.Retain) : default);
            Assert.True((await a.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{b}/rh/state").WithPayload(Array.Empty<byte>())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build())).IsSuccess);

            // No Local (§3.8.3.1): the subscriber's own message is not sent back to it, another client's is.
            var noLocal = new MqttTopicFilterBuilder().WithTopic($"{b}/nl/#").WithAtLeastOnceQoS().WithNoLocal(true).Build();
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single((await r.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter(noLocal).Build())).Items).ResultCode);
            Assert.True((await r.PublishAsync(Message($"{b}/nl/own", "mine", MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            Assert.True((await a.PublishAsync(Message($"{b}/nl/other", "theirs", MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            Assert.Equal($"{b}/nl/other", (await inboxR.Next(x => x.Topic.StartsWith($"{b}/nl/", StringComparison.Ordinal))).Topic);

            // Retain As Published (§3.8.3.1): a live retained message keeps RETAIN=1 for such a subscription, RETAIN=0
            // for a plain one [MQTT-3.3.1-12] [MQTT-3.3.1-13].
            var rap = new MqttTopicFilterBuilder().WithTopic($"{b}/rap/#").WithAtLeastOnceQoS().WithRetainAsPublished(true).Build();
            await r.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter(rap).Build());
            await e.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/rap/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.True((await a.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{b}/rap/x").WithPayload("live")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build())).IsSuccess);
            Assert.True((await inboxR.Next(x => x.Topic == $"{b}/rap/x")).Retain, $"{name}: Retain As Published keeps RETAIN=1");
            Assert.False((await inboxE.Next(x => x.Topic == $"{b}/rap/x")).Retain, $"{name}: plain subscription gets RETAIN=0");
            Assert.True((await a.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{b}/rap/x").WithPayload(Array.Empty<byte>())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build())).IsSuccess);

            // Will kept by DISCONNECT with reason 0x04 (§3.14.2.1), delivered to v5 and 3.1.1 subscribers.
            await a.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/will", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await c.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/will", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            var willClient = factory.CreateMqttClient();
            clients.Add(willClient);
            var willOptions = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId($"n5-w-{run}").WithCleanStart(true).WithTimeout(Wait)
                .WithWillTopic($"{b}/will").WithWillPayload("gone").WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithWillContentType("text/plain").WithWillUserProperty("why", Utf8("test")).Build();
            Assert.Equal(MqttClientConnectResultCode.Success, (await willClient.ConnectAsync(willOptions)).ResultCode);
            await willClient.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.DisconnectWithWillMessage).Build());
            var will = await inboxA.Next(x => x.Topic == $"{b}/will");
            Assert.Equal("gone", will.Payload);
            Assert.Equal("text/plain", will.ContentType);
            Assert.Equal(new[] { "why=test" }, will.UserProperties);
            Assert.Equal("gone", (await inboxC.Next(x => x.Topic == $"{b}/will")).Payload);

            // Will Delay Interval (§3.1.3.2.2): published after the delay when the client stays away; not at all when it
            // resumes its session within the delay (checked with a marker published after the delay has passed).
            async Task<IMqttClient> WillClient(string id, uint delay, bool cleanStart)
            {
                var client = factory.CreateMqttClient();
                clients.Add(client);
                var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
                    .WithClientId(id).WithCleanStart(cleanStart).WithSessionExpiryInterval(600).WithTimeout(Wait)
                    .WithWillTopic($"{b}/will").WithWillPayload("late " + id).WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithWillDelayInterval(delay).Build();
                Assert.Equal(MqttClientConnectResultCode.Success, (await client.ConnectAsync(options)).ResultCode);
                return client;
            }

            (await WillClient($"n5-wd1-{run}", 1, true)).Dispose(); // no DISCONNECT
            Assert.Equal($"late n5-wd1-{run}", (await inboxA.Next(x => x.Topic == $"{b}/will")).Payload);
            (await WillClient($"n5-wd2-{run}", 4, true)).Dispose();
            var back = await WillClient($"n5-wd2-{run}", 4, false);
            await Task.Delay(TimeSpan.FromSeconds(6));
            Assert.True((await a.PublishAsync(Message($"{b}/will", "marker", MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            Assert.Equal("marker", (await inboxA.Next(x => x.Topic == $"{b}/will")).Payload);
            await back.DisconnectAsync();

            // Message expiry: a QoS 1 message with a 1 s interval queued for an offline persistent v5 session is gone
            // when the session resumes 3 s later; one without expiry, published after it, arrives.
            string pid = $"n5-p-{run}";
            var (p1, _, _) = await Connect(factory, clients, port, pid, MqttProtocolVersion.V500, cleanStart: true, sessionExpiry: 600);
            await p1.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/p/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await p1.DisconnectAsync();
            Assert.True((await a.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{b}/p/expiring").WithPayload("old news")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithMessageExpiryInterval(1).Build())).IsSuccess);
            Assert.True((await a.PublishAsync(Message($"{b}/p/kept", "still here", MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var (p2, inboxP, cp2) = await Connect(factory, clients, port, pid, MqttProtocolVersion.V500, cleanStart: false, sessionExpiry: 600);
            Assert.True(cp2.IsSessionPresent, $"{name}: session present on resume");
            Assert.Equal($"{b}/p/kept", (await inboxP.Next(_ => true)).Topic);

            // Session Expiry Interval (§3.1.2.11.2): a session kept for 1 s is gone 3 s after its connection ended.
            string xid = $"n5-x-{run}";
            var (x1, _, _) = await Connect(factory, clients, port, xid, MqttProtocolVersion.V500, cleanStart: true, sessionExpiry: 1);
            await x1.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/x", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await x1.DisconnectAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var (_, _, cx2) = await Connect(factory, clients, port, xid, MqttProtocolVersion.V500, cleanStart: false, sessionExpiry: 1);
            Assert.False(cx2.IsSessionPresent, $"{name}: expired session not present");

            // Maximum Packet Size of the subscriber: a larger message is not sent to it, a small one after it is.
            var (s, inboxS, _) = await Connect(factory, clients, port, $"n5-s-{run}", MqttProtocolVersion.V500, maximumPacketSize: 256);
            await s.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"{b}/big/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.True((await a.PublishAsync(Message($"{b}/big/large", new string('x', 1000), MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            Assert.True((await a.PublishAsync(Message($"{b}/big/small", "fits", MqttQualityOfServiceLevel.AtLeastOnce))).IsSuccess);
            Assert.Equal(($"{b}/big/small", "fits"), ((await inboxS.Next(_ => true)).Topic, "fits"));

            // Session takeover: the first connection gets DISCONNECT 0x8E (§3.14.2.1).
            string tid = $"n5-t-{run}";
            var (t1, _, _) = await Connect(factory, clients, port, tid, MqttProtocolVersion.V500);
            var disconnected = new TaskCompletionSource<MqttClientDisconnectReason>(TaskCreationOptions.RunContinuationsAsynchronously);
            t1.DisconnectedAsync += args =>
            {
                disconnected.TrySetResult(args.Reason);
                return Task.CompletedTask;
            };
            await Connect(factory, clients, port, tid, MqttProtocolVersion.V500);
            var reason = await disconnected.Task.WaitAsync(Wait);
            if (nanoNode)
            {
                Assert.Equal(MqttClientDisconnectReason.SessionTakenOver, reason);
            }
            else
            {
                // Mosquitto 2.0.11 (Debian) closes the old connection without a DISCONNECT (seen on the wire): MQTTnet
                // reports a normal disconnection. Both brokers do close it.
                Assert.Contains(reason, new[] { MqttClientDisconnectReason.SessionTakenOver, MqttClientDisconnectReason.NormalDisconnection });
            }

            await p2.DisconnectAsync();
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{name}: {ex}");
        }
        catch (Xunit.Sdk.XunitException ex)
        {
            throw new Xunit.Sdk.XunitException($"{name}: {ex.Message}");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static ReadOnlyMemory<byte> Utf8(string value) => Encoding.UTF8.GetBytes(value);

    private static MqttApplicationMessage Message(string topic, string payload, MqttQualityOfServiceLevel qos)
        => new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).Build();

    private static async Task<(IMqttClient Client, Inbox<Received> Inbox, MqttClientConnectResult Connack)> Connect(MqttClientFactory factory, List<IMqttClient> clients, int port,
        string clientId, MqttProtocolVersion version, bool cleanStart = true, uint sessionExpiry = 0, uint maximumPacketSize = 0)
    {
        var client = factory.CreateMqttClient();
        clients.Add(client);
        var inbox = new Inbox<Received>(Wait);
        client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            inbox.Add(new Received(m.Topic, Encoding.UTF8.GetString(m.Payload.ToArray()), m.QualityOfServiceLevel,
                (m.UserProperties ?? new List<MqttUserProperty>()).Select(p => p.Name + "=" + p.ReadValueAsString()).ToArray(),
                m.ContentType, m.ResponseTopic, m.CorrelationData, m.PayloadFormatIndicator, m.Retain));
            return Task.CompletedTask;
        };
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(version)
            .WithClientId(clientId).WithCleanStart(cleanStart).WithTimeout(Wait);
        if (sessionExpiry > 0)
        {
            builder = builder.WithSessionExpiryInterval(sessionExpiry);
        }

        if (maximumPacketSize > 0)
        {
            builder = builder.WithMaximumPacketSize(maximumPacketSize);
        }

        var connack = await client.ConnectAsync(builder.Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connack.ResultCode);
        return (client, inbox, connack);
    }

    private sealed record Received(string Topic, string Payload, MqttQualityOfServiceLevel Qos, string[] UserProperties, string? ContentType, string? ResponseTopic,
        byte[]? CorrelationData, MqttPayloadFormatIndicator PayloadFormat, bool Retain);
}
