using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NanoNode.Device.Config;
using NanoNode.Device.Storage;
using NanoNode.VirtualDevice;

namespace NanoNode.BrokerHost.Devices;

/// <summary>
/// N virtual devices (<c>virtual-1..N</c>): tools/VirtualDevice's <see cref="VirtualNode"/>, i.e. the node's real
/// device logic (NanoNode.Device) with simulated BME280/SHT3x/BH1750 chips, each with its persisted config in
/// <c>&lt;dataDirectory&gt;/&lt;id&gt;/</c>, all driven by one loop thread (as on the board: one loop, no hidden threads).
/// </summary>
/// <remarks>
/// The broker address is dictated by the host: a persisted config naming another broker_host/broker_port (e.g. from an
/// earlier run on another port) is rewritten before boot, keeping its revision and every other key.
/// Threading: nodes are touched only by the loop thread; <see cref="Kill"/> and <see cref="Dispose"/> hand their work
/// to it and wait (bounded).
/// </remarks>
public sealed class VirtualFleet : IDisposable
{
    private readonly List<VirtualNode> _nodes = new();
    private readonly ConcurrentQueue<Action> _work = new();
    private readonly ILogger _log;
    private readonly string _host;
    private readonly int _port;
    private readonly string _fallback;
    private Thread? _thread;
    private volatile bool _stop;

    /// <summary>
    /// A fleet of <paramref name="count"/> nodes for the broker at <paramref name="host"/>:<paramref name="port"/>
    /// (plain TCP). <paramref name="intervalS"/> is the telemetry interval written into a fresh config (null = the
    /// schema default, 30 s). <paramref name="passwordFor"/>, when given, returns the password of a device's login
    /// (user name = device id), written into its persisted config before boot; without it the nodes connect anonymously
    /// unless a persisted config says otherwise. <paramref name="fallback"/> is the nodes' <c>broker_fallback</c>
    /// ("host:port,host:port": the other nodes of a cluster, tried when a connect fails; empty = none), pinned like the broker.
    /// </summary>
    public VirtualFleet(int count, string dataDirectory, string host, int port, int? intervalS, ILogger log, Func<string, string?>? passwordFor = null, string fallback = "")
    {
        _log = log;
        _host = host;
        _port = port;
        _fallback = fallback;
        Directory.CreateDirectory(dataDirectory);
        for (int i = 1; i <= count; i++)
        {
            string id = "virtual-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            PinBroker(Path.Combine(dataDirectory, id), id, intervalS, passwordFor?.Invoke(id));
            _nodes.Add(new VirtualNode(id, dataDirectory, host, port, intervalS, null, false) { Fallback = fallback, LinkLog = new LoggerLinkLog(id, log) });
        }
    }

    /// <summary>Ids of the fleet's devices.</summary>
    public IReadOnlyList<string> Ids => _nodes.Select(n => n.Id).ToList();

    /// <summary>Boots every node (loads or creates its config, starts connecting) and starts the loop thread. Call once.</summary>
    public void Start()
    {
        foreach (var node in _nodes)
        {
            node.Boot();
        }

        _thread = new Thread(Loop) { IsBackground = true, Name = "virtual-devices" };
        _thread.Start();
        _log.LogInformation("{Count} virtual devices ({First}..) against mqtt://{Host}:{Port}", _nodes.Count, _nodes.FirstOrDefault()?.Id, _host, _port);
    }

    /// <summary>
    /// Stops <paramref name="id"/> abnormally: the TCP connection is closed without DISCONNECT, so the broker publishes
    /// the node's will (<c>status</c> = <c>offline</c>, retained) [MQTT-3.1.2-8]; the node is not polled again.
    /// Returns false for an unknown or already stopped id. Waits up to 5 s for the loop thread.
    /// </summary>
    public bool Kill(string id)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Enqueue(() =>
        {
            var node = _nodes.FirstOrDefault(n => n.Id == id);
            if (node == null)
            {
                done.TrySetResult(false);
                return;
            }

            node.Link.Client?.Abort();
            _nodes.Remove(node);
            _log.LogInformation("virtual device {Id} killed (connection dropped without DISCONNECT)", id);
            done.TrySetResult(true);
        });
        return done.Task.Wait(TimeSpan.FromSeconds(5)) && done.Task.Result;
    }

    /// <summary>Orderly stop: each node publishes <c>offline</c> and disconnects; the loop thread ends (waits up to 5 s).</summary>
    public void Dispose()
    {
        _stop = true;
        if (_thread != null && !_thread.Join(TimeSpan.FromSeconds(5)))
        {
            _log.LogWarning("virtual devices: loop thread did not stop in 5 s");
        }
    }

    private void Loop()
    {
        try
        {
            while (!_stop)
            {
                while (_work.TryDequeue(out var action))
                {
                    action();
                }

                foreach (var node in _nodes)
                {
                    node.Poll(0);
                }

                Thread.Sleep(_nodes.Count > 50 ? 20 : 5);
            }

            foreach (var node in _nodes)
            {
                node.Shutdown();
            }
        }
        catch (Exception e)
        {
            _log.LogError(e, "virtual devices stopped");
        }
    }

    private void PinBroker(string folder, string id, int? intervalS, string? password)
    {
        var store = new ConfigStore(new FolderConfigStorage(folder), new ConfigPatch());
        var config = new DeviceConfig();
        bool loaded = Directory.Exists(folder) && store.Load(config);
        if (!loaded && password == null && _fallback.Length == 0)
        {
            // VirtualNode.Boot writes a fresh config (defaults + this broker) itself.
            return;
        }

        if (!loaded)
        {
            // A fresh config as VirtualNode.Boot would write it, plus the login.
            Directory.CreateDirectory(folder);
            config = new DeviceConfig();
            if (intervalS.HasValue)
            {
                config.SetNumber(ConfigSchema.IntervalS, intervalS.Value);
            }
        }

        string host = config.GetString(ConfigSchema.BrokerHost);
        int port = config.GetInt(ConfigSchema.BrokerPort);
        bool brokerOk = loaded && host == _host && port == _port && !config.GetBool(ConfigSchema.BrokerTls) && config.GetString(ConfigSchema.BrokerFallback) == _fallback;
        if (brokerOk && password == null)
        {
            return;
        }

        config.SetString(ConfigSchema.BrokerHost, _host);
        config.SetNumber(ConfigSchema.BrokerPort, _port);
        config.SetNumber(ConfigSchema.BrokerTls, 0);
        if (!config.SetString(ConfigSchema.BrokerFallback, _fallback))
        {
            _log.LogWarning("virtual device {Id}: broker_fallback '{Fallback}' does not fit the config", id, _fallback);
        }
        if (password != null)
        {
            if (!config.SetString(ConfigSchema.BrokerUser, id) || !config.SetString(ConfigSchema.BrokerPassword, password))
            {
                _log.LogWarning("virtual device {Id}: its login does not fit the config", id);
            }
        }

        if (!store.Save(config))
        {
            _log.LogWarning("virtual device {Id}: could not save its config in {Folder}", id, folder);
        }
        else if (loaded && !brokerOk)
        {
            _log.LogInformation("virtual device {Id}: persisted broker {OldHost}:{OldPort} replaced by {Host}:{Port}", id, host, port, _host, _port);
        }
    }
}

/// <summary>
/// A virtual device's connection problems through the host's logger (category of the fleet) instead of stderr, so they
/// sit with the host's other lines and obey its log settings. The node's link already limits them to one line per reason
/// at most every 10 s.
/// </summary>
internal sealed class LoggerLinkLog : NanoNode.Device.Link.ILinkLog
{
    private readonly string _id;
    private readonly ILogger _log;

    public LoggerLinkLog(string id, ILogger log)
    {
        _id = id;
        _log = log;
    }

    public void LinkEvent(string reason, string broker, int total, int events) =>
        _log.LogWarning("[{Device}] link: {Reason} ({Broker}) x{Events} since the last line, {Total} in all", _id, reason, broker, events, total);

    public void QosCapped(int cap, string cause, string broker) =>
        _log.LogWarning("[{Device}] link: publish QoS capped at {Cap} on {Broker}: {Cause}", _id, cap, broker, cause);
}
