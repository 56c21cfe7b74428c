using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Devices;
using NanoNode.BrokerHost.Hosting;
using NanoNode.BrokerHost.Mqtt;
using NanoNode.Tests.Shared;

namespace NanoNode.DeviceManager.Tests.Infrastructure;

/// <summary>
/// A broker with the device manager and two virtual devices (<c>virtual-1</c>, <c>virtual-2</c>, telemetry every 1 s),
/// all on 127.0.0.1, in a temp data folder removed at dispose.
/// </summary>
public abstract class DeviceEnvironment : IAsyncDisposable
{
    /// <summary>Bound of every wait in the tests.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>The device manager under test.</summary>
    public abstract BrokerHost.Devices.DeviceManager Manager { get; }

    /// <summary>The virtual devices.</summary>
    public abstract VirtualFleet Fleet { get; }

    /// <summary>HTTP port of the REST API.</summary>
    public abstract int HttpPort { get; }

    /// <summary>MQTT/TCP port of the broker.</summary>
    public abstract int MqttPort { get; }

    /// <summary>mqtt://127.0.0.1:port.</summary>
    public string BrokerUrl => $"mqtt://127.0.0.1:{MqttPort}";

    /// <summary>Temp data folder.</summary>
    public string DataDirectory { get; protected init; } = NewDataDirectory();

    /// <summary>A fresh temp data folder path (not created).</summary>
    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "nanonode-dm-test-" + Guid.NewGuid().ToString("N"));

    /// <summary>An HTTP client for the REST API (no cookies kept; no redirects followed).</summary>
    public HttpClient Http(CookieContainer? cookies = null) => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies != null, CookieContainer = cookies ?? new CookieContainer() })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"),
        Timeout = Wait,
    };

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>Deletes the data folder, ignoring failures.</summary>
    protected void DeleteData()
    {
        try
        {
            Directory.Delete(DataDirectory, true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>NanoNode's broker host in-process with <c>DeviceServices.Add</c>/<c>MapApi</c>, as <c>serve --virtual-devices 2</c> builds it.</summary>
public sealed class OwnBrokerEnvironment : DeviceEnvironment
{
    private BrokerServer _server = null!;
    private bool _keepData;

    /// <summary>
    /// Starts it. <paramref name="configure"/> adjusts the broker options (production mode, history settings...);
    /// <paramref name="dataDirectory"/> reuses a data folder (restart tests), which is then kept at dispose;
    /// <paramref name="beforeStart"/> runs after the host is built and before it starts (adding users).
    /// </summary>
    public static async Task<OwnBrokerEnvironment> StartAsync(Action<BrokerOptions>? configure = null, string? dataDirectory = null, int virtualDevices = 2, Action<BrokerServer>? beforeStart = null)
    {
        var env = dataDirectory == null ? new OwnBrokerEnvironment() : new OwnBrokerEnvironment { DataDirectory = dataDirectory, _keepData = true };
        var options = new BrokerOptions { TcpPort = 0, TlsPort = -1, HttpPort = 0, DataDirectory = env.DataDirectory, SysIntervalSeconds = 0, PasswordIterations = 1000 };
        configure?.Invoke(options);
        env._server = BrokerServer.Create(options, s => DeviceServices.Add(s, new DeviceHostSettings { VirtualDevices = virtualDevices, VirtualIntervalS = 1 }), LogLevel.Warning);
        DeviceServices.MapApi(env._server.App);
        beforeStart?.Invoke(env._server);
        await env._server.StartAsync();
        return env;
    }

    /// <summary>The broker host.</summary>
    public BrokerServer Server => _server;

    /// <inheritdoc />
    public override BrokerHost.Devices.DeviceManager Manager => _server.Services.GetRequiredService<BrokerHost.Devices.DeviceManager>();

    /// <inheritdoc />
    public override VirtualFleet Fleet => _server.Services.GetRequiredService<DeviceHostedService>().Fleet!;

    /// <inheritdoc />
    public override int HttpPort => _server.HttpPort;

    /// <inheritdoc />
    public override int MqttPort => _server.TcpPort;

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (!_keepData)
        {
            DeleteData();
        }
    }
}

/// <summary>Debian's Mosquitto on a free port, and the device manager + virtual devices attached to it (attach mode).</summary>
public sealed class MosquittoEnvironment : DeviceEnvironment
{
    private MosquittoFixture _mosquitto = null!;
    private AttachedHost _host = null!;

    /// <summary>Starts it.</summary>
    public static async Task<MosquittoEnvironment> StartAsync()
    {
        var env = new MosquittoEnvironment { _mosquitto = new MosquittoFixture() };
        env._host = await AttachedHost.StartAsync(new AttachOptions
        {
            BrokerUrl = $"mqtt://127.0.0.1:{env._mosquitto.Port}",
            VirtualDevices = 2,
            VirtualIntervalS = 1,
            DataDirectory = env.DataDirectory,
            HttpPort = 0,
            LogLevel = LogLevel.Warning,
        });
        return env;
    }

    /// <inheritdoc />
    public override BrokerHost.Devices.DeviceManager Manager => _host.Manager;

    /// <inheritdoc />
    public override VirtualFleet Fleet => _host.Fleet!;

    /// <inheritdoc />
    public override int HttpPort => _host.HttpPort;

    /// <inheritdoc />
    public override int MqttPort => _mosquitto.Port;

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _mosquitto.Dispose();
        DeleteData();
    }
}
