using System.Net;
using System.Net.Sockets;
using System.Text;
using NanoNode.Mqtt;

namespace NanoNode.Bench;

/// <summary>
/// The load generator's MQTT connection, 3.1.1 (protocol level 4) or 5.0 (level 5): a blocking TCP socket to 127.0.0.1
/// plus the shared codec (<see cref="ConnectPacket"/>, <see cref="PublishPacket"/>, ... to encode,
/// <see cref="MqttFrameReader"/> and <see cref="MqttDecoder"/> to frame and decode; for 5.0 the same roles are played by
/// <see cref="Mqtt5ConnectPacket"/>, <see cref="Mqtt5PublishPacket"/>, <see cref="Mqtt5SubscribePacket"/> and
/// <see cref="Mqtt5Decoder"/>, with no properties sent). The same class drives NanoNode's broker and Mosquitto.
/// A 5.0 packet is decoded into <see cref="Mqtt5Packet"/> and the fields the load loops read (type, QoS, packet id,
/// payload offset) are copied into <see cref="Packet"/>, so the loops are the same for both versions.
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
    private readonly Mqtt5Packet _packet5 = new();
    private int _rxStart;
    private int _rxEnd;

    private BrokerBenchClient(Socket socket, int receiveBufferSize, int protocolLevel)
    {
        _socket = socket;
        _rx = new byte[receiveBufferSize];
        ProtocolLevel = protocolLevel;
    }

    /// <summary>4 = MQTT 3.1.1, 5 = MQTT 5.0: the version of every packet this connection encodes and decodes.</summary>
    public int ProtocolLevel { get; }

    /// <summary>
    /// MQTT 5: the Receive Maximum the broker announced in CONNACK (65,535 when absent), the most QoS 1/2 PUBLISHes
    /// this client may have unacknowledged [MQTT-3.3.4-7]; a broker may disconnect a client that sends more (NanoNode:
    /// DISCONNECT 0x93). 3.1.1: 65,535 (no such limit).
    /// </summary>
    public int SendQuota { get; private set; } = 65535;

    /// <summary>The decoded packet of the last successful <see cref="TryNext"/>; a view into the receive buffer until the next read.</summary>
    public MqttPacket Packet => _packet;

    /// <summary>The socket (timeouts, Available).</summary>
    public Socket Socket => _socket;

    /// <summary>
    /// Opens a TCP connection to 127.0.0.1:<paramref name="port"/>, sends CONNECT (clean session,
    /// <paramref name="keepAliveSeconds"/>, no will, no credentials) and waits up to <paramref name="timeoutMs"/> for an
    /// accepting CONNACK. Throws <see cref="IOException"/> on refusal or timeout (setup failure, not a figure).
    /// </summary>
    public static BrokerBenchClient Connect(int port, string clientId, int keepAliveSeconds, int timeoutMs, int receiveBufferSize = ReceiveBufferSize, int protocolLevel = 4)
    {
        if (protocolLevel != 4 && protocolLevel != 5)
        {
            throw new ArgumentOutOfRangeException(nameof(protocolLevel), protocolLevel, "4 (MQTT 3.1.1) or 5 (MQTT 5.0)");
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new BrokerBenchClient(socket, receiveBufferSize, protocolLevel);
        try
        {
            socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
            socket.ReceiveTimeout = timeoutMs;
            byte[] connect = protocolLevel == 5 ? EncodeConnect5(clientId, keepAliveSeconds) : EncodeConnect(clientId, keepAliveSeconds);
            client.Send(connect, 0, connect.Length);
            client.Expect(MqttPacketType.ConnAck, timeoutMs);
            int code = protocolLevel == 5 ? client._packet5.ReasonCode : client._packet.ReturnCode;
            if (code != 0)
            {
                throw new IOException($"CONNACK {(protocolLevel == 5 ? "reason" : "return")} code 0x{code:x2} for {clientId}");
            }

            if (protocolLevel == 5)
            {
                // The broker's Receive Maximum (§3.3.4): this client never has more QoS 1/2 PUBLISHes unacknowledged.
                client.SendQuota = (int)client._packet5.Properties.Get(Mqtt5Properties.ReceiveMaximum, 65535);
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

    /// <summary>An MQTT 5 CONNECT: clean start, given keep alive, no properties (session expiry 0), no will, no credentials (§3.1.2.4).</summary>
    public static byte[] EncodeConnect5(string clientId, int keepAliveSeconds)
    {
        byte[] id = Utf8.GetBytes(clientId);
        var connect = new byte[16 + id.Length];
        Check(Mqtt5ConnectPacket.Encode(connect, 0, connect.Length, id, true, keepAliveSeconds, null, 0, 0, null, null, 0, false, null, 0, 0, null, null, out int n), "CONNECT (5.0)");
        Array.Resize(ref connect, n);
        return connect;
    }

    /// <summary>
    /// Encodes a QoS <paramref name="qos"/> PUBLISH without retain/dup in this connection's version (5.0: an empty
    /// property section, §3.3.2.3); returns the bytes written. <see cref="PublishSize"/> gives the room it needs.
    /// </summary>
    public int EncodePublish(byte[] buffer, int offset, byte[] topic, int qos, int packetId, byte[] payload)
    {
        int n;
        if (ProtocolLevel == 5)
        {
            Check(Mqtt5PublishPacket.Encode(buffer, offset, buffer.Length - offset, topic, 0, topic.Length, qos, false, false, packetId, null, 0, 0, payload, 0, payload.Length, out n), "PUBLISH (5.0)");
        }
        else
        {
            Check(PublishPacket.Encode(buffer, offset, buffer.Length - offset, topic, 0, topic.Length, qos, false, false, packetId, payload, 0, payload.Length, out n), "PUBLISH");
        }

        return n;
    }

    /// <summary>Bytes of a PUBLISH from <see cref="EncodePublish"/>.</summary>
    public int PublishSize(int topicLength, int qos, int payloadLength)
        => ProtocolLevel == 5 ? Mqtt5PublishPacket.Size(topicLength, qos, 0, payloadLength) : PublishPacket.Size(topicLength, qos, payloadLength);

    /// <summary>Encodes a PUBACK (5.0: reason 0x00 without properties, the short form of §3.4.2.1); returns the bytes written.</summary>
    public int EncodePubAck(byte[] buffer, int offset, int packetId)
    {
        int n;
        if (ProtocolLevel == 5)
        {
            Check(Mqtt5PubAckPacket.Encode(buffer, offset, buffer.Length - offset, MqttPacketType.PubAck, packetId, 0, null, 0, 0, out n), "PUBACK (5.0)");
        }
        else
        {
            Check(PubAckPacket.Encode(buffer, offset, buffer.Length - offset, MqttPacketType.PubAck, packetId, out n), "PUBACK");
        }

        return n;
    }

    /// <summary>Subscribes to one filter at <paramref name="qos"/> and waits for the SUBACK (granted QoS must equal the request).</summary>
    public void Subscribe(string filter, int qos, int timeoutMs)
    {
        byte[] f = Utf8.GetBytes(filter);
        byte[] sub;
        int n;
        if (ProtocolLevel == 5)
        {
            // Options: maximum QoS only (no local off, retain as published off, retain handling 0), §3.8.3.1.
            sub = new byte[Mqtt5SubscribePacket.Size(0, Mqtt5SubscribePacket.EntrySize(f.Length))];
            Check(Mqtt5SubscribePacket.Encode(sub, 0, sub.Length, 1, null, 0, 0, f, 0, f.Length, Mqtt5SubscribePacket.Options(qos, false, false, 0), out n), "SUBSCRIBE (5.0)");
        }
        else
        {
            sub = new byte[SubscribePacket.Size(SubscribePacket.EntrySize(f.Length))];
            Check(SubscribePacket.Encode(sub, 0, sub.Length, 1, f, 0, f.Length, qos, out n), "SUBSCRIBE");
        }

        Send(sub, 0, n);
        Expect(MqttPacketType.SubAck, timeoutMs);
        int granted = ProtocolLevel == 5 ? _packet5.Buffer[_packet5.ItemsOffset] : _packet.Buffer[_packet.ItemsOffset];
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
        if (ProtocolLevel == 5)
        {
            Check(Mqtt5Decoder.Decode(_rx, _rxStart, length, MqttRole.Client, _packet5), "packet from broker (5.0)");
            _packet.Buffer = _packet5.Buffer;
            _packet.Type = _packet5.Type;
            _packet.Qos = _packet5.Qos;
            _packet.PacketId = _packet5.PacketId;
            _packet.PayloadOffset = _packet5.PayloadOffset;
            _packet.PayloadLength = _packet5.PayloadLength;
        }
        else
        {
            Check(MqttDecoder.Decode(_rx, _rxStart, length, MqttRole.Client, _packet), "packet from broker");
        }

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
