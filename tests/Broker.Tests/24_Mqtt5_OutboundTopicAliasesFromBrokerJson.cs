// The broker -> client topic alias setting is read like the others: `serve` (a broker process) with <data>/broker.json
// {"Broker":{"OutboundTopicAliasMaximum":4}} sends a raw MQTT 5 client that announced Topic Alias Maximum 2 its second
// message on a topic with an empty topic name and alias 1; the same client against a `serve` without the setting
// (default 0) gets the full topic both times. Before the setting existed the first half failed.
namespace NanoNode.Broker.Tests;

using System.Text;
using R = Mqtt5_OutboundTopicAliasesRaw;
using static NanoNode.Broker.Tests.Infrastructure.Mqtt5Raw;

public sealed class Mqtt5_OutboundTopicAliasesFromBrokerJson
{
    [Fact]
    public void Test()
    {
        Assert.Equal(new[] { "t/xyz 1", "<empty> 1" }, Run("{ \"Broker\": { \"OutboundTopicAliasMaximum\": 4 } }"));
        Assert.Equal(new[] { "t/xyz -", "t/xyz -" }, Run(null));
    }

    // Two QoS 0 messages on t/xyz, published by the subscriber itself; each as "topic-on-wire alias".
    private static string[] Run(string? brokerJson)
    {
        using var broker = new BrokerProcess();
        Directory.CreateDirectory(broker.DataDirectory);
        if (brokerJson != null)
        {
            File.WriteAllText(Path.Combine(broker.DataDirectory, "broker.json"), brokerJson);
        }

        broker.Start();
        using var c = new R.Raw5(broker.Port);
        c.Send(R.Connect("bj-alias", true, Prop(0x22, U16(2))));
        var connack = c.Next();
        Assert.True(connack.First == 0x20 && connack.Body[1] == 0, "CONNACK " + Convert.ToHexString(connack.Body));
        c.Send(Packet(0x82, Cat(U16(1), Vbi(0), Str("t/#"), new byte[] { 0 })));
        Assert.Equal(0x90, c.Next().First);
        var result = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            c.Send(Packet(0x30, Cat(Str("t/xyz"), Vbi(0), Encoding.UTF8.GetBytes("m" + i))));
            var p = c.Next();
            Assert.Equal(0x30, p.First);
            int tl = (p.Body[0] << 8) | p.Body[1];
            int pos = 2 + tl;
            int end = R.ReadVbi(p.Body, ref pos);
            end += pos;
            int alias = -1;
            while (pos < end)
            {
                Assert.Equal(0x23, p.Body[pos]); // the only property such a message may carry
                alias = (p.Body[pos + 1] << 8) | p.Body[pos + 2];
                pos += 3;
            }

            Assert.Equal("m" + i, Encoding.UTF8.GetString(p.Body, end, p.Body.Length - end));
            result.Add((tl == 0 ? "<empty>" : Encoding.UTF8.GetString(p.Body, 2, tl)) + " " + (alias == -1 ? "-" : alias.ToString()));
        }

        return result.ToArray();
    }
}
