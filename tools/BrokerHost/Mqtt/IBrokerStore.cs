namespace NanoNode.BrokerHost.Mqtt;

/// <summary>
/// Durable state of the broker (retained messages, persistent sessions, their subscriptions, queued/inflight messages
/// and inbound QoS 2 ids). Writes are queued and applied in order by one thread, in batched transactions;
/// <see cref="Run"/>'s completion runs on that thread after the transaction committed, in submission order: the broker
/// acknowledges (PUBACK/PUBREC/SUBACK...) only from there, so nothing acknowledged is lost on a crash.
/// </summary>
public interface IBrokerStore : IDisposable
{
    /// <summary>False for the in-memory store: <see cref="Run"/> then completes synchronously.</summary>
    bool Enabled { get; }

    /// <summary>Next row id for a stored outbound message (unique across restarts).</summary>
    long NextRowId();

    /// <summary>Queues <paramref name="execute"/> (inside a transaction) and then <paramref name="completed"/> (after commit).</summary>
    void Run(Action<IStoreWriter>? execute, Action? completed);

    /// <summary>
    /// Deletes a stored outbound message (acknowledged by its subscriber). Nothing waits for this commit: losing it
    /// only means the message (QoS 1) or its PUBREL (QoS 2, already marked released) is sent once more after a crash.
    /// </summary>
    void DeleteMessage(long rowId);

    /// <summary>Loads everything at start-up.</summary>
    StoreSnapshot Load();
}

/// <summary>Write operations available inside a store transaction (persistence thread only).</summary>
public interface IStoreWriter
{
    /// <summary>Stores or replaces the retained message of its topic; an empty payload deletes it.</summary>
    void SetRetained(BrokerMessage message);

    /// <summary>
    /// Deletes every retained message whose expiry (Unix ms) is at or before <paramref name="nowUnixMs"/>; a message
    /// stored since with a later expiry, or none, stays.
    /// </summary>
    void DeleteExpiredRetained(long nowUnixMs);

    /// <summary>
    /// Creates a persistent session row, or updates its owner: the name of the principal that created it, which alone
    /// (besides admins) may resume it (issue 10); null for a session created by an anonymous client.
    /// </summary>
    void UpsertSession(string clientId, string? owner);

    /// <summary>Deletes a session with its subscriptions, messages and inbound ids.</summary>
    void DeleteSession(string clientId);

    /// <summary>
    /// Records a persistent session's MQTT 5 Session Expiry Interval (<see cref="Session.ExpiryMs"/>, 0 = never, -1 = ends with its
    /// connection) and
    /// when its connection ended (<see cref="StoreClock"/> Unix milliseconds; 0 while a connection is attached), so
    /// that after a restart it expires on time (§3.1.2.11.2). No-op for a client id without a session row.
    /// </summary>
    void SetSessionState(string clientId, long expiryMs, long detachedAtUnixMs);

    /// <summary>
    /// Stores or replaces a subscription with its MQTT 5 subscription options byte (§3.8.3.1: No Local bit 2, Retain
    /// As Published bit 3, Retain Handling bits 4-5; 0 for 3.1.1) and Subscription Identifier (0 = none).
    /// </summary>
    void UpsertSubscription(string clientId, string filter, byte qos, byte options, int subscriptionId);

    /// <summary>
    /// Stores a will waiting for its MQTT 5 Will Delay Interval (§3.1.3.2.2) under <paramref name="id"/> (from
    /// <see cref="IBrokerStore.NextRowId"/>), due at <paramref name="dueAtUnixMs"/> (<see cref="StoreClock"/>), so that it
    /// is still published on time after a broker restart.
    /// </summary>
    void InsertWill(long id, string clientId, BrokerMessage will, long dueAtUnixMs);

    /// <summary>Deletes a delayed will (published, or its client came back).</summary>
    void DeleteWill(long id);

    /// <summary>Deletes a subscription.</summary>
    void DeleteSubscription(string clientId, string filter);

    /// <summary>Stores an outbound message for a session.</summary>
    void InsertMessage(long rowId, string clientId, BrokerMessage message, byte qos, bool retainFlag);

    /// <summary>Deletes an outbound message.</summary>
    void DeleteMessage(long rowId);

    /// <summary>
    /// Records the packet id given to a stored QoS 2 message. Must be committed before that PUBLISH is sent: after a
    /// restart it is re-sent with the same id [MQTT-4.4.0-1], so a receiver that already holds the id does not take
    /// the message a second time [MQTT-4.3.3].
    /// </summary>
    void SetPacketId(long rowId, ushort packetId);

    /// <summary>
    /// Records that a stored QoS 2 message was PUBREC'd. Must be committed before the PUBREL is sent: a receiver that
    /// got PUBREL may deliver and forget the id, so after a restart only PUBREL, never the PUBLISH, may be re-sent
    /// [MQTT-4.3.3-1] [MQTT-4.4.0-1].
    /// </summary>
    void MarkReleased(long rowId);

    /// <summary>Stores an inbound QoS 2 packet id (PUBLISH received, PUBREL pending).</summary>
    void InsertInboundId(string clientId, ushort packetId);

    /// <summary>Deletes an inbound QoS 2 packet id (PUBREL received).</summary>
    void DeleteInboundId(string clientId, ushort packetId);
}

/// <summary>What the store held at start-up.</summary>
public sealed class StoreSnapshot
{
    /// <summary>Retained messages.</summary>
    public List<BrokerMessage> Retained { get; } = new();

    /// <summary>Persistent sessions by client id.</summary>
    public Dictionary<string, StoredSession> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Wills waiting for their Will Delay Interval, in the order stored.</summary>
    public List<StoredWill> Wills { get; } = new();
}

/// <summary>A persistent session as stored.</summary>
public sealed class StoredSession
{
    /// <summary>Name of the principal that created the session (<see cref="Session.Owner"/>); null in databases from before owners.</summary>
    public string? Owner { get; set; }

    /// <summary>
    /// MQTT 5 Session Expiry Interval in ms (<see cref="Session.ExpiryMs"/>); 0 = never (also databases from before it);
    /// -1 = the session was to end with the connection it had (<see cref="Session.EndsWithConnection"/>).
    /// </summary>
    public long ExpiryMs { get; set; }

    /// <summary>When its last connection ended (<see cref="StoreClock"/> Unix ms); 0 = attached at shutdown/crash, or unknown.</summary>
    public long DetachedAtUnixMs { get; set; }

    /// <summary>Filter → subscription.</summary>
    public Dictionary<string, StoredSubscription> Subscriptions { get; } = new(StringComparer.Ordinal);

    /// <summary>Outbound messages in order.</summary>
    public List<StoredMessage> Messages { get; } = new();

    /// <summary>Inbound QoS 2 ids awaiting PUBREL.</summary>
    public List<ushort> InboundIds { get; } = new();
}

/// <summary>A stored subscription: granted QoS, MQTT 5 subscription options byte (§3.8.3.1), Subscription Identifier (0 = none).</summary>
public sealed record StoredSubscription(byte Qos, byte Options, int SubscriptionId);

/// <summary>
/// Conversion between the broker's in-memory times (<see cref="Environment.TickCount64"/> ms, which restart at 0 with
/// the machine and mean nothing in another process) and the wall-clock Unix milliseconds the store keeps, so that
/// message expiry and session expiry survive a broker restart. 0 stands for "none" on both sides.
/// </summary>
public static class StoreClock
{
    /// <summary>Wall clock now, Unix ms.</summary>
    public static long UnixNowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>A TickCount64 instant as Unix ms; 0 stays 0.</summary>
    public static long ToUnixMs(long ticks) => ticks == 0 ? 0 : UnixNowMs() + (ticks - Environment.TickCount64);

    /// <summary>
    /// A Unix ms instant as a TickCount64 instant of this process; 0 stays 0, and a result that would be 0 or below (long
    /// past) becomes 1, which is still "in the past" for every TickCount64 comparison.
    /// </summary>
    public static long ToTicks(long unixMs) => unixMs == 0 ? 0 : Math.Max(1, Environment.TickCount64 + (unixMs - UnixNowMs()));

    /// <summary>A Unix ms instant as a TickCount64 instant of this process, not clamped (negative before boot); 0 stays 0.</summary>
    public static long ToTicksUnclamped(long unixMs) => unixMs == 0 ? 0 : Environment.TickCount64 + (unixMs - UnixNowMs());
}

/// <summary>A delayed will as stored: row id, client id, the will, when it is due (<see cref="StoreClock"/> Unix ms).</summary>
public sealed record StoredWill(long Id, string ClientId, BrokerMessage Will, long DueAtUnixMs);

/// <summary>A stored outbound message.</summary>
public sealed record StoredMessage(long RowId, BrokerMessage Message, byte Qos, bool RetainFlag, ushort PacketId, bool Released);

/// <summary>The store used when persistence is off: nothing is written, completions run at once.</summary>
public sealed class MemoryStore : IBrokerStore
{
    private long _row;

    /// <inheritdoc />
    public bool Enabled => false;

    /// <inheritdoc />
    public long NextRowId() => Interlocked.Increment(ref _row);

    /// <inheritdoc />
    public void Run(Action<IStoreWriter>? execute, Action? completed) => completed?.Invoke();

    /// <inheritdoc />
    public void DeleteMessage(long rowId)
    {
    }

    /// <inheritdoc />
    public StoreSnapshot Load() => new();

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
