using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Hosting;
using NanoNode.BrokerHost.Mqtt;
using NanoNode.BrokerHost.Security;

namespace NanoNode.BrokerHost.Cli;

/// <summary>
/// Command line (System.CommandLine): <c>serve</c> (the default: broker + device manager), <c>users add/remove/list</c>,
/// <c>devices list/show</c>, <c>config get/set</c>. Exit codes: 0 ok, 1 failure, 2 usage.
/// </summary>
public static class BrokerCli
{
    private static readonly Option<int> TcpPort = new("--tcp-port") { Description = "MQTT/TCP port (0 = any free port, -1 = off)", DefaultValueFactory = _ => 1883 };
    private static readonly Option<int> TlsPort = new("--tls-port") { Description = "MQTT/TLS port (0 = any free port, -1 = off)", DefaultValueFactory = _ => 8883 };
    private static readonly Option<int> HttpPort = new("--http-port") { Description = "HTTP port: MQTT over WebSocket at /mqtt and the REST API (-1 = off)", DefaultValueFactory = _ => 8080 };
    private static readonly Option<string> Bind = new("--bind") { Description = "MQTT listeners' address: loopback (default), any, or an IP address", DefaultValueFactory = _ => "loopback" };
    private static readonly Option<string> HttpBind = new("--http-bind") { Description = "HTTP listener's address (dashboard, REST API, MQTT over WebSocket): loopback (default), any, or an IP address", DefaultValueFactory = _ => "loopback" };
    private static readonly Option<int> HttpsPort = new("--https-port") { Description = "HTTPS port for the dashboard and REST API, with the TLS certificate (-1 = off, the default)", DefaultValueFactory = _ => -1 };
    private static readonly Option<bool> JwtAllowNoExpiry = new("--jwt-allow-no-expiry") { Description = "accept JWTs without an exp claim (refused by default)" };
    private static readonly Option<string> Data = new("--data") { Description = "data folder (SQLite databases, development certificate)", DefaultValueFactory = _ => "nanonode-data", Recursive = true };
    private static readonly Option<bool> NoPersistence = new("--no-persistence") { Description = "keep retained messages and sessions in memory only" };
    private static readonly Option<bool> Production = new("--production") { Description = "production mode: no anonymous access, not even from loopback" };
    private static readonly Option<bool> AllowAnonymous = new("--allow-anonymous") { Description = "accept clients without credentials from anywhere (they get admin rights)" };
    private static readonly Option<string?> Certificate = new("--cert") { Description = "PFX certificate for TLS (default: a generated development certificate)" };
    private static readonly Option<string?> CertificatePassword = new("--cert-password") { Description = "password of the PFX certificate" };
    private static readonly Option<string?> JwtSecret = new("--jwt-secret") { Description = "HS256 secret for JWT passwords" };
    private static readonly Option<string?> JwtRsaKey = new("--jwt-rsa-public-key") { Description = "PEM file: RSA public key for RS256 JWT passwords" };
    private static readonly Option<int> VirtualDevices = new("--virtual-devices") { Description = "start N virtual devices against the broker", DefaultValueFactory = _ => 0 };
    private static readonly Option<string?> ExternalBroker = new("--broker") { Description = "device manager attaches to this broker (mqtt://host:port) instead of serving one", Recursive = true };
    private static readonly Option<string?> User = new("--user") { Description = "user name for --broker / the CLI's MQTT login", Recursive = true };
    private static readonly Option<string?> Password = new("--password") { Description = "password for --broker / the CLI's MQTT login", Recursive = true };
    private static readonly Option<bool> Verbose = new("--verbose") { Description = "debug logging" };

    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    public static async Task<int> RunAsync(string[] args) => await CreateRoot().Parse(args).InvokeAsync().ConfigureAwait(false);

    /// <summary>The broker options that <c>serve</c> would run with for <paramref name="args"/> (tests; nothing is started).</summary>
    public static BrokerOptions OptionsFor(string[] args) => OptionsFrom(CreateRoot().Parse(args));

    private static RootCommand CreateRoot()
    {
        var root = new RootCommand("NanoNode broker host: MQTT 3.1.1 broker, device manager and virtual devices");
        var serve = new Command("serve", "run the broker (the default command)");
        foreach (var o in new Option[] { TcpPort, TlsPort, HttpPort, HttpsPort, Bind, HttpBind, JwtAllowNoExpiry, NoPersistence, Production, AllowAnonymous, Certificate, CertificatePassword, JwtSecret, JwtRsaKey, VirtualDevices, Verbose })
        {
            serve.Options.Add(o);
            root.Options.Add(o);
        }

        root.Options.Add(Data);
        root.Options.Add(ExternalBroker);
        root.Options.Add(User);
        root.Options.Add(Password);
        serve.SetAction((r, ct) => ServeAsync(r, ct));
        root.SetAction((r, ct) => ServeAsync(r, ct));
        root.Subcommands.Add(serve);
        root.Subcommands.Add(UsersCommand());
        foreach (var c in DeviceCommands.Create(Data, ExternalBroker, User, Password))
        {
            root.Subcommands.Add(c);
        }

        return root;
    }

    /// <summary>
    /// Broker options: defaults, then &lt;data&gt;/broker.json section "Broker", then environment variables
    /// NANONODE_Broker__&lt;Name&gt; (e.g. NANONODE_Broker__MaxInflight=128), then the options given on the command line
    /// (each layer overrides the one before; a command-line option left out keeps the value from the layers below).
    /// </summary>
    public static BrokerOptions OptionsFrom(ParseResult r)
    {
        var options = new BrokerOptions { DataDirectory = r.GetValue(Data) ?? "nanonode-data" };
        new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(Path.Combine(options.DataDirectory, "broker.json")), optional: true)
            .AddEnvironmentVariables("NANONODE_")
            .Build()
            .GetSection("Broker")
            .Bind(options);
        options.DataDirectory = r.GetValue(Data) ?? "nanonode-data";

        void Given<T>(Option<T> option, Action<T> apply)
        {
            if (r.GetResult(option) is { Implicit: false })
            {
                apply(r.GetValue(option)!);
            }
        }

        Given(TcpPort, v => options.TcpPort = v);
        Given(TlsPort, v => options.TlsPort = v);
        Given(HttpPort, v => options.HttpPort = v);
        Given(Bind, v => options.Bind = v ?? "loopback");
        Given(HttpBind, v => options.HttpBind = v ?? "loopback");
        Given(HttpsPort, v => options.HttpsPort = v);
        Given(JwtAllowNoExpiry, v => options.JwtAllowNoExpiry = v);
        Given(NoPersistence, v => options.Persistence = !v);
        Given(Production, v => options.DevelopmentMode = !v);
        Given(AllowAnonymous, v => options.AllowAnonymous = v);
        Given(Certificate, v => options.CertificatePath = v);
        Given(CertificatePassword, v => options.CertificatePassword = v);
        Given(JwtSecret, v => options.JwtHmacSecret = v);
        Given(JwtRsaKey, v => options.JwtRsaPublicKeyPath = v);
        return options;
    }

    private static async Task<int> ServeAsync(ParseResult r, CancellationToken ct)
    {
        var options = OptionsFrom(r);
        string? external = r.GetValue(ExternalBroker);
        int virtualDevices = r.GetValue(VirtualDevices);
        var level = r.GetValue(Verbose) ? LogLevel.Debug : LogLevel.Information;
        if (external != null)
        {
            return await Devices.ExternalMode.RunAsync(external, r.GetValue(User), r.GetValue(Password), virtualDevices, level, ct).ConfigureAwait(false);
        }

        await using var server = BrokerServer.Create(options, services => Devices.DeviceServices.Add(services, virtualDevices), level);
        Devices.DeviceServices.MapApi(server.App);
        await server.StartAsync(ct).ConfigureAwait(false);
        Console.WriteLine($"NanoNode broker: mqtt://127.0.0.1:{server.TcpPort}  mqtts://127.0.0.1:{server.TlsPort}  ws://127.0.0.1:{server.HttpPort}{options.WebSocketPath}  dashboard: http://127.0.0.1:{server.HttpPort}/ ({(options.DevelopmentMode ? "open on loopback" : "admin login required")})  data: {Path.GetFullPath(options.DataDirectory)}");
        await server.App.WaitForShutdownAsync(ct).ConfigureAwait(false);
        return 0;
    }

    private static Command UsersCommand()
    {
        var users = new Command("users", "manage broker users (stored in <data>/users.db; a running broker sees changes at the next login)");
        var name = new Argument<string>("name");
        var pass = new Argument<string>("password");
        var admin = new Option<bool>("--admin") { Description = "administrator (may publish and subscribe everywhere)" };
        var device = new Option<string?>("--device-id") { Description = "device id the user owns (default: the user name)" };
        var add = new Command("add", "add or replace a user") { name, pass, admin, device };
        add.SetAction(r =>
        {
            var store = new UserStore(Path.Combine(r.GetValue(Data)!, "users.db"));
            try
            {
                store.Add(r.GetValue(name)!, r.GetValue(pass)!, r.GetValue(admin), r.GetValue(device), new BrokerOptions().PasswordIterations);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }

            Console.WriteLine($"user {r.GetValue(name)} saved ({(r.GetValue(admin) ? "admin" : "device " + (r.GetValue(device) ?? r.GetValue(name)))})");
            return 0;
        });
        var removeName = new Argument<string>("name");
        var remove = new Command("remove", "remove a user") { removeName };
        remove.SetAction(r =>
        {
            var store = new UserStore(Path.Combine(r.GetValue(Data)!, "users.db"));
            bool removed = store.Remove(r.GetValue(removeName)!);
            Console.WriteLine(removed ? $"user {r.GetValue(removeName)} removed" : $"no user {r.GetValue(removeName)}");
            return removed ? 0 : 1;
        });
        var list = new Command("list", "list users");
        list.SetAction(r =>
        {
            foreach (var u in new UserStore(Path.Combine(r.GetValue(Data)!, "users.db")).List())
            {
                Console.WriteLine(u.Role == "admin" ? $"{u.Name}\tadmin" : $"{u.Name}\tdevice {u.DeviceId}");
            }

            return 0;
        });
        users.Subcommands.Add(add);
        users.Subcommands.Add(remove);
        users.Subcommands.Add(list);
        return users;
    }
}
