// Topic aliases broker -> client (MQTT 5 §3.3.2.3.4), byte for byte on a raw socket, against NanoNode's broker with
// BrokerOptions.OutboundTopicAliasMaximum 10 and against Mosquitto 2.0.11 (which never sends aliases) in the same test.
// A raw MQTT 5 subscriber announces Topic Alias Maximum 3 and a Maximum Packet Size, subscribes with Subscription
// Identifier 7; a raw MQTT 5 publisher sends QoS 1 messages with Message Expiry Interval 3600, each PUBACK awaited:
// - the first PUBLISH of a topic carries the topic and alias 1 (bound), the second an EMPTY topic name and alias 1;
// - the subscriber withholds that PUBACK and drops the connection; on the resumed session's new connection the DUP
//   retransmission carries the topic again with the alias (aliases end with the connection, [MQTT-3.3.2-7]);
// - a message whose PUBLISH would exceed the client's Maximum Packet Size only with the alias goes with its full topic
//   and no alias (the size check uses the encoded packet), and binds nothing;
// - no alias above the client's maximum 3 [MQTT-3.3.2-9]: once 1..3 are bound, other topics go by name;
// - every PUBLISH keeps Subscription Identifier 7 and a Message Expiry Interval of 1..3600.
// Both brokers deliver the same topics and payloads once aliases are resolved (this test resolves them and fails on any
// alias it could not resolve). Before the broker sent aliases this test failed at the NanoNode wire-form assertion.
namespace NanoNode.Broker.Tests;

using System.Net.Sockets;
using System.Text;
using NanoNode.Mqtt;
using NanoNode.Tests.Shared;
using static NanoNode.Broker.Tests.Infrastructure.Mqtt5Raw;

public sealed class Mqtt5_OutboundTopicAliasesRaw
{
    private const int BigPayload = 100;

    [Fact]
    public async Task Test()
    {
        List<Received> ours;
        await using (var broker = await BrokerFixture.StartAsync(o => o.OutboundTopicAliasMaximum = 10))
        {
            ours = Run(broker.Port, "NanoNode");
        }

        List<Received> theirs;
        using (var mosquitto = new MosquittoFixture())
        {
            theirs = Run(mosquitto.Port, "Mosquitto");
        }

        // Same messages once resolved.
        Assert.Equal(theirs.Select(r => r.Resolved).ToArray(), ours.Select(r => r.Resolved).ToArray());
        Assert.All(theirs, r => Assert.Equal(-1, r.Alias)); // Mosquitto 2.0.11 sends full topics

        // NanoNode's wire forms: "topic-on-wire alias [dup]".
        Assert.Equal(
            new[]
            {
                "one 1", "<empty> 1", "one 1 dup", "two 2", "big -", "three 3", "four -", "<empty> 1", "big -",
            },
            ours.Select(r => r.WireForm).ToArray());
    }

    private sealed record Received(string Resolved, string WireForm, int Alias);

    private static List<Received> Run(int port, string name)
    {
        string b = "ta" + Guid.NewGuid().ToString("N")[..6];
        string subId = "tas-" + b;
        var received = new List<Received>();

        // The largest packet the subscriber accepts: the big message's PUBLISH with its full topic and no alias (its
        // properties: Subscription Identifier 7 = 2 bytes, Message Expiry Interval = 5 bytes).
        int maxPacket = Mqtt5PublishPacket.Size(Encoding.UTF8.GetByteCount(b + "/big"), 1, 7, BigPayload);
        byte[] connectProps = Cat(Prop(0x11, U32(300)), Prop(0x22, U16(3)), Prop(0x27, U32(maxPacket)));

        using var pub = new Raw5(port);
        pub.Send(Connect("tap-" + b, true, Array.Empty<byte>()));
        Assert.Equal(0x20, pub.Next().First);

        var sub = new Raw5(port);
        sub.Send(Connect(subId, true, connectProps));
        Assert.Equal(0x20, sub.Next().First);
        sub.Send(Packet(0x82, Cat(U16(1), Vbi(2), new byte[] { 0x0B, 7 }, Str(b + "/#"), new byte[] { 1 })));
        var suback = sub.Next();
        Assert.Equal(0x90, suback.First);
        Assert.Equal(1, suback.Body[^1]);

        var aliases = new Dictionary<int, string>();
        ushort nextId = 1;

        void Publish(string topic, string payload)
        {
            ushort id = nextId++;
            pub.Send(Packet(0x32, Cat(Str(b + "/" + topic), U16(id), Vbi(5), Prop(0x02, U32(3600)), Encoding.UTF8.GetBytes(payload))));
            var ack = pub.Next();
            Assert.True(ack.First == 0x40 && ack.Body[0] == id >> 8 && ack.Body[1] == (id & 0xFF) && (ack.Body.Length == 2 || ack.Body[2] == 0), $"{name}: PUBACK {Convert.ToHexString(ack.Body)}");
        }

        // Receives one PUBLISH on the subscriber, resolves its alias, checks its properties; acks it unless told not to.
        void Receive(Raw5 s, bool ack = true)
        {
            var p = s.Next();
            Assert.Equal(0x30, p.First & 0xF0);
            bool dup = (p.First & 0x08) != 0;
            var body = p.Body;
            int pos = 0;
            int tl = (body[0] << 8) | body[1];
            string wireTopic = Encoding.UTF8.GetString(body, 2, tl);
            pos = 2 + tl;
            int packetId = (body[pos] << 8) | body[pos + 1];
            pos += 2;
            int propsLength = ReadVbi(body, ref pos);
            int end = pos + propsLength;
            int alias = -1;
            int sid = -1;
            long expiry = -1;
            while (pos < end)
            {
                int id = body[pos++];
                switch (id)
                {
                    case 0x23:
                        alias = (body[pos] << 8) | body[pos + 1];
                        pos += 2;
                        break;
                    case 0x0B:
                        sid = ReadVbi(body, ref pos);
                        break;
                    case 0x02:
                        expiry = ((long)body[pos] << 24) | ((long)body[pos + 1] << 16) | ((long)body[pos + 2] << 8) | body[pos + 3];
                        pos += 4;
                        break;
                    default:
                        throw new Xunit.Sdk.XunitException($"{name}: unexpected property 0x{id:X2}");
                }
            }

            string payload = Encoding.UTF8.GetString(body, end, body.Length - end);
            Assert.Equal(7, sid);
            Assert.InRange(expiry, 1, 3600);
            string resolved;
            if (alias == -1)
            {
                Assert.NotEmpty(wireTopic);
                resolved = wireTopic;
            }
            else
            {
                Assert.InRange(alias, 1, 3); // never above the client's Topic Alias Maximum
                if (wireTopic.Length > 0)
                {
                    aliases[alias] = wireTopic;
                    resolved = wireTopic;
                }
                else
                {
                    Assert.True(aliases.TryGetValue(alias, out resolved!), $"{name}: alias {alias} never bound on this connection");
                }
            }

            string shortName(string t) => t.Length == 0 ? "<empty>" : t[(b.Length + 1)..];
            received.Add(new Received(shortName(resolved) + " " + (payload.Length > 10 ? "big" : payload) + (dup ? " dup" : ""),
                shortName(wireTopic) + " " + (alias == -1 ? "-" : alias.ToString()) + (dup ? " dup" : ""), alias));
            if (ack)
            {
                s.Send(Packet(0x40, U16(packetId)));
            }
        }

        Publish("one", "1");
        Receive(sub);
        Publish("one", "2");
        Receive(sub, ack: false);

        // Drop the connection with that delivery unacknowledged; resume the session on a new connection.
        sub.Abort();
        aliases.Clear();
        sub = new Raw5(port);
        sub.Send(Connect(subId, false, connectProps));
        var connack = sub.Next();
        Assert.True(connack.First == 0x20 && connack.Body[0] == 1 && connack.Body[1] == 0, $"{name}: CONNACK {Convert.ToHexString(connack.Body)}");
        Receive(sub);

        Publish("two", "3");
        Receive(sub);
        Publish("big", new string('x', BigPayload));
        Receive(sub);
        Publish("three", "4");
        Receive(sub);
        Publish("four", "5");
        Receive(sub);
        Publish("one", "6");
        Receive(sub);
        Publish("big", "7");
        Receive(sub);
        sub.Send(new byte[] { 0xE0, 0 });
        sub.Dispose();
        pub.Send(new byte[] { 0xE0, 0 });
        return received;
    }

    /// <summary>A raw MQTT 5 socket: sends bytes, reads whole packets (first byte + body) with a 20 s bound.</summary>
    internal sealed class Raw5 : IDisposable
    {
        private readonly TcpClient _tcp = new();
        private readonly NetworkStream _stream;

        public Raw5(int port)
        {
            _tcp.Connect("127.0.0.1", port);
            _tcp.NoDelay = true;
            _stream = _tcp.GetStream();
            _stream.ReadTimeout = 20000;
        }

        public void Send(byte[] bytes) => _stream.Write(bytes);

        public (byte First, byte[] Body) Next()
        {
            byte first = ReadByte();
            int length = 0;
            int mul = 1;
            byte d;
            do
            {
                d = ReadByte();
                length += (d & 0x7F) * mul;
                mul *= 128;
            }
            while ((d & 0x80) != 0);
            var body = new byte[length];
            _stream.ReadExactly(body);
            return (first, body);
        }

        public void Abort()
        {
            _tcp.Client.LingerState = new LingerOption(true, 0);
            _tcp.Close();
        }

        public void Dispose() => _tcp.Dispose();

        private byte ReadByte()
        {
            int v = _stream.ReadByte();
            return v < 0 ? throw new Xunit.Sdk.XunitException("connection closed by the broker") : (byte)v;
        }
    }

    internal static byte[] Connect(string clientId, bool cleanStart, byte[] props) =>
        Packet(0x10, Cat(Str("MQTT"), new byte[] { 5, (byte)(cleanStart ? 0x02 : 0x00), 0, 60 }, Vbi(props.Length), props, Str(clientId)));

    internal static int ReadVbi(byte[] b, ref int pos)
    {
        int value = 0;
        int mul = 1;
        byte d;
        do
        {
            d = b[pos++];
            value += (d & 0x7F) * mul;
            mul *= 128;
        }
        while ((d & 0x80) != 0);
        return value;
    }
}
