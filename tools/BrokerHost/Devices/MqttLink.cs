using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using NanoNode.Mqtt;
using NanoNode.Mqtt.Client;

namespace NanoNode.BrokerHost.Devices;

/// <summary>One application message received by a <see cref="MqttLink"/> (copied out of the client's buffer).</summary>
/// <param name="Topic">Topic name.</param>
/// <param name="Payload">Payload bytes (owned by the receiver).</param>
/// <param name="Retain">Set when the broker sent a stored retained message for a new subscription [MQTT-3.3.1-8].</param>
public sealed record MqttMessage(string Topic, byte[] Payload, bool Retain);

/// <summary>
/// A host-side MQTT 3.1.1 client for the device manager and the CLI: NanoNode's own client
/// (<see cref="MqttClient"/>, the device's code over <see cref="TcpTransport"/>) driven by one background thread.
/// The same class serves NanoNode's broker (127.0.0.1) and external brokers (Mosquitto, EMQX, RabbitMQ).
/// </summary>
/// <remarks>
/// Threading: the client is touched only by the link's thread. <see cref="Publish"/> may be called from any thread
/// (the message is queued and handed to the client on the next loop turn). <paramref name="onMessage"/> callbacks run
/// on the link's thread, in arrival order, and must not block. Reconnects with backoff (0.5..10 s) and resubscribes by
/// itself; clean session, so nothing is queued by the broker while the link is down.
/// </remarks>
public sealed class MqttLink : IMqttMessageHandler, IMqttConnectionListener, IDisposable
{
    private readonly MqttClient _client;
    private readonly FailoverTransport _transport;
    private readonly Action<MqttMessage> _onMessage;
    private readonly ILogger? _log;
    private readonly int _filterCount;
    private readonly ConcurrentQueue<(string Topic, byte[] Payload, int Qos, bool Retain)> _outgoing = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _endpoint;
    private Thread? _thread;
    private volatile bool _stop;
    private volatile bool _connected;
    private int _granted;
    private MqttStatus _lastFailure = MqttStatus.Ok;

    /// <summary>
    /// A stopped link to <paramref name="host"/>:<paramref name="port"/> (plain TCP) subscribing to
    /// <paramref name="filters"/> at QoS 1. <paramref name="user"/>/<paramref name="password"/> may be null.
    /// <paramref name="clientId"/> must be unique on the broker (a duplicate takes the other session over [MQTT-3.1.4-2]).
    /// </summary>
    public MqttLink(string host, int port, string clientId, string? user, string? password, string[] filters, Action<MqttMessage> onMessage, ILogger? log = null)
        : this(new[] { new BrokerEndpoint(host, port) }, clientId, user, password, filters, onMessage, log)
    {
    }

    /// <summary>
    /// A stopped link to the first of <paramref name="endpoints"/> that accepts a TCP connection (the nodes of a cluster,
    /// tried in order at every connect: <see cref="FailoverTransport"/>), otherwise as the single-broker constructor.
    /// </summary>
    public MqttLink(IReadOnlyList<BrokerEndpoint> endpoints, string clientId, string? user, string? password, string[] filters, Action<MqttMessage> onMessage, ILogger? log = null)
    {
        var o = new MqttClientOptions();
        o.Connection.ClientId = clientId;
        o.Connection.UserName = string.IsNullOrEmpty(user) ? null : user;
        o.Connection.Password = o.Connection.UserName == null || password == null ? null : Encoding.UTF8.GetBytes(password);
        o.Session.CleanSession = true;
        o.Limits.MaxPacketSize = 256 * 1024;
        o.Limits.MaxInflight = 16;
        o.Limits.OutboxBytes = 512 * 1024;
        o.Limits.OutboxMessages = 256;
        o.Limits.MaxSubscriptions = Math.Max(8, filters.Length);
        o.Limits.MaxTopicLength = 512;
        o.Limits.MaxFilterLength = 512;
        o.Timing.KeepAliveSeconds = 30;
        o.Timing.ConnackTimeoutMs = 5000;
        o.Timing.ReconnectFloorMs = 500;
        o.Timing.ReconnectCeilingMs = 10000;
        _transport = new FailoverTransport(endpoints);
        _client = new MqttClient(o, _transport, SystemClock.Instance) { Listener = this };
        _filterCount = filters.Length;
        if (filters.Length > 0)
        {
            _client.Subscribe(filters, filters.Select(_ => 1).ToArray(), this);
        }

        _onMessage = onMessage;
        _log = log;
        _endpoint = string.Join(",", endpoints.Select(e => "mqtt://" + e));
    }

    /// <summary>
    /// Called on the link's thread after every connection (the first and each reconnect) once all subscriptions are
    /// acknowledged, so what it publishes is answered on subscriptions already in place. Set before <see cref="Start"/>.
    /// </summary>
    public Action? OnReady { get; set; }

    /// <summary>The broker of the current connection (or of the next attempt): host:port.</summary>
    public BrokerEndpoint CurrentEndpoint => _transport.Current;

    /// <summary>True while connected (CONNACK accepted).</summary>
    public bool IsConnected => _connected;

    /// <summary>Completes once the first connection is up and every subscription is acknowledged.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The reason of the last failed connection or attempt (diagnostics).</summary>
    public MqttStatus LastFailure => _lastFailure;

    /// <summary>Starts the link's thread; connecting begins at once. Call once.</summary>
    public void Start()
    {
        _client.Start();
        _thread = new Thread(Loop) { IsBackground = true, Name = "mqtt-link " + _endpoint };
        _thread.Start();
    }

    /// <summary>
    /// Queues one PUBLISH (any thread, never blocks). QoS 1/2 messages published while the link is down wait in the
    /// client's outbox and leave after the next CONNACK.
    /// </summary>
    public void Publish(string topic, byte[] payload, int qos, bool retain) => _outgoing.Enqueue((topic, payload, qos, retain));

    /// <summary>Waits (bounded) until <see cref="Ready"/>; false on timeout.</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        try
        {
            await _ready.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Sends what is queued, DISCONNECTs (no will) and stops the thread (waits up to 2 s).</summary>
    public void Dispose()
    {
        _stop = true;
        _thread?.Join(TimeSpan.FromSeconds(2));
    }

    private void Loop()
    {
        try
        {
            while (!_stop)
            {
                Drain();
                _client.Poll(_connected ? 20 : 0);
                if (!_connected)
                {
                    Thread.Sleep(10);
                }
            }

            if (_connected)
            {
                Drain();
                _client.Poll(0);
            }

            _client.Disconnect();
        }
        catch (Exception e)
        {
            // The client reports failures as statuses; an exception here is a bug, logged rather than lost.
            _log?.LogError(e, "MQTT link {Endpoint} stopped", _endpoint);
        }
    }

    private void Drain()
    {
        while (_outgoing.TryDequeue(out var m))
        {
            MqttStatus s = _client.Publish(m.Topic, m.Payload, 0, m.Payload.Length, m.Qos, m.Retain);
            if (s != MqttStatus.Sent && s != MqttStatus.Queued && s != MqttStatus.Ok)
            {
                _log?.LogWarning("MQTT link {Endpoint}: publish to {Topic} refused: {Status}", _endpoint, m.Topic, s);
            }
        }
    }

    /// <inheritdoc />
    void IMqttMessageHandler.OnMessage(byte[] buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength, int qos, bool retain)
    {
        var message = new MqttMessage(Encoding.UTF8.GetString(buffer, topicOffset, topicLength), buffer.AsSpan(payloadOffset, payloadLength).ToArray(), retain);
        try
        {
            _onMessage(message);
        }
        catch (Exception e)
        {
            _log?.LogError(e, "MQTT link {Endpoint}: handler failed for {Topic}", _endpoint, message.Topic);
        }
    }

    /// <inheritdoc />
    void IMqttConnectionListener.OnConnected(bool sessionPresent)
    {
        _connected = true;
        _granted = 0;
        _log?.LogInformation("MQTT link connected to mqtt://{Endpoint}", _transport.Current);
        if (_filterCount == 0)
        {
            SetReady();
        }
    }

    /// <inheritdoc />
    void IMqttConnectionListener.OnDisconnected(MqttStatus reason)
    {
        if (_connected)
        {
            _log?.LogWarning("MQTT link to {Endpoint} lost: {Reason}", _endpoint, reason);
        }
        else if (reason != _lastFailure)
        {
            // Connection attempts failing (e.g. refused credentials): said once per new reason, not per retry.
            _log?.LogWarning("MQTT link to {Endpoint}: cannot connect: {Reason}", _endpoint, reason);
        }

        _connected = false;
        _lastFailure = reason;
    }

    /// <inheritdoc />
    void IMqttConnectionListener.OnSubscribed(int slot, int grantedQos)
    {
        if (grantedQos == 0x80)
        {
            // [MQTT-3.9.3-2]: 0x80 = failure (e.g. an ACL that denies the filter).
            _log?.LogWarning("MQTT link {Endpoint}: subscription {Slot} refused by the broker", _endpoint, slot);
        }

        if (++_granted == _filterCount)
        {
            SetReady();
        }
    }

    private void SetReady()
    {
        _ready.TrySetResult();
        try
        {
            OnReady?.Invoke();
        }
        catch (Exception e)
        {
            _log?.LogError(e, "MQTT link {Endpoint}: ready handler failed", _endpoint);
        }
    }
}
