using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NanoNode.BrokerHost.Devices;

/// <summary>Settings of attach mode.</summary>
public sealed class AttachOptions
{
    /// <summary>The external broker, <c>mqtt://host[:port]</c> (plain TCP; default port 1883).</summary>
    public required string BrokerUrl { get; init; }

    /// <summary>MQTT user name of the device manager, or null.</summary>
    public string? User { get; init; }

    /// <summary>MQTT password of the device manager, or null.</summary>
    public string? Password { get; init; }

    /// <summary>Virtual devices to run against the external broker (anonymous logins).</summary>
    public int VirtualDevices { get; init; }

    /// <summary>Telemetry interval of fresh virtual devices, seconds.</summary>
    public int VirtualIntervalS { get; init; } = 5;

    /// <summary>Data folder; virtual devices keep their config in <c>&lt;data&gt;/virtual-devices/&lt;id&gt;</c>.</summary>
    public string DataDirectory { get; init; } = "nanonode-data";

    /// <summary>HTTP port of the REST API and dashboard on 127.0.0.1; 0 = any free port, -1 = off.</summary>
    public int HttpPort { get; init; } = 8080;

    /// <summary>Telemetry history and device events in <c>&lt;data&gt;/history.db</c>.</summary>
    public bool History { get; init; } = true;

    /// <summary>Days of history kept.</summary>
    public double HistoryRetentionDays { get; init; } = 7;

    /// <summary>Console log level.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
}

/// <summary>
/// Attach mode: the device manager (and optional virtual devices) as clients of an external MQTT broker (Mosquitto,
/// EMQX, RabbitMQ's MQTT plugin...), with the REST API and dashboard on 127.0.0.1. No broker runs in this process.
/// </summary>
public sealed class AttachedHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<int> _httpPort;

    private AttachedHost(WebApplication app, Func<int> httpPort)
    {
        _app = app;
        _httpPort = httpPort;
    }

    /// <summary>The device manager.</summary>
    public DeviceManager Manager => _app.Services.GetRequiredService<DeviceManager>();

    /// <summary>The virtual devices, or null.</summary>
    public VirtualFleet? Fleet => _app.Services.GetRequiredService<DeviceHostedService>().Fleet;

    /// <summary>Bound HTTP port, or -1.</summary>
    public int HttpPort => _httpPort();

    /// <summary>The web application (to wait for shutdown).</summary>
    public WebApplication App => _app;

    /// <summary>
    /// Parses <paramref name="url"/> (<c>mqtt://host[:port]</c>); false with a message for anything else (mqtts is not
    /// supported by attach mode yet).
    /// </summary>
    public static bool TryParseBroker(string url, out string host, out int port, out string error)
    {
        host = "";
        port = 0;
        error = "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "mqtt" || string.IsNullOrEmpty(uri.Host))
        {
            error = $"--broker must look like mqtt://host:port (got '{url}')";
            return false;
        }

        host = uri.Host;
        port = uri.IsDefaultPort || uri.Port <= 0 ? 1883 : uri.Port;
        return true;
    }

    /// <summary>Builds and starts the host; throws <see cref="ArgumentException"/> for a bad broker URL.</summary>
    public static async Task<AttachedHost> StartAsync(AttachOptions options, CancellationToken ct = default)
    {
        if (!TryParseBroker(options.BrokerUrl, out string host, out int port, out string error))
        {
            throw new ArgumentException(error);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>(), ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        DeviceServices.Add(builder.Services, new DeviceHostSettings
        {
            BrokerHost = host,
            BrokerPort = port,
            User = options.User,
            Password = options.Password,
            VirtualDevices = options.VirtualDevices,
            VirtualIntervalS = options.VirtualIntervalS,
            VirtualDataDirectory = Path.Combine(options.DataDirectory, "virtual-devices"),
            HistoryPath = options.History ? Path.Combine(options.DataDirectory, "history.db") : null,
            HistoryOptions = new History.HistoryOptions { RetentionDays = options.HistoryRetentionDays },
        });
        builder.Services.AddOpenApi("v1");
        ListenOptions? http = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            if (options.HttpPort >= 0)
            {
                k.Listen(IPAddress.Loopback, options.HttpPort, l =>
                {
                    http = l;
                    l.Protocols = HttpProtocols.Http1;
                });
            }
        });
        var app = builder.Build();
        Security.HttpAuth.Use(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        DeviceApi.Map(app);
        await app.StartAsync(ct).ConfigureAwait(false);
        return new AttachedHost(app, () => http?.IPEndPoint?.Port ?? -1);
    }

    /// <summary>Stops the web host, the virtual devices (orderly: <c>offline</c>) and the manager.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Attach mode from the command line (<c>--broker mqtt://host:port</c>).</summary>
public static class ExternalMode
{
    /// <summary>
    /// Runs the device manager (REST API and dashboard on 127.0.0.1:8080, virtual devices' data under
    /// <c>nanonode-data</c>) against an external broker until <paramref name="ct"/> or Ctrl+C. Exit code 2 for a bad URL.
    /// </summary>
    public static Task<int> RunAsync(string url, string? user, string? password, int virtualDevices, LogLevel level, CancellationToken ct) =>
        RunAsync(new AttachOptions { BrokerUrl = url, User = user, Password = password, VirtualDevices = virtualDevices, LogLevel = level }, ct);

    /// <summary>Runs attach mode with explicit <paramref name="options"/>.</summary>
    public static async Task<int> RunAsync(AttachOptions options, CancellationToken ct)
    {
        if (!AttachedHost.TryParseBroker(options.BrokerUrl, out _, out _, out string error))
        {
            Console.Error.WriteLine(error);
            return 2;
        }

        await using var host = await AttachedHost.StartAsync(options, ct).ConfigureAwait(false);
        Console.WriteLine($"NanoNode device manager attached to {options.BrokerUrl}  dashboard: http://127.0.0.1:{host.HttpPort}/");
        await host.App.WaitForShutdownAsync(ct).ConfigureAwait(false);
        return 0;
    }
}
