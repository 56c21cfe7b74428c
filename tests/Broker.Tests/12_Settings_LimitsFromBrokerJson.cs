// Limits are settings: <data>/broker.json {"Broker":{"MaxInflight":2}} read by `serve` (a broker process) gives a
// non-acknowledging QoS 1 subscriber 2 messages, and one more per PUBACK (the default window is 64). The command line
// wins over the file: its "TcpPort": -1 (listener off) loses to --tcp-port.
namespace NanoNode.Broker.Tests;

using NanoNode.Mqtt;

public sealed class Settings_LimitsFromBrokerJson
{
    [Fact]
    public void Test()
    {
        using var broker = new BrokerProcess();
        Directory.CreateDirectory(broker.DataDirectory);
        File.WriteAllText(Path.Combine(broker.DataDirectory, "broker.json"), "{ \"Broker\": { \"MaxInflight\": 2, \"TcpPort\": -1 } }");
        broker.Start();
        using var sub = new RawClient(broker.Port);
        Assert.Equal(0, sub.Connect("settings-sub").ReturnCode);
        sub.Subscribe("set/t", 1);
        using var pub = new RawClient(broker.Port);
        pub.Connect("settings-pub");
        for (int i = 1; i <= 4; i++)
        {
            pub.Publish("set/t", "m" + i, 1, i);
            pub.Expect(MqttPacketType.PubAck);
        }

        var a = sub.Expect(MqttPacketType.Publish);
        var b = sub.Expect(MqttPacketType.Publish);
        Assert.Null(sub.Receive(1));
        sub.Ack(MqttPacketType.PubAck, a.PacketId);
        var c = sub.Expect(MqttPacketType.Publish);
        Assert.Equal(new[] { "m1", "m2", "m3" }, new[] { a.Payload, b.Payload, c.Payload });
    }
}
