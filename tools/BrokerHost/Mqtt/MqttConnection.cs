using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Security;
using NanoNode.Mqtt;

namespace NanoNode.BrokerHost.Mqtt;

/// <summary>
/// One MQTT network connection (TCP, TLS or WebSocket, all as a pair of pipes), server role. The reader task frames
/// and decodes packets with the shared codec (<see cref="MqttFrameReader"/>, <see cref="MqttDecoder"/>) and dispatches
/// them. Outgoing packets go to this connection's own queue; a drain (a thread-pool work item, started only while the
/// queue is not empty, never a task per idle connection) writes them into the output pipe, so a slow socket only slows
/// itself. Protocol failures close this connection only [MQTT-4.8.0-1].
/// </summary>
public sealed partial class MqttConnection : IMqttSender, IThreadPoolWorkItem
{
    [ThreadStatic]
    private static MqttPacket? t_packet;

    [ThreadStatic]
    private static byte[]? t_frame;

    // MQTT 5: the decoded-packet view (reused per thread, like t_packet) and a property writer with its scratch buffer
    // (drain and reader threads each use their own).
    [ThreadStatic]
    private static Mqtt5Packet? t_packet5;

    [ThreadStatic]
    private static Mqtt5PropertyWriter? t_props;

    [ThreadStatic]
    private static byte[]? t_scratch;

    // Connections given packets while this thread's reader handles a read (t_batching): drained by that reader once the
    // whole read is handled, on its own thread (no thread-pool hop, one flush per connection per read).
    [ThreadStatic]
    private static List<MqttConnection>? t_deferred;

    [ThreadStatic]
    private static bool t_batching;

    private readonly MqttBroker _broker;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly IPAddress? _remote;
    private readonly ILogger _log;

    // Outbound queue. Under _outGate: _out (created at the first packet), _draining (a drain is scheduled or running;
    // false implies _out is empty), _outClosed (no more packets accepted), _writerEnded (output pipe completed) and
    // _writerDone (created when RunAsync waits for a running drain). Only the one drain writes to _output.
    private readonly object _outGate = new();
    private Queue<OutItem>? _out;
    private bool _draining;
    private bool _outClosed;
    private bool _writerEnded;
    private TaskCompletionSource? _writerDone;
    private TaskCompletionSource? _outSpace;
    private int _queuedReplies;
    private readonly OrderGate _order = new();
    private readonly long _openedAt = Environment.TickCount64;
    private long _queuedBytes;
    private long _lastPacketAt = Environment.TickCount64;
    private int _keepAliveMs;
    private volatile bool _connected;
    private volatile bool _closed;
    private bool _graceful;

    // Why the connection ended, for the broker's ClientDisconnected hook; the first reason set wins. Written by the
    // reader, the broker's timer (keep alive) or a takeover; read once in RunAsync's finally.
    private string? _closeReason;
    private Session? _session;
    private Principal? _principal;
    private BrokerMessage? _will;
    private byte[]? _lastTopicBytes;
    private string? _lastTopic;

    // Between a CONNECT and its (asynchronous) credential check: what the CONNECT asked for. Reader task only.
    private Task<(byte ReturnCode, Principal? Principal)>? _pendingAuth;
    private string? _connectClientId;
    private string? _connectUserName;
    private bool _connectClean;
    private int _connectKeepAlive;
    private BrokerMessage? _connectWill;

    // Set by the drain when an outgoing packet could not be encoded (a bug): the connection closes.
    private bool _encodeFailed;

    // MQTT 5 (protocol level 5 in CONNECT): decided by the first packet, then fixed for the connection. _limits holds
    // what the client announced in CONNECT (Maximum Packet Size...). Reader task writes both before CONNACK.
    private volatile bool _v5;
    private Mqtt5ConnectionLimits? _limits;

    // MQTT 5 topic aliases client → broker of this network connection (§3.3.2.3.4): used by the reader, created at the
    // first alias.
    private Mqtt5TopicAliases? _inAliases;
    private bool _assignedClientId;
    private bool _connectPersistent;
    private long _connectExpiryMs;
    private long _willDelayMs;
    private bool _keepWill;
    private int _disconnectSent;

    /// <summary>Creates a connection over <paramref name="input"/>/<paramref name="output"/>; call <see cref="RunAsync"/>.</summary>
    public MqttConnection(MqttBroker broker, PipeReader input, PipeWriter output, IPAddress? remote, ILogger log)
    {
        _broker = broker;
        _input = input;
        _output = output;
        _remote = remote;
        _log = log;
    }

    /// <summary>
    /// Replies (acks, PINGRESP, SUBACK...: every queued packet that is not a PUBLISH) waiting in this connection's
    /// outbound queue above which its reader stops reading until they are down to half. Bounds what a client that sends
    /// (e.g. QoS 1 PUBLISH, each answered by a PUBACK) but never reads can make the broker hold; TCP then holds the client
    /// back. Deliveries are not counted, so a client that publishes and subscribes a lot is never stopped for its
    /// deliveries: QoS 0 ones are bounded by bytes (<see cref="BrokerOptions.MaxConnectionQueueBytes"/>), QoS 1/2 ones by
    /// the inflight window. A reply waits in the queue only after the kernel buffers are full (tens of thousands of acks).
    /// </summary>
    public const int ReaderPauseAbove = 4096;

    /// <summary>The client id after CONNECT, else null.</summary>
    public string? ClientId => _session?.ClientId;

    /// <summary>The MQTT protocol level of this connection: 5 for MQTT 5.0, 4 for 3.1.1.</summary>
    public int ProtocolLevel => _v5 ? 5 : 4;

    /// <summary>The principal after an accepted CONNECT, else null.</summary>
    public Principal? Principal => _principal;

    /// <summary>
    /// Why the connection ended (<see cref="CloseReasons"/>); null while it runs. Set before the broker's
    /// <see cref="MqttBroker.ClientDisconnected"/> hook runs.
    /// </summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    private void SetCloseReason(string reason) => Interlocked.CompareExchange(ref _closeReason, reason, null);

    /// <summary>
    /// Serves the connection until the client disconnects, breaks the protocol, is taken over or times out, or
    /// <paramref name="aborted"/> fires. <paramref name="aborted"/> must mean server shutdown only, never "peer closed":
    /// it cancels the pending read, so packets already received but not yet processed are dropped. A peer close ends
    /// the loop through the input pipe (completed, or faulted on a reset) after the packets before it are handled.
    /// Returns when both tasks ended; the caller closes the transport.
    /// </summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        _broker.Register(this);
        using var link = aborted.UnsafeRegister(static c =>
        {
            var connection = (MqttConnection)c!;
            connection.SetCloseReason(CloseReasons.ServerShutdown);
            connection.SendDisconnect(Mqtt5ReasonCodes.ServerShuttingDown); // MQTT 5 only (§3.14.2.1)
            connection.Close();
        }, this);
        try
        {
            // The read loop (inline: no second task per connection). Close() ends it through CancelPendingRead; a
            // cancel requested before the read starts is kept by the pipe and returned by the next ReadAsync.
            while (!_closed)
            {
                ReadResult result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    break;
                }

                long before = buffer.Length;
                bool ok;
                t_batching = true;
                try
                {
                    ok = Process(ref buffer);
                }
                finally
                {
                    t_batching = false;
                    DrainDeferred();
                }

                Interlocked.Add(ref _broker.Stats.BytesReceived, before - buffer.Length);
                if (ok && _pendingAuth != null)
                {
                    // CONNECT waits for a password check (off this task's thread, bounded: Authenticator). The bytes
                    // after it stay unexamined, so the next read returns them at once; they are handled after CONNACK.
                    _input.AdvanceTo(buffer.Start);
                    var pending = _pendingAuth;
                    _pendingAuth = null;
                    var (code, principal) = await pending.ConfigureAwait(false);
                    if (_closed)
                    {
                        break;
                    }

                    t_batching = true;
                    try
                    {
                        ok = FinishConnect(code, principal);
                    }
                    finally
                    {
                        t_batching = false;
                        DrainDeferred();
                    }

                    if (!ok)
                    {
                        break;
                    }

                    continue;
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (!ok || result.IsCompleted)
                {
                    SetCloseReason(_graceful ? (_keepWill ? CloseReasons.CleanWithWill : CloseReasons.Clean) : !ok ? CloseReasons.ProtocolError : CloseReasons.SocketClosed);
                    break;
                }

                Task? space = WaitForOutSpace();
                if (space != null)
                {
                    Interlocked.Increment(ref _broker.Stats.ReaderPauses);
                    await space.ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionAbortedException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            SetCloseReason(CloseReasons.SocketLost);
        }
        catch (Exception e)
        {
            _log.LogError(e, "Connection of {ClientId} failed", ClientId);
        }
        finally
        {
            _closed = true;
            SetCloseReason(CloseReasons.SocketLost);
            if (_connected)
            {
                Interlocked.Decrement(ref _broker.Stats.ClientsConnected);
                Interlocked.Decrement(ref _v5 ? ref _broker.Stats.ClientsConnectedMqtt5 : ref _broker.Stats.ClientsConnectedMqtt311);
            }

            if (_session != null)
            {
                _broker.CloseSession(this, _session, _graceful && !_keepWill ? null : _will, _willDelayMs);
            }

            _broker.Unregister(this);
        }

        // Let the drain send what is queued (a refusing CONNACK), but never wait long for a stuck socket.
        Task? writer = null;
        lock (_outGate)
        {
            _outClosed = true;
            if (_draining && !_writerEnded)
            {
                _writerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                writer = _writerDone.Task;
            }
        }

        if (writer == null)
        {
            await EndWriterAsync().ConfigureAwait(false);
        }
        else
        {
            try
            {
                await writer.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _output.CancelPendingFlush();
                await writer.ConfigureAwait(false);
            }
        }

        await _input.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the connection (reader stops; queued packets are still written).</summary>
    public void Close()
    {
        _closed = true;
        _input.CancelPendingRead();
        ReleaseReader();
    }

    // A task the reader awaits while more than ReaderPauseAbove replies are queued, else null.
    private Task? WaitForOutSpace()
    {
        lock (_outGate)
        {
            if (_outClosed || _closed || _queuedReplies <= ReaderPauseAbove)
            {
                return null;
            }

            _outSpace = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _outSpace.Task;
        }
    }

    // Lets a paused reader go on (the queue shrank, or the connection closes).
    private void ReleaseReader()
    {
        TaskCompletionSource? space;
        lock (_outGate)
        {
            space = _outSpace;
            _outSpace = null;
        }

        space?.TrySetResult();
    }

    /// <summary>Another connection took over this client id [MQTT-3.1.4-2]; an MQTT 5 client is told so (DISCONNECT 0x8E, §3.14.2.1).</summary>
    internal void CloseTakenOver()
    {
        SetCloseReason(CloseReasons.TakenOver);
        SendDisconnect(Mqtt5ReasonCodes.SessionTakenOver);
        Close();
    }

    /// <summary>Enforces the CONNECT timeout and 1.5 × keep alive [MQTT-3.1.2-24]; called every second by the broker.</summary>
    internal void CheckTimeouts(long now)
    {
        if (_closed)
        {
            return;
        }

        if (!_connected)
        {
            if (now - _openedAt > _broker.Options.ConnectTimeoutSeconds * 1000L)
            {
                Close();
            }

            return;
        }

        if (_keepAliveMs > 0 && now - Volatile.Read(ref _lastPacketAt) > _keepAliveMs)
        {
            Interlocked.Increment(ref _broker.Stats.KeepaliveExpired);
            SetCloseReason(CloseReasons.KeepAliveTimeout);
            SendDisconnect(Mqtt5ReasonCodes.KeepAliveTimeout);
            Close();
        }
    }

    /// <inheritdoc />
    public bool SendPublish(BrokerMessage message, byte qos, ushort packetId, bool dup, bool retain)
    {
        if (_closed)
        {
            return false;
        }

        int size = message.Size;
        if (qos == 0 && Interlocked.Read(ref _queuedBytes) + size > _broker.Options.MaxConnectionQueueBytes)
        {
            return false;
        }

        Interlocked.Add(ref _queuedBytes, size);
        Interlocked.Increment(ref _broker.Stats.Sent);
        return Enqueue(new OutItem(message, null, qos, packetId, dup, retain, 0));
    }

    /// <inheritdoc />
    public bool MayReceive(string topic)
    {
        var principal = _principal;
        if (principal == null || principal.IsAdmin)
        {
            return principal != null;
        }

        if (Acl.CanReceive(principal, topic, _broker.Options.TopicPrefix))
        {
            return true;
        }

        LogEvent("acl", "{0} may not receive {1}: delivery dropped", principal.Name, topic);
        return false;
    }

    /// <inheritdoc />
    public void SendAck(PacketKind kind, ushort packetId)
        => Enqueue(new OutItem(null, null, 0, packetId, false, false, (byte)kind));

    private void SendRaw(byte[] packet) => Enqueue(new OutItem(null, packet, 0, 0, false, false, 0));

    // Queues a packet and starts a drain unless one is scheduled or running; false once the writer is closed.
    private bool Enqueue(in OutItem item)
    {
        lock (_outGate)
        {
            if (_outClosed)
            {
                return false;
            }

            (_out ??= new Queue<OutItem>()).Enqueue(item);
            if (item.Message == null)
            {
                _queuedReplies++;
            }
            if (_draining)
            {
                return true;
            }

            _draining = true;
        }

        if (t_batching)
        {
            (t_deferred ??= new List<MqttConnection>()).Add(this);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return true;
    }

    // Starts the drains deferred while this thread's reader handled a read (see t_deferred).
    private static void DrainDeferred()
    {
        var deferred = t_deferred;
        if (deferred == null || deferred.Count == 0)
        {
            return;
        }

        // Detached while the drains start, so that a nested reader on this thread (should a flush ever run one inline)
        // gets a list of its own.
        t_deferred = null;
        foreach (var c in deferred)
        {
            _ = c.DrainAsync();
        }

        deferred.Clear();
        t_deferred ??= deferred;
    }

    void IThreadPoolWorkItem.Execute() => _ = DrainAsync();

    // Handles every whole packet at the start of buffer; false = close the connection.
    private bool Process(ref ReadOnlySequence<byte> buffer)
    {
        var head = t_scratch ??= new byte[256];
        while (!_closed && _pendingAuth == null && buffer.Length > 0)
        {
            int n = (int)Math.Min(FixedHeader.MaxSize, buffer.Length);
            buffer.Slice(0, n).CopyTo(head);
            MqttStatus status = _v5
                ? Mqtt5Decoder.CheckFrame(head, 0, n, _broker.Options.MaxPacketSize, out int length, out int headerLength, out _)
                : MqttFrameReader.Check(head, 0, n, _broker.Options.MaxPacketSize, out length, out headerLength, out _);
            if (status == MqttStatus.NeedMoreBytes && headerLength == 0)
            {
                return true;
            }

            if (status != MqttStatus.Ok && status != MqttStatus.NeedMoreBytes)
            {
                // Includes TooLarge: a packet over MaxPacketSize closes the connection.
                return ProtocolError(status);
            }

            if (buffer.Length < length)
            {
                return true;
            }

            byte[] array;
            int offset;
            var first = buffer.First;
            if (first.Length >= length && MemoryMarshal.TryGetArray(first, out ArraySegment<byte> segment))
            {
                array = segment.Array!;
                offset = segment.Offset;
            }
            else
            {
                array = t_frame is { } f && f.Length >= length ? f : (t_frame = new byte[Math.Max(length, 4096)]);
                buffer.Slice(0, length).CopyTo(array);
                offset = 0;
            }

            if (!_connected && !_v5 && array[offset] >> 4 == (int)MqttPacketType.Connect
                && Mqtt5ConnectPacket.PeekProtocolLevel(array, offset + headerLength, length - headerLength, out int level) == MqttStatus.Ok && level >= 5)
            {
                if (level > 5)
                {
                    // A version after 5: answered in the newest format this server knows, 0x84 (§3.1.2.2, [MQTT-3.1.2-2]).
                    buffer = buffer.Slice(length);
                    _connectClientId = "(level " + level + ")";
                    LogEvent("refused", "CONNECT with protocol level {0} refused (unsupported protocol version)", level);
                    _v5 = true;
                    return Refuse5(Mqtt5ReasonCodes.UnsupportedProtocolVersion);
                }

                _v5 = true;
            }

            if (_v5)
            {
                var packet5 = t_packet5 ??= new Mqtt5Packet();
                status = Mqtt5Decoder.Decode(array, offset, length, MqttRole.Server, packet5);
                buffer = buffer.Slice(length);
                Volatile.Write(ref _lastPacketAt, Environment.TickCount64);
                if (!Handle5(status, packet5))
                {
                    return false;
                }

                continue;
            }

            var packet = t_packet ??= new MqttPacket();
            status = MqttDecoder.Decode(array, offset, length, MqttRole.Server, packet);
            buffer = buffer.Slice(length);
            Volatile.Write(ref _lastPacketAt, Environment.TickCount64);
            if (!Handle(status, packet))
            {
                return false;
            }
        }

        return true;
    }

    private bool Handle(MqttStatus status, MqttPacket p)
    {
        if (!_connected)
        {
            // The first packet must be CONNECT [MQTT-3.1.0-1].
            if (p.Type != MqttPacketType.Connect && status != MqttStatus.UnacceptableProtocolLevel)
            {
                return ProtocolError(status == MqttStatus.Ok ? MqttStatus.ProtocolError : status);
            }

            return HandleConnect(status, p);
        }

        if (status != MqttStatus.Ok)
        {
            return ProtocolError(status);
        }

        switch (p.Type)
        {
            case MqttPacketType.Publish:
                return HandlePublish(p);
            case MqttPacketType.PubAck:
                return _session!.OnPubAck((ushort)p.PacketId, _broker.Options) || WrongAck(p);
            case MqttPacketType.PubRec:
                return _session!.OnPubRec((ushort)p.PacketId) || WrongAck(p);
            case MqttPacketType.PubRel:
                ushort rel = (ushort)p.PacketId;
                _broker.Release(_session!, rel, _order, () => SendAck(PacketKind.PubComp, rel));
                return true;
            case MqttPacketType.PubComp:
                return _session!.OnPubComp((ushort)p.PacketId, _broker.Options) || WrongAck(p);
            case MqttPacketType.Subscribe:
                return HandleSubscribe(p);
            case MqttPacketType.Unsubscribe:
                return HandleUnsubscribe(p);
            case MqttPacketType.PingReq:
                SendRaw(PingResp);
                return true;
            case MqttPacketType.Disconnect:
                // The will is discarded [MQTT-3.14.4-3]; the server closes [MQTT-3.14.4-1].
                _graceful = true;
                _will = null;
                return false;
            default:
                // A second CONNECT is a protocol violation [MQTT-3.1.0-2].
                return ProtocolError(MqttStatus.ProtocolError);
        }
    }

    private bool HandleConnect(MqttStatus status, MqttPacket p)
    {
        if (status == MqttStatus.UnacceptableProtocolLevel)
        {
            // E.g. an MQTT 5 client: CONNACK 1 [MQTT-3.1.2-2], logged with the client id it sent when it can be read.
            _connectClientId = TryReadClientIdAnyLevel(p);
            LogEvent("refused", "CONNECT with protocol level {0} refused (unacceptable protocol version)", p.ProtocolLevel);
            return Refuse(ConnAckPacket.UnacceptableProtocolVersion);
        }

        if (status != MqttStatus.Ok)
        {
            return ProtocolError(status);
        }

        var buf = p.Buffer;
        string clientId = Encoding.UTF8.GetString(buf, p.ClientIdOffset, p.ClientIdLength);
        _connectClientId = clientId;
        if (clientId.Length == 0)
        {
            // A zero-byte client id needs CleanSession=1 [MQTT-3.1.3-7] [MQTT-3.1.3-8]; the server assigns one [MQTT-3.1.3-6].
            if (!p.CleanSession)
            {
                LogEvent("refused", "CONNECT with an empty client id and CleanSession=0 refused (identifier rejected)");
                return Refuse(ConnAckPacket.IdentifierRejected);
            }

            clientId = "auto-" + Guid.NewGuid().ToString("N");
            _connectClientId = clientId;
        }
        else if (p.ClientIdLength > _broker.Options.MaxClientIdLength)
        {
            _connectClientId = clientId.Substring(0, Math.Min(clientId.Length, 64)) + "...";
            LogEvent("refused", "CONNECT with a {0}-byte client id refused (identifier rejected)", p.ClientIdLength);
            return Refuse(ConnAckPacket.IdentifierRejected);
        }

        string? userName = p.HasUserName ? Encoding.UTF8.GetString(buf, p.UserNameOffset, p.UserNameLength) : null;
        byte[]? password = p.HasPassword ? buf.AsSpan(p.PasswordOffset, p.PasswordLength).ToArray() : null;
        _connectUserName = userName;
        _connectClean = p.CleanSession;
        _connectPersistent = !p.CleanSession;
        _connectKeepAlive = p.KeepAliveSeconds;
        _connectWill = p.WillFlag
            ? new BrokerMessage(Encoding.UTF8.GetString(buf, p.WillTopicOffset, p.WillTopicLength), buf.AsSpan(p.WillMessageOffset, p.WillMessageLength).ToArray(), (byte)p.WillQos, p.WillRetain)
            : null;
        return StartAuth(userName, password);
    }

    // Starts the credential check of a CONNECT of either version; FinishConnect runs now or once the check is done.
    private bool StartAuth(string? userName, byte[]? password)
    {
        var auth = _broker.Authenticator.AuthenticateAsync(userName, password, _remote);
        if (auth.IsCompleted)
        {
            var (code, principal) = auth.Result;
            return FinishConnect(code, principal);
        }

        // Finished by RunAsync once the check is done (the receive buffer's views are not used after this point).
        _pendingAuth = auth.AsTask();
        return true;
    }

    // The rest of CONNECT once the credentials are decided (reader task).
    private bool FinishConnect(byte code, Principal? principal)
    {
        string clientId = _connectClientId!;
        if (code != ConnAckPacket.Accepted)
        {
            if (code == ConnAckPacket.BadUserNameOrPassword || code == ConnAckPacket.NotAuthorized)
            {
                Interlocked.Increment(ref _broker.Stats.LoginFailures);
            }
            else if (code == ConnAckPacket.ServerUnavailable)
            {
                Interlocked.Increment(ref _broker.Stats.PasswordChecksRejected);
            }

            LogEvent("login", "login as {0} refused with CONNACK {1}", _connectUserName ?? "(no user name)", code);
            return _v5 ? Refuse5(ConnAckCode5(code)) : Refuse(code);
        }

        _principal = principal!;
        var will = _connectWill;
        _connectWill = null;
        if (will != null)
        {
            if (!Acl.CanPublish(_principal, will.Topic, _broker.Options.TopicPrefix, _broker.Options.HaDiscoveryPrefix) || IsSysTopic(will.Topic))
            {
                LogEvent("acl", "{0} may not set a will on {1}: CONNECT refused", _principal.Name, will.Topic);
                return _v5 ? Refuse5(Mqtt5ReasonCodes.NotAuthorized, "not authorized to publish the will's topic") : Refuse(ConnAckPacket.NotAuthorized);
            }

            _will = will;
        }

        _keepAliveMs = _connectKeepAlive * 1500;
        var (session, present) = _broker.OpenSession(this, clientId, _connectClean, _connectPersistent, _connectExpiryMs, _principal);
        if (session == null)
        {
            // The client id's session belongs to another principal (issue 10): refused, its owner is left alone.
            _will = null;
            LogEvent("takeover", "{0} may not take over the session of client id {1} (owned by another user): CONNECT refused", _principal.Name, clientId);
            return _v5 ? Refuse5(Mqtt5ReasonCodes.NotAuthorized, "this client id's session belongs to another user") : Refuse(ConnAckPacket.NotAuthorized);
        }

        _session = session;
        _connected = true;
        Interlocked.Increment(ref _broker.Stats.ClientsConnected);
        Interlocked.Increment(ref _v5 ? ref _broker.Stats.ClientsConnectedMqtt5 : ref _broker.Stats.ClientsConnectedMqtt311);

        if (_v5)
        {
            if (!SendConnAck5(present))
            {
                return false;
            }

            session.Attach(this, _broker.Options);
            return true;
        }

        // Session Present is 0 for a clean session [MQTT-3.2.2-1], else whether one was resumed [MQTT-3.2.2-2].
        var connack = new byte[ConnAckPacket.Size];
        if (!Encoded(ConnAckPacket.Encode(connack, 0, connack.Length, present, ConnAckPacket.Accepted, out _), "CONNACK"))
        {
            return false;
        }

        SendRaw(connack);
        session.Attach(this, _broker.Options);
        return true;
    }

    private bool HandlePublish(MqttPacket p)
        => Publish(p.Buffer, p.TopicOffset, p.TopicLength, p.PacketId, p.Qos, p.Retain, p.PayloadOffset, p.PayloadLength, null, 0);

    // A PUBLISH of either version: routed, acknowledged per its QoS. properties/expiresAt: MQTT 5 (see BrokerMessage).
    private bool Publish(byte[] buf, int topicOffset, int topicLength, int packetId, int packetQos, bool retain, int payloadOffset, int payloadLength,
        byte[]? properties, long expiresAt, byte[]? topicBuffer = null)
    {
        Interlocked.Increment(ref _broker.Stats.Received);
        var topicSpan = (topicBuffer ?? buf).AsSpan(topicOffset, topicLength);
        string topic;
        byte[] topicBytes;
        if (_lastTopicBytes != null && topicSpan.SequenceEqual(_lastTopicBytes))
        {
            topic = _lastTopic!;
            topicBytes = _lastTopicBytes;
        }
        else
        {
            topicBytes = topicSpan.ToArray();
            topic = Encoding.UTF8.GetString(topicBytes);
            _lastTopic = topic;
            _lastTopicBytes = topicBytes;
        }

        ushort id = (ushort)packetId;
        int qos = packetQos;
        bool countQos2 = false;
        if (_v5 && qos > 0 && (qos == 1 || _inboundQos2 == null || !_inboundQos2.Contains(id)))
        {
            // The broker's Receive Maximum (§3.3.4): a new QoS 1/2 PUBLISH while as many as announced await their
            // PUBACK/PUBCOMP is DISCONNECT 0x93 [MQTT-3.3.4-9]. A QoS 2 PUBLISH re-sent with a counted id is not new.
            if (Volatile.Read(ref _inboundQos1) + (_inboundQos2?.Count ?? 0) >= Math.Clamp(_broker.Options.ReceiveMaximum, 1, 65535))
            {
                Interlocked.Increment(ref _broker.Stats.ReceiveMaximumExceeded);
                Interlocked.Increment(ref _broker.Stats.ProtocolErrors);
                SendDisconnect(Mqtt5ReasonCodes.ReceiveMaximumExceeded);
                LogEvent("protocol", "more than {0} unacknowledged QoS 1/2 PUBLISHes (Receive Maximum): connection closed", _broker.Options.ReceiveMaximum);
                return false;
            }

            countQos2 = qos == 2;
        }

        bool allowed = !IsSysTopic(topic) && Acl.CanPublish(_principal!, topic, _broker.Options.TopicPrefix, _broker.Options.HaDiscoveryPrefix);
        if (!allowed)
        {
            // MQTT 3.1.1 cannot refuse a PUBLISH: acknowledge and drop it (as Mosquitto does).
            Interlocked.Increment(ref _broker.Stats.Dropped);
            Interlocked.Increment(ref _broker.Stats.AclPublishesDenied);
            LogEvent("acl", "{0} may not publish to {1}: dropped", _principal!.Name, topic);
            if (_v5 && qos > 0)
            {
                // MQTT 5 can say so: PUBACK / PUBREC 0x87 Not authorized (§3.4.2.1, §3.5.2.1); a PUBREC failure ends the flow.
                SendAckReason5(qos == 1 ? MqttPacketType.PubAck : MqttPacketType.PubRec, id, Mqtt5ReasonCodes.NotAuthorized, "not authorized to publish to this topic");
                _inboundQos2?.Remove(id); // a PUBREC failure ends the flow: it no longer counts
            }
            else if (qos == 1)
            {
                SendAck(PacketKind.PubAck, id);
            }
            else if (qos == 2)
            {
                SendAck(PacketKind.PubRec, id);
            }

            return true;
        }

        var message = new BrokerMessage(topic, topicBytes, buf.AsSpan(payloadOffset, payloadLength).ToArray(), (byte)qos, retain)
        {
            Properties = properties,
            ExpiresAt = expiresAt,
        };
        switch (qos)
        {
            case 0:
                _broker.Publish(message, _session, 0, _order, null);
                break;
            case 1:
                if (_v5)
                {
                    // Counted until the PUBACK is queued; uncounted first, so the client's next PUBLISH never finds it
                    // still counted.
                    Interlocked.Increment(ref _inboundQos1);
                    _broker.Publish(message, _session, 0, _order, matched =>
                    {
                        Interlocked.Decrement(ref _inboundQos1);
                        PubAck5(id, matched);
                    });
                }
                else
                {
                    _broker.Publish(message, _session, 0, _order, _ => SendAck(PacketKind.PubAck, id));
                }

                break;
            default:
                if (countQos2)
                {
                    // Counted until its PUBREL (Handle5), which the client sends only after the PUBREC.
                    (_inboundQos2 ??= new HashSet<ushort>()).Add(id);
                }

                bool duplicate;
                lock (_session!.Gate)
                {
                    // Method B: store the id, deliver once, answer PUBREC; a re-sent PUBLISH with this id is not
                    // delivered again until PUBREL [MQTT-4.3.3-2].
                    duplicate = !_session.InboundQos2.Add(id);
                }

                if (duplicate)
                {
                    if (_order.IsIdle)
                    {
                        SendAck(PacketKind.PubRec, id);
                    }
                    else
                    {
                        _order.Enter();
                        _broker.Store.Run(null, () =>
                        {
                            SendAck(PacketKind.PubRec, id);
                            _order.Exit();
                        });
                    }
                }
                else
                {
                    _broker.Publish(message, _session, id, _order, _ => SendAck(PacketKind.PubRec, id));
                }

                break;
        }

        return true;
    }

    private bool HandleSubscribe(MqttPacket p)
    {
        var filters = new string[p.ItemCount];
        var qos = new byte[p.ItemCount];
        int pos = p.ItemsOffset;
        for (int i = 0; i < filters.Length; i++)
        {
            pos = SubscribePacket.ReadFilter(p.Buffer, pos, out int fo, out int fl, out int q);
            filters[i] = Encoding.UTF8.GetString(p.Buffer, fo, fl);
            qos[i] = (byte)q;
        }

        ushort id = (ushort)p.PacketId;
        _broker.Subscribe(_session!, _principal!, filters, qos, _order, granted =>
        {
            // SUBACK carries one return code per filter, same packet id [MQTT-3.8.4-1] [MQTT-3.8.4-5]; 3.1.1 has one
            // failure code, 0x80 [MQTT-3.9.3-2].
            for (int i = 0; i < granted.Length; i++)
            {
                granted[i] = granted[i] >= 0x80 ? (byte)0x80 : granted[i];
            }

            var suback = new byte[SubAckPacket.Size(granted.Length)];
            if (Encoded(SubAckPacket.Encode(suback, 0, suback.Length, id, granted, 0, granted.Length, out _), "SUBACK"))
            {
                SendRaw(suback);
            }

            for (int i = 0; i < granted.Length; i++)
            {
                if (granted[i] == 0x80)
                {
                    LogEvent("acl", "{0} may not subscribe to {1}: refused (0x80)", _principal!.Name, filters[i]);
                }
            }
        });
        return true;
    }

    private bool HandleUnsubscribe(MqttPacket p)
    {
        var filters = new string[p.ItemCount];
        int pos = p.ItemsOffset;
        for (int i = 0; i < filters.Length; i++)
        {
            pos = UnsubscribePacket.ReadFilter(p.Buffer, pos, out int fo, out int fl);
            filters[i] = Encoding.UTF8.GetString(p.Buffer, fo, fl);
        }

        ushort id = (ushort)p.PacketId;
        _broker.Unsubscribe(_session!, filters, _order, () => SendAck(PacketKind.UnsubAck, id));
        return true;
    }

    private bool Refuse(int returnCode)
    {
        // A refusing CONNACK has Session Present 0 [MQTT-3.2.2-4], then the server closes [MQTT-3.2.2-5].
        Interlocked.Increment(ref _broker.Stats.ConnectionsRefused);
        var connack = new byte[ConnAckPacket.Size];
        if (Encoded(ConnAckPacket.Encode(connack, 0, connack.Length, false, returnCode, out _), "CONNACK"))
        {
            SendRaw(connack);
        }

        return false;
    }

    private bool ProtocolError(MqttStatus status)
    {
        // MQTT 5: the reason goes to the client first (§4.13.2), DISCONNECT after CONNACK, else a refusing CONNACK.
        int reason = status == MqttStatus.ProtocolError ? Mqtt5ReasonCodes.ProtocolError : Mqtt5ReasonCodes.ForStatus(status);
        if (_connected)
        {
            SendDisconnect(reason, ReasonText(status));
        }
        else if (_v5 && _session == null)
        {
            SendConnAckRefusal5(Mqtt5ReasonCodes.IsValidFor(MqttPacketType.ConnAck, reason) ? reason : Mqtt5ReasonCodes.UnspecifiedError);
        }

        Interlocked.Increment(ref _broker.Stats.ProtocolErrors);
        LogEvent("protocol", "protocol violation ({0}): connection closed", status);
        return false;
    }

    // PUBACK for a QoS 2 delivery, or PUBREC/PUBCOMP for a QoS 1 one [MQTT-4.3.2] [MQTT-4.3.3]: a protocol violation
    // (Mosquitto closes such a client too).
    private bool WrongAck(MqttPacket p) => WrongAck(p.Type, p.PacketId);

    // An ack of the wrong type for an outbound flow (either version): counted, DISCONNECT 0x82 toward MQTT 5, closed.
    private bool WrongAck(MqttPacketType type, int packetId)
    {
        Interlocked.Increment(ref _broker.Stats.WrongAckType);
        Interlocked.Increment(ref _broker.Stats.ProtocolErrors);
        SendDisconnect(Mqtt5ReasonCodes.ProtocolError);
        LogEvent("protocol", "protocol violation ({0} for packet id {1} of a delivery with another QoS): connection closed", type, packetId);
        return false;
    }

    // An encoder status of a packet this side builds: anything but Ok is a bug. Logged as an error; the caller sends
    // nothing and the connection is closed (never a truncated or empty packet on the wire).
    private bool Encoded(MqttStatus status, string packet)
    {
        if (status == MqttStatus.Ok)
        {
            return true;
        }

        _log.LogError("Encoding {Packet} for {ClientId} failed ({Status}): closing the connection", packet, ClientId ?? _connectClientId, status);
        Close();
        return false;
    }

    /// <summary>
    /// Writes an Information line about this client (client id, else "(none)", and remote address), at most one per
    /// client and <paramref name="reason"/> per <see cref="BrokerOptions.LogIntervalSeconds"/> (<see cref="MqttBroker.LogLimiter"/>).
    /// <paramref name="format"/> uses {0}, {1}... for <paramref name="args"/>.
    /// </summary>
    private void LogEvent(string reason, string format, params object?[] args)
    {
        string address = _remote?.ToString() ?? "(unknown)";
        string client = ClientId ?? _connectClientId ?? "(none)";
        if (!_broker.LogLimiter.ShouldLog(client == "(none)" ? address : client, reason, out long suppressed))
        {
            return;
        }

        string detail = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
        if (suppressed > 0)
        {
            detail += $" ({suppressed} more such lines suppressed)";
        }

        _log.LogInformation("MQTT client {ClientId} from {Address}: {Detail}", client, address, detail);
    }

    // The client id of a CONNECT of any protocol level (3.1.1, or 5 with its properties before the payload), for the
    // log line of a refused CONNECT; null when it cannot be read. Bounds-checked, best effort.
    private static string? TryReadClientIdAnyLevel(MqttPacket p)
    {
        var b = p.Buffer;
        int pos = p.BodyOffset;
        int end = p.BodyOffset + p.BodyLength;
        if (b == null || end > b.Length || end - pos < 2)
        {
            return null;
        }

        pos += 2 + ((b[pos] << 8) | b[pos + 1]); // protocol name
        pos += 4; // level, flags, keep alive
        if (pos > end)
        {
            return null;
        }

        if (p.ProtocolLevel == 5)
        {
            int props = 0;
            for (int shift = 0; ; shift += 7)
            {
                if (pos >= end || shift > 21)
                {
                    return null;
                }

                byte v = b[pos++];
                props |= (v & 0x7F) << shift;
                if ((v & 0x80) == 0)
                {
                    break;
                }
            }

            pos += props;
        }

        if (pos + 2 > end)
        {
            return null;
        }

        int n = (b[pos] << 8) | b[pos + 1];
        pos += 2;
        if (pos + n > end)
        {
            return null;
        }

        string id = Encoding.UTF8.GetString(b, pos, Math.Min(n, 64));
        return id.Length == 0 ? "(empty)" : id;
    }

    private static bool IsSysTopic(string topic) => topic.StartsWith("$SYS", StringComparison.Ordinal);

    // Writes the queued packets into the output pipe and flushes (at least every 256 KiB) until the queue is empty. The
    // only writer of _output: Enqueue starts it only when none is scheduled or running.
    private async Task DrainAsync()
    {
        bool ended = false;
        try
        {
            while (true)
            {
                long written = 0;
                lock (_outGate)
                {
                    var queue = _out!;
                    while (written <= 256 * 1024 && queue.TryDequeue(out var item))
                    {
                        written += Write(item);
                        if (_encodeFailed)
                        {
                            // Nothing after the packet that could not be encoded is written: its absence would
                            // break the flow; the connection closes after what was written before it.
                            queue.Clear();
                            _queuedReplies = 0;
                            _outClosed = true;
                            break;
                        }
                    }

                    if (_outSpace != null && _queuedReplies <= ReaderPauseAbove / 2)
                    {
                        // TrySetResult runs the reader's continuation asynchronously (RunContinuationsAsynchronously).
                        _outSpace.TrySetResult();
                        _outSpace = null;
                    }

                    if (written == 0)
                    {
                        _draining = false;
                        ended = _outClosed;
                        break;
                    }
                }

                Interlocked.Add(ref _broker.Stats.BytesSent, written);
                var flush = await _output.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled || _encodeFailed)
                {
                    ended = true;
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException or ConnectionAbortedException or System.Net.WebSockets.WebSocketException)
        {
            ended = true;
        }
        catch (Exception e)
        {
            _log.LogError(e, "Writer of {ClientId} failed", ClientId);
            ended = true;
        }

        if (ended)
        {
            await EndWriterAsync().ConfigureAwait(false);
        }
    }

    // The writer is done (queue drained after RunAsync closed it, or the socket failed): nothing more is accepted, the
    // reader stops, the output pipe is completed and RunAsync, if it waits, is released. Runs once.
    private async Task EndWriterAsync()
    {
        TaskCompletionSource? done;
        lock (_outGate)
        {
            if (_writerEnded)
            {
                return;
            }

            _writerEnded = true;
            _outClosed = true;
            _out = null;
            done = _writerDone;
        }

        Close();
        try
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
        }

        done?.TrySetResult();
    }

    // Called by the drain under _outGate.
    private int Write(in OutItem item)
    {
        if (item.Message == null)
        {
            _queuedReplies--;
        }

        if (item.Raw != null)
        {
            _output.Write(item.Raw);
            return item.Raw.Length;
        }

        if (item.Message != null && _v5)
        {
            return WritePublish5(item);
        }

        var scratch = t_scratch ??= new byte[256];
        MqttStatus status;
        if (item.Message == null)
        {
            // UNSUBACK has its own encoder (PubAckPacket refuses it) [MQTT-3.10.4-4].
            int n;
            status = item.Kind == (byte)PacketKind.UnsubAck
                ? UnsubAckPacket.Encode(scratch, 0, scratch.Length, item.PacketId, out n)
                : PubAckPacket.Encode(scratch, 0, scratch.Length, (MqttPacketType)item.Kind, item.PacketId, out n);
            if (!WriteEncoded(status, (PacketKind)item.Kind))
            {
                return 0;
            }

            _output.Write(scratch.AsSpan(0, n));
            return n;
        }

        var m = item.Message;
        Interlocked.Add(ref _queuedBytes, -m.Size);
        int header = PublishPacket.HeaderSize(m.TopicUtf8.Length, item.Qos, m.Payload.Length);
        if (scratch.Length < header)
        {
            scratch = t_scratch = new byte[Math.Max(header, scratch.Length * 2)];
        }

        status = PublishPacket.EncodeHeader(scratch, 0, scratch.Length, m.TopicUtf8, 0, m.TopicUtf8.Length, item.Qos, item.Retain, item.Dup, item.PacketId, m.Payload.Length, out int h);
        if (!WriteEncoded(status, "PUBLISH"))
        {
            return 0;
        }

        _output.Write(scratch.AsSpan(0, h));
        _output.Write(m.Payload);
        return h + m.Payload.Length;
    }

    // Under _outGate (drain): a failed encode is logged and marks the connection for closing (see DrainAsync).
    private bool WriteEncoded(MqttStatus status, object packet)
    {
        if (status == MqttStatus.Ok)
        {
            return true;
        }

        _encodeFailed = true;
        _log.LogError("Encoding {Packet} for {ClientId} failed ({Status}): nothing written, closing the connection", packet, ClientId, status);
        return false;
    }

    private static readonly byte[] PingResp = EncodePingResp();

    private static byte[] EncodePingResp()
    {
        var b = new byte[PingRespPacket.Size];
        if (PingRespPacket.Encode(b, 0, b.Length, out _) != MqttStatus.Ok)
        {
            throw new InvalidOperationException("PINGRESP encoding failed");
        }

        return b;
    }

    private readonly record struct OutItem(BrokerMessage? Message, byte[]? Raw, byte Qos, ushort PacketId, bool Dup, bool Retain, byte Kind);
}
