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
    /// <summary>
    /// The external broker, <c>mqtt://host[:port]</c> (plain TCP; default port 1883), or the nodes of a cluster
    /// separated by commas: the device manager connects to the first that accepts and fails over to the others.
    /// </summary>
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

    /// <summary>HTTP port of the REST API and dashboard; 0 = any free port, -1 = off.</summary>
    public int HttpPort { get; init; } = 8080;

    /// <summary>Where the HTTP listener binds: <c>loopback</c> (127.0.0.1, the default), <c>any</c>, or an IP address.</summary>
    public string Bind { get; init; } = "loopback";

    /// <summary>Telemetry history and device events in <c>&lt;data&gt;/history.db</c>.</summary>
    public bool History { get; init; } = true;

    /// <summary>Days of history kept.</summary>
    public double HistoryRetentionDays { get; init; } = 7;

    /// <summary>Console log level.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
}

/// <summary>
/// Attach mode: the device manager (and optional virtual devices) as clients of an external MQTT broker (Mosquitto,
/// EMQX, RabbitMQ's MQTT plugin...) or of a cluster of them, with the REST API and dashboard on
/// <see cref="AttachOptions.Bind"/>:<see cref="AttachOptions.HttpPort"/>. No broker runs in this process.
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

    /// <summary>
    /// Builds and starts the host; throws <see cref="ArgumentException"/> for a bad broker URL or bind address, and
    /// Kestrel's <see cref="IOException"/> when the HTTP port is taken (see <see cref="ExternalMode.RunAsync(AttachOptions, CancellationToken)"/>).
    /// </summary>
    public static async Task<AttachedHost> StartAsync(AttachOptions options, CancellationToken ct = default)
    {
        if (!BrokerEndpoints.TryParse(options.BrokerUrl, out var brokers, out string error))
        {
            throw new ArgumentException(error);
        }

        if (!TryParseBind(options.Bind, out IPAddress bind))
        {
            throw new ArgumentException($"--bind takes loopback, any or an IP address (got '{options.Bind}')");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>(), ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        DeviceServices.Add(builder.Services, new DeviceHostSettings
        {
            BrokerHost = brokers[0].Host,
            BrokerPort = brokers[0].Port,
            FailoverBrokers = brokers.Skip(1).ToList(),
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
                k.Listen(bind, options.HttpPort, l =>
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

    /// <summary><c>loopback</c> → 127.0.0.1, <c>any</c> → 0.0.0.0, otherwise an IP address; false for anything else.</summary>
    public static bool TryParseBind(string bind, out IPAddress address)
    {
        switch (bind)
        {
            case "loopback":
                address = IPAddress.Loopback;
                return true;
            case "any":
                address = IPAddress.Any;
                return true;
            default:
                return IPAddress.TryParse(bind, out address!);
        }
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

/// <summary>Attach mode from the command line (<c>serve --broker mqtt://host:port[,mqtt://host2:port...]</c>).</summary>
public static class ExternalMode
{
    /// <summary>
    /// Runs the device manager (REST API and dashboard on <see cref="AttachOptions.Bind"/>:<see cref="AttachOptions.HttpPort"/>,
    /// virtual devices' data under <see cref="AttachOptions.DataDirectory"/>) against an external broker or cluster until
    /// <paramref name="ct"/> or Ctrl+C. Exit code 2 for a bad URL or bind address, 1 when the HTTP port is taken (one
    /// line on <paramref name="error"/> naming the option that changes it).
    /// </summary>
    public static async Task<int> RunAsync(AttachOptions options, CancellationToken ct, TextWriter? error = null)
    {
        error ??= Console.Error;
        if (!BrokerEndpoints.TryParse(options.BrokerUrl, out _, out string message))
        {
            await error.WriteLineAsync(message).ConfigureAwait(false);
            return 2;
        }

        if (!AttachedHost.TryParseBind(options.Bind, out _))
        {
            await error.WriteLineAsync($"--bind takes loopback, any or an IP address (got '{options.Bind}')").ConfigureAwait(false);
            return 2;
        }

        AttachedHost host;
        try
        {
            host = await AttachedHost.StartAsync(options, ct).ConfigureAwait(false);
        }
        catch (IOException e) when (PortClash.Describe(e, new[] { ("--http-port", options.HttpPort) }) is { } line)
        {
            await error.WriteLineAsync(line).ConfigureAwait(false);
            return 1;
        }

        await using (host)
        {
            string shown = options.Bind == "loopback" ? "127.0.0.1" : options.Bind == "any" ? "0.0.0.0" : options.Bind;
            Console.WriteLine($"NanoNode device manager attached to {options.BrokerUrl}  dashboard: {(host.HttpPort < 0 ? "off" : $"http://{shown}:{host.HttpPort}/")}  data: {Path.GetFullPath(options.DataDirectory)}");
            await host.App.WaitForShutdownAsync(ct).ConfigureAwait(false);
        }

        return 0;
    }
}

/// <summary>Turns Kestrel's "address already in use" into one line naming the command-line option that changes the port.</summary>
public static class PortClash
{
    /// <summary>
    /// For an <see cref="IOException"/> from Kestrel's bind whose cause is an address in use, the line
    /// <c>port P is already in use (--x-port): stop what listens there or choose another with --x-port N (0 = any free port)</c>;
    /// null for any other failure. <paramref name="ports"/> maps each option to its requested port.
    /// </summary>
    public static string? Describe(IOException e, IEnumerable<(string Option, int Port)> ports)
    {
        bool inUse = false;
        for (Exception? x = e; x != null; x = x.InnerException)
        {
            if (x is Microsoft.AspNetCore.Connections.AddressInUseException
                || x is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                inUse = true;
            }
        }

        if (!inUse)
        {
            return null;
        }

        // Kestrel's message names the address: "Failed to bind to address http://127.0.0.1:8080: address already in use."
        var m = System.Text.RegularExpressions.Regex.Match(e.Message, @":(\d+):? address already in use", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        foreach (var (option, port) in ports)
        {
            if (port > 0 && (!m.Success || m.Groups[1].Value == port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                return $"port {port} is already in use ({option}): stop what listens there or choose another with {option} N (0 = any free port)";
            }
        }

        return "a port is already in use: " + e.Message;
    }
}
