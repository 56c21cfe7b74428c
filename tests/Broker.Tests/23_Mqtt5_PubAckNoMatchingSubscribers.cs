// PUBACK 0x10 No matching subscribers (MQTT 5 §3.4.2.1: the server MAY use it instead of 0x00 when it knows no
// subscription matched), NanoNode and Mosquitto 2.0.11 in the same test:
// - raw bytes: a QoS 1 PUBLISH to a topic nobody subscribes to gets "40 03 00 01 10"; after the client subscribes to the
//   topic itself, the next one gets the short 0x00 form "40 02 00 03" (and comes back to it);
// - MQTTnet 5.2 sees PublishAsync's ReasonCode NoMatchingSubscribers and still IsSuccess (a reason below 0x80 is not a
//   refusal);
// - a 3.1.1 client's PUBACK has no reason code at all (its decoder would refuse the 3-byte form).
// QoS 2 PUBRECs stay 0x00 (as Mosquitto's; checked in 23_Mqtt5_ConnectionLimitsRaw).
namespace NanoNode.Broker.Tests;

using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using NanoNode.Tests.Shared;
using static NanoNode.Broker.Tests.Infrastructure.Mqtt5Raw;

public sealed class Mqtt5_PubAckNoMatchingSubscribers
{
    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync())
        {
            await Run(broker.Port, "NanoNode");
        }

        using var mosquitto = new MosquittoFixture();
        await Run(mosquitto.Port, "Mosquitto");
    }

    private static async Task Run(int port, string name)
    {
        string b = "nm/" + Guid.NewGuid().ToString("N")[..8];
        string alone = Exchange(port, 2, Connect("nm-a-" + b[3..]), Publish(b + "/x", 1, 1));
        Assert.True(alone.EndsWith(" | 40 03 00 01 10 | open", StringComparison.Ordinal), $"{name}: {alone}");

        string matched = Exchange(port, 4, Connect("nm-b-" + b[3..]), Subscribe(2, b + "/#", 1), Publish(b + "/x", 1, 3));
        var packets = matched.Split(" | ");
        Assert.True(packets.Contains("90 04 00 02 00 01") || packets.Contains("90 03 00 02 01"), $"{name}: SUBACK missing in {matched}");
        Assert.True(packets.Contains("40 02 00 03"), $"{name}: PUBACK 0x00 missing in {matched}");
        Assert.Contains(packets, p => p.StartsWith("32 ", StringComparison.Ordinal));

        using var v311 = new RawClient(port);
        Assert.Equal(0, v311.Connect("nm-c-" + b[3..]).ReturnCode);
        v311.Publish(b + "/x", "hi", 1, packetId: 1);
        Assert.Equal(1, v311.Expect(NanoNode.Mqtt.MqttPacketType.PubAck).PacketId); // the 3.1.1 decoder refuses a 3-byte PUBACK

        var factory = new MqttClientFactory();
        using var client = factory.CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("nm-d-" + b[3..]).WithTimeout(TimeSpan.FromSeconds(20)).Build());
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(b + "/y").WithPayload("p")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientPublishReasonCode.NoMatchingSubscribers, result.ReasonCode);
        Assert.True(result.IsSuccess, $"{name}: {result.ReasonCode}");
        await client.DisconnectAsync();
    }
}
