using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Mqtt;
using NanoNode.BrokerHost.Persistence;
using NanoNode.BrokerHost.Security;

namespace NanoNode.BrokerHost.Hosting;

/// <summary>
/// Builds and runs the broker host: Kestrel with MQTT/TCP, MQTT/TLS and HTTP (MQTT over WebSocket at
/// <see cref="BrokerOptions.WebSocketPath"/>, REST API under /api), the broker core with its store, and hosted
/// services added by the caller (device manager, virtual devices). Also used in-process by the tests.
/// </summary>
public sealed class BrokerServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ListenOptions? _tcp;
    private readonly ListenOptions? _tls;
    private readonly ListenOptions? _http;
    private ListenOptions? _https;

    private BrokerServer(WebApplication app, ListenOptions? tcp, ListenOptions? tls, ListenOptions? http)
    {
        _app = app;
        _tcp = tcp;
        _tls = tls;
        _http = http;
    }

    /// <summary>The broker core.</summary>
    public MqttBroker Broker => _app.Services.GetRequiredService<MqttBroker>();

    /// <summary>Services (tests, hosted services).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Bound MQTT/TCP port (after <see cref="StartAsync"/>), or -1.</summary>
    public int TcpPort => Port(_tcp);

    /// <summary>Bound MQTT/TLS port, or -1.</summary>
    public int TlsPort => Port(_tls);

    /// <summary>Bound HTTP (WebSocket) port, or -1.</summary>
    public int HttpPort => Port(_http);

    /// <summary>Address and port the MQTT/TCP listener is bound to, or null.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.IPEndPoint;

    /// <summary>Address and port the HTTP listener (dashboard, REST API, WebSocket) is bound to, or null.</summary>
    public IPEndPoint? HttpEndPoint => _http?.IPEndPoint;

    /// <summary>Bound HTTPS port, or -1.</summary>
    public int HttpsPort => Port(_https);

    /// <summary>The TLS certificate in use (development certificate unless configured), or null.</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>
    /// Creates the host. <paramref name="configureServices"/> may add hosted services (they get the broker from DI);
    /// <paramref name="logLevel"/> is the minimum console log level.
    /// </summary>
    public static BrokerServer Create(BrokerOptions options, Action<IServiceCollection>? configureServices = null, LogLevel logLevel = LogLevel.Information)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>(), ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        Directory.CreateDirectory(options.DataDirectory);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IBrokerStore>(sp => options.Persistence
            ? new SqliteStore(Path.Combine(options.DataDirectory, "broker.db"), sp.GetRequiredService<ILogger<SqliteStore>>())
            : new MemoryStore());
        builder.Services.AddSingleton(_ => new UserStore(Path.Combine(options.DataDirectory, "users.db")));
        builder.Services.AddSingleton(_ => new JwtValidator(options.JwtHmacSecret,
            string.IsNullOrEmpty(options.JwtRsaPublicKeyPath) ? null : File.ReadAllText(options.JwtRsaPublicKeyPath), options.JwtIssuer, options.JwtAudience, options.JwtAllowNoExpiry));
        builder.Services.AddSingleton<Authenticator>();
        builder.Services.AddSingleton<MqttBroker>();
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "NanoNode broker host API";
            doc.Info.Description = "Device manager REST API, telemetry history, commands, config schema, live stream and broker statistics. "
                + "In --production every endpoint needs an admin login: HTTP Basic, a Bearer JWT (role admin), or the nanonode_session cookie from POST /login "
                + "plus the X-CSRF-Token header on unsafe methods. Development mode is open on loopback.";
            doc.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes["basic"] = new Microsoft.OpenApi.OpenApiSecurityScheme { Type = Microsoft.OpenApi.SecuritySchemeType.Http, Scheme = "basic", Description = "an admin of the broker's user store" };
            doc.Components.SecuritySchemes["bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme { Type = Microsoft.OpenApi.SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT", Description = "HS256/RS256 with role admin and exp" };
            doc.Components.SecuritySchemes["cookie"] = new Microsoft.OpenApi.OpenApiSecurityScheme { Type = Microsoft.OpenApi.SecuritySchemeType.ApiKey, In = Microsoft.OpenApi.ParameterLocation.Cookie, Name = HttpAuth.CookieName, Description = "from POST /login; unsafe methods also need the X-CSRF-Token header" };
            doc.Security ??= new List<Microsoft.OpenApi.OpenApiSecurityRequirement>();
            foreach (string scheme in new[] { "basic", "bearer", "cookie" })
            {
                doc.Security.Add(new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference(scheme, doc)] = new List<string>() });
            }

            return Task.CompletedTask;
        }));
        configureServices?.Invoke(builder.Services);

        ListenOptions? tcp = null, tls = null, http = null, https = null;
        X509Certificate2? certificate = options.TlsPort >= 0 || options.HttpsPort >= 0 ? LoadOrCreateCertificate(options) : null;
        var address = ParseBind(options.Bind);
        var httpAddress = ParseBind(options.HttpBind);
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = options.InlineScheduling);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxConcurrentConnections = null;
            k.Limits.MaxConcurrentUpgradedConnections = null;
            if (options.TcpPort >= 0)
            {
                k.Listen(address, options.TcpPort, l =>
                {
                    tcp = l;
                    l.UseConnectionHandler<MqttConnectionHandler>();
                });
            }

            if (options.TlsPort >= 0)
            {
                k.Listen(address, options.TlsPort, l =>
                {
                    tls = l;
                    l.UseHttps(certificate!);
                    l.UseConnectionHandler<MqttConnectionHandler>();
                });
            }

            if (options.HttpPort >= 0)
            {
                k.Listen(httpAddress, options.HttpPort, l =>
                {
                    http = l;
                    l.Protocols = HttpProtocols.Http1;
                });
            }

            if (options.HttpsPort >= 0)
            {
                k.Listen(httpAddress, options.HttpsPort, l =>
                {
                    https = l;
                    l.Protocols = HttpProtocols.Http1;
                    l.UseHttps(certificate!);
                });
            }
        });

        var app = builder.Build();
        HttpAuth.Use(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapOpenApi("/openapi/{documentName}.json");
        app.Map(options.WebSocketPath, (HttpContext ctx, MqttBroker broker, ILogger<MqttConnection> log) => WebSocketEndpoint.HandleAsync(ctx, broker, log));
        app.MapGet("/api/stats", (MqttBroker b) => Results.Json(new
        {
            connections = Interlocked.Read(ref b.Stats.Connections),
            clients = Interlocked.Read(ref b.Stats.ClientsConnected),
            sessions = b.SessionCount,
            subscriptions = b.SubscriptionCount,
            retained = b.Retained.Count,
            received = Interlocked.Read(ref b.Stats.Received),
            sent = Interlocked.Read(ref b.Stats.Sent),
            dropped = Interlocked.Read(ref b.Stats.Dropped),
            clients_by_protocol = ClientsByProtocol(b),
        }))
            .WithSummary("Broker statistics: connections, clients, sessions, subscriptions, retained, received, sent, dropped (counts since start); clients_by_protocol: connected clients per MQTT version")
            .WithTags("broker");
        var server = new BrokerServer(app, tcp, tls, http) { Certificate = certificate, _https = https };
        return server;
    }

    /// <summary>
    /// Open connections per MQTT version in <paramref name="broker"/> (those attached to a session, i.e. past CONNECT):
    /// keyed <c>3.1.1</c> and <c>5.0</c>. Other levels count as 3.1.1 (the broker's 3.1.1 path serves them).
    /// </summary>
    private static Dictionary<string, int> ClientsByProtocol(MqttBroker broker)
    {
        int v311 = 0;
        int v5 = 0;
        foreach (var s in broker.Sessions)
        {
            if (s.Connection is MqttConnection c)
            {
                if (c.ProtocolLevel == 5)
                {
                    v5++;
                }
                else
                {
                    v311++;
                }
            }
        }

        return new Dictionary<string, int>(StringComparer.Ordinal) { ["3.1.1"] = v311, ["5.0"] = v5 };
    }

    /// <summary>Adds endpoints before start (device manager REST API).</summary>
    public WebApplication App => _app;

    /// <summary>Starts listening; the broker's housekeeping timer starts too.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var broker = Broker;
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        broker.Start();
    }

    /// <summary>Runs until shutdown (Ctrl+C / SIGTERM).</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await _app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops listening, closes connections and flushes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Broker.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static int Port(ListenOptions? l) => l?.IPEndPoint?.Port ?? -1;

    private static IPAddress ParseBind(string bind) => bind switch
    {
        "loopback" => IPAddress.Loopback,
        "any" => IPAddress.Any,
        _ => IPAddress.Parse(bind),
    };

    /// <summary>
    /// The configured PFX, or a self-signed development certificate for "localhost"/127.0.0.1/::1 created on first run
    /// in &lt;data&gt;/dev-cert.pfx (valid one year, recreated when expired).
    /// </summary>
    public static X509Certificate2 LoadOrCreateCertificate(BrokerOptions options)
    {
        if (!string.IsNullOrEmpty(options.CertificatePath))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
        }

        string path = Path.Combine(options.DataDirectory, "dev-cert.pfx");
        if (File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(path, null);
            if (existing.NotAfter > DateTime.Now.AddDays(1))
            {
                return existing;
            }
        }

        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost, O=NanoNode development", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, created.Export(X509ContentType.Pfx));
        File.WriteAllText(Path.Combine(options.DataDirectory, "dev-cert.pem"), created.ExportCertificatePem());
        return X509CertificateLoader.LoadPkcs12FromFile(path, null);
    }
}
