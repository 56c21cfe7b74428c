using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.History;
using NanoNode.BrokerHost.Mqtt;
using NanoNode.BrokerHost.Security;

namespace NanoNode.BrokerHost.Devices;

/// <summary>Where the device manager and the virtual devices connect, and how many virtual devices run.</summary>
public sealed class DeviceHostSettings
{
    /// <summary>Broker host name or address; null = NanoNode's own broker in this process (its MQTT/TCP listener).</summary>
    public string? BrokerHost { get; set; }

    /// <summary>Broker TCP port (with <see cref="BrokerHost"/>).</summary>
    public int BrokerPort { get; set; } = 1883;

    /// <summary>
    /// Further brokers the device manager fails over to, in order after <see cref="BrokerHost"/>:<see cref="BrokerPort"/>
    /// (the other nodes of a cluster); empty = none. Virtual devices get them as their <c>broker_fallback</c>.
    /// </summary>
    public IReadOnlyList<BrokerEndpoint> FailoverBrokers { get; set; } = Array.Empty<BrokerEndpoint>();

    /// <summary>User name of the device manager's MQTT login (external brokers), or null.</summary>
    public string? User { get; set; }

    /// <summary>Password of the device manager's MQTT login, or null.</summary>
    public string? Password { get; set; }

    /// <summary>Number of virtual devices (<c>virtual-1..N</c>) to run; 0 = none.</summary>
    public int VirtualDevices { get; set; }

    /// <summary>Telemetry interval written into a virtual device's fresh config, seconds (1..86400).</summary>
    public int VirtualIntervalS { get; set; } = 5;

    /// <summary>Folder holding one sub-folder per virtual device (its persisted config).</summary>
    public string VirtualDataDirectory { get; set; } = Path.Combine("nanonode-data", "virtual-devices");

    /// <summary>SQLite file of the telemetry history and device events; null = no history.</summary>
    public string? HistoryPath { get; set; }

    /// <summary>Retention and queue settings of the history.</summary>
    public HistoryOptions HistoryOptions { get; set; } = new();
}

/// <summary>
/// Wires the device manager (<see cref="DeviceManager"/>), the virtual devices (<see cref="VirtualFleet"/>) and the
/// REST API / dashboard (<see cref="DeviceApi"/>) into a host. Both start once the host has started (Kestrel listening),
/// and stop with it (virtual devices first, each publishing <c>offline</c>).
/// </summary>
public static class DeviceServices
{
    /// <summary>
    /// Adds the device manager and <paramref name="virtualDevices"/> virtual devices against the broker of this host
    /// (own-broker mode: BrokerHost's <see cref="BrokerOptions"/> must be registered; the manager connects to its
    /// MQTT/TCP listener on 127.0.0.1, anonymous from loopback in development mode). When the options ask for any free
    /// TCP port (0), a free port is chosen here so the manager and the devices know it before Kestrel binds.
    /// </summary>
    public static void Add(IServiceCollection services, int virtualDevices) => Add(services, new DeviceHostSettings { VirtualDevices = virtualDevices });

    /// <summary>Adds the device manager with explicit <paramref name="settings"/> (tests, attach mode).</summary>
    public static void Add(IServiceCollection services, DeviceHostSettings settings)
    {
        var broker = services.FirstOrDefault(d => d.ServiceType == typeof(BrokerOptions))?.ImplementationInstance as BrokerOptions;
        if (settings.BrokerHost == null && broker != null)
        {
            if (broker.TcpPort == 0)
            {
                broker.TcpPort = FreeTcpPort();
            }

            settings.VirtualDataDirectory = Path.Combine(broker.DataDirectory, "virtual-devices");
            settings.HistoryPath = broker.History ? Path.Combine(broker.DataDirectory, "history.db") : null;
            settings.HistoryOptions.RetentionDays = broker.HistoryRetentionDays;
            settings.HistoryOptions.QueueCapacity = broker.HistoryQueueCapacity;
        }

        services.AddSingleton(settings);
        if (settings.HistoryPath != null)
        {
            services.AddSingleton(sp => new HistoryStore(settings.HistoryPath, settings.HistoryOptions, sp.GetRequiredService<ILogger<HistoryStore>>()));
        }

        services.AddSingleton(sp => new DeviceManager(
            new DeviceManagerOptions { TopicPrefix = broker?.TopicPrefix ?? "nanonode", LogTelemetry = true },
            sp.GetRequiredService<ILogger<DeviceManager>>(),
            sp.GetService<HistoryStore>()));
        services.AddSingleton<DeviceHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<DeviceHostedService>());
    }

    /// <summary>Maps the REST API (<c>/api/devices...</c>) and the dashboard (<c>GET /</c>); no-op without <see cref="Add(IServiceCollection, int)"/>.</summary>
    public static void MapApi(WebApplication app) => DeviceApi.Map(app);

    private static int FreeTcpPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}

/// <summary>
/// Starts the device manager and the virtual devices when the host has started (so the broker listens), stops them
/// when it stops. Exposes them to tests and the API.
/// </summary>
public sealed class DeviceHostedService : IHostedService
{
    private readonly DeviceHostSettings _settings;
    private readonly DeviceManager _manager;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IServiceProvider _services;
    private readonly ILogger<DeviceHostedService> _log;
    private CancellationTokenRegistration _started;

    /// <summary>Created by DI.</summary>
    public DeviceHostedService(DeviceHostSettings settings, DeviceManager manager, IHostApplicationLifetime lifetime, IServiceProvider services, ILogger<DeviceHostedService> log)
    {
        _settings = settings;
        _manager = manager;
        _lifetime = lifetime;
        _services = services;
        _log = log;
    }

    /// <summary>The virtual devices, or null (none configured, or not started yet).</summary>
    public VirtualFleet? Fleet { get; private set; }

    /// <summary>The device manager.</summary>
    public DeviceManager Manager => _manager;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = _lifetime.ApplicationStarted.Register(Begin);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        Fleet?.Dispose();
        _manager.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Protocol level (4 = 3.1.1, 5 = 5.0) of the connection attached to the session of <paramref name="clientId"/> in
    /// <paramref name="broker"/>, or null when none is attached. Lock-free reads (the broker's concurrent session map and
    /// the session's current connection), so callable under the device manager's lock.
    /// </summary>
    internal static int? ProtocolLevelOf(MqttBroker broker, string clientId)
        => broker.FindSession(clientId)?.Connection is MqttConnection c ? c.ProtocolLevel : null;

    private static string NewPassword() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    private void Begin()
    {
        string? host = _settings.BrokerHost;
        int port = _settings.BrokerPort;
        string? user = _settings.User;
        string? password = _settings.Password;
        Func<string, string?>? devicePassword = null;
        if (host == null)
        {
            var broker = _services.GetService(typeof(BrokerOptions)) as BrokerOptions;
            if (broker == null || broker.TcpPort <= 0)
            {
                _log.LogWarning("device manager: the broker's MQTT/TCP listener is off; no device manager, no virtual devices");
                return;
            }

            host = broker.Bind is "loopback" or "any" ? "127.0.0.1" : broker.Bind;
            port = broker.TcpPort;

            // The broker tells the manager why a device's connection ended, before it publishes the will.
            if (_services.GetService(typeof(MqttBroker)) is MqttBroker mqtt)
            {
                mqtt.ClientDisconnected += _manager.ReportDisconnect;
                _manager.DisconnectReasonsKnown = true;
                _manager.ProtocolLevelOf = id => ProtocolLevelOf(mqtt, id);
            }

            // Own broker: the manager and the virtual devices log in with in-memory users of this process (random
            // passwords, never stored), so they work whether or not anonymous access is open (--production, --bind <ip>):
            // the manager as an admin, each virtual device as a device user owning only its own subtree.
            if (_services.GetService(typeof(Authenticator)) is Authenticator auth)
            {
                if (user == null)
                {
                    user = "nanonode-device-manager";
                    password = NewPassword();
                    auth.AddInternalUser(user, password, new Principal(user, true, null));
                }

                devicePassword = id =>
                {
                    string p = NewPassword();
                    auth.AddInternalUser(id, p, new Principal(id, false, id));
                    return p;
                };
            }
        }

        var brokers = new List<BrokerEndpoint> { new(host, port) };
        if (_settings.BrokerHost != null)
        {
            brokers.AddRange(_settings.FailoverBrokers);
        }

        _manager.Start(brokers, user, password);
        if (_settings.VirtualDevices > 0)
        {
            string fallback = string.Join(",", brokers.Skip(1).Select(b => b.ToString()));
            Fleet = new VirtualFleet(_settings.VirtualDevices, _settings.VirtualDataDirectory, host, port, _settings.VirtualIntervalS, _log, devicePassword, fallback);
            Fleet.Start();
        }
    }
}
