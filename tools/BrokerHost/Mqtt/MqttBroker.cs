using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Hosting;
using NanoNode.BrokerHost.Security;

namespace NanoNode.BrokerHost.Mqtt;

/// <summary>
/// The broker core, independent of transports: sessions by client id, the subscription trie, retained messages,
/// routing, wills, periodic work (keepalive, retries, $SYS). Connections (<see cref="MqttConnection"/>) call in from
/// their reader tasks; durable work goes through <see cref="IBrokerStore"/>. Thread-safe.
/// </summary>
public sealed class MqttBroker : IDisposable
{
    [ThreadStatic]
    private static Dictionary<Session, byte>? t_targets;

    [ThreadStatic]
    private static Dictionary<SharedSubscriptions.Group, byte>? t_groups;

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<MqttConnection, byte> _connections = new();
    private readonly TopicTrie<Session> _trie = new();
    private readonly SharedSubscriptions.Registry _shared = new();
    private readonly object _connectLock = new();
    private readonly ILogger _log;
    private readonly DateTime _started = DateTime.UtcNow;
    private Timer? _timer;

    // MQTT 5 wills waiting for their Will Delay Interval (see CloseSession); under its own lock.
    private readonly List<DelayedWill> _delayedWills = new();
    private long _lastSys;
    private long _lastRetry;
    private long _lastRetainedPurge;

    /// <summary>Creates a broker over <paramref name="store"/> and loads what it holds.</summary>
    public MqttBroker(BrokerOptions options, IBrokerStore store, Authenticator authenticator, ILogger<MqttBroker> log)
    {
        Options = options;
        Store = store;
        Authenticator = authenticator;
        _log = log;
        LogLimiter = new LogLimiter(TimeSpan.FromSeconds(Math.Max(0, options.LogIntervalSeconds)));
        LoadStore();
    }

    /// <summary>Settings.</summary>
    public BrokerOptions Options { get; }

    /// <summary>Durable state.</summary>
    public IBrokerStore Store { get; }

    /// <summary>CONNECT credential checks.</summary>
    public Authenticator Authenticator { get; }

    /// <summary>Rate limit of the client-triggered Information lines (refusals, violations); see <see cref="BrokerOptions.LogIntervalSeconds"/>.</summary>
    public LogLimiter LogLimiter { get; }

    /// <summary>Counters.</summary>
    public BrokerStats Stats { get; } = new();

    /// <summary>Retained messages.</summary>
    public RetainedStore Retained { get; } = new();

    /// <summary>Number of sessions (connected and persistent offline).</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Number of (filter, session) subscriptions.</summary>
    public int SubscriptionCount => _trie.Count + _shared.Count;

    /// <summary>All sessions (snapshot view; diagnostics, REST API).</summary>
    public ICollection<Session> Sessions => _sessions.Values;

    /// <summary>The session of <paramref name="clientId"/>, or null (tests, diagnostics).</summary>
    public Session? FindSession(string clientId) => _sessions.TryGetValue(clientId, out var s) ? s : null;

    /// <summary>Starts the 1 s housekeeping timer (keepalive, retries, $SYS).</summary>
    public void Start()
    {
        _timer ??= new Timer(_ => Housekeeping(), null, 1000, 1000);
    }

    /// <summary>Tracks an open connection (for keepalive checks and counters).</summary>
    internal void Register(MqttConnection connection)
    {
        _connections[connection] = 0;
        Interlocked.Increment(ref Stats.Connections);
    }

    /// <summary>Forgets a closed connection.</summary>
    internal void Unregister(MqttConnection connection)
    {
        if (_connections.TryRemove(connection, out _))
        {
            Interlocked.Decrement(ref Stats.Connections);
        }
    }

    /// <summary>
    /// Binds <paramref name="connection"/> to the session of <paramref name="clientId"/> after an accepted CONNECT: an
    /// existing connection with that id is closed first [MQTT-3.1.4-2]; CleanSession=1 discards any previous session
    /// [MQTT-3.1.2-6], CleanSession=0 resumes it [MQTT-3.1.2-4]. Returns the session and whether one was present
    /// (the CONNACK Session Present flag [MQTT-3.2.2-2]). The caller sends CONNACK, then calls <see cref="Session.Attach"/>.
    /// A session belongs to the principal that created it (<see cref="Session.Owner"/>): another principal that is not
    /// an admin gets null (the caller refuses with CONNACK 5) and the session and its connection are left alone. A
    /// stored session without an owner (a database from before owners) or created by an anonymous client (development
    /// mode: a node that later logs in under its own user must not be locked out of its session) is claimed by the
    /// first named principal to resume it; what was queued for it still passes that principal's ACL at delivery.
    /// </summary>
    internal (Session? Session, bool Present) OpenSession(MqttConnection connection, string clientId, bool cleanSession, Principal principal)
        => OpenSession(connection, clientId, cleanSession, !cleanSession, principal);

    /// <summary>
    /// As above with MQTT 5's split (§3.1.2.4, §3.1.2.11.2): <paramref name="cleanStart"/> discards an existing session,
    /// <paramref name="persistent"/> (Session Expiry Interval &gt; 0) keeps the new one after the connection ends.
    /// </summary>
    internal (Session? Session, bool Present) OpenSession(MqttConnection connection, string clientId, bool cleanStart, bool persistent, Principal principal)
        => OpenSession(connection, clientId, cleanStart, persistent, 0, principal);

    /// <summary>
    /// As above; <paramref name="expiryMs"/> &gt; 0 discards the session that long after its connection ends (MQTT 5
    /// Session Expiry Interval). An existing persistent session resumed (Clean Start 0) by a CONNECT whose interval is 0
    /// (<paramref name="persistent"/> false) is resumed, Session Present 1, and ends with this connection (§3.1.2.11.2,
    /// §3.2.2.1.1: the interval of the new CONNECT governs the session from now on).
    /// </summary>
    internal (Session? Session, bool Present) OpenSession(MqttConnection connection, string clientId, bool cleanStart, bool persistent, long expiryMs, Principal principal)
    {
        return OpenSessionCore(connection, clientId, cleanStart, persistent, expiryMs, principal);
    }

    private (Session? Session, bool Present) OpenSessionCore(MqttConnection connection, string clientId, bool cleanStart, bool persistent, long expiryMs, Principal principal)
    {
        bool cleanSession = cleanStart;
        lock (_connectLock)
        {
            bool present = false;
            Session? session = null;
            if (_sessions.TryGetValue(clientId, out var old))
            {
                if (IsClaimed(old) && old.Owner != principal.Name && !principal.IsAdmin)
                {
                    Interlocked.Increment(ref Stats.SessionTakeoversRefused);
                    return (null, false);
                }

                if (old.Connection is MqttConnection oldConnection && !ReferenceEquals(oldConnection, connection))
                {
                    old.Detach(oldConnection);
                    oldConnection.CloseTakenOver();
                }

                if (cleanSession || !old.Persistent || old.IsExpired(Environment.TickCount64))
                {
                    // An expired session may still be here until housekeeping runs (or restored after a restart):
                    // it is gone for the client (Session Present 0).
                    DiscardSession(old);
                }
                else
                {
                    session = old;
                    present = true;
                    if (!IsClaimed(old) && OwnerName(principal) is { } claimant)
                    {
                        old.Owner = claimant;
                        if (Store.Enabled)
                        {
                            Store.Run(w => w.UpsertSession(clientId, claimant), null);
                        }
                    }
                }
            }

            if (session == null)
            {
                string? owner = OwnerName(principal);
                session = new Session(clientId, persistent, Stats, Store) { Owner = owner };
                _sessions[clientId] = session;
                if (session.Persistent && Store.Enabled)
                {
                    Store.Run(w => w.UpsertSession(clientId, owner), null);
                }
            }

            // Under the connect lock, so the close of a taken-over connection (CloseSession) sees either the old
            // binding or the new one, never a mix.
            session.ExpiryMs = expiryMs;
            session.EndsWithConnection = session.Persistent && !persistent;
            session.BoundConnection = connection;
            return (session, present);
        }
    }

    /// <summary>
    /// After a connection ended: detaches it, drops a clean session [MQTT-3.1.2-6], and publishes the will unless the
    /// client sent DISCONNECT [MQTT-3.1.2-8] [MQTT-3.14.4-3].
    /// </summary>
    internal void CloseSession(MqttConnection connection, Session session, BrokerMessage? will)
        => CloseSession(connection, session, will, 0);

    /// <summary>
    /// As above with an MQTT 5 Will Delay Interval (§3.1.3.2.2) in milliseconds: the will of a session that outlives its
    /// connection is published once the delay (or the session's expiry, if sooner) has passed, and not at all when the
    /// client has connected to the session again by then.
    /// </summary>
    internal void CloseSession(MqttConnection connection, Session session, BrokerMessage? will, long willDelayMs)
    {
        session.Detach(connection);
        if (will != null && willDelayMs > 0 && session.Persistent && !session.EndsWithConnection && !session.Discarded && session.Connection != null)
        {
            // Taken over: a new connection resumed the session before the delay passed, so no will [MQTT-3.1.3-9].
            // (A takeover with Clean Start 1 discarded the session: the will is published now, the session having ended.)
            will = null;
        }
        else if (will != null && willDelayMs > 0 && session.Persistent && !session.EndsWithConnection && !session.Discarded)
        {
            long delay = session.ExpiryMs > 0 ? Math.Min(willDelayMs, session.ExpiryMs) : willDelayMs;
            long due = Environment.TickCount64 + delay;
            long id = 0;
            if (Store.Enabled)
            {
                // Stored, so that a broker restart before it is due does not lose it.
                id = Store.NextRowId();
                string clientId = session.ClientId;
                var stored = will;
                long dueUnix = StoreClock.ToUnixMs(due);
                Store.Run(w => w.InsertWill(id, clientId, stored, dueUnix), null);
            }

            lock (_delayedWills)
            {
                _delayedWills.Add(new DelayedWill(session, will, session.DetachedAt, due, id));
            }

            will = null;
        }

        if (!session.Persistent || session.EndsWithConnection)
        {
            lock (_connectLock)
            {
                // Only the close of the connection the session is bound to ends it: a connection taken over by one that
                // resumed the session must not discard it under its new owner.
                if (session.Connection == null && ReferenceEquals(session.BoundConnection, connection) && _sessions.TryGetValue(session.ClientId, out var current) && ReferenceEquals(current, session))
                {
                    DiscardSession(session);
                }
            }
        }

        var hook = ClientDisconnected;
        if (hook != null)
        {
            var principal = connection.Principal;
            try
            {
                hook(new ClientDisconnect(session.ClientId, principal?.Name, principal?.DeviceId, connection.CloseReason ?? CloseReasons.SocketLost, will != null));
            }
            catch (Exception e)
            {
                _log.LogError(e, "ClientDisconnected hook failed");
            }
        }

        if (will != null)
        {
            Interlocked.Increment(ref Stats.WillsPublished);
            Publish(will, null, 0, null, null);
        }
    }

    /// <summary>
    /// Applies the Session Expiry Interval (seconds) of a client's MQTT 5 DISCONNECT (§3.14.2.2.2) before its connection
    /// closes: 0 ends the session with the connection, 0xFFFFFFFF keeps it for ever, other values that many seconds.
    /// False (nothing changed) when the CONNECT had 0 (<paramref name="connectPersistent"/> false) and this is not 0:
    /// a Protocol Error. The new interval is stored when the session detaches.
    /// </summary>
    internal bool ChangeSessionExpiry(Session session, bool connectPersistent, long seconds)
    {
        if (!connectPersistent)
        {
            return seconds == 0;
        }

        lock (session.Gate)
        {
            session.EndsWithConnection = seconds == 0;
            session.ExpiryMs = seconds is > 0 and < 0xFFFFFFFF ? seconds * 1000L : 0;
        }

        return true;
    }

    // Owned by a named principal (not unowned, not created anonymously).
    private static bool IsClaimed(Session session) => session.Owner != null;

    // The owner recorded for sessions <paramref name="principal"/> creates: none for anonymous clients.
    private static string? OwnerName(Principal principal) => ReferenceEquals(principal, Principal.Anonymous) ? null : principal.Name;

    private void DiscardSession(Session session)
    {
        _sessions.TryRemove(new KeyValuePair<string, Session>(session.ClientId, session));
        lock (session.Gate)
        {
            session.Discarded = true;
            foreach (var filter in session.Subscriptions.Keys)
            {
                RemoveFromTrie(filter, session);
            }
        }

        session.Clear();
        if (session.Persistent && Store.Enabled)
        {
            string id = session.ClientId;
            Store.Run(w => w.DeleteSession(id), null);
        }
    }

    /// <summary>
    /// Routes <paramref name="message"/> to every matching session (one delivery per session at the highest granted QoS,
    /// downgraded to the message's QoS [MQTT-3.8.4-6]) with RETAIN=0 [MQTT-3.3.1-9], and stores/clears it as retained when
    /// its RETAIN flag is set [MQTT-3.3.1-5] [MQTT-3.3.1-10]. When the effect must be durable (retained, QoS &gt; 0 to a
    /// persistent session, or an inbound QoS 2 id of a persistent publisher) the store writes it first and delivery plus
    /// <paramref name="acknowledge"/> run after the commit; <paramref name="order"/> keeps one publisher's messages in
    /// order across both paths [MQTT-4.6.0-6]. <paramref name="publisher"/>/<paramref name="inboundQos2Id"/> identify
    /// an inbound QoS 2 PUBLISH whose id must be stored with the message. <paramref name="acknowledge"/> is told whether
    /// any session matched (false: the message reached no subscriber; MQTT 5 may answer 0x10, §3.4.2.1).
    /// </summary>
    internal void Publish(BrokerMessage message, Session? publisher, ushort inboundQos2Id, OrderGate? order, Action<bool>? acknowledge)
    {
        var targets = t_targets ??= new Dictionary<Session, byte>(ReferenceEqualityComparer.Instance);
        targets.Clear();
        _trie.Match(message.Topic, targets);
        MatchShared(message.Topic, targets);
        if (publisher is { NoLocalFilters.Count: > 0 } && targets.ContainsKey(publisher) && !MatchesLocally(publisher, message))
        {
            // Every filter of the publisher's own session that matches has No Local (MQTT 5 §3.8.3.1, [MQTT-3.8.3-3]).
            targets.Remove(publisher);
        }
        bool durable = false;
        if (Store.Enabled)
        {
            durable = message.Retain || (inboundQos2Id != 0 && publisher is { Persistent: true });
            if (!durable && message.Qos > 0)
            {
                foreach (var kv in targets)
                {
                    if (kv.Key.Persistent && kv.Value > 0)
                    {
                        durable = true;
                        break;
                    }
                }
            }
        }

        if (!durable && (order == null || order.IsIdle))
        {
            if (message.Retain)
            {
                Retained.Set(message);
            }

            bool matched = targets.Count > 0;
            foreach (var kv in targets)
            {
                kv.Key.Enqueue(message, Math.Min(kv.Value, message.Qos), RetainFlagFor(kv.Key, message), 0, Options);
            }

            targets.Clear();
            acknowledge?.Invoke(matched);
            return;
        }

        var list = new Target[targets.Count];
        int i = 0;
        foreach (var kv in targets)
        {
            byte qos = Math.Min(kv.Value, message.Qos);
            list[i++] = new Target(kv.Key, qos, durable && kv.Key.Persistent && qos > 0 ? Store.NextRowId() : 0, RetainFlagFor(kv.Key, message));
        }

        targets.Clear();
        order?.Enter();
        Action<IStoreWriter>? execute = null;
        if (durable)
        {
            string? publisherId = publisher?.ClientId;
            execute = w =>
            {
                if (message.Retain)
                {
                    w.SetRetained(message);
                }

                foreach (var t in list)
                {
                    if (t.RowId != 0)
                    {
                        w.InsertMessage(t.RowId, t.Session.ClientId, message, t.Qos, t.RetainFlag);
                    }
                }

                if (inboundQos2Id != 0 && publisherId != null && publisher!.Persistent)
                {
                    w.InsertInboundId(publisherId, inboundQos2Id);
                }
            };
        }

        Store.Run(execute, () =>
        {
            if (message.Retain)
            {
                Retained.Set(message);
            }

            foreach (var t in list)
            {
                if (!t.Session.Enqueue(message, t.Qos, t.RetainFlag, t.RowId, Options) && t.RowId != 0)
                {
                    Store.DeleteMessage(t.RowId);
                }
            }

            acknowledge?.Invoke(list.Length > 0);
            order?.Exit();
        });
    }

    // Adds one member of each matching shared subscription group (round-robin, see SharedSubscriptions) to targets; a
    // session that is also a target through another subscription gets one delivery at the higher QoS.
    private void MatchShared(string topic, Dictionary<Session, byte> targets)
    {
        if (_shared.Count == 0)
        {
            return;
        }

        var groups = t_groups ??= new Dictionary<SharedSubscriptions.Group, byte>(ReferenceEqualityComparer.Instance);
        groups.Clear();
        _shared.Match(topic, groups);
        foreach (var g in groups.Keys)
        {
            if (g.TryPick(out var session, out byte qos) && (!targets.TryGetValue(session, out byte q) || q < qos))
            {
                targets[session] = qos;
            }
        }

        groups.Clear();
    }

    private void AddToTrie(string filter, Session session, byte qos)
    {
        if (SharedSubscriptions.IsShared(filter))
        {
            _shared.Add(filter, session, qos);
        }
        else
        {
            _trie.Add(filter, session, qos);
        }
    }

    private bool RemoveFromTrie(string filter, Session session)
    {
        if (SharedSubscriptions.IsShared(filter))
        {
            _shared.Remove(filter, session);
            return true;
        }

        return _trie.Remove(filter, session);
    }

    // The RETAIN flag of a live delivery: 0 [MQTT-3.3.1-9], unless a matching subscription of the session has the MQTT 5
    // option Retain As Published [MQTT-3.3.1-13].
    private static bool RetainFlagFor(Session session, BrokerMessage message)
    {
        if (!message.Retain || session.RetainAsPublishedFilters is not { Count: > 0 })
        {
            return false;
        }

        lock (session.Gate)
        {
            foreach (var filter in session.RetainAsPublishedFilters)
            {
                byte[] f = System.Text.Encoding.UTF8.GetBytes(SharedSubscriptions.RealFilter(filter));
                if (NanoNode.Mqtt.Topic.Matches(f, 0, f.Length, message.TopicUtf8, 0, message.TopicUtf8.Length))
                {
                    return true;
                }
            }

            return false;
        }
    }

    // True when a subscription of session without No Local matches the message's topic.
    private static bool MatchesLocally(Session session, BrokerMessage message)
    {
        lock (session.Gate)
        {
            foreach (var filter in session.Subscriptions.Keys)
            {
                if (session.NoLocalFilters!.Contains(filter))
                {
                    continue;
                }

                byte[] f = System.Text.Encoding.UTF8.GetBytes(SharedSubscriptions.RealFilter(filter));
                if (NanoNode.Mqtt.Topic.Matches(f, 0, f.Length, message.TopicUtf8, 0, message.TopicUtf8.Length))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Applies a SUBSCRIBE: for each filter the ACL decides; allowed filters are added (replacing an identical filter
    /// [MQTT-3.8.4-3]) and granted min(requested, 2); denied ones get 0x80 [MQTT-3.9.3-2]. <paramref name="sendSubAck"/>
    /// runs once the subscriptions are durable (persistent session), then the matching retained messages are queued
    /// with RETAIN=1 [MQTT-3.3.1-6] [MQTT-3.3.1-8].
    /// </summary>
    internal void Subscribe(Session session, Principal principal, string[] filters, byte[] requested, OrderGate order, Action<byte[]> sendSubAck)
        => Subscribe(session, principal, filters, requested, null, order, sendSubAck);

    /// <summary>
    /// As above with the MQTT 5 subscription options byte of each filter (§3.8.3.1; null = all 0, the 3.1.1 behaviour):
    /// Retain Handling (bits 4-5) 0 = send the retained messages, 1 = only when the subscription did not exist before,
    /// 2 = never; No Local (bit 2): the session's own PUBLISHes are not delivered to it through this filter; Retain As
    /// Published (bit 3): live deliveries keep the RETAIN flag they were published with.
    /// </summary>
    internal void Subscribe(Session session, Principal principal, string[] filters, byte[] requested, byte[]? options5, OrderGate order, Action<byte[]> sendSubAck)
        => Subscribe(session, principal, filters, requested, options5, 0, order, sendSubAck);

    /// <summary>As above with the MQTT 5 Subscription Identifier of the SUBSCRIBE (0 = none; replaces or removes the one a re-subscribed filter had).</summary>
    internal void Subscribe(Session session, Principal principal, string[] filters, byte[] requested, byte[]? options5, int subscriptionId, OrderGate order, Action<byte[]> sendSubAck)
    {
        var granted = new byte[filters.Length];
        var added = new List<(string Filter, byte Qos, byte Options)>();
        var sendRetained = new List<(string Filter, byte Qos)>();
        lock (session.Gate)
        {
            for (int i = 0; i < filters.Length; i++)
            {
                // A shared filter is "$share/{ShareName}/{filter}": malformed ones get 0x8F Topic Filter invalid (0x80
                // toward 3.1.1), and the ACL judges the real filter.
                bool shared = SharedSubscriptions.IsShared(filters[i]);
                string real = filters[i];
                if (shared && !SharedSubscriptions.TrySplit(filters[i], out _, out real))
                {
                    granted[i] = 0x8F;
                    continue;
                }

                if (!Acl.CanSubscribe(principal, real, Options.TopicPrefix))
                {
                    granted[i] = 0x80;
                    continue;
                }

                byte q = Math.Min(requested[i], (byte)2);
                granted[i] = q;
                int handling = ((options5?[i] ?? 0) >> 4) & 0x03;
                // Retained messages are not sent for a new shared subscription (MQTT 5 §4.8.2).
                if (!shared && (handling == 0 || (handling == 1 && !session.Subscriptions.ContainsKey(filters[i]))))
                {
                    sendRetained.Add((filters[i], q));
                }

                session.Subscriptions[filters[i]] = q;
                if (((options5?[i] ?? 0) & 0x08) != 0)
                {
                    (session.RetainAsPublishedFilters ??= new HashSet<string>(StringComparer.Ordinal)).Add(filters[i]);
                }
                else
                {
                    session.RetainAsPublishedFilters?.Remove(filters[i]);
                }

                if (((options5?[i] ?? 0) & 0x04) != 0)
                {
                    (session.NoLocalFilters ??= new HashSet<string>(StringComparer.Ordinal)).Add(filters[i]);
                }
                else
                {
                    session.NoLocalFilters?.Remove(filters[i]);
                }

                if (subscriptionId > 0 || session.SubscriptionIds != null)
                {
                    session.SetSubscriptionId(filters[i], subscriptionId);
                }

                AddToTrie(filters[i], session, q);
                added.Add((filters[i], q, options5?[i] ?? 0));
            }
        }

        Action<IStoreWriter>? execute = null;
        if (session.Persistent && Store.Enabled && added.Count > 0)
        {
            string id = session.ClientId;
            execute = w =>
            {
                foreach (var (f, q, o) in added)
                {
                    // The identifier applies to every filter of the SUBSCRIBE (§3.8.2.1.2).
                    w.UpsertSubscription(id, f, q, o, subscriptionId);
                }
            };
        }

        order.Enter();
        Store.Run(execute, () =>
        {
            sendSubAck(granted);
            foreach (var (f, q) in sendRetained)
            {
                foreach (var m in Retained.Match(f))
                {
                    session.Enqueue(m, Math.Min(m.Qos, q), true, 0, Options);
                }
            }

            order.Exit();
        });
    }

    /// <summary>Applies an UNSUBSCRIBE [MQTT-3.10.4-1]; <paramref name="sendUnsubAck"/> runs once it is durable.</summary>
    internal void Unsubscribe(Session session, string[] filters, OrderGate order, Action sendUnsubAck)
        => Unsubscribe(session, filters, order, _ => sendUnsubAck());

    /// <summary>As above; <paramref name="sendUnsubAck"/> gets, per filter, whether the session had that subscription (MQTT 5 UNSUBACK 0x00 / 0x11).</summary>
    internal void Unsubscribe(Session session, string[] filters, OrderGate order, Action<bool[]> sendUnsubAck)
    {
        var removed = new List<string>();
        var existed = new bool[filters.Length];
        lock (session.Gate)
        {
            for (int i = 0; i < filters.Length; i++)
            {
                string f = filters[i];
                session.NoLocalFilters?.Remove(f);
                session.RetainAsPublishedFilters?.Remove(f);
                if (session.SubscriptionIds != null)
                {
                    session.SetSubscriptionId(f, 0);
                }
                if (session.Subscriptions.Remove(f))
                {
                    RemoveFromTrie(f, session);
                    removed.Add(f);
                    existed[i] = true;
                }
            }
        }

        Action<IStoreWriter>? execute = null;
        if (session.Persistent && Store.Enabled && removed.Count > 0)
        {
            string id = session.ClientId;
            execute = w =>
            {
                foreach (var f in removed)
                {
                    w.DeleteSubscription(id, f);
                }
            };
        }

        order.Enter();
        Store.Run(execute, () =>
        {
            sendUnsubAck(existed);
            order.Exit();
        });
    }

    /// <summary>PUBREL for an inbound QoS 2 message: forget the id (durably) and answer PUBCOMP [MQTT-4.3.3-2].</summary>
    internal void Release(Session session, ushort packetId, OrderGate order, Action sendPubComp)
    {
        bool known;
        lock (session.Gate)
        {
            known = session.InboundQos2.Remove(packetId);
        }

        if (known && session.Persistent && Store.Enabled)
        {
            string id = session.ClientId;
            order.Enter();
            Store.Run(w => w.DeleteInboundId(id, packetId), () =>
            {
                sendPubComp();
                order.Exit();
            });
        }
        else if (order.IsIdle)
        {
            sendPubComp();
        }
        else
        {
            order.Enter();
            Store.Run(null, () =>
            {
                sendPubComp();
                order.Exit();
            });
        }
    }

    /// <summary>
    /// Raised on the ending connection's thread after a client with a session disconnected, with the reason and whether
    /// its will is about to be published (the will follows the hook). Handlers must be quick and must not throw.
    /// </summary>
    public event Action<ClientDisconnect>? ClientDisconnected;

    /// <summary>Publishes a broker-originated message (e.g. $SYS, device manager in-process).</summary>
    public void PublishInternal(string topic, byte[] payload, byte qos, bool retain)
        => Publish(new BrokerMessage(topic, payload, qos, retain), null, 0, null, null);

    private void LoadStore()
    {
        var snapshot = Store.Load();
        foreach (var m in snapshot.Retained)
        {
            Retained.Set(m);
        }

        foreach (var (clientId, stored) in snapshot.Sessions)
        {
            if (stored.ExpiryMs < 0)
            {
                // It was to end with the connection it had when the broker stopped (see Session.Attach).
                Store.Run(w => w.DeleteSession(clientId), null);
                continue;
            }

            var session = new Session(clientId, true, Stats, Store) { Owner = stored.Owner, ExpiryMs = stored.ExpiryMs };

            // Offline since its recorded end, or (attached at shutdown or crash, or a database from before this
            // column) since now: its Session Expiry Interval runs from there (§3.1.2.11.2).
            session.RestoreDetached(stored.DetachedAtUnixMs != 0 ? StoreClock.ToTicksUnclamped(stored.DetachedAtUnixMs) : Environment.TickCount64);
            foreach (var (filter, sub) in stored.Subscriptions)
            {
                session.Subscriptions[filter] = sub.Qos;
                if ((sub.Options & 0x04) != 0)
                {
                    (session.NoLocalFilters ??= new HashSet<string>(StringComparer.Ordinal)).Add(filter);
                }

                if ((sub.Options & 0x08) != 0)
                {
                    (session.RetainAsPublishedFilters ??= new HashSet<string>(StringComparer.Ordinal)).Add(filter);
                }

                if (sub.SubscriptionId > 0)
                {
                    session.SetSubscriptionId(filter, sub.SubscriptionId);
                }

                AddToTrie(filter, session, sub.Qos);
            }

            foreach (var m in stored.Messages)
            {
                session.Restore(m.Message, m.Qos, m.RetainFlag, m.RowId, m.PacketId, m.Released);
            }

            foreach (var id in stored.InboundIds)
            {
                session.InboundQos2.Add(id);
            }

            _sessions[clientId] = session;
        }

        foreach (var w in snapshot.Wills)
        {
            // A will delayed before the restart: due at its stored time, cancelled if its client resumes the session first.
            var session = _sessions.TryGetValue(w.ClientId, out var s) ? s : null;
            _delayedWills.Add(new DelayedWill(session, w.Will, session?.DetachedAt ?? 0, StoreClock.ToTicksUnclamped(w.DueAtUnixMs), w.Id));
        }

        if (snapshot.Sessions.Count > 0 || snapshot.Retained.Count > 0)
        {
            _log.LogInformation("Restored {Sessions} persistent sessions and {Retained} retained messages", snapshot.Sessions.Count, snapshot.Retained.Count);
        }
    }

    private void DeleteStoredWill(long id)
    {
        if (id != 0)
        {
            Store.Run(w => w.DeleteWill(id), null);
        }
    }

    /// <summary>Wills waiting for their Will Delay Interval (tests, diagnostics).</summary>
    public int DelayedWillCount
    {
        get
        {
            lock (_delayedWills)
            {
                return _delayedWills.Count;
            }
        }
    }

    private void Housekeeping()
    {
        try
        {
            long now = Environment.TickCount64;
            foreach (var c in _connections.Keys)
            {
                c.CheckTimeouts(now);
            }

            if (now - _lastRetainedPurge >= RetainedPurgeMs)
            {
                _lastRetainedPurge = now;
                PurgeExpiredRetained(now);
            }

            if (Options.RetrySeconds > 0 && now - _lastRetry >= 1000)
            {
                _lastRetry = now;
                long retryMs = Options.RetrySeconds * 1000L;
                foreach (var s in _sessions.Values)
                {
                    s.RetryExpired(retryMs);
                }
            }

            foreach (var s in _sessions.Values)
            {
                if (s.IsExpired(now))
                {
                    // MQTT 5 Session Expiry Interval ran out (§3.1.2.11.2): the session and its queue are discarded.
                    lock (_connectLock)
                    {
                        if (s.IsExpired(now) && _sessions.TryGetValue(s.ClientId, out var current) && ReferenceEquals(current, s))
                        {
                            DiscardSession(s);
                        }
                    }
                }
            }

            List<BrokerMessage>? dueWills = null;
            lock (_delayedWills)
            {
                for (int i = _delayedWills.Count - 1; i >= 0; i--)
                {
                    var d = _delayedWills[i];
                    if (d.Session != null && (d.Session.Connection != null || d.Session.DetachedAt != d.DetachedAt))
                    {
                        _delayedWills.RemoveAt(i); // the client came back: no will (§3.1.3.2.2)
                        DeleteStoredWill(d.StoreId);
                    }
                    else if (now >= d.DueAt || d.Session is { Discarded: true })
                    {
                        // Due, or its session ended first (expired, or discarded by a Clean Start): the will goes at the
                        // delay or at the session's end, whichever is first (§3.1.3.2.2).
                        _delayedWills.RemoveAt(i);
                        (dueWills ??= new()).Add(d.Will);
                        DeleteStoredWill(d.StoreId);
                    }
                }
            }

            if (dueWills != null)
            {
                foreach (var will in dueWills)
                {
                    Interlocked.Increment(ref Stats.WillsPublished);
                    Publish(will, null, 0, null, null);
                }
            }

            if (Options.SysIntervalSeconds > 0 && now - _lastSys >= Options.SysIntervalSeconds * 1000L)
            {
                _lastSys = now;
                PublishSys();
            }
        }
        catch (Exception e)
        {
            _log.LogError(e, "Housekeeping failed");
        }
    }

    // How often housekeeping removes expired retained messages (a scan of all of them).
    private const long RetainedPurgeMs = 5000;

    // Expired retained messages leave memory and the store (until then a new subscriber's delivery skips them). The
    // store deletes by expiry, so a retained message of the same topic stored meanwhile is never deleted with it.
    private void PurgeExpiredRetained(long now)
    {
        if (Retained.RemoveExpired(now).Count > 0 && Store.Enabled)
        {
            long unixNow = StoreClock.ToUnixMs(now);
            Store.Run(w => w.DeleteExpiredRetained(unixNow), null);
        }
    }

    /// <summary>Publishes the retained $SYS/broker/... statistics (not stored).</summary>
    public void PublishSys()
    {
        void Sys(string name, string value) => Publish(new BrokerMessage("$SYS/broker/" + name, Encoding.UTF8.GetBytes(value), 0, true), null, 0, null, null);
        Sys("version", "NanoNode broker " + typeof(MqttBroker).Assembly.GetName().Version);
        Sys("uptime", ((long)(DateTime.UtcNow - _started).TotalSeconds) + " seconds");
        Sys("clients/connected", Interlocked.Read(ref Stats.ClientsConnected).ToString());
        Sys("clients/connected/3.1.1", Interlocked.Read(ref Stats.ClientsConnectedMqtt311).ToString());
        Sys("clients/connected/5.0", Interlocked.Read(ref Stats.ClientsConnectedMqtt5).ToString());
        Sys("clients/total", _sessions.Count.ToString());
        Sys("connections", Interlocked.Read(ref Stats.Connections).ToString());
        Sys("messages/received", Interlocked.Read(ref Stats.Received).ToString());
        Sys("messages/sent", Interlocked.Read(ref Stats.Sent).ToString());
        Sys("messages/dropped", Interlocked.Read(ref Stats.Dropped).ToString());
        Sys("messages/retried", Interlocked.Read(ref Stats.Retries).ToString());
        Sys("bytes/received", Interlocked.Read(ref Stats.BytesReceived).ToString());
        Sys("bytes/sent", Interlocked.Read(ref Stats.BytesSent).ToString());
        Sys("subscriptions/count", SubscriptionCount.ToString());
        Sys("retained messages/count", Retained.Count.ToString());
        Sys("logins/failed", Interlocked.Read(ref Stats.LoginFailures).ToString());
        Sys("clients/refused", Interlocked.Read(ref Stats.ConnectionsRefused).ToString());
        Sys("clients/protocol errors", Interlocked.Read(ref Stats.ProtocolErrors).ToString());
        Sys("clients/keepalive expired", Interlocked.Read(ref Stats.KeepaliveExpired).ToString());
        Sys("wills/published", Interlocked.Read(ref Stats.WillsPublished).ToString());
        Sys("clients/wrong ack type", Interlocked.Read(ref Stats.WrongAckType).ToString());
        Sys("clients/receive maximum exceeded", Interlocked.Read(ref Stats.ReceiveMaximumExceeded).ToString());
        Sys("clients/takeovers refused", Interlocked.Read(ref Stats.SessionTakeoversRefused).ToString());
        Sys("messages/acl denied", Interlocked.Read(ref Stats.AclDeliveriesDenied).ToString());
        Sys("messages/expired", Interlocked.Read(ref Stats.Expired).ToString());
        Sys("messages/too large for client", Interlocked.Read(ref Stats.TooLargeForClient).ToString());
        Sys("publishes/acl denied", Interlocked.Read(ref Stats.AclPublishesDenied).ToString());
        Sys("logins/rejected busy", Interlocked.Read(ref Stats.PasswordChecksRejected).ToString());
        Sys("log/suppressed", LogLimiter.Suppressed.ToString());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private readonly record struct Target(Session Session, byte Qos, long RowId, bool RetainFlag);

    // Session null: a stored will whose session was gone at start-up (it is published when due). StoreId 0: not stored.
    private readonly record struct DelayedWill(Session? Session, BrokerMessage Will, long DetachedAt, long DueAt, long StoreId);
}

/// <summary>
/// Keeps one connection's effects in order when some go through the store: while any deferred operation is pending,
/// later ones are deferred too (completions run in submission order on the store thread).
/// </summary>
internal sealed class OrderGate
{
    private int _pending;

    /// <summary>True when nothing of this connection waits for the store.</summary>
    public bool IsIdle => Volatile.Read(ref _pending) == 0;

    /// <summary>A deferred operation was submitted.</summary>
    public void Enter() => Interlocked.Increment(ref _pending);

    /// <summary>A deferred operation completed.</summary>
    public void Exit() => Interlocked.Decrement(ref _pending);
}
