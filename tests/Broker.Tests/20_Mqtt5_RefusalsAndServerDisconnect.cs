// MQTT 5 refusals and server DISCONNECT reason codes, byte for byte on the wire (raw socket: no client library hides
// what the server sent), the same packets also sent to Mosquitto in the same test:
// - a CONNECT with an Authentication Method: CONNACK 0x8C Bad authentication method (§4.12, both brokers);
// - protocol level 6: CONNACK 0x84 in the MQTT 5 format ([MQTT-3.1.2-2]; Mosquitto 2.0.11 answers the 3.1.1 form 0x01);
// - keep alive 1 s and silence: DISCONNECT 0x8D (§3.1.2.10; Mosquitto 2.0.11 closes without a DISCONNECT);
// - a PUBLISH with Content Type twice: DISCONNECT 0x82 Protocol Error (§2.2.2.2; Mosquitto 2.0.11 closes without one);
// - a SUBSCRIBE with Subscription Identifier 0: DISCONNECT 0x82 Protocol Error (§3.8.2.1.2; Mosquitto closes);
// - a PUBLISH with Topic Alias 11, above the Topic Alias Maximum 10 both announce: DISCONNECT 0x94 (§3.3.2.3.4;
//   Mosquitto 2.0.11 may close without it); an empty topic with an alias never bound: 0x94 too.
namespace NanoNode.Broker.Tests;

using System.Net.Sockets;
using System.Text;
using NanoNode.Tests.Shared;

public sealed class Mqtt5_RefusalsAndServerDisconnect
{
    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync())
        {
            int port = broker.Port;
            // Each refusal and server DISCONNECT carries a Reason String (23_Mqtt5_ConnectionLimitsRaw checks when it may not).
            Assert.Equal(Mqtt5Raw.ConnAckHex(0x8C, "enhanced authentication is not supported") + " | closed", Exchange(port, Connect("r-auth", props: Prop(0x15, Str("SCRAM-SHA-1")))));
            Assert.Equal("20 03 00 84 00 | closed", Exchange(port, Connect("r-l6", level: 6)));
            Assert.EndsWith("| " + Mqtt5Raw.DisconnectHex(0x8D, "nothing received within 1.5 times the keep alive") + " | closed", Exchange(port, Connect("r-ka", keepAlive: 1)));
            Assert.EndsWith("| " + Mqtt5Raw.DisconnectHex(0x82, "protocol error") + " | closed", Exchange(port, Connect("r-dup"), Publish("t/x", Cat(Prop(0x03, Str("a")), Prop(0x03, Str("b"))))));
            Assert.EndsWith("| " + Mqtt5Raw.DisconnectHex(0x82, "protocol error") + " | closed", Exchange(port, Connect("r-sid"), Subscribe("t/#", Prop(0x0B, new byte[] { 0 }))));
            Assert.EndsWith("| " + Mqtt5Raw.DisconnectHex(0x94, "topic alias not valid") + " | closed", Exchange(port, Connect("r-ta"), Publish("t/x", Prop(0x23, new byte[] { 0, 11 }))));
            Assert.EndsWith("| " + Mqtt5Raw.DisconnectHex(0x94, "topic alias not valid") + " | closed", Exchange(port, Connect("r-ta0"), Publish(string.Empty, Prop(0x23, new byte[] { 0, 3 }))));
        }

        using var mosquitto = new MosquittoFixture();
        int mport = mosquitto.Port;
        Assert.Equal("20 03 00 8C 00 | closed", Exchange(mport, Connect("r-auth", props: Prop(0x15, Str("SCRAM-SHA-1")))));
        Assert.Equal("20 02 00 01 | closed", Exchange(mport, Connect("r-l6", level: 6)));
        // Mosquitto closes these two; if it sent a DISCONNECT, its reason code would have to be the same one.
        Assert.Matches(@"^20 [0-9A-F ]+( \| E0 01 8D)? \| closed$", Exchange(mport, Connect("r-ka", keepAlive: 1)));
        Assert.Matches(@"^20 [0-9A-F ]+( \| E0 01 8[12])? \| closed$", Exchange(mport, Connect("r-dup"), Publish("t/x", Cat(Prop(0x03, Str("a")), Prop(0x03, Str("b"))))));
        Assert.Matches(@"^20 [0-9A-F ]+( \| E0 01 8[12])? \| closed$", Exchange(mport, Connect("r-sid"), Subscribe("t/#", Prop(0x0B, new byte[] { 0 }))));
        Assert.Matches(@"^20 [0-9A-F ]+( \| E0 01 94)? \| closed$", Exchange(mport, Connect("r-ta"), Publish("t/x", Prop(0x23, new byte[] { 0, 11 }))));
        Assert.Matches(@"^20 [0-9A-F ]+( \| E0 01 (94|82))? \| closed$", Exchange(mport, Connect("r-ta0"), Publish(string.Empty, Prop(0x23, new byte[] { 0, 3 }))));
    }

    // Sends the packets, then reads until the server closes (bounded: 15 s); returns the packets received as hex,
    // separated by " | ", ending in "closed" (or "open" when the server did not close in time).
    private static string Exchange(int port, params byte[][] packets)
    {
        using var tcp = new TcpClient();
        tcp.Connect("127.0.0.1", port);
        var stream = tcp.GetStream();
        foreach (var p in packets)
        {
            stream.Write(p);
        }

        stream.ReadTimeout = 15000;
        var received = new List<byte>();
        var buf = new byte[4096];
        string end = "closed";
        try
        {
            int n;
            while ((n = stream.Read(buf, 0, buf.Length)) > 0)
            {
                received.AddRange(buf.AsSpan(0, n).ToArray());
            }
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut })
        {
            end = "open";
        }
        catch (IOException)
        {
            // A reset after the last packet also closes.
        }

        var parts = new List<string>();
        int pos = 0;
        while (pos < received.Count)
        {
            int length = 0;
            int mul = 1;
            int i = pos + 1;
            while (i < received.Count)
            {
                byte d = received[i++];
                length += (d & 0x7F) * mul;
                mul *= 128;
                if ((d & 0x80) == 0)
                {
                    break;
                }
            }

            int total = Math.Min(i - pos + length, received.Count - pos);
            parts.Add(Convert.ToHexString(received.GetRange(pos, total).ToArray()).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + " " + b));
            pos += total;
        }

        parts.Add(end);
        return string.Join(" | ", parts);
    }

    private static byte[] Connect(string clientId, int level = 5, int keepAlive = 60, byte[]? props = null)
    {
        var body = new List<byte>();
        body.AddRange(Str("MQTT"));
        body.Add((byte)level);
        body.Add(0x02); // Clean Start
        body.Add((byte)(keepAlive >> 8));
        body.Add((byte)keepAlive);
        props ??= Array.Empty<byte>();
        body.AddRange(Vbi(props.Length));
        body.AddRange(props);
        body.AddRange(Str(clientId));
        return Packet(0x10, body.ToArray());
    }

    private static byte[] Publish(string topic, byte[] props) => Packet(0x30, Cat(Str(topic), Vbi(props.Length), props, "hi"u8.ToArray()));

    private static byte[] Subscribe(string filter, byte[] props) => Packet(0x82, Cat(new byte[] { 0, 1 }, Vbi(props.Length), props, Str(filter), new byte[] { 1 }));

    private static byte[] Packet(byte first, byte[] body) => Cat(new[] { first }, Vbi(body.Length), body);

    private static byte[] Prop(byte id, byte[] value) => Cat(new[] { id }, value);

    private static byte[] Str(string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        return Cat(new[] { (byte)(b.Length >> 8), (byte)b.Length }, b);
    }

    private static byte[] Vbi(int n)
    {
        var o = new List<byte>();
        do
        {
            byte d = (byte)(n % 128);
            n /= 128;
            o.Add(n > 0 ? (byte)(d | 0x80) : d);
        }
        while (n > 0);
        return o.ToArray();
    }

    private static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
