using System.Net.Sockets;
using System.Text;

namespace NanoNode.Broker.Tests.Infrastructure;

/// <summary>
/// MQTT 5 packets built byte by byte and exchanged over a raw socket, for checks no client library shows (properties a
/// library hides, the exact reason code of a server DISCONNECT). Packets read back are rendered as hex ("20 03 00 8C 00"),
/// separated by " | ".
/// </summary>
public static class Mqtt5Raw
{
    /// <summary>Bounded wait for the server, milliseconds.</summary>
    public const int TimeoutMs = 15000;

    /// <summary>
    /// Sends the packets, then reads until the server closes, or (<paramref name="packets"/> &gt; 0) until that many whole
    /// packets arrived; bounded by <see cref="TimeoutMs"/>. Returns the packets received as hex, separated by " | ",
    /// ending in "closed" when the server closed, "open" otherwise.
    /// </summary>
    public static string Exchange(int port, int packets, params byte[][] send)
    {
        using var tcp = new TcpClient();
        tcp.Connect("127.0.0.1", port);
        var stream = tcp.GetStream();
        foreach (var p in send)
        {
            stream.Write(p);
        }

        stream.ReadTimeout = TimeoutMs;
        var received = new List<byte>();
        var buf = new byte[4096];
        string end = "closed";
        try
        {
            int n;
            while ((n = stream.Read(buf, 0, buf.Length)) > 0)
            {
                received.AddRange(buf.AsSpan(0, n).ToArray());
                if (packets > 0 && Split(received).Count >= packets)
                {
                    end = "open";
                    break;
                }
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

        var parts = Split(received).Select(Hex).ToList();
        parts.Add(end);
        return string.Join(" | ", parts);
    }

    /// <summary>
    /// Sends the packets, reads until <paramref name="before"/> whole packets arrived, runs <paramref name="then"/> (e.g.
    /// stops the broker), then reads until the server closes (each read bounded by <see cref="TimeoutMs"/>). Returns the
    /// packets received after the first <paramref name="before"/>, as <see cref="Exchange"/> does.
    /// </summary>
    public static async Task<string> ExchangeAround(int port, int before, Func<Task> then, params byte[][] send)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();
        foreach (var p in send)
        {
            await stream.WriteAsync(p);
        }

        var received = new List<byte>();
        var buf = new byte[4096];
        bool done = false;
        string end = "closed";
        while (!done)
        {
            int n;
            try
            {
                using var timeout = new CancellationTokenSource(TimeoutMs);
                n = await stream.ReadAsync(buf, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                end = "open";
                break;
            }
            catch (IOException)
            {
                n = 0;
            }

            if (n == 0)
            {
                break;
            }

            received.AddRange(buf.AsSpan(0, n).ToArray());
            if (then != null && Split(received).Count >= before)
            {
                var step = then;
                then = null!;
                await step();
            }
        }

        var parts = Split(received).Skip(before).Select(Hex).ToList();
        parts.Add(end);
        return string.Join(" | ", parts);
    }

    /// <summary>The whole packets at the start of <paramref name="received"/> (a cut-off last one is included as it is).</summary>
    public static List<byte[]> Split(List<byte> received)
    {
        var list = new List<byte[]>();
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
            list.Add(received.GetRange(pos, total).ToArray());
            pos += total;
        }

        return list;
    }

    /// <summary>Bytes as upper-case hex pairs separated by spaces.</summary>
    public static string Hex(byte[] b) => string.Join(" ", b.Select(x => x.ToString("X2")));

    /// <summary>
    /// A CONNECT (clean start) with the given CONNECT properties, and credentials when <paramref name="user"/> is given;
    /// <paramref name="level"/> other than 5 for refusal checks (the rest stays in the 5.0 layout).
    /// </summary>
    public static byte[] Connect(string clientId, int keepAlive = 60, byte[]? props = null, string? user = null, string? password = null, int level = 5)
    {
        props ??= Array.Empty<byte>();
        byte flags = (byte)(0x02 | (user != null ? 0xC0 : 0));
        byte[] credentials = user != null ? Cat(Str(user), Str(password ?? string.Empty)) : Array.Empty<byte>();
        return Packet(0x10, Cat(Str("MQTT"), new byte[] { (byte)level, flags, (byte)(keepAlive >> 8), (byte)keepAlive }, Vbi(props.Length), props, Str(clientId), credentials));
    }

    /// <summary>A PUBLISH of "hi" (packet id <paramref name="packetId"/> for QoS 1/2).</summary>
    public static byte[] Publish(string topic, int qos = 0, int packetId = 0, byte[]? props = null, byte[]? payload = null)
    {
        props ??= Array.Empty<byte>();
        byte[] id = qos > 0 ? new[] { (byte)(packetId >> 8), (byte)packetId } : Array.Empty<byte>();
        return Packet((byte)(0x30 | (qos << 1)), Cat(Str(topic), id, Vbi(props.Length), props, payload ?? "hi"u8.ToArray()));
    }

    /// <summary>A SUBSCRIBE of one filter with subscription options byte <paramref name="options"/> and the given SUBSCRIBE properties.</summary>
    public static byte[] Subscribe(int packetId, string filter, int options = 1, byte[]? props = null)
    {
        props ??= Array.Empty<byte>();
        return Packet(0x82, Cat(new[] { (byte)(packetId >> 8), (byte)packetId }, Vbi(props.Length), props, Str(filter), new[] { (byte)options }));
    }

    /// <summary>A PUBREL (reason 0 left out).</summary>
    public static byte[] PubRel(int packetId) => new byte[] { 0x62, 2, (byte)(packetId >> 8), (byte)packetId };

    /// <summary>A whole packet: first byte, remaining length, body.</summary>
    public static byte[] Packet(byte first, byte[] body) => Cat(new[] { first }, Vbi(body.Length), body);

    /// <summary>One property: identifier then value bytes.</summary>
    public static byte[] Prop(byte id, byte[] value) => Cat(new[] { id }, value);

    /// <summary>A UTF-8 string with its two-byte length.</summary>
    public static byte[] Str(string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        return Cat(new[] { (byte)(b.Length >> 8), (byte)b.Length }, b);
    }

    /// <summary>A two-byte integer.</summary>
    public static byte[] U16(int v) => new[] { (byte)(v >> 8), (byte)v };

    /// <summary>A four-byte integer.</summary>
    public static byte[] U32(long v) => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v };

    /// <summary>A variable byte integer (§1.5.5).</summary>
    public static byte[] Vbi(int n)
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

    /// <summary>The parts one after the other.</summary>
    public static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Hex of a refusing CONNACK with <paramref name="code"/> and, when given, a Reason String.</summary>
    public static string ConnAckHex(int code, string? reason)
    {
        byte[] props = reason == null ? Array.Empty<byte>() : Prop(0x1F, Str(reason));
        return Hex(Packet(0x20, Cat(new byte[] { 0, (byte)code }, Vbi(props.Length), props)));
    }

    /// <summary>Hex of a DISCONNECT with <paramref name="code"/> and, when given, a Reason String (none: the short form).</summary>
    public static string DisconnectHex(int code, string? reason)
    {
        if (reason == null)
        {
            return Hex(new byte[] { 0xE0, 1, (byte)code });
        }

        byte[] props = Prop(0x1F, Str(reason));
        return Hex(Packet(0xE0, Cat(new[] { (byte)code }, Vbi(props.Length), props)));
    }

    /// <summary>Hex of a Reason String property (0x1F) holding <paramref name="text"/>.</summary>
    public static string ReasonHex(string text) => Hex(Prop(0x1F, Str(text)));
}
