using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Hosting;
using NanoNode.BrokerHost.Mqtt;

namespace NanoNode.Broker.Tests.Infrastructure;

/// <summary>
/// The broker host in-process on 127.0.0.1 with free ports (TCP, TLS, HTTP/WebSocket) and its own temp data folder.
/// <see cref="RestartAsync"/> stops it cleanly and starts a new one on the same data folder.
/// </summary>
public sealed class BrokerFixture : IAsyncDisposable
{
    private readonly Action<BrokerOptions>? _configure;
    private readonly bool _ownsData;

    private BrokerFixture(BrokerServer server, BrokerOptions options, Action<BrokerOptions>? configure, bool ownsData)
    {
        Server = server;
        Options = options;
        _configure = configure;
        _ownsData = ownsData;
    }

    /// <summary>The running server.</summary>
    public BrokerServer Server { get; private set; }

    /// <summary>Its options.</summary>
    public BrokerOptions Options { get; private set; }

    /// <summary>The broker core.</summary>
    public MqttBroker Broker => Server.Broker;

    /// <summary>MQTT/TCP port.</summary>
    public int Port => Server.TcpPort;

    /// <summary>
    /// Starts a broker; <paramref name="configure"/> adjusts the options (development mode, persistence on by default).
    /// <paramref name="logs"/>, when given, receives every log line from Information up (the console shows warnings only).
    /// </summary>
    public static async Task<BrokerFixture> StartAsync(Action<BrokerOptions>? configure = null, string? dataDirectory = null, LogCapture? logs = null)
    {
        bool owns = dataDirectory == null;
        dataDirectory ??= NewDataDirectory();
        var options = NewOptions(dataDirectory, configure);
        Action<IServiceCollection>? services = logs == null ? null : s =>
        {
            s.AddSingleton<ILoggerProvider>(logs);
            s.Configure<LoggerFilterOptions>(f => f.Rules.Add(new LoggerFilterRule(typeof(LogCapture).FullName, null, LogLevel.Information, null)));
        };
        var server = BrokerServer.Create(options, services, LogLevel.Warning);
        await server.StartAsync();
        return new BrokerFixture(server, options, configure, owns);
    }

    /// <summary>A fresh temp data folder.</summary>
    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "nanonode-broker-test-" + Guid.NewGuid().ToString("N"));

    /// <summary>Stops this broker (clean shutdown) and starts another on the same data folder and options.</summary>
    public async Task RestartAsync()
    {
        await Server.DisposeAsync();
        Options = NewOptions(Options.DataDirectory, _configure);
        Server = BrokerServer.Create(Options, null, LogLevel.Warning);
        await Server.StartAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (_ownsData)
        {
            TryDelete(Options.DataDirectory);
        }
    }

    /// <summary>Deletes a folder, ignoring failures.</summary>
    public static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static BrokerOptions NewOptions(string dataDirectory, Action<BrokerOptions>? configure)
    {
        var options = new BrokerOptions
        {
            TcpPort = 0,
            TlsPort = 0,
            HttpPort = 0,
            DataDirectory = dataDirectory,
            SysIntervalSeconds = 1,
            PasswordIterations = 1000,
        };
        configure?.Invoke(options);
        return options;
    }
}
