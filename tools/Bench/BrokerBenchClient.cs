using System.Net;
using System.Net.Sockets;
using System.Text;
using NanoNode.Mqtt;

namespace NanoNode.Bench;

/// <summary>
/// The load generator's MQTT 3.1.1 connection: a blocking TCP socket to 127.0.0.1 plus the shared codec
/// (<see cref="ConnectPacket"/>, <see cref="PublishPacket"/>, ... to encode; <see cref="MqttFrameReader"/> and
/// <see cref="MqttDecoder"/> to frame and decode). The same class drives NanoNode's broker and Mosquitto.
/// Not thread-safe: one thread per instance (or one async loop, for <see cref="ReceiveAsync"/>).
/// Buffers: a receive buffer (<see cref="ReceiveBufferSize"/>) and a send buffer, allocated once per connection.
/// </summary>
public sealed class BrokerBenchClient : IDisposable
{
    /// <summary>Bytes of the receive buffer; also the largest packet this client can take.</summary>
    public const int ReceiveBufferSize = 128 * 1024;

    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private readonly Socket _socket;
    private readonly byte[] _rx;
    private readonly MqttPacket _packet = new();
    private int _rxStart;
    private int _rxEnd;

    private BrokerBenchClient(Socket socket, int receiveBufferSize)
    {
        _socket = socket;
        _rx = new byte[receiveBufferSize];
    }

    /// <summary>The decoded packet of the last successful <see cref="TryNext"/>; a view into the receive buffer until the next read.</summary>
    public MqttPacket Packet => _packet;

    /// <summary>The socket (timeouts, Available).</summary>
    public Socket Socket => _socket;

    /// <summary>
    /// Opens a TCP connection to 127.0.0.1:<paramref name="port"/>, sends CONNECT (clean session,
    /// <paramref name="keepAliveSeconds"/>, no will, no credentials) and waits up to <paramref name="timeoutMs"/> for an
    /// accepting CONNACK. Throws <see cref="IOException"/> on refusal or timeout (setup failure, not a figure).
    /// </summary>
    public static BrokerBenchClient Connect(int port, string clientId, int keepAliveSeconds, int timeoutMs, int receiveBufferSize = ReceiveBufferSize)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new BrokerBenchClient(socket, receiveBufferSize);
        try
        {
            socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
            socket.ReceiveTimeout = timeoutMs;
            byte[] connect = EncodeConnect(clientId, keepAliveSeconds);
            client.Send(connect, 0, connect.Length);
            client.Expect(MqttPacketType.ConnAck, timeoutMs);
            if (client._packet.ReturnCode != 0)
            {
                throw new IOException($"CONNACK return code {client._packet.ReturnCode} for {clientId}");
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A CONNECT packet: clean session, given keep alive, no will, no credentials [MQTT-3.1.2-6].</summary>
    public static byte[] EncodeConnect(string clientId, int keepAliveSeconds)
    {
        byte[] id = Utf8.GetBytes(clientId);
        var connect = new byte[ConnectPacket.Size(id.Length, -1, 0, -1, -1)];
        Check(ConnectPacket.Encode(connect, 0, connect.Length, id, null, null, 0, false, null, null, true, keepAliveSeconds, out _), "CONNECT");
        return connect;
    }

    /// <summary>Subscribes to one filter at <paramref name="qos"/> and waits for the SUBACK (granted QoS must equal the request).</summary>
    public void Subscribe(string filter, int qos, int timeoutMs)
    {
        byte[] f = Utf8.GetBytes(filter);
        var sub = new byte[SubscribePacket.Size(SubscribePacket.EntrySize(f.Length))];
        Check(SubscribePacket.Encode(sub, 0, sub.Length, 1, f, 0, f.Length, qos, out int n), "SUBSCRIBE");
        Send(sub, 0, n);
        Expect(MqttPacketType.SubAck, timeoutMs);
        int granted = _packet.Buffer[_packet.ItemsOffset];
        if (granted != qos)
        {
            throw new IOException($"SUBACK granted 0x{granted:x2} for {filter} at QoS {qos}");
        }
    }

    /// <summary>Sends DISCONNECT (best effort) so the broker discards the clean session without a will [MQTT-3.14.4-3].</summary>
    public void Disconnect()
    {
        try
        {
            var d = new byte[2];
            DisconnectPacket.Encode(d, 0, 2, out _);
            _socket.Send(d);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Sends all <paramref name="count"/> bytes (blocks while the socket buffer is full: TCP back-pressure).</summary>
    public void Send(byte[] buffer, int offset, int count)
    {
        while (count > 0)
        {
            int n = _socket.Send(buffer, offset, count, SocketFlags.None);
            offset += n;
            count -= n;
        }
    }

    /// <summary>
    /// Reads what the socket has (blocking up to its ReceiveTimeout). Returns the bytes read, 0 when the broker closed
    /// the connection, -1 on timeout. Frames already buffered are kept; call <see cref="TryNext"/> until it returns false.
    /// </summary>
    public int Fill()
    {
        Compact();
        try
        {
            int n = _socket.Receive(_rx, _rxEnd, _rx.Length - _rxEnd, SocketFlags.None);
            _rxEnd += n;
            return n;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return -1;
        }
    }

    /// <summary>As <see cref="Fill"/>, asynchronously (for many idle-ish connections on few threads); 0 = closed.</summary>
    public async ValueTask<int> ReceiveAsync(CancellationToken token)
    {
        Compact();
        int n = await _socket.ReceiveAsync(_rx.AsMemory(_rxEnd), SocketFlags.None, token).ConfigureAwait(false);
        _rxEnd += n;
        return n;
    }

    /// <summary>
    /// Decodes the next whole buffered packet into <see cref="Packet"/>; false when more bytes are needed. A malformed
    /// packet from the broker throws (the benchmark stops: the figures would be meaningless).
    /// </summary>
    public bool TryNext()
    {
        int available = _rxEnd - _rxStart;
        if (available < 2)
        {
            return false;
        }

        MqttStatus status = MqttFrameReader.Check(_rx, _rxStart, available, _rx.Length, out int length, out _, out _);
        if (status == MqttStatus.NeedMoreBytes)
        {
            return false;
        }

        Check(status, "frame from broker");
        Check(MqttDecoder.Decode(_rx, _rxStart, length, MqttRole.Client, _packet), "packet from broker");
        _rxStart += length;
        return true;
    }

    /// <summary>Counts the whole PUBLISH frames buffered (frames only, no decode: the cheap path of the fan-out receivers); other packets are skipped.</summary>
    public int CountPublishFrames()
    {
        int count = 0;
        while (true)
        {
            int available = _rxEnd - _rxStart;
            if (available < 2)
            {
                return count;
            }

            MqttStatus status = MqttFrameReader.Check(_rx, _rxStart, available, _rx.Length, out int length, out _, out _);
            if (status == MqttStatus.NeedMoreBytes)
            {
                return count;
            }

            Check(status, "frame from broker");
            if ((_rx[_rxStart] >> 4) == (int)MqttPacketType.Publish)
            {
                count++;
            }

            _rxStart += length;
        }
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();

    /// <summary>Throws for a codec status other than Ok (setup or broker failure, never a figure).</summary>
    public static void Check(MqttStatus status, string what)
    {
        if (status != MqttStatus.Ok)
        {
            throw new IOException($"{what}: {status}");
        }
    }

    private void Expect(MqttPacketType type, int timeoutMs)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            while (TryNext())
            {
                if (_packet.Type == type)
                {
                    return;
                }
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new IOException($"no {type} within {timeoutMs} ms");
            }

            int n = Fill();
            if (n == 0)
            {
                throw new IOException($"connection closed while waiting for {type}");
            }
        }
    }

    private void Compact()
    {
        if (_rxStart == _rxEnd)
        {
            _rxStart = _rxEnd = 0;
        }
        else if (_rxStart > 0 && _rx.Length - _rxEnd < 16 * 1024)
        {
            Buffer.BlockCopy(_rx, _rxStart, _rx, 0, _rxEnd - _rxStart);
            _rxEnd -= _rxStart;
            _rxStart = 0;
        }
    }
}
