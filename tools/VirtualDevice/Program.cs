using NanoNode.Device.Node;
using NanoNode.VirtualDevice;

// dotnet run --project tools/VirtualDevice -- --broker mqtt://127.0.0.1:1883 --id node-1 [--count N] [--interval S]
//   [--data-dir DIR] [--reset] [--ca FILE] [--quiet]
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
        case "--reset": reset = true; break;
        case "--quiet": quiet = true; break;
        case "-h":
        case "--help":
            Console.WriteLine("usage: VirtualDevice --broker mqtt://host:port --id node-1 [--count N] [--interval S] [--data-dir DIR] [--reset] [--ca FILE] [--quiet]");
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument {a} (try --help)");
            return 2;
    }
}

if (!Uri.TryCreate(broker, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "mqtt" && uri.Scheme != "mqtts"))
{
    Console.Error.WriteLine("--broker must look like mqtt://host:port or mqtts://host:port");
    return 2;
}

if (count < 1 || !DeviceTopics.IsValidDeviceId(id))
{
    Console.Error.WriteLine("--count must be >= 1 and --id 1..32 of A-Z a-z 0-9 - _, not \"all\"");
    return 2;
}

int port = uri.Port > 0 ? uri.Port : (uri.Scheme == "mqtts" ? 8883 : 1883);
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

    var node = new VirtualNode(nodeId, dataDir, uri.Host, port, interval, ca, !quiet && count == 1);
    node.Boot();
    if (uri.Scheme == "mqtts" && !node.Node.Config.GetBool(NanoNode.Device.Config.ConfigSchema.BrokerTls))
    {
        Console.Error.WriteLine($"[{nodeId}] note: TLS is a config key (broker_tls); set it with config/set or --reset with a fresh data dir");
    }

    nodes.Add(node);
    Console.WriteLine($"[{nodeId}] started: broker {node.Node.Config.GetString(NanoNode.Device.Config.ConfigSchema.BrokerHost)}:{node.Node.Config.GetInt(NanoNode.Device.Config.ConfigSchema.BrokerPort)}, topics {node.Node.Topics.Status.ToString().Replace("/status", "/#")}, config rev {node.Node.Config.Rev}");
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
