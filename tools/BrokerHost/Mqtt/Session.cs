namespace NanoNode.BrokerHost.Mqtt;

/// <summary>
/// One MQTT session (MQTT 3.1.1 §4.1): subscriptions, outbound QoS 1/2 messages (inflight window + bounded queue),
/// inbound QoS 2 packet ids, and the connection currently attached (if any). A persistent session (CleanSession=0)
/// outlives its connections and is stored by <see cref="IBrokerStore"/>.
/// Thread-safety: every member is called under <see cref="Gate"/> by the broker, the connection's reader and the
/// persistence thread; the connection's send methods never block, and <see cref="IBrokerStore.Run"/> only queues, so
/// holding <see cref="Gate"/> while calling either cannot deadlock (store completions take <see cref="Gate"/> on the
/// store thread, which holds no other lock).
/// Durability (stored messages of a persistent session): a QoS 2 PUBLISH goes out only after its packet id is
/// committed, and PUBREL only after the "PUBREC received" state is committed; see <see cref="IStoreWriter.SetPacketId"/>
/// and <see cref="IStoreWriter.MarkReleased"/>. Sends that wait for such a commit keep their order with later sends of
/// the same session [MQTT-4.6.0-5].
/// </summary>
public sealed class Session
{
    // Created at first use (an idle session holds none); _inflight == null means no message inflight.
    private Dictionary<ushort, Outbound>? _inflight;
    private HashSet<ushort>? _inboundQos2;

    private readonly Queue<Outbound> _pending = new();
    private readonly BrokerStats _stats;
    private readonly IBrokerStore _store;
    private long _pendingBytes;
    private ushort _nextId;
    private long _sequence;

    // Drained batches whose PUBLISHes wait for a store commit; while > 0, later batches wait too (order).
    private int _deferredBatches;

    private Dictionary<ushort, Outbound> Inflight => _inflight ??= new();

    /// <summary>Creates an empty session.</summary>
    public Session(string clientId, bool persistent, BrokerStats stats, IBrokerStore store)
    {
        ClientId = clientId;
        Persistent = persistent;
        _stats = stats;
        _store = store;
    }

    /// <summary>Lock for every mutable member of the session.</summary>
    public object Gate { get; } = new();

    /// <summary>Client identifier.</summary>
    public string ClientId { get; }

    /// <summary>
    /// Name of the principal that created the session (<see cref="Security.Principal.Name"/>); only it, or an admin, may
    /// resume or take it over (issue 10). Null when created by an anonymous client or stored before owners: then the
    /// first named principal to resume it claims it. Set under the broker's connect lock.
    /// </summary>
    public string? Owner { get; set; }

    /// <summary>CleanSession=0: survives disconnects (and restarts, with persistence).</summary>
    public bool Persistent { get; }

    /// <summary>Topic filter → granted QoS. Under <see cref="Gate"/>.</summary>
    public Dictionary<string, byte> Subscriptions { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The filters of <see cref="Subscriptions"/> subscribed with the MQTT 5 option No Local (the session's own
    /// PUBLISHes are not delivered through them); null when none. Under <see cref="Gate"/>. Persisted with the subscription.
    /// </summary>
    public HashSet<string>? NoLocalFilters { get; set; }

    /// <summary>
    /// MQTT 5 Session Expiry Interval in milliseconds (§3.1.2.11.2): a persistent session is discarded this long after
    /// its connection ended; 0 = never (3.1.1 CleanSession=0, or 0xFFFFFFFF). Set at CONNECT, changed by an MQTT 5
    /// DISCONNECT (§3.14.2.2.2) before <see cref="Detach"/>; stored with the session (see <see cref="IStoreWriter.SetSessionState"/>).
    /// </summary>
    public long ExpiryMs { get; set; }

    /// <summary>
    /// True when the session ends with its current connection although it is <see cref="Persistent"/>: an MQTT 5 client
    /// resumed it with Session Expiry Interval 0 (§3.1.2.11.2: the old session is resumed, Session Present 1, and ends
    /// when this connection closes), or its DISCONNECT set the interval to 0. Set under the broker's connect lock or by
    /// the connection's reader before it detaches.
    /// </summary>
    public bool EndsWithConnection { get; set; }

    /// <summary>The connection the session was last given to by the broker's OpenSession (under its connect lock); null after a restart.</summary>
    public object? BoundConnection { get; set; }

    /// <summary>
    /// <see cref="Environment.TickCount64"/> when the last connection detached (may be negative for a session restored
    /// from the store that ended before this machine booted); 0 while attached. A session restored from the store
    /// counts as detached at its recorded time, or at start-up when it was attached at shutdown (or the time is unknown).
    /// </summary>
    public long DetachedAt { get; private set; }

    /// <summary>True when the session is offline and its Session Expiry Interval ran out at <paramref name="now"/> (TickCount64 ms).</summary>
    public bool IsExpired(long now) => ExpiryMs > 0 && Connection == null && DetachedAt != 0 && now - DetachedAt >= ExpiryMs;

    /// <summary>Start-up: the session is offline since <paramref name="detachedAtTicks"/> (TickCount64 ms, not 0).</summary>
    public void RestoreDetached(long detachedAtTicks) => DetachedAt = detachedAtTicks == 0 ? -1 : detachedAtTicks;

    /// <summary>
    /// MQTT 5 Subscription Identifiers (§3.8.2.1.2) of the subscriptions that have one. Copy-on-write: replaced (never
    /// mutated) under <see cref="Gate"/>, read without a lock by the connection's writer, which adds the identifiers of
    /// every matching subscription to each PUBLISH (§3.3.4). Null when none. Persisted with the subscription.
    /// </summary>
    public SubscriptionIdentifier[]? SubscriptionIds { get; set; }

    /// <summary>The filters subscribed with the MQTT 5 option Retain As Published; null when none. Under <see cref="Gate"/>. Persisted with the subscription.</summary>
    public HashSet<string>? RetainAsPublishedFilters { get; set; }

    /// <summary>Inbound QoS 2 packet ids received and not yet released by PUBREL [MQTT-4.3.3-2]. Under <see cref="Gate"/>.</summary>
    public HashSet<ushort> InboundQos2 => _inboundQos2 ??= new();

    /// <summary>The attached connection, null while offline. Under <see cref="Gate"/>.</summary>
    public IMqttSender? Connection { get; private set; }

    /// <summary>Set when the session was replaced or discarded; routing to it is a no-op.</summary>
    public bool Discarded { get; set; }

    /// <summary>Messages awaiting PUBACK/PUBREC/PUBCOMP. Under <see cref="Gate"/>.</summary>
    public int InflightCount => _inflight?.Count ?? 0;

    /// <summary>Messages queued behind the inflight window. Under <see cref="Gate"/>.</summary>
    public int QueuedCount => _pending.Count;

    /// <summary>Bytes queued behind the inflight window. Under <see cref="Gate"/>.</summary>
    public long QueuedBytes => _pendingBytes;

    /// <summary>
    /// Delivers <paramref name="message"/> at <paramref name="qos"/> (already min(publish, granted)). QoS 0 goes straight
    /// to the connection (dropped while offline or when its socket queue is full); QoS 1/2 enters the inflight window or
    /// the queue. Overflow policy: when the queue is at <see cref="BrokerOptions.MaxQueuedMessages"/> or
    /// <see cref="BrokerOptions.MaxQueuedBytes"/> the new message is dropped (counted in $SYS .../messages/dropped) and
    /// false is returned; queued messages are never evicted, so what a session has accepted stays in order.
    /// <paramref name="rowId"/> is the message's row in the store (0 when not persisted).
    /// </summary>
    public bool Enqueue(BrokerMessage message, byte qos, bool retainFlag, long rowId, BrokerOptions options)
    {
        lock (Gate)
        {
            if (Discarded)
            {
                return false;
            }

            if (Connection != null && !Connection.MayReceive(message.Topic))
            {
                // Checked at delivery against the receiving principal (issue 10); offline, Attach checks the queue.
                Interlocked.Increment(ref _stats.AclDeliveriesDenied);
                return false;
            }

            if (Connection != null && Undeliverable(Connection, message, qos))
            {
                return false;
            }

            if (qos == 0)
            {
                if (Connection == null || !Connection.SendPublish(message, 0, 0, false, retainFlag))
                {
                    Interlocked.Increment(ref _stats.Dropped);
                    return false;
                }

                return true;
            }

            if (_pending.Count >= options.MaxQueuedMessages || _pendingBytes + message.Size > options.MaxQueuedBytes)
            {
                Interlocked.Increment(ref _stats.Dropped);
                return false;
            }

            var entry = new Outbound(message, qos, retainFlag, rowId, ++_sequence);
            _pending.Enqueue(entry);
            _pendingBytes += message.Size;
            Drain(options);
            return true;
        }
    }

    /// <summary>Restores a stored outbound message (start-up): queued, or inflight with its packet id when it had one.</summary>
    public void Restore(BrokerMessage message, byte qos, bool retainFlag, long rowId, ushort packetId, bool released)
    {
        var entry = new Outbound(message, qos, retainFlag, rowId, ++_sequence) { PacketId = packetId, Released = released };
        if (packetId != 0 && !Inflight.ContainsKey(packetId))
        {
            Inflight[packetId] = entry;
        }
        else
        {
            entry.PacketId = 0;
            _pending.Enqueue(entry);
            _pendingBytes += message.Size;
        }
    }

    /// <summary>
    /// Attaches a connection and re-sends what is unacknowledged with the original packet ids: PUBLISH with DUP=1, or
    /// PUBREL for messages already PUBREC'd [MQTT-4.4.0-1]; then fills the inflight window from the queue.
    /// </summary>
    public void Attach(IMqttSender connection, BrokerOptions options)
    {
        lock (Gate)
        {
            Connection = connection;
            DetachedAt = 0;
            if (Persistent && _store.Enabled)
            {
                // Attached: after a crash now, the session counts as ended at the restart (see DetachedAt).
                // Stored -1 when it ends with this connection: discarded at start-up after a crash.
                string id = ClientId;
                long expiryMs = EndsWithConnection ? -1 : ExpiryMs;
                _store.Run(w => w.SetSessionState(id, expiryMs, 0), null);
            }

            var list = _inflight is { Count: > 0 } inflight ? new List<Outbound>(inflight.Values) : new List<Outbound>();
            list.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            long now = Environment.TickCount64;
            foreach (var o in list)
            {
                if (o.AwaitingStore)
                {
                    // Its store completion sends it (PUBLISH or PUBREL) on whatever connection is attached then.
                    continue;
                }

                if (!o.Released && !connection.MayReceive(o.Message.Topic))
                {
                    // Queued for this session while offline; the principal now attached may not read it (issue 10).
                    Inflight.Remove(o.PacketId);
                    Deny(o);
                    continue;
                }

                o.SentAt = now;
                if (o.Released)
                {
                    connection.SendAck(PacketKind.PubRel, o.PacketId);
                }
                else
                {
                    connection.SendPublish(o.Message, o.Qos, o.PacketId, true, o.RetainFlag);
                }
            }

            Drain(options);
        }
    }

    // An MQTT 5 message whose expiry interval ran out, or one larger than the connection's client accepts: not sent,
    // counted (the QoS 1/2 flow is treated as complete, as §3.1.2.11.4 asks for an oversized one). Under Gate.
    private bool Undeliverable(IMqttSender connection, BrokerMessage message, byte qos)
    {
        if (message.ExpiresAt != 0 && message.IsExpired(Environment.TickCount64))
        {
            Interlocked.Increment(ref _stats.Expired);
            Interlocked.Increment(ref _stats.Dropped);
            return true;
        }

        if (!connection.Fits(message, qos))
        {
            Interlocked.Increment(ref _stats.TooLargeForClient);
            Interlocked.Increment(ref _stats.Dropped);
            return true;
        }

        return false;
    }

    // A stored or queued message the attached principal may not receive: dropped, its row deleted, counted. Under Gate.
    private void Deny(Outbound o)
    {
        Interlocked.Increment(ref _stats.AclDeliveriesDenied);
        if (o.RowId != 0)
        {
            _store.DeleteMessage(o.RowId);
        }
    }

    /// <summary>Detaches <paramref name="connection"/> if it is still the attached one.</summary>
    public void Detach(IMqttSender connection)
    {
        lock (Gate)
        {
            if (ReferenceEquals(Connection, connection))
            {
                Connection = null;
                DetachedAt = Environment.TickCount64;
                if (DetachedAt == 0)
                {
                    DetachedAt = -1;
                }

                if (Persistent && _store.Enabled && !Discarded)
                {
                    // Queued under Gate, so this and Attach's write reach the store in the order they happened.
                    string id = ClientId;
                    long expiryMs = EndsWithConnection ? -1 : ExpiryMs;
                    long at = StoreClock.UnixNowMs();
                    _store.Run(w => w.SetSessionState(id, expiryMs, at), null);
                }
            }
        }
    }

    /// <summary>
    /// PUBACK for an outbound QoS 1 message [MQTT-4.3.2]; unknown ids are ignored. False when the id belongs to a QoS 2
    /// delivery: the wrong acknowledgement type, a protocol violation (the caller closes the connection).
    /// </summary>
    public bool OnPubAck(ushort packetId, BrokerOptions options)
    {
        lock (Gate)
        {
            if (_inflight != null && _inflight.TryGetValue(packetId, out var wrong) && wrong.Qos != 1)
            {
                return false;
            }

            if (Inflight.TryGetValue(packetId, out var o) && o.Qos == 1 && !o.AwaitingStore)
            {
                Inflight.Remove(packetId);
                Interlocked.Increment(ref _stats.Delivered);
                if (o.RowId != 0)
                {
                    _store.DeleteMessage(o.RowId);
                }

                Drain(options);
            }

            return true;
        }
    }

    /// <summary>
    /// PUBREC for an outbound QoS 2 message: answer PUBREL and wait for PUBCOMP [MQTT-4.3.3-1]. For a stored message
    /// the PUBREL waits until "released" is committed (a repeated PUBREC meanwhile is answered by that same PUBREL).
    /// </summary>
    public bool OnPubRec(ushort packetId)
    {
        lock (Gate)
        {
            if (_inflight != null && _inflight.TryGetValue(packetId, out var wrong) && wrong.Qos != 2)
            {
                return false;
            }

            if (Inflight.TryGetValue(packetId, out var o) && o.Qos == 2)
            {
                if (o.AwaitingStore)
                {
                    // Its PUBLISH is not sent yet (a stale PUBREC of an earlier use of the id), or PUBREL is on its way.
                    return true;
                }

                if (!o.Released && o.RowId != 0)
                {
                    o.AwaitingStore = true;
                    long rowId = o.RowId;
                    _store.Run(w => w.MarkReleased(rowId), () => ReleaseCommitted(o));
                    return true;
                }

                o.Released = true;
                o.SentAt = Environment.TickCount64;
            }

            // PUBREL also for an unknown id, so a client that lost track can finish its flow.
            Connection?.SendAck(PacketKind.PubRel, packetId);
            return true;
        }
    }

    /// <summary>PUBCOMP: the outbound QoS 2 flow is complete. False when the id belongs to a QoS 1 delivery (protocol violation).</summary>
    public bool OnPubComp(ushort packetId, BrokerOptions options)
    {
        lock (Gate)
        {
            if (_inflight != null && _inflight.TryGetValue(packetId, out var wrong) && wrong.Qos != 2)
            {
                return false;
            }

            if (Inflight.TryGetValue(packetId, out var o) && o.Qos == 2 && o.Released && !o.AwaitingStore)
            {
                Inflight.Remove(packetId);
                Interlocked.Increment(ref _stats.Delivered);
                if (o.RowId != 0)
                {
                    _store.DeleteMessage(o.RowId);
                }

                Drain(options);
            }

            return true;
        }
    }

    /// <summary>Re-sends inflight messages older than <paramref name="retryMs"/> on the attached connection.</summary>
    public void RetryExpired(long retryMs)
    {
        lock (Gate)
        {
            if (Connection == null || _inflight == null || Inflight.Count == 0)
            {
                return;
            }

            long now = Environment.TickCount64;
            foreach (var o in Inflight.Values)
            {
                if (o.AwaitingStore || now - o.SentAt < retryMs)
                {
                    continue;
                }

                o.SentAt = now;
                Interlocked.Increment(ref _stats.Retries);
                if (o.Released)
                {
                    Connection.SendAck(PacketKind.PubRel, o.PacketId);
                }
                else
                {
                    Connection.SendPublish(o.Message, o.Qos, o.PacketId, true, o.RetainFlag);
                }
            }
        }
    }

    /// <summary>Forgets every outbound message (the session is discarded); stored rows are deleted by the caller.</summary>
    public void Clear()
    {
        lock (Gate)
        {
            _inflight?.Clear();
            _pending.Clear();
            _pendingBytes = 0;
            _inboundQos2?.Clear();
            Subscriptions.Clear();
            NoLocalFilters = null;
            RetainAsPublishedFilters = null;
            SubscriptionIds = null;
        }
    }

    /// <summary>Sets (id &gt; 0) or removes (id 0) the Subscription Identifier of <paramref name="filter"/>; under <see cref="Gate"/>.</summary>
    public void SetSubscriptionId(string filter, int id)
    {
        var old = SubscriptionIds ?? Array.Empty<SubscriptionIdentifier>();
        var list = new List<SubscriptionIdentifier>(old.Length + 1);
        foreach (var s in old)
        {
            if (!string.Equals(s.Filter, filter, StringComparison.Ordinal))
            {
                list.Add(s);
            }
        }

        if (id > 0)
        {
            list.Add(new SubscriptionIdentifier(filter, System.Text.Encoding.UTF8.GetBytes(SharedSubscriptions.RealFilter(filter)), id));
        }

        SubscriptionIds = list.Count == 0 ? null : list.ToArray();
    }

    // Moves queued messages into the inflight window (packet ids assigned) and sends them; under Gate. A stored QoS 2
    // message's id is committed first, so that batch (and every later one until it is sent) is sent from the store
    // completion instead, in order.
    private void Drain(BrokerOptions options)
    {
        var connection = Connection;
        if (connection == null)
        {
            return;
        }

        List<Outbound>? deferred = null;
        bool storeIds = false;
        int window = Math.Min(options.MaxInflight, connection.ReceiveMaximum);
        while (_pending.Count > 0 && Inflight.Count < window)
        {
            var o = _pending.Dequeue();
            _pendingBytes -= o.Message.Size;
            if (!connection.MayReceive(o.Message.Topic))
            {
                Deny(o);
                continue;
            }

            if (Undeliverable(connection, o.Message, o.Qos))
            {
                // Expired while queued (MQTT 5 §3.3.2.3.3) or over the client's Maximum Packet Size (§3.1.2.11.4):
                // dropped as if delivered, its row deleted.
                if (o.RowId != 0)
                {
                    _store.DeleteMessage(o.RowId);
                }

                continue;
            }

            o.PacketId = NextPacketId();
            o.SentAt = Environment.TickCount64;
            Inflight[o.PacketId] = o;
            bool storeId = o.RowId != 0 && o.Qos == 2;
            if (storeId || deferred != null || _deferredBatches > 0)
            {
                storeIds |= storeId;
                o.AwaitingStore = true;
                (deferred ??= new List<Outbound>()).Add(o);
                continue;
            }

            connection.SendPublish(o.Message, o.Qos, o.PacketId, false, o.RetainFlag);
        }

        if (deferred == null)
        {
            return;
        }

        _deferredBatches++;
        Action<IStoreWriter>? execute = null;
        if (storeIds)
        {
            execute = w =>
            {
                foreach (var o in deferred)
                {
                    if (o.RowId != 0 && o.Qos == 2)
                    {
                        w.SetPacketId(o.RowId, o.PacketId);
                    }
                }
            };
        }

        _store.Run(execute, () => SendDeferred(deferred));
    }

    // Store completion of a deferred Drain batch (store thread): the ids are durable, send the PUBLISHes in order.
    private void SendDeferred(List<Outbound> batch)
    {
        lock (Gate)
        {
            _deferredBatches--;
            long now = Environment.TickCount64;
            foreach (var o in batch)
            {
                o.AwaitingStore = false;
                if (Discarded || Connection == null || !Inflight.TryGetValue(o.PacketId, out var current) || !ReferenceEquals(current, o))
                {
                    // Offline: Attach sends it (DUP=1) on the next connection; removed: the session was cleared.
                    continue;
                }

                if (!Connection.MayReceive(o.Message.Topic))
                {
                    Inflight.Remove(o.PacketId);
                    Deny(o);
                    continue;
                }

                o.SentAt = now;
                Connection.SendPublish(o.Message, o.Qos, o.PacketId, false, o.RetainFlag);
            }
        }
    }

    // Store completion of MarkReleased (store thread): "PUBREC received" is durable, send PUBREL [MQTT-4.3.3-1].
    private void ReleaseCommitted(Outbound o)
    {
        lock (Gate)
        {
            o.AwaitingStore = false;
            o.Released = true;
            if (Discarded || Connection == null || !Inflight.TryGetValue(o.PacketId, out var current) || !ReferenceEquals(current, o))
            {
                // Offline: Attach sends the PUBREL on the next connection.
                return;
            }

            o.SentAt = Environment.TickCount64;
            Connection.SendAck(PacketKind.PubRel, o.PacketId);
        }
    }

    private ushort NextPacketId()
    {
        do
        {
            _nextId++;
            if (_nextId == 0)
            {
                _nextId = 1;
            }
        }
        while (Inflight.ContainsKey(_nextId));

        return _nextId;
    }

    private sealed class Outbound
    {
        public Outbound(BrokerMessage message, byte qos, bool retainFlag, long rowId, long sequence)
        {
            Message = message;
            Qos = qos;
            RetainFlag = retainFlag;
            RowId = rowId;
            Sequence = sequence;
        }

        public BrokerMessage Message { get; }

        public byte Qos { get; }

        public bool RetainFlag { get; }

        public long RowId { get; }

        public long Sequence { get; }

        public ushort PacketId { get; set; }

        public bool Released { get; set; }

        // A store commit is pending before the next packet of this flow may be sent (PUBLISH: its packet id; PUBREL:
        // the released flag); the completion sends it. Under Gate.
        public bool AwaitingStore { get; set; }

        public long SentAt { get; set; }
    }
}

/// <summary>Control packets the broker sends without payload beyond a packet id.</summary>
public enum PacketKind : byte
{
    /// <summary>PUBACK (4).</summary>
    PubAck = 4,

    /// <summary>PUBREC (5).</summary>
    PubRec = 5,

    /// <summary>PUBREL (6).</summary>
    PubRel = 6,

    /// <summary>PUBCOMP (7).</summary>
    PubComp = 7,

    /// <summary>UNSUBACK (11).</summary>
    UnsubAck = 11,
}

/// <summary>
/// The send side of a connection as sessions see it. Never blocks: packets go to the connection's own queue, drained
/// by its writer; a slow socket delays only that connection.
/// </summary>
public interface IMqttSender
{
    /// <summary>Queues a PUBLISH; false when a QoS 0 message was dropped because the queue is over its byte limit.</summary>
    bool SendPublish(BrokerMessage message, byte qos, ushort packetId, bool dup, bool retain);

    /// <summary>Queues PUBACK/PUBREC/PUBREL/PUBCOMP/UNSUBACK with <paramref name="packetId"/>.</summary>
    void SendAck(PacketKind kind, ushort packetId);

    /// <summary>
    /// May the principal of this connection receive a message on <paramref name="topic"/>? Sessions ask before every
    /// delivery (live, queued, retained), so a session resumed by a principal with other rights, or whose user's rights
    /// changed, never carries messages past the ACL (issue 10).
    /// </summary>
    bool MayReceive(string topic);

    /// <summary>
    /// False when a PUBLISH of <paramref name="message"/> at <paramref name="qos"/> would exceed the Maximum Packet Size
    /// the client announced (MQTT 5 §3.1.2.11.4): the server must not send it. Always true for 3.1.1 clients.
    /// </summary>
    bool Fits(BrokerMessage message, byte qos);

    /// <summary>QoS 1/2 PUBLISHes the client accepts unacknowledged (MQTT 5 Receive Maximum, §3.1.2.11.3); 65,535 for 3.1.1.</summary>
    int ReceiveMaximum { get; }
}

/// <summary>A subscription's MQTT 5 Subscription Identifier: the filter as subscribed, the UTF-8 filter that matches topics (the real filter of a shared one), the identifier.</summary>
public sealed record SubscriptionIdentifier(string Filter, byte[] MatchFilterUtf8, int Id);
