using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.History;
using NanoNode.BrokerHost.Hosting;
using NanoNode.BrokerHost.Mqtt;
using NanoNode.Device.Config;

namespace NanoNode.BrokerHost.Devices;

/// <summary>State of one config push tracked by the device manager (DESIGN §5 <c>config/ack</c> results).</summary>
public static class PushState
{
    /// <summary>Published on <c>config/set</c>, no ack yet.</summary>
    public const string Pending = "pending";

    /// <summary>Acked <c>applied</c>: effective and persisted on the node.</summary>
    public const string Applied = "applied";

    /// <summary>Acked <c>rejected</c>: nothing changed; <see cref="ConfigPush.Errors"/> says why.</summary>
    public const string Rejected = "rejected";

    /// <summary>Acked <c>rolled_back</c>: a reconnect-class change did not reconnect in time; the old config is back.</summary>
    public const string RolledBack = "rolled_back";

    /// <summary>Acked <c>stale</c>: the revision was not above the node's.</summary>
    public const string Stale = "stale";

    /// <summary>No ack within <see cref="DeviceManagerOptions.AckTimeout"/> (a later ack still updates it).</summary>
    public const string NoAck = "no_ack";
}

/// <summary>One config revision pushed to a device (or an ack seen for a push made by someone else).</summary>
public sealed class ConfigPush
{
    /// <summary>Revision sent in the patch (<c>rev</c>); -1 for an ack without a revision (busy, missing rev).</summary>
    public int Rev { get; init; }

    /// <summary>The patch as published, <c>rev</c> included; null when the push was not made by this manager.</summary>
    public JsonObject? Patch { get; init; }

    /// <summary>One of <see cref="PushState"/>.</summary>
    public string State { get; set; } = PushState.Pending;

    /// <summary>The ack's <c>errors</c> array (key/reason objects), when it had one.</summary>
    public JsonArray? Errors { get; set; }

    /// <summary>The whole ack document as received.</summary>
    public JsonObject? Ack { get; set; }

    /// <summary>When the patch was published (UTC); null when not made by this manager.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>When the ack arrived (UTC).</summary>
    public DateTimeOffset? AckAt { get; set; }

    /// <summary>A deep copy (snapshots hand these out; the manager keeps mutating its own).</summary>
    public ConfigPush Clone() => new()
    {
        Rev = Rev,
        Patch = (JsonObject?)Patch?.DeepClone(),
        State = State,
        Errors = (JsonArray?)Errors?.DeepClone(),
        Ack = (JsonObject?)Ack?.DeepClone(),
        SentAt = SentAt,
        AckAt = AckAt,
    };

    /// <summary>JSON form for the REST API.</summary>
    public JsonObject ToJson() => new()
    {
        ["rev"] = Rev,
        ["state"] = State,
        ["patch"] = Patch?.DeepClone(),
        ["errors"] = Errors?.DeepClone(),
        ["ack"] = Ack?.DeepClone(),
        ["sent_at"] = SentAt?.ToString("O", CultureInfo.InvariantCulture),
        ["ack_at"] = AckAt?.ToString("O", CultureInfo.InvariantCulture),
    };
}

/// <summary>One telemetry document with the time it was received.</summary>
/// <param name="ReceivedAt">Arrival time at the manager (UTC).</param>
/// <param name="Data">The telemetry JSON as the node sent it (<c>seq</c>, <c>ts</c>, readings with units in key names).</param>
public sealed record TelemetrySample(DateTimeOffset ReceivedAt, JsonObject Data);

/// <summary>A consistent copy of one device's state (safe to read on any thread; later changes do not show).</summary>
public sealed class DeviceSnapshot
{
    /// <summary>Device id (the topic level after the prefix).</summary>
    public required string Id { get; init; }

    /// <summary><c>online</c>, <c>offline</c> (the node's will or its orderly goodbye), or <c>unknown</c> (no status seen yet).</summary>
    public required string Status { get; init; }

    /// <summary>When <see cref="Status"/> was last received (UTC), or null.</summary>
    public DateTimeOffset? StatusAt { get; init; }

    /// <summary>When the status last changed (online since / offline since, UTC), or null.</summary>
    public DateTimeOffset? StatusSince { get; init; }

    /// <summary>Why the device went offline (e.g. <c>will (keep-alive timeout)</c>, <c>clean</c>, <c>unknown</c>), or null while online.</summary>
    public string? OfflineReason { get; init; }

    /// <summary>When anything was last received from the device (UTC), or null.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>The last <c>cmd/ack</c> document, or null.</summary>
    public JsonObject? LastCommandAck { get; init; }

    /// <summary>The retained <c>info</c> document, or null.</summary>
    public JsonObject? Info { get; init; }

    /// <summary>The retained effective <c>config</c>, or null.</summary>
    public JsonObject? Config { get; init; }

    /// <summary><c>rev</c> of <see cref="Config"/>, or null.</summary>
    public int? ConfigRev { get; init; }

    /// <summary>Recent telemetry, oldest first (at most <see cref="DeviceManagerOptions.TelemetryHistory"/>).</summary>
    public required IReadOnlyList<TelemetrySample> Telemetry { get; init; }

    /// <summary>Pushes still waiting for an ack, oldest first.</summary>
    public required IReadOnlyList<ConfigPush> Pending { get; init; }

    /// <summary>The most recently acked push (any result), or null.</summary>
    public ConfigPush? LastAck { get; init; }

    /// <summary>Recent pushes of this manager and acks seen, newest last (at most 20).</summary>
    public required IReadOnlyList<ConfigPush> History { get; init; }

    /// <summary>Last telemetry, or null.</summary>
    public TelemetrySample? LastTelemetry => Telemetry.Count == 0 ? null : Telemetry[^1];

    /// <summary>
    /// MQTT version of the device's connection to the broker in this process, from the broker's connection with client
    /// id = device id: <c>3.1.1</c> or <c>5.0</c>; null when no connection with that client id is open; <c>?</c> when the
    /// manager is attached to an external broker (it cannot see the broker's connections).
    /// </summary>
    public string? Protocol { get; init; }

    /// <summary>Summary JSON (device list).</summary>
    public JsonObject ToSummaryJson() => new()
    {
        ["id"] = Id,
        ["status"] = Status,
        ["protocol"] = Protocol,
        ["status_at"] = StatusAt?.ToString("O", CultureInfo.InvariantCulture),
        ["status_since"] = StatusSince?.ToString("O", CultureInfo.InvariantCulture),
        ["offline_reason"] = OfflineReason,
        ["last_seen"] = LastSeen?.ToString("O", CultureInfo.InvariantCulture),
        ["board"] = Info?["board"]?.DeepClone(),
        ["firmware"] = Info?["firmware"]?.DeepClone(),
        ["config_rev"] = ConfigRev,
        ["config_state"] = Pending.Count > 0 ? PushState.Pending : LastAck?.State,
        ["last_push"] = History.Count == 0 ? null : History[^1].ToJson(),
        ["sensors"] = Info?["sensors"]?.DeepClone(),
        ["telemetry"] = LastTelemetry?.Data.DeepClone(),
        ["telemetry_at"] = LastTelemetry?.ReceivedAt.ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>Full JSON (one device).</summary>
    public JsonObject ToJson()
    {
        var o = ToSummaryJson();
        o["info"] = Info?.DeepClone();
        o["config"] = Config?.DeepClone();
        o["pending"] = new JsonArray(Pending.Select(p => (JsonNode)p.ToJson()).ToArray());
        o["last_ack"] = LastAck?.ToJson();
        o["last_command_ack"] = LastCommandAck?.DeepClone();
        o["history"] = new JsonArray(History.Select(p => (JsonNode)p.ToJson()).ToArray());
        o["telemetry_history"] = new JsonArray(Telemetry.Select(t => (JsonNode)new JsonObject
        {
            ["received_at"] = t.ReceivedAt.ToString("O", CultureInfo.InvariantCulture),
            ["data"] = t.Data.DeepClone(),
        }).ToArray());
        return o;
    }
}

/// <summary>Settings of the device manager.</summary>
public sealed class DeviceManagerOptions
{
    /// <summary>First topic level of the device protocol (DESIGN §5); devices configured with another prefix are not seen.</summary>
    public string TopicPrefix { get; set; } = "nanonode";

    /// <summary>Telemetry documents kept per device.</summary>
    public int TelemetryHistory { get; set; } = 50;

    /// <summary>A push without an ack for this long is shown as <see cref="PushState.NoAck"/>. Covers rollback_timeout_s (≤ 600 s).</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(660);

    /// <summary>Log every telemetry document at Information (otherwise Debug).</summary>
    public bool LogTelemetry { get; set; } = true;

    /// <summary>
    /// The "is not JSON" warning is written at most once per device and message kind per this many seconds (a device
    /// sending garbage at full rate would otherwise fill the log); the others are counted in
    /// <see cref="DeviceManager.SuppressedLogLines"/>. 0 writes every one.
    /// </summary>
    public int LogIntervalSeconds { get; set; } = 60;
}

/// <summary>
/// The device manager (DESIGN §6): a registry of NanoNode devices built from their <c>status</c> and <c>info</c>
/// (retained, or republished by the nodes when the manager asks the fleet to announce); a device is registered by any
/// message under its topics (telemetry, config, acks too), recent <c>telemetry</c> per device, the retained effective <c>config</c>, and config pushes on
/// <c>config/set</c> tracked by revision until their <c>config/ack</c> (pending → applied / rejected / rolled_back /
/// stale). It is an ordinary MQTT client (<see cref="MqttLink"/>), so it works the same against NanoNode's broker and
/// an external one.
/// </summary>
/// <remarks>
/// Threading: messages are applied on the link's thread; every public member may be called from any thread (one lock).
/// Snapshots are copies. Waiters (<see cref="WaitAsync"/>) are woken on every change.
/// </remarks>
public sealed class DeviceManager : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Device> _devices = new(StringComparer.Ordinal);
    private readonly DeviceManagerOptions _options;
    private readonly ILogger _log;
    private readonly List<CommandWaiter> _commandWaiters = new();
    private readonly LogLimiter _logLimiter;
    private MqttLink? _link;
    private int _announces;
    private int _directAnnounces;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A stopped manager; <see cref="Start"/> connects it. <paramref name="history"/>, when given, gets every reading and event.</summary>
    public DeviceManager(DeviceManagerOptions options, ILogger<DeviceManager> log, HistoryStore? history = null)
    {
        _options = options;
        _log = log;
        History = history;
        _logLimiter = new LogLimiter(TimeSpan.FromSeconds(Math.Max(0, options.LogIntervalSeconds)));
    }

    /// <summary>Commands the REST API may send (DESIGN §5 <c>cmd/&lt;name&gt;</c>).</summary>
    public static readonly IReadOnlyList<string> Commands = new[] { "read", "scan", "identify", "reboot" };

    /// <summary>The persisted history (telemetry and events), or null when history is off.</summary>
    public HistoryStore? History { get; }

    /// <summary>Live updates for SSE clients: <c>device</c> (a summary after any change) and <c>event</c> (a device event).</summary>
    public LiveFeed Feed { get; } = new();

    /// <summary>
    /// True once a broker in this process reports disconnect reasons (<see cref="ReportDisconnect"/>); otherwise an
    /// offline status is logged with reason <c>unknown</c> at once.
    /// </summary>
    public bool DisconnectReasonsKnown { get; set; }

    /// <summary>
    /// Read-only view of the broker in this process: the MQTT protocol level (4 = 3.1.1, 5 = 5.0) of the open connection
    /// with the given client id, or null when there is none. Set by <see cref="DeviceServices"/> for its own broker;
    /// null in attach mode (external broker), where <see cref="DeviceSnapshot.Protocol"/> is <c>?</c>. Called under the
    /// manager's lock: it must not block or call back into the manager.
    /// </summary>
    public Func<string, int?>? ProtocolLevelOf { get; set; }

    /// <summary>The protocol shown for a device (<see cref="DeviceSnapshot.Protocol"/>) from <see cref="ProtocolLevelOf"/>.</summary>
    public string? ProtocolOf(string clientId)
    {
        var lookup = ProtocolLevelOf;
        if (lookup == null)
        {
            return "?";
        }

        return lookup(clientId) switch
        {
            null => null,
            5 => "5.0",
            4 => "3.1.1",
            3 => "3.1",
            int other => "level " + other.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Warnings suppressed by the rate limit (<see cref="DeviceManagerOptions.LogIntervalSeconds"/>).</summary>
    public long SuppressedLogLines => _logLimiter.Suppressed;

    /// <summary>The options in use.</summary>
    public DeviceManagerOptions Options => _options;

    /// <summary>True while the manager's MQTT connection is up.</summary>
    public bool IsConnected => _link?.IsConnected ?? false;

    /// <summary>The broker(s) the manager connects to (mqtt://host:port, comma-separated), or null before <see cref="Start"/>.</summary>
    public string? Endpoint { get; private set; }

    /// <summary>
    /// Connects to the broker at <paramref name="host"/>:<paramref name="port"/> and subscribes to the device topics
    /// (<c>&lt;prefix&gt;/+/status|info|telemetry|config|config/ack</c>). Returns at once; call once.
    /// </summary>
    public void Start(string host, int port, string? user, string? password) => Start(new[] { new BrokerEndpoint(host, port) }, user, password);

    /// <summary>
    /// Connects to the first of <paramref name="brokers"/> that accepts (the nodes of a cluster; on a lost connection
    /// the list is tried again, starting with the broker that worked last) and subscribes to the device topics
    /// (<c>&lt;prefix&gt;/+/status|info|telemetry|config|config/ack</c>). After every connection, once subscribed, it
    /// publishes <c>&lt;prefix&gt;/all/cmd/announce</c> (QoS 1, not retained), which nodes answer by republishing
    /// status, info and config: the registry fills on brokers that do not send retained messages to wildcard
    /// subscriptions (RabbitMQ) or keep them per cluster node, and after the manager was away. Returns at once; call once.
    /// </summary>
    public void Start(IReadOnlyList<BrokerEndpoint> brokers, string? user, string? password)
    {
        string p = _options.TopicPrefix;
        string[] filters = { p + "/+/status", p + "/+/info", p + "/+/telemetry", p + "/+/config", p + "/+/config/ack", p + "/+/cmd/ack" };
        string clientId = "nanonode-manager-" + Guid.NewGuid().ToString("N")[..8];
        Endpoint = string.Join(",", brokers.Select(b => "mqtt://" + b));
        var link = new MqttLink(brokers, clientId, user, password, filters, OnMessage, _log);
        link.OnReady = () =>
        {
            Interlocked.Increment(ref _announces);
            link.Publish(AnnounceTopic, Array.Empty<byte>(), 1, false);
            _log.LogInformation("device manager: connected to mqtt://{Broker}, asked the fleet to announce ({Topic})", link.CurrentEndpoint, AnnounceTopic);
        };
        _link = link;
        _link.Start();
        _log.LogInformation("device manager: watching {Prefix}/+/... on {Endpoint}", p, Endpoint);
    }

    /// <summary>
    /// Asks one node (<c>&lt;prefix&gt;/&lt;id&gt;/cmd/announce</c>) or, with <paramref name="id"/> null, the whole fleet
    /// (<c>&lt;prefix&gt;/all/cmd/announce</c>) to republish status, info and config (QoS 1, not retained). Any thread;
    /// <see cref="InvalidOperationException"/> before <see cref="Start(IReadOnlyList{BrokerEndpoint}, string?, string?)"/>,
    /// <see cref="ArgumentException"/> for an invalid id.
    /// </summary>
    public void RequestAnnounce(string? id = null)
    {
        if (id != null && !NanoNode.Device.Node.DeviceTopics.IsValidDeviceId(id))
        {
            throw new ArgumentException("device id: 1..32 of A-Z a-z 0-9 - _", nameof(id));
        }

        var link = _link ?? throw new InvalidOperationException("device manager not started");
        link.Publish(id == null ? AnnounceTopic : Topic(id, "cmd/announce"), Array.Empty<byte>(), 1, false);
    }

    /// <summary>The fleet topic the manager publishes after each connection: <c>&lt;prefix&gt;/all/cmd/announce</c>.</summary>
    public string AnnounceTopic => _options.TopicPrefix + "/all/cmd/announce";

    /// <summary>How many times the manager asked the fleet to announce (once per connection).</summary>
    public int Announces => Volatile.Read(ref _announces);

    /// <summary>How many times the manager asked one incomplete device on its own cmd/announce.</summary>
    public int DirectAnnounces
    {
        get
        {
            lock (_gate)
            {
                return _directAnnounces;
            }
        }
    }

    /// <summary>The broker of the manager's current connection (or next attempt), host:port; null before <see cref="Start"/>.</summary>
    public BrokerEndpoint? CurrentBroker => _link?.CurrentEndpoint;

    /// <summary>Waits (bounded) until connected and subscribed; false on timeout.</summary>
    public Task<bool> WaitReadyAsync(TimeSpan timeout, CancellationToken ct = default) =>
        _link == null ? Task.FromResult(false) : _link.WaitReadyAsync(timeout, ct);

    /// <summary>Every known device, sorted by id.</summary>
    public IReadOnlyList<DeviceSnapshot> List()
    {
        lock (_gate)
        {
            return _devices.Values.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => d.Snapshot(_options.AckTimeout, ProtocolOf(d.Id))).ToList();
        }
    }

    /// <summary>One device, or null when unknown.</summary>
    public DeviceSnapshot? Find(string id)
    {
        lock (_gate)
        {
            return _devices.TryGetValue(id, out var d) ? d.Snapshot(_options.AckTimeout, ProtocolOf(d.Id)) : null;
        }
    }

    /// <summary>
    /// Publishes <paramref name="patch"/> (a partial config: key → JSON value) on <c>&lt;prefix&gt;/&lt;id&gt;/config/set</c>
    /// (QoS 1, not retained) with <c>rev</c> = the highest revision known for the device (retained config, info,
    /// earlier pushes) + 1, unless the patch carries its own <c>rev</c>. Returns the tracked push (state pending).
    /// Throws <see cref="ArgumentException"/> for an invalid id (1..32 of A-Z a-z 0-9 - _) and
    /// <see cref="InvalidOperationException"/> before <see cref="Start"/>. The node validates the keys, not this method.
    /// </summary>
    public ConfigPush PushConfig(string id, JsonObject patch)
    {
        if (!NanoNode.Device.Node.DeviceTopics.IsValidDeviceId(id))
        {
            throw new ArgumentException("device id: 1..32 of A-Z a-z 0-9 - _", nameof(id));
        }

        var link = _link ?? throw new InvalidOperationException("device manager not started");
        var body = (JsonObject)patch.DeepClone();
        ConfigPush push;
        lock (_gate)
        {
            var d = GetOrAdd(id);
            int rev;
            if (body["rev"] is JsonValue v && v.TryGetValue(out int given))
            {
                rev = given;
            }
            else
            {
                rev = d.HighestRev() + 1;
                body.Remove("rev");
                var ordered = new JsonObject { ["rev"] = rev };
                foreach (var (k, value) in body.ToList())
                {
                    body.Remove(k);
                    ordered[k] = value;
                }

                body = ordered;
            }

            // What the host keeps, logs and shows has secret values (broker_password) replaced; only the node gets them.
            push = new ConfigPush { Rev = rev, Patch = Redacted(body), SentAt = DateTimeOffset.UtcNow };
            d.Track(push);
            Signal();
        }

        link.Publish(Topic(id, "config/set"), Encoding.UTF8.GetBytes(body.ToJsonString()), 1, false);
        _log.LogInformation("config push {Id} rev {Rev}: {Patch}", id, push.Rev, push.Patch!.ToJsonString());
        lock (_gate)
        {
            AddEvent(id, "config_push", new JsonObject { ["rev"] = push.Rev, ["patch"] = push.Patch!.DeepClone() });
        }

        return push.Clone();
    }

    /// <summary>Value shown in place of a secret config value (<see cref="ConfigKey.Secret"/>) in logs, events and the API.</summary>
    public const string SecretShown = "(secret)";

    /// <summary>
    /// A copy of <paramref name="patch"/> fit for logs, history and the REST API: the value of every secret key of the
    /// firmware's schema (<see cref="ConfigKey.Secret"/>, e.g. broker_password) replaced by <see cref="SecretShown"/>.
    /// </summary>
    public static JsonObject Redacted(JsonObject patch)
    {
        var copy = (JsonObject)patch.DeepClone();
        foreach (var k in ConfigSchema.Keys)
        {
            if (k.Secret && copy.ContainsKey(k.Name))
            {
                copy[k.Name] = SecretShown;
            }
        }

        return copy;
    }

    /// <summary>
    /// Publishes command <paramref name="name"/> (one of <see cref="Commands"/>) on <c>&lt;prefix&gt;/&lt;id&gt;/cmd/&lt;name&gt;</c>
    /// (QoS 1, empty payload) and waits up to <paramref name="timeout"/> for the node's <c>cmd/ack</c> with that
    /// <c>cmd</c>. Returns the ack document, or null on timeout. Acks answer the oldest waiting command of that name.
    /// Throws <see cref="ArgumentException"/> for an invalid id or an unknown command.
    /// </summary>
    public async Task<JsonObject?> SendCommandAsync(string id, string name, TimeSpan timeout, CancellationToken ct = default)
    {
        if (!NanoNode.Device.Node.DeviceTopics.IsValidDeviceId(id))
        {
            throw new ArgumentException("device id: 1..32 of A-Z a-z 0-9 - _", nameof(id));
        }

        if (!Commands.Contains(name))
        {
            throw new ArgumentException("unknown command " + name + " (read, scan, identify, reboot)", nameof(name));
        }

        var link = _link ?? throw new InvalidOperationException("device manager not started");
        var waiter = new CommandWaiter(id, name);
        lock (_gate)
        {
            _commandWaiters.Add(waiter);
            AddEvent(id, "command", new JsonObject { ["cmd"] = name });
        }

        link.Publish(Topic(id, "cmd/" + name), Array.Empty<byte>(), 1, false);
        _log.LogInformation("command {Id} {Cmd}", id, name);
        try
        {
            return await waiter.Done.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                AddEvent(id, "command_timeout", new JsonObject { ["cmd"] = name, ["timeout_s"] = timeout.TotalSeconds });
            }

            return null;
        }
        finally
        {
            lock (_gate)
            {
                _commandWaiters.Remove(waiter);
            }
        }
    }

    /// <summary>
    /// Told by a broker in this process (its <see cref="MqttBroker.ClientDisconnected"/> hook) that a client left, and
    /// why, before its will is published. The device is the principal's device id, else the client id. The reason goes
    /// into the device's <c>offline</c> event: <c>will (&lt;reason&gt;)</c> when the broker publishes the will, else the
    /// reason itself (<c>clean</c> after DISCONNECT). Any thread.
    /// </summary>
    public void ReportDisconnect(ClientDisconnect d)
    {
        string id = d.DeviceId ?? d.ClientId;
        lock (_gate)
        {
            if (!_devices.TryGetValue(id, out var dev))
            {
                return;
            }

            string reason = d.WillPublished ? "will (" + d.Reason + ")" : d.Reason;
            if (dev.AwaitingReasonSince != null)
            {
                // The node's own "offline" came first (an orderly goodbye): the reason completes its event.
                dev.AwaitingReasonSince = null;
                LogOffline(dev, reason);
                Signal();
                return;
            }

            dev.PendingReason = reason;
            dev.PendingReasonAt = DateTimeOffset.UtcNow;
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for the registry (checked now and after every change) or
    /// <paramref name="timeout"/> passes. Returns whether it held. The condition runs on the caller's side (it may call
    /// <see cref="Find"/> / <see cref="List"/>); it is re-evaluated after every change and at least every 500 ms.
    /// </summary>
    public async Task<bool> WaitAsync(Func<DeviceManager, bool> condition, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition(this))
            {
                return true;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            // Re-check at least every 500 ms so time-based states (no_ack) are seen too.
            await Task.WhenAny(changed, Task.Delay(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500), ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Waits for the ack of revision <paramref name="rev"/> of <paramref name="id"/>; the push, or null on timeout.</summary>
    public async Task<ConfigPush?> WaitForAckAsync(string id, int rev, TimeSpan timeout, CancellationToken ct = default)
    {
        ConfigPush? found = null;
        await WaitAsync(m =>
        {
            var p = m.Find(id)?.History.LastOrDefault(h => h.Rev == rev && h.AckAt != null);
            found = p;
            return p != null;
        }, timeout, ct).ConfigureAwait(false);
        return found;
    }

    /// <summary>Disconnects (DISCONNECT, so nothing is published on the manager's behalf).</summary>
    public void Dispose() => _link?.Dispose();

    private string Topic(string id, string suffix) => _options.TopicPrefix + "/" + id + "/" + suffix;

    private void OnMessage(MqttMessage m)
    {
        string prefix = _options.TopicPrefix + "/";
        if (!m.Topic.StartsWith(prefix, StringComparison.Ordinal))
        {
            return;
        }

        string rest = m.Topic[prefix.Length..];
        int slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return;
        }

        string id = rest[..slash];
        string kind = rest[(slash + 1)..];
        if (id == "all")
        {
            return;
        }

        lock (_gate)
        {
            switch (kind)
            {
                case "status":
                    OnStatus(id, m.Payload, m.Retain);
                    break;
                case "info":
                    OnInfo(id, m.Payload);
                    break;
                case "telemetry":
                    OnTelemetry(id, m.Payload);
                    break;
                case "config":
                    OnConfig(id, m.Payload);
                    break;
                case "config/ack":
                    OnAck(id, m.Payload);
                    break;
                case "cmd/ack":
                    OnCommandAck(id, m.Payload);
                    break;
                default:
                    return;
            }

            AskIfIncomplete(id);
            if (_devices.TryGetValue(id, out var seen))
            {
                if (!m.Retain)
                {
                    seen.LastSeen = DateTimeOffset.UtcNow;
                }

                PublishSummary(seen);
            }

            Signal();
        }
    }

    /// <summary>
    /// A device known by some message but without status, info or config (it did not answer the fleet announce: a node
    /// answers that at most once per 10 s, so a manager restarted soon after another announce is ignored) is asked on
    /// its own <c>&lt;prefix&gt;/&lt;id&gt;/cmd/announce</c>, which nodes answer at once; at most once per
    /// <see cref="AskIntervalMs"/> per device. Called under the lock on the link's thread.
    /// </summary>
    private void AskIfIncomplete(string id)
    {
        if (!_devices.TryGetValue(id, out var d) || _link == null || (d.Status != "unknown" && d.Info != null && d.Config != null))
        {
            return;
        }

        long now = Environment.TickCount64;
        if (d.AskedAtMs != 0 && now - d.AskedAtMs < AskIntervalMs)
        {
            return;
        }

        d.AskedAtMs = now == 0 ? 1 : now;
        _directAnnounces++;
        _link.Publish(Topic(id, "cmd/announce"), Array.Empty<byte>(), 1, false);
    }

    /// <summary>Least time between two direct announce requests to one incomplete device, ms.</summary>
    public const int AskIntervalMs = 10000;

    private void OnStatus(string id, byte[] payload, bool retained)
    {
        if (payload.Length == 0)
        {
            // An empty retained message clears the topic [MQTT-3.3.1-10]: the device was removed.
            if (_devices.Remove(id))
            {
                _log.LogInformation("device {Id} removed (status cleared)", id);
            }

            return;
        }

        string status = Encoding.UTF8.GetString(payload);
        var d = GetOrAdd(id);
        bool changed = d.Status != status;
        if (changed)
        {
            _log.LogInformation("device {Id} {Status}", id, status);
            d.StatusSince = DateTimeOffset.UtcNow;
        }

        d.Status = status;
        d.StatusAt = DateTimeOffset.UtcNow;
        if (changed && retained)
        {
            RestoreSince(d);
        }

        if (!changed || retained)
        {
            // A retained status replayed at subscribe time is the state before the manager started, not an event.
            return;
        }

        if (status == "online")
        {
            d.OfflineReason = null;
            d.AwaitingReasonSince = null;
            AddEvent(id, "online", new JsonObject());
        }
        else if (status == "offline")
        {
            var now = DateTimeOffset.UtcNow;
            if (d.PendingReason != null && d.PendingReasonAt != null && now - d.PendingReasonAt.Value < TimeSpan.FromSeconds(30))
            {
                LogOffline(d, d.PendingReason);
            }
            else if (DisconnectReasonsKnown)
            {
                // The node said offline itself (orderly stop): its disconnect follows; wait a little for the reason.
                d.AwaitingReasonSince = now;
                _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => ReasonTimedOut(id, now), TaskScheduler.Default);
            }
            else
            {
                LogOffline(d, "unknown");
            }

            d.PendingReason = null;
        }
    }

    // A retained status replayed at start: when the history's latest online/offline event agrees with it, the device has
    // been in that state since the event (and offline for its reason), not since the manager started.
    private void RestoreSince(Device d)
    {
        if (History == null || (d.Status != "online" && d.Status != "offline"))
        {
            return;
        }

        try
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            // Two events in the same millisecond (a device that drops right after coming online) are told apart by
            // their row id, which the writer assigns in arrival order.
            var last = History.Events(d.Id, 0, now, 1, "online").Concat(History.Events(d.Id, 0, now, 1, "offline")).OrderByDescending(e => e.TimeMs).ThenByDescending(e => e.Id).FirstOrDefault();
            if (last != null && last.Type == d.Status)
            {
                d.StatusSince = DateTimeOffset.FromUnixTimeMilliseconds(last.TimeMs);
                d.OfflineReason = d.Status == "offline" ? (string?)last.Detail["reason"] : null;
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            _log.LogWarning("history: reading the last status event of {Id} failed: {Message}", d.Id, e.Message);
        }
    }

    private void ReasonTimedOut(string id, DateTimeOffset since)
    {
        lock (_gate)
        {
            if (_devices.TryGetValue(id, out var d) && d.AwaitingReasonSince == since)
            {
                d.AwaitingReasonSince = null;
                LogOffline(d, "unknown");
                Signal();
            }
        }
    }

    private void LogOffline(Device d, string reason)
    {
        d.OfflineReason = reason;
        AddEvent(d.Id, "offline", new JsonObject { ["reason"] = reason });
        _log.LogInformation("device {Id} offline: {Reason}", d.Id, reason);
        PublishSummary(d);
    }

    private void OnCommandAck(string id, byte[] payload)
    {
        var ack = ParseObject(id, "cmd/ack", payload);
        if (ack == null)
        {
            return;
        }

        var d = GetOrAdd(id);
        d.LastCommandAck = ack;
        string? cmd = (ack["cmd"] as JsonValue)?.TryGetValue(out string? c) == true ? c : null;
        var waiter = _commandWaiters.FirstOrDefault(w => w.Id == id && w.Name == cmd && !w.Done.Task.IsCompleted);
        if (cmd != "announce" || waiter != null)
        {
            // The acks of the manager's own registry requests (cmd/announce, sent to complete a device's record) are
            // not events of the device's history: nobody issued a command there.
            AddEvent(id, "command_ack", (JsonObject)ack.DeepClone());
        }

        waiter?.Done.TrySetResult((JsonObject)ack.DeepClone());
    }

    // Under _gate. Persists the event (when history is on) and sends it to live clients.
    private void AddEvent(string id, string type, JsonObject detail)
    {
        long ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        History?.AddEvent(id, ts, type, detail);
        if (Feed.HasSubscribers)
        {
            Feed.Publish("event", new HistoryEvent(0, id, ts, type, detail).ToJson().ToJsonString());
        }
    }

    // Under _gate. Sends the device's summary to live clients.
    private void PublishSummary(Device d)
    {
        if (Feed.HasSubscribers)
        {
            Feed.Publish("device", d.Snapshot(_options.AckTimeout, ProtocolOf(d.Id)).ToSummaryJson().ToJsonString());
        }
    }

    private void OnInfo(string id, byte[] payload)
    {
        var info = ParseObject(id, "info", payload);
        if (info == null)
        {
            return;
        }

        var d = GetOrAdd(id);
        if (d.Info == null)
        {
            var found = (info["sensors"] as JsonArray)?.OfType<JsonObject>().Where(s => s["found"]?.GetValueKind() == JsonValueKind.True).Select(s => (string?)s["chip"]);
            _log.LogInformation("device {Id}: board {Board}, firmware {Firmware}, config rev {Rev}, sensors {Sensors}",
                id, info["board"], info["firmware"], info["config_rev"], string.Join(",", found ?? Array.Empty<string?>()));
        }

        d.Info = info;
    }

    private void OnTelemetry(string id, byte[] payload)
    {
        var data = ParseObject(id, "telemetry", payload);
        if (data == null)
        {
            return;
        }

        var d = GetOrAdd(id);
        var at = DateTimeOffset.UtcNow;
        History?.AddTelemetry(id, at.ToUnixTimeMilliseconds(), data);
        d.Telemetry.Enqueue(new TelemetrySample(at, data));
        while (d.Telemetry.Count > _options.TelemetryHistory)
        {
            d.Telemetry.Dequeue();
        }

        _log.Log(_options.LogTelemetry ? LogLevel.Information : LogLevel.Debug, "telemetry {Id}: {Data}", id, Encoding.UTF8.GetString(payload));
    }

    private void OnConfig(string id, byte[] payload)
    {
        var config = ParseObject(id, "config", payload);
        if (config == null)
        {
            return;
        }

        var d = GetOrAdd(id);
        d.Config = config;
        d.ConfigRev = config["rev"] is JsonValue v && v.TryGetValue(out int rev) ? rev : null;
    }

    private void OnAck(string id, byte[] payload)
    {
        var ack = ParseObject(id, "config/ack", payload);
        if (ack == null)
        {
            return;
        }

        int rev = ack["rev"] is JsonValue v && v.TryGetValue(out int r) ? r : -1;
        string result = (ack["result"] as JsonValue)?.TryGetValue(out string? s) == true ? s! : "unknown";
        var d = GetOrAdd(id);
        // An ack without a revision (busy, or a patch without a valid rev) answers the newest pending push, if any.
        var push = rev >= 0
            ? d.History.LastOrDefault(p => p.Rev == rev && p.Patch != null)
            : d.History.LastOrDefault(p => p.State == PushState.Pending && p.Patch != null);
        if (push == null || (push.AckAt != null && rev >= 0))
        {
            push = new ConfigPush { Rev = rev };
            d.Track(push);
        }

        push.State = result;
        push.Errors = ack["errors"] as JsonArray is { } e ? (JsonArray)e.DeepClone() : null;
        push.Ack = ack;
        push.AckAt = DateTimeOffset.UtcNow;
        d.LastAck = push;
        AddEvent(id, result == PushState.RolledBack ? "rollback" : "config_ack", (JsonObject)ack.DeepClone());
        _log.LogInformation("config ack {Id} rev {Rev}: {Ack}", id, rev, Encoding.UTF8.GetString(payload));
    }

    private JsonObject? ParseObject(string id, string kind, byte[] payload)
    {
        if (payload.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(payload) as JsonObject;
        }
        catch (JsonException)
        {
            if (_logLimiter.ShouldLog(id, kind, out long suppressed))
            {
                _log.LogWarning("device {Id}: {Kind} is not JSON ({Length} bytes), ignored ({Suppressed} more such warnings suppressed before this one)", id, kind, payload.Length, suppressed);
            }
            return null;
        }
    }

    private Device GetOrAdd(string id)
    {
        if (!_devices.TryGetValue(id, out var d))
        {
            d = new Device(id);
            _devices.Add(id, d);
        }

        return d;
    }

    private void Signal()
    {
        var old = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    private sealed class CommandWaiter
    {
        public CommandWaiter(string id, string name)
        {
            Id = id;
            Name = name;
        }

        public string Id { get; }

        public string Name { get; }

        public TaskCompletionSource<JsonObject> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Mutable per-device state; only touched under the manager's lock.</summary>
    private sealed class Device
    {
        private const int MaxHistory = 20;

        public Device(string id)
        {
            Id = id;
        }

        public string Id { get; }

        public string Status { get; set; } = "unknown";

        public DateTimeOffset? StatusAt { get; set; }

        public DateTimeOffset? StatusSince { get; set; }

        public string? OfflineReason { get; set; }

        public string? PendingReason { get; set; }

        public DateTimeOffset? PendingReasonAt { get; set; }

        public DateTimeOffset? AwaitingReasonSince { get; set; }

        public DateTimeOffset? LastSeen { get; set; }

        public JsonObject? LastCommandAck { get; set; }

        public JsonObject? Info { get; set; }

        public JsonObject? Config { get; set; }

        public int? ConfigRev { get; set; }

        public Queue<TelemetrySample> Telemetry { get; } = new();

        public List<ConfigPush> History { get; } = new();

        public ConfigPush? LastAck { get; set; }

        /// <summary>When the device was last asked on its own cmd/announce (Environment.TickCount64), or 0.</summary>
        public long AskedAtMs { get; set; }

        public void Track(ConfigPush push)
        {
            History.Add(push);
            if (History.Count > MaxHistory)
            {
                History.RemoveAt(0);
            }
        }

        public int HighestRev()
        {
            int rev = ConfigRev ?? 0;
            if (Info?["config_rev"] is JsonValue v && v.TryGetValue(out int infoRev))
            {
                rev = Math.Max(rev, infoRev);
            }

            foreach (var p in History)
            {
                rev = Math.Max(rev, p.Rev);
            }

            return rev;
        }

        public DeviceSnapshot Snapshot(TimeSpan ackTimeout, string? protocol)
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var p in History)
            {
                if (p.State == PushState.Pending && p.SentAt != null && now - p.SentAt.Value > ackTimeout)
                {
                    p.State = PushState.NoAck;
                }
            }

            return new DeviceSnapshot
            {
                Id = Id,
                Status = Status,
                Protocol = protocol,
                StatusAt = StatusAt,
                StatusSince = StatusSince,
                OfflineReason = OfflineReason,
                LastSeen = LastSeen,
                LastCommandAck = (JsonObject?)LastCommandAck?.DeepClone(),
                Info = (JsonObject?)Info?.DeepClone(),
                Config = (JsonObject?)Config?.DeepClone(),
                ConfigRev = ConfigRev,
                Telemetry = Telemetry.Select(t => t with { Data = (JsonObject)t.Data.DeepClone() }).ToList(),
                Pending = History.Where(p => p.State == PushState.Pending).Select(p => p.Clone()).ToList(),
                LastAck = LastAck?.Clone(),
                History = History.Select(p => p.Clone()).ToList(),
            };
        }
    }
}
