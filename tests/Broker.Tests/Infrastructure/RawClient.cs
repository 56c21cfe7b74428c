using System.Net.Sockets;
using System.Text;
using NanoNode.Mqtt;

namespace NanoNode.Broker.Tests.Infrastructure;

/// <summary>A received packet, copied out of the receive buffer.</summary>
public sealed record RawPacket(MqttPacketType Type, int Flags, int PacketId, int ReturnCode, bool SessionPresent, string Topic, string Payload, int Qos, bool Dup, bool Retain, byte[] Codes);

/// <summary>
/// A byte-level MQTT client over TCP for protocol edge cases (crafted or malformed packets, withheld acknowledgements):
/// packets are encoded and decoded with the shared NanoNode codec, client role. Blocking calls with timeouts.
/// </summary>
public sealed class RawClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _rx = new byte[1 << 20];
    private int _count;

    /// <summary>
    /// Connects the TCP socket (no MQTT yet). <paramref name="receiveBuffer"/> &gt; 0 fixes the kernel receive buffer
    /// (no autotuning), so a client that stops reading fills up quickly.
    /// </summary>
    public RawClient(int port, int receiveBuffer = 0)
    {
        _tcp = new TcpClient();
        if (receiveBuffer > 0)
        {
            _tcp.ReceiveBufferSize = receiveBuffer;
        }

        _tcp.Connect("127.0.0.1", port);
        _tcp.NoDelay = true;
        _stream = _tcp.GetStream();
    }

    /// <summary>Sends raw bytes.</summary>
    public void Send(byte[] bytes) => _stream.Write(bytes);

    /// <summary>Sends CONNECT built by the codec.</summary>
    public void SendConnect(string clientId, bool clean = true, int keepAlive = 60, string? user = null, string? password = null, string? willTopic = null, string? willMessage = null, int willQos = 0, bool willRetain = false)
    {
        var buf = new byte[4096];
        var status = ConnectPacket.Encode(buf, 0, buf.Length, Encoding.UTF8.GetBytes(clientId),
            willTopic == null ? null : Encoding.UTF8.GetBytes(willTopic), willMessage == null ? null : Encoding.UTF8.GetBytes(willMessage), willQos, willRetain,
            user == null ? null : Encoding.UTF8.GetBytes(user), password == null ? null : Encoding.UTF8.GetBytes(password), clean, keepAlive, out int n);
        Assert.Equal(MqttStatus.Ok, status);
        Send(buf.AsSpan(0, n).ToArray());
    }

    /// <summary>CONNECT and expect CONNACK; returns it.</summary>
    public RawPacket Connect(string clientId, bool clean = true, int keepAlive = 60, string? user = null, string? password = null, string? willTopic = null, string? willMessage = null)
    {
        SendConnect(clientId, clean, keepAlive, user, password, willTopic, willMessage);
        var p = Receive() ?? throw new Xunit.Sdk.XunitException("no CONNACK");
        Assert.Equal(MqttPacketType.ConnAck, p.Type);
        return p;
    }

    /// <summary>SUBSCRIBE one filter; returns the SUBACK.</summary>
    public RawPacket Subscribe(string filter, int qos, int packetId = 1)
    {
        var buf = new byte[4096];
        var f = Encoding.UTF8.GetBytes(filter);
        Assert.Equal(MqttStatus.Ok, SubscribePacket.Encode(buf, 0, buf.Length, packetId, f, 0, f.Length, qos, out int n));
        Send(buf.AsSpan(0, n).ToArray());
        return Expect(MqttPacketType.SubAck);
    }

    /// <summary>UNSUBSCRIBE one filter; returns the UNSUBACK (fails when none arrives).</summary>
    public RawPacket Unsubscribe(string filter, int packetId = 2)
    {
        var buf = new byte[4096];
        var f = Encoding.UTF8.GetBytes(filter);
        Assert.Equal(MqttStatus.Ok, UnsubscribePacket.Encode(buf, 0, buf.Length, packetId, f, 0, f.Length, out int n));
        Send(buf.AsSpan(0, n).ToArray());
        return Expect(MqttPacketType.UnsubAck);
    }

    /// <summary>PUBLISH.</summary>
    public void Publish(string topic, string payload, int qos, int packetId = 0, bool retain = false, bool dup = false)
    {
        var t = Encoding.UTF8.GetBytes(topic);
        var p = Encoding.UTF8.GetBytes(payload);
        var buf = new byte[t.Length + p.Length + 16];
        Assert.Equal(MqttStatus.Ok, PublishPacket.Encode(buf, 0, buf.Length, t, 0, t.Length, qos, retain, dup, packetId, p, 0, p.Length, out int n));
        Send(buf.AsSpan(0, n).ToArray());
    }

    /// <summary>PUBACK / PUBREC / PUBREL / PUBCOMP.</summary>
    public void Ack(MqttPacketType type, int packetId)
    {
        var buf = new byte[4];
        Assert.Equal(MqttStatus.Ok, PubAckPacket.Encode(buf, 0, 4, type, packetId, out _));
        Send(buf);
    }

    /// <summary>DISCONNECT.</summary>
    public void Disconnect()
    {
        var buf = new byte[2];
        DisconnectPacket.Encode(buf, 0, 2, out _);
        Send(buf);
    }

    /// <summary>Receives packets until one of <paramref name="type"/> arrives (others are skipped); fails on close/timeout.</summary>
    public RawPacket Expect(MqttPacketType type, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var p = Receive(Math.Max(0.05, (deadline - DateTime.UtcNow).TotalSeconds));
            if (p == null)
            {
                break;
            }

            if (p.Type == type)
            {
                return p;
            }
        }

        throw new Xunit.Sdk.XunitException($"no {type} received");
    }

    /// <summary>
    /// Next packet, or null when the broker closed the connection or nothing arrived within <paramref name="seconds"/>
    /// (see <see cref="Closed"/>).
    /// </summary>
    public RawPacket? Receive(double seconds = 10)
    {
        var packet = new MqttPacket();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (_count > 0)
            {
                var status = MqttDecoder.Decode(_rx, 0, _count, MqttRole.Client, packet);
                if (status == MqttStatus.Ok)
                {
                    var codes = packet.Type == MqttPacketType.SubAck ? _rx.AsSpan(packet.ItemsOffset, packet.ItemsLength).ToArray() : Array.Empty<byte>();
                    var result = new RawPacket(packet.Type, packet.Flags, packet.PacketId, packet.ReturnCode, packet.SessionPresent,
                        packet.Type == MqttPacketType.Publish ? Encoding.UTF8.GetString(_rx, packet.TopicOffset, packet.TopicLength) : "",
                        packet.Type == MqttPacketType.Publish ? Encoding.UTF8.GetString(_rx, packet.PayloadOffset, packet.PayloadLength) : "",
                        packet.Qos, packet.Dup, packet.Retain, codes);
                    int used = packet.Length;
                    Buffer.BlockCopy(_rx, used, _rx, 0, _count - used);
                    _count -= used;
                    return result;
                }

                if (status != MqttStatus.NeedMoreBytes)
                {
                    throw new Xunit.Sdk.XunitException("broker sent a malformed packet: " + status);
                }
            }

            double left = (deadline - DateTime.UtcNow).TotalMilliseconds;
            if (left <= 0)
            {
                return null;
            }

            _tcp.ReceiveTimeout = (int)Math.Max(1, left);
            int n;
            try
            {
                n = _stream.Read(_rx, _count, _rx.Length - _count);
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
            {
                return null;
            }
            catch (IOException)
            {
                Closed = true;
                return null;
            }

            if (n == 0)
            {
                Closed = true;
                return null;
            }

            _count += n;
        }
    }

    /// <summary>True once a read saw the broker close the connection.</summary>
    public bool Closed { get; private set; }

    /// <summary>Reads until the broker closes the connection; true when it did within <paramref name="seconds"/>.</summary>
    public bool WaitClosed(double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!Closed && DateTime.UtcNow < deadline)
        {
            Receive((deadline - DateTime.UtcNow).TotalSeconds);
        }

        return Closed;
    }

    /// <summary>Closes the socket without DISCONNECT (an abnormal close from the broker's point of view).</summary>
    public void Abort()
    {
        _tcp.Client.LingerState = new LingerOption(true, 0);
        _tcp.Close();
    }

    /// <inheritdoc />
    public void Dispose() => _tcp.Dispose();
}
