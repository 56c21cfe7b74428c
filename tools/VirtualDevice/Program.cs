using NanoNode.Device.Node;
using NanoNode.VirtualDevice;

// dotnet run --project tools/VirtualDevice -- --broker mqtt://127.0.0.1:1883[,mqtt://host2:port,...] --id node-1 [--count N]
//   [--interval S] [--user U --password P|JWT] [--data-dir DIR] [--reset] [--ca FILE] [--quiet]
//   or: deploy-files --out DIR --device-id ID --broker URI [--port COM5] [--ssid S --password P] [--ca FILE] (used by flash.ps1)
// Runs N virtual nodes (ids <id>, <id>-2, ...) with the real device logic and simulated chips in one loop thread.
if (args.Length > 0 && args[0] == "deploy-files")
{
    return Deployment.Command(args[1..]);
}

string broker = "mqtt://127.0.0.1:1883";
string id = "node-1";
int count = 1;
int? interval = null;
string dataDir = Path.Combine(Path.GetTempPath(), "nanonode-virtual");
bool reset = false;
bool quiet = false;
string? ca = null;
string? user = null;
string? password = null;
for (int i = 0; i < args.Length; i++)
{
    string a = args[i];
    if (a.StartsWith("--") && a is not ("--reset" or "--quiet" or "--help") && i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"{a} needs a value (try --help)");
        return 2;
    }

    string Next() => args[++i];
    switch (a)
    {
        case "--broker": broker = Next(); break;
        case "--id": id = Next(); break;
        case "--count":
            if (!int.TryParse(Next(), out count))
            {
                Console.Error.WriteLine("--count takes a whole number");
                return 2;
            }

            break;
        case "--interval":
            if (!int.TryParse(Next(), out int s) || s < 1 || s > 86400)
            {
                Console.Error.WriteLine("--interval takes seconds, 1..86400 (the interval_s range)");
                return 2;
            }

            interval = s;
            break;
        case "--data-dir": dataDir = Next(); break;
        case "--ca": ca = Next(); break;
        case "--user": user = Next(); break;
        case "--password": password = Next(); break;
        case "--reset": reset = true; break;
        case "--quiet": quiet = true; break;
        case "-h":
        case "--help":
            Console.WriteLine("usage: VirtualDevice --broker mqtt://host:port[,mqtt://host2:port2,...] --id node-1 [--count N] [--interval S]");
            Console.WriteLine("         [--user NAME --password SECRET|JWT] [--data-dir DIR] [--reset] [--ca FILE] [--quiet]");
            Console.WriteLine("  --broker   one broker URL, or a comma-separated list: the first is broker_host/broker_port, the others");
            Console.WriteLine("             broker_fallback (tried in turn when a connect fails; at most 8). Same scheme for all.");
            Console.WriteLine("  --user, --password  broker login (broker_user/broker_password); a JWT goes in --password.");
            Console.WriteLine("  Broker, login and interval seed a node's config when its data dir has none (or with --reset);");
            Console.WriteLine("  afterwards the node's persisted config (changed with config/set) wins.");
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument {a} (try --help)");
            return 2;
    }
}

var brokers = new List<Uri>();
foreach (string part in broker.Split(',', StringSplitOptions.TrimEntries))
{
    if (!Uri.TryCreate(part, UriKind.Absolute, out Uri? u) || (u.Scheme != "mqtt" && u.Scheme != "mqtts") || u.Host.Length == 0)
    {
        Console.Error.WriteLine($"--broker: \"{part}\" must look like mqtt://host:port or mqtts://host:port (several: comma-separated)");
        return 2;
    }

    if (brokers.Count > 0 && u.Scheme != brokers[0].Scheme)
    {
        Console.Error.WriteLine("--broker: all URLs take the same scheme (TLS is one setting, broker_tls)");
        return 2;
    }

    brokers.Add(u);
}

if (brokers.Count > 1 + NanoNode.Device.Link.BrokerList.MaxEntries)
{
    Console.Error.WriteLine($"--broker: at most {1 + NanoNode.Device.Link.BrokerList.MaxEntries} URLs (one broker and {NanoNode.Device.Link.BrokerList.MaxEntries} fallbacks)");
    return 2;
}

if ((password != null && user == null) || (user != null && (user.Length > 64 || user.Contains('\0'))) || (password != null && (System.Text.Encoding.UTF8.GetByteCount(password) > 512 || password.Contains('\0'))))
{
    Console.Error.WriteLine("--password needs --user; --user takes at most 64 bytes, --password (or a JWT) at most 512, no NUL");
    return 2;
}

Uri uri = brokers[0];
int DefaultPort(Uri u) => u.Port > 0 ? u.Port : (u.Scheme == "mqtts" ? 8883 : 1883);
string fallback = string.Join(",", brokers.Skip(1).Select(u => u.Host + ":" + DefaultPort(u))); // IPv6: [addr]:port
if (fallback.Length > NanoNode.Device.Config.ConfigSchema.Keys[NanoNode.Device.Config.ConfigSchema.BrokerFallback].Max)
{
    Console.Error.WriteLine("--broker: the fallback URLs make a broker_fallback longer than 240 characters");
    return 2;
}

if (count < 1 || !DeviceTopics.IsValidDeviceId(id))
{
    Console.Error.WriteLine("--count must be >= 1 and --id 1..32 of A-Z a-z 0-9 - _, not \"all\"");
    return 2;
}

int port = DefaultPort(uri);
var nodes = new List<VirtualNode>();
for (int n = 0; n < count; n++)
{
    string nodeId = n == 0 ? id : $"{id}-{n + 1}";
    if (reset)
    {
        string dir = Path.Combine(dataDir, nodeId);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, true);
        }
    }

    string host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
    var node = new VirtualNode(nodeId, dataDir, host, port, interval, ca, !quiet && count == 1)
    {
        Fallback = fallback,
        User = user,
        Password = password,
    };
    node.Boot();
    if (uri.Scheme == "mqtts" && !node.Node.Config.GetBool(NanoNode.Device.Config.ConfigSchema.BrokerTls))
    {
        Console.Error.WriteLine($"[{nodeId}] note: TLS is a config key (broker_tls); set it with config/set or --reset with a fresh data dir");
    }

    nodes.Add(node);
    string fb = node.Node.Config.GetString(NanoNode.Device.Config.ConfigSchema.BrokerFallback);
    Console.WriteLine($"[{nodeId}] started: broker {node.Node.Config.GetString(NanoNode.Device.Config.ConfigSchema.BrokerHost)}:{node.Node.Config.GetInt(NanoNode.Device.Config.ConfigSchema.BrokerPort)}{(fb.Length > 0 ? " (fallback " + fb + ")" : "")}, topics {node.Node.Topics.Status.ToString().Replace("/status", "/#")}, config rev {node.Node.Config.Rev}");
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
while (!stop.IsCancellationRequested)
{
    foreach (VirtualNode node in nodes)
    {
        node.Poll(0);
    }

    Thread.Sleep(count > 50 ? 20 : 5);
}

foreach (VirtualNode node in nodes)
{
    node.Shutdown();
}

return 0;
