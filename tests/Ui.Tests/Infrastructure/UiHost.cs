using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Devices;
using NanoNode.BrokerHost.Hosting;
using NanoNode.BrokerHost.Mqtt;

namespace NanoNode.Ui.Tests.Infrastructure;

/// <summary>
/// The broker host in-process as <c>serve --virtual-devices N</c> builds it (broker, device manager, REST API,
/// dashboard), on free ports on 127.0.0.1, with a temp data folder removed at dispose. Virtual devices publish every
/// second so charts fill quickly.
/// </summary>
public sealed class UiHost : IAsyncDisposable
{
    /// <summary>Bound of every wait in these tests.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private BrokerServer _server = null!;

    private UiHost(BrokerOptions options)
    {
        Options = options;
    }

    /// <summary>The options the host runs with.</summary>
    public BrokerOptions Options { get; }

    /// <summary>http://127.0.0.1:port (no trailing slash).</summary>
    public string Url => "http://127.0.0.1:" + _server.HttpPort;

    /// <summary>The device manager.</summary>
    public BrokerHost.Devices.DeviceManager Manager => _server.Services.GetRequiredService<BrokerHost.Devices.DeviceManager>();

    /// <summary>The virtual devices.</summary>
    public VirtualFleet Fleet => _server.Services.GetRequiredService<DeviceHostedService>().Fleet!;

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _server.Services;

    /// <summary>MQTT/TCP port.</summary>
    public int MqttPort => _server.TcpPort;

    /// <summary>
    /// Starts a host with <paramref name="devices"/> virtual devices; <paramref name="production"/> = <c>--production</c>
    /// (no anonymous access: the dashboard asks for a login). <paramref name="configure"/> may change the options first.
    /// Returns once every virtual device is online with telemetry.
    /// </summary>
    public static async Task<UiHost> StartAsync(int devices = 3, bool production = false, Action<BrokerOptions>? configure = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "nanonode-ui-test-" + Guid.NewGuid().ToString("N"));
        var options = new BrokerOptions { TcpPort = 0, TlsPort = -1, HttpPort = 0, DataDirectory = data, SysIntervalSeconds = 0, DevelopmentMode = !production };
        configure?.Invoke(options);
        var host = new UiHost(options);
        host._server = BrokerServer.Create(options, s => DeviceServices.Add(s, new DeviceHostSettings { VirtualDevices = devices, VirtualIntervalS = 1 }), LogLevel.Warning);
        DeviceServices.MapApi(host._server.App);
        await host._server.StartAsync();
        bool ready = await host.Manager.WaitAsync(
            m => m.List().Count(d => d.Status == "online" && d.LastTelemetry != null && d.Config != null && d.Info != null) >= devices, Wait);
        Assert.True(ready, "virtual devices did not come online with telemetry, info and config in time");
        return host;
    }

    /// <summary>Publishes <paramref name="payload"/> on <paramref name="topic"/> as an extra MQTT client (the manager's own login kind).</summary>
    public async Task PublishAsync(string topic, string payload, bool retain)
    {
        using var link = new MqttLink("127.0.0.1", MqttPort, "ui-test-" + Guid.NewGuid().ToString("N")[..8], null, null, Array.Empty<string>(), _ => { });
        link.Start();
        Assert.True(await link.WaitReadyAsync(Wait), "test MQTT client did not connect");
        link.Publish(topic, Encoding.UTF8.GetBytes(payload), 1, retain); // Dispose sends what is queued, then DISCONNECT
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(Options.DataDirectory, true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
