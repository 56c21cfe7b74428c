// The client's Receive Maximum (MQTT 5 §3.1.2.11.3, [MQTT-3.3.4-9]): a subscriber that announced 1 gets one unacknowledged
// QoS 1 PUBLISH at a time. Raw socket subscriber (so nothing acknowledges behind the test's back), mosquitto_pub -V mqttv5
// publisher; against NanoNode's broker and Mosquitto in the same test. No timing: the three messages are queued for the
// subscriber before it sends PINGREQ (mosquitto_pub has had each PUBACK), so a broker ignoring the limit would send
// PUBLISH 2 before PINGRESP.
namespace NanoNode.Broker.Tests;

using System.Net.Sockets;
using System.Text;
using NanoNode.Tests.Shared;

public sealed class Mqtt5_ClientReceiveMaximum
{
    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync())
        {
            Run(broker.Port, "NanoNode");
        }

        using var mosquitto = new MosquittoFixture();
        Run(mosquitto.Port, "Mosquitto");
    }

    private static void Run(int port, string name)
    {
        string topic = "rm/" + Guid.NewGuid().ToString("N")[..8];
        using var tcp = new TcpClient();
        tcp.Connect("127.0.0.1", port);
        var s = tcp.GetStream();
        s.ReadTimeout = 15000;
        // CONNECT v5, clean start, keep alive 60, properties: Receive Maximum (0x21) = 1.
        s.Write(Packet(0x10, Cat(Str("MQTT"), new byte[] { 5, 0x02, 0, 60, 3, 0x21, 0, 1 }, Str("rm-" + topic[3..]))));
        Assert.Equal(0x20, Read(s).Type);
        s.Write(Packet(0x82, Cat(new byte[] { 0, 1, 0 }, Str(topic), new byte[] { 1 })));
        Assert.Equal(0x90, Read(s).Type);

        for (int i = 1; i <= 3; i++)
        {
            var pub = Tools.Pub(port, "-V", "mqttv5", "-t", topic, "-m", "m" + i, "-q", "1");
            Assert.True(pub.ExitCode == 0, $"{name}: publish {i}: {pub.Error}");
        }

        var first = Read(s);
        Assert.Equal(0x32, first.Type); // PUBLISH QoS 1
        s.Write(new byte[] { 0xC0, 0 }); // PINGREQ
        Assert.True(Read(s).Type == 0xD0, $"{name}: a second PUBLISH came before PINGRESP although Receive Maximum is 1");
        int seen = 1;
        var packet = first;
        while (seen < 3)
        {
            s.Write(new byte[] { 0x40, 2, packet.Body[TopicEnd(packet.Body)], packet.Body[TopicEnd(packet.Body) + 1] }); // PUBACK with its id
            packet = Read(s);
            Assert.Equal(0x32, packet.Type);
            seen++;
        }

        s.Write(new byte[] { 0x40, 2, packet.Body[TopicEnd(packet.Body)], packet.Body[TopicEnd(packet.Body) + 1] });
        s.Write(new byte[] { 0xE0, 0 });
    }

    // Offset of the packet id in a PUBLISH body: after the 2-byte length and the topic.
    private static int TopicEnd(byte[] body) => 2 + ((body[0] << 8) | body[1]);

    private static (int Type, byte[] Body) Read(NetworkStream s)
    {
        int type = ReadByte(s);
        int length = 0;
        int mul = 1;
        int d;
        do
        {
            d = ReadByte(s);
            length += (d & 0x7F) * mul;
            mul *= 128;
        }
        while ((d & 0x80) != 0);
        var body = new byte[length];
        s.ReadExactly(body);
        return (type, body);
    }

    private static int ReadByte(NetworkStream s)
    {
        int b = s.ReadByte();
        return b >= 0 ? b : throw new Xunit.Sdk.XunitException("connection closed");
    }

    private static byte[] Packet(byte first, byte[] body) => Cat(new[] { first, (byte)body.Length }, body);

    private static byte[] Str(string v)
    {
        var b = Encoding.UTF8.GetBytes(v);
        return Cat(new[] { (byte)(b.Length >> 8), (byte)b.Length }, b);
    }

    private static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
