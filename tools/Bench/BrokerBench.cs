using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace NanoNode.Bench;

/// <summary>
/// `broker` (issue 6): the same load generator (<see cref="BrokerBenchLoad"/>) against NanoNode's broker host and Debian's
/// Mosquitto, each started by the bench as its own process on 127.0.0.1 and killed by process id at the end. Prints per
/// broker: QoS 0 and QoS 1 fan-in throughput (4 publishers → 1 subscriber), with MQTT 3.1.1 clients and again with
/// MQTT 5.0 clients (issue 11: the project's Mqtt5 codec, no properties), QoS 1 round-trip latency p50/p99 at a low
/// rate, QoS 0 fan-out (1 → 100 subscribers), resident memory at 1,000 and 10,000 idle connections; then the ratios
/// NanoNode / Mosquitto with the issue's targets. Figures only: nothing here asserts a speed.
/// Arguments: [--quick] (about a tenth of the counts), [--only nanonode|mosquitto], [--no-build] (use the existing
/// Release build of tools/BrokerHost), [--no-memory], [--nanonode-args "..."] (appended to <c>serve</c>),
/// [--mosquitto PATH] (default /usr/sbin/mosquitto), [--slow-us N] (list latency samples of N µs or more),
/// [--perf-map] (start NanoNode with DOTNET_PerfMapEnabled=1 for perf), [--nanonode-env K=V] (repeatable; diagnosis),
/// [--fan-in-only] (only the open-loop fan-in figures, 3.1.1 and 5.0: no closed loop, latency, fan-out or memory).
/// </summary>
public sealed class BrokerBench : IBenchMode
{
    private const int Publishers = 4;
    private const int PayloadSize = 64;
    private const int FanOutSubscribers = 100;
    private const int LatencyRate = 200;
    private const double LatencySeconds = 5;
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);
    private static readonly int[] IdleCounts = { 1000, 10000 };
    private const int IdleWarmup = 100;

    // Closed-loop QoS 0 fan-in: messages a publisher may have in flight end to end (two send batches).
    private const int ClosedLoopWindowQos0 = 2 * BrokerBenchLoad.Qos0Batch;

    private int _qos0PerPublisher = 50_000;
    private int _qos1PerPublisher = 20_000;
    private int _fanOutMessages = 2_000;
    private int _runs;
    private double _slowUs;
    private bool _fanInOnly;

    public string Name => "broker";

    public string Description => "NanoNode broker vs Mosquitto: fan-in QoS0/QoS1, QoS1 latency, fan-out, memory per idle connection";

    public int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        bool noBuild = args.Contains("--no-build");
        bool noMemory = args.Contains("--no-memory");
        bool perfMap = args.Contains("--perf-map");
        _fanInOnly = args.Contains("--fan-in-only");
        noMemory |= _fanInOnly;
        string? only = Value(args, "--only");
        string nanoArgs = Value(args, "--nanonode-args") ?? "";
        string mosquitto = Value(args, "--mosquitto") ?? "/usr/sbin/mosquitto";
        _slowUs = double.Parse(Value(args, "--slow-us") ?? "0", CultureInfo.InvariantCulture);
        if (quick)
        {
            _qos0PerPublisher /= 10;
            _qos1PerPublisher /= 10;
            _fanOutMessages /= 10;
        }

        string? repo = FindRepoRoot();
        if (repo == null)
        {
            Console.Error.WriteLine("broker: cannot find the repository root (Directory.Build.props) above " + AppContext.BaseDirectory);
            return 1;
        }

        string dll = Path.Combine(repo, "artifacts", "bin", "BrokerHost", "release", "NanoNode.BrokerHost.dll");
        var brokers = new List<string>();
        if (only is null or "nanonode")
        {
            brokers.Add("nanonode");
        }

        if (only is null or "mosquitto")
        {
            if (File.Exists(mosquitto))
            {
                brokers.Add("mosquitto");
            }
            else
            {
                Console.Error.WriteLine($"broker: {mosquitto} not found (apt-get install -y mosquitto); measuring NanoNode only");
            }
        }

        if (brokers.Contains("nanonode") && !noBuild && !BuildBrokerHost(repo))
        {
            return 1;
        }

        if (brokers.Contains("nanonode") && !File.Exists(dll))
        {
            Console.Error.WriteLine("broker: " + dll + " missing (build: dotnet build -c Release tools/BrokerHost)");
            return 1;
        }

        // Environment of the NanoNode process: --perf-map for perf symbols, --nanonode-env K=V (repeatable) for runtime
        // knobs in diagnosis runs (e.g. DOTNET_TieredCompilation=0); printed in the header.
        // Queue limits as Mosquitto's (MosquittoConfig): both brokers queue up to 1,000,000 messages for a session and
        // neither caps bytes, so a fan-in figure compares speed, not overflow policies (NanoNode's defaults, 10,000
        // messages / 16 MiB per session and 4 MiB of QoS 0 per connection, drop under this open-loop load by design).
        var nanoEnv = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NANONODE_Broker__MaxQueuedMessages"] = "1000000",
            ["NANONODE_Broker__MaxQueuedBytes"] = "1073741824",
            ["NANONODE_Broker__MaxConnectionQueueBytes"] = "1073741824",
            // The Receive Maximum MQTT 5 publishers see, as Mosquitto's max_inflight_messages 64 (NanoNode's default is
            // 65,535), so both brokers' v5 QoS 1 fan-in runs with the same publisher window.
            ["NANONODE_Broker__ReceiveMaximum"] = "64",
        };
        if (perfMap)
        {
            nanoEnv["DOTNET_PerfMapEnabled"] = "1";
        }

        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--nanonode-env" && args[i + 1].IndexOf('=') > 0)
            {
                string[] kv = args[i + 1].Split('=', 2);
                nanoEnv[kv[0]] = kv[1];
            }
        }

        PrintHeader(mosquitto, nanoArgs);
        if (nanoEnv.Count > 0)
        {
            Console.WriteLine("# nanonode environment: " + string.Join(' ', nanoEnv.Select(kv => kv.Key + "=" + kv.Value)));
        }

        var work = Directory.CreateTempSubdirectory("nanonode-bench-");
        ConsoleCancelEventHandler onCancel = (_, _) => BrokerBenchProcess.KillAll();
        Console.CancelKeyPress += onCancel;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => BrokerBenchProcess.KillAll();
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        long started = Stopwatch.GetTimestamp();
        try
        {
            var starts = new Dictionary<string, Func<BrokerBenchProcess>>
            {
                ["nanonode"] = () => BrokerBenchProcess.StartNanoNode(dll, work.FullName, nanoArgs, nanoEnv),
                ["mosquitto"] = () => BrokerBenchProcess.StartMosquitto(mosquitto, work.FullName, MosquittoConfig()),
            };

            // Throughput and latency: both brokers run side by side (the idle one costs nothing) and each measurement
            // is taken on one broker right after the other, so a change in the machine's load hits both alike.
            var running = new List<BrokerBenchProcess>();
            try
            {
                foreach (string name in brokers)
                {
                    var b = starts[name]();
                    running.Add(b);
                    Console.WriteLine($"# {name}: pid {b.Pid}, 127.0.0.1:{b.Port}, log {b.LogPath}");
                }

                Throughput(running, figures);
            }
            finally
            {
                foreach (var b in running)
                {
                    b.Dispose();
                }
            }

            // Memory: a fresh process per broker, one at a time (the bench holds the client side of every connection).
            if (!noMemory)
            {
                foreach (string name in brokers)
                {
                    using var broker = starts[name]();
                    Console.WriteLine($"# {name}: fresh process for idle memory, pid {broker.Pid}; load average {LoadAverage()}");
                    Memory(broker, figures);
                }
            }

            if (brokers.Count == 2)
            {
                Ratios(figures);
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            Console.Error.WriteLine("broker: " + e.Message);
            return 1;
        }
        finally
        {
            BrokerBenchProcess.KillAll();
            Console.CancelKeyPress -= onCancel;
            try
            {
                work.Delete(true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        Console.WriteLine($"# total bench time {(Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency:0.0} s");
        return 0;
    }

    // Mosquitto settings: no drops under the fan-in load, and the same outbound window as NanoNode's default (64). NanoNode
    // gets the same queue limits through its environment (see nanoEnv in Run).
    private static IEnumerable<string> MosquittoConfig() => new[]
    {
        "max_queued_messages 1000000",
        "max_inflight_messages 64",
        "set_tcp_nodelay true",
        "max_connections -1",
    };

    private void PrintHeader(string mosquitto, string nanoArgs)
    {
        Console.WriteLine("# broker benchmark (issue 6): NanoNode broker host vs Mosquitto, one load generator, all on 127.0.0.1");
        Console.WriteLine($"# machine: {Environment.ProcessorCount} cores ({CpuModel()}), {MemTotal()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"# mosquitto: {MosquittoVersion(mosquitto)}; config: persistence false, {string.Join(", ", MosquittoConfig())}");
        Console.WriteLine($"# nanonode: dotnet NanoNode.BrokerHost.dll (Release) serve --no-persistence --tls-port -1 --http-port -1 --allow-anonymous {nanoArgs}".TrimEnd());
        Console.WriteLine($"# payload {PayloadSize} bytes; fan-in {Publishers} publishers -> 1 subscriber: QoS0 {Publishers}x{_qos0PerPublisher} (batches of {BrokerBenchLoad.Qos0Batch} per send), QoS1 {Publishers}x{_qos1PerPublisher} (window {BrokerBenchLoad.Qos1Window} unacked per publisher; MQTT 5: at most the broker's Receive Maximum, 64 on both)");
        Console.WriteLine("# fan-in figures named *_v5 are the same runs with every client speaking MQTT 5.0 (protocol level 5, no properties); the others speak 3.1.1");
        Console.WriteLine($"# latency: QoS1 1 pub -> 1 sub, {LatencyRate} msg/s for {LatencySeconds} s (+0.5 s warm-up); fan-out: QoS0 1 -> {FanOutSubscribers} subscribers x {_fanOutMessages} messages");
        Console.WriteLine($"# idle memory: VmRSS with {IdleWarmup} warm-up connections open = base; per connection = (VmRSS(base + N) - base) / N; keep alive 0");
        Console.WriteLine($"# closed loop: the same fan-in with each publisher at most {ClosedLoopWindowQos0} (QoS0) / {BrokerBenchLoad.Qos1Window} (QoS1) messages ahead of the subscriber: the rate each broker sustains without dropping");
        Console.WriteLine($"# load average at start: {LoadAverage()} (the machine is shared: figures vary from run to run)");
        Console.WriteLine($"# each run limited to {RunLimit.TotalSeconds} s; throughput = distinct messages received / (last receipt - first publish); the bench and the broker share the cores");
    }

    private void Throughput(List<BrokerBenchProcess> brokers, Dictionary<string, double> figures)
    {
        // Warm-up (JIT tiers, socket buffers), same for both brokers, not reported.
        foreach (var b in brokers)
        {
            BrokerBenchLoad.FanIn(b.Port, RunId("warm0"), 0, Publishers, Math.Max(1000, _qos0PerPublisher / 10), PayloadSize, RunLimit);
            BrokerBenchLoad.FanIn(b.Port, RunId("warm1"), 1, Publishers, Math.Max(1000, _qos1PerPublisher / 10), PayloadSize, RunLimit);
            BrokerBenchLoad.FanIn(b.Port, RunId("warm5q0"), 0, Publishers, Math.Max(1000, _qos0PerPublisher / 10), PayloadSize, RunLimit, 0, 5);
            BrokerBenchLoad.FanIn(b.Port, RunId("warm5q1"), 1, Publishers, Math.Max(1000, _qos1PerPublisher / 10), PayloadSize, RunLimit, 0, 5);
        }

        Console.WriteLine($"# load average before the runs: {LoadAverage()}");
        foreach (var b in brokers)
        {
            Report(figures, P(b, "qos0_fanin"), BrokerBenchLoad.FanIn(b.Port, RunId("q0"), 0, Publishers, _qos0PerPublisher, PayloadSize, RunLimit), "msg/s");
        }

        foreach (var b in brokers)
        {
            Report(figures, P(b, "qos1_fanin"), BrokerBenchLoad.FanIn(b.Port, RunId("q1"), 1, Publishers, _qos1PerPublisher, PayloadSize, RunLimit), "msg/s");
        }

        // MQTT 5.0 clients: the same open-loop runs, each broker right after the other as above.
        foreach (var b in brokers)
        {
            Report(figures, P(b, "qos0_fanin_v5"), BrokerBenchLoad.FanIn(b.Port, RunId("v5q0"), 0, Publishers, _qos0PerPublisher, PayloadSize, RunLimit, 0, 5), "msg/s");
        }

        foreach (var b in brokers)
        {
            Report(figures, P(b, "qos1_fanin_v5"), BrokerBenchLoad.FanIn(b.Port, RunId("v5q1"), 1, Publishers, _qos1PerPublisher, PayloadSize, RunLimit, 0, 5), "msg/s");
        }

        if (_fanInOnly)
        {
            CheckRunning(brokers);
            return;
        }

        foreach (var b in brokers)
        {
            Report(figures, P(b, "qos0_fanin_closed_loop"), BrokerBenchLoad.FanIn(b.Port, RunId("q0c"), 0, Publishers, _qos0PerPublisher, PayloadSize, RunLimit, ClosedLoopWindowQos0), "msg/s");
        }

        foreach (var b in brokers)
        {
            Report(figures, P(b, "qos1_fanin_closed_loop"), BrokerBenchLoad.FanIn(b.Port, RunId("q1c"), 1, Publishers, _qos1PerPublisher, PayloadSize, RunLimit, BrokerBenchLoad.Qos1Window), "msg/s");
        }

        foreach (var b in brokers)
        {
            Console.WriteLine($"# {b.Name} latency run; load average {LoadAverage()}");
            var slow = new List<string>();
            double[] lat = BrokerBenchLoad.Latency(b.Port, RunId("lat"), LatencyRate, LatencySeconds, PayloadSize, out long latLost, _slowUs, slow);
            foreach (string line in slow)
            {
                Console.WriteLine($"#   {b.Name} slow: {line}");
            }

            if (lat.Length > 0)
            {
                Put(figures, P(b, "qos1_latency_p50"), Math.Round(Percentile(lat, 0.50), 1), "us");
                Put(figures, P(b, "qos1_latency_p99"), Math.Round(Percentile(lat, 0.99), 1), "us");
                Put(figures, P(b, "qos1_latency_max"), Math.Round(lat[^1], 1), "us");
            }

            Put(figures, P(b, "qos1_latency.samples"), lat.Length, "msgs");
            Put(figures, P(b, "qos1_latency.lost"), latLost, "msgs");
        }

        foreach (var b in brokers)
        {
            Report(figures, P(b, "qos0_fanout"), BrokerBenchLoad.FanOut(b.Port, RunId("fo"), FanOutSubscribers, _fanOutMessages, PayloadSize, RunLimit), "deliveries/s");
        }

        CheckRunning(brokers);
    }

    private static void CheckRunning(List<BrokerBenchProcess> brokers)
    {
        foreach (var b in brokers)
        {
            if (!b.IsRunning)
            {
                throw new IOException($"{b.Name} exited during the throughput runs:{Environment.NewLine}{b.LogTail()}");
            }
        }
    }

    private static string P(BrokerBenchProcess b, string figure) => "broker." + b.Name + "." + figure;

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private void Memory(BrokerBenchProcess broker, Dictionary<string, double> figures)
    {
        string p = "broker." + broker.Name + ".";
        var open = new List<Socket>();
        try
        {
            string? failure = BrokerBenchLoad.OpenIdle(broker.Port, RunId("idle"), open, IdleWarmup, 16, RunLimit);
            Thread.Sleep(2000);
            long baseRss = broker.ResidentBytes();
            Put(figures, p + "rss_base", baseRss / 1024, "KiB");
            if (failure != null)
            {
                Console.WriteLine($"# {broker.Name}: warm-up connections failed: {failure}");
                return;
            }

            foreach (int n in IdleCounts)
            {
                failure = BrokerBenchLoad.OpenIdle(broker.Port, RunId("idle"), open, IdleWarmup + n, 32, RunLimit);
                Thread.Sleep(2000);
                long rss = broker.ResidentBytes();
                int reached = open.Count - IdleWarmup;
                string label = n.ToString(CultureInfo.InvariantCulture);
                if (failure != null)
                {
                    Console.WriteLine($"# {broker.Name}: stopped at {reached} idle connections (target {n}): {failure}");
                    Put(figures, p + "idle_connections_reached", reached, "connections");
                }

                Put(figures, p + "rss_idle_" + label, rss / 1024, "KiB");
                if (reached > 0)
                {
                    Put(figures, p + "bytes_per_idle_connection_" + label, Math.Round((double)(rss - baseRss) / reached), "bytes");
                }

                if (failure != null || !broker.IsRunning)
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var s in open)
            {
                s.Dispose();
            }
        }
    }

    private static void Ratios(Dictionary<string, double> f)
    {
        Console.WriteLine("# ratios: NanoNode / Mosquitto (higher is better for throughput, lower for latency and memory)");
        Ratio(f, "qos0_fanin", "qos0_fanin", ">=", 1.5);
        Ratio(f, "qos1_fanin", "qos1_fanin", ">=", 1.2);
        Ratio(f, "qos0_fanin_v5", "qos0_fanin_v5", null, 0);
        Ratio(f, "qos1_fanin_v5", "qos1_fanin_v5", null, 0);
        Ratio(f, "qos0_fanin_closed_loop", "qos0_fanin_closed_loop", null, 0);
        Ratio(f, "qos1_fanin_closed_loop", "qos1_fanin_closed_loop", null, 0);
        Ratio(f, "qos1_latency_p50", "qos1_latency_p50", null, 0);
        Ratio(f, "qos1_latency_p99", "qos1_latency_p99", "<=", 1.0);
        Ratio(f, "qos0_fanout", "qos0_fanout", null, 0);
        Ratio(f, "bytes_per_idle_connection_1000", "memory_per_idle_connection_1000", "<=", 1.0);
        Ratio(f, "bytes_per_idle_connection_10000", "memory_per_idle_connection_10000", "<=", 1.0);
    }

    private static void Ratio(Dictionary<string, double> f, string key, string name, string? op, double target)
    {
        if (!f.TryGetValue("broker.nanonode." + key, out double n) || !f.TryGetValue("broker.mosquitto." + key, out double m) || m == 0)
        {
            Console.WriteLine($"# broker.ratio.{name}: not measured");
            return;
        }

        double r = Math.Round(n / m, 2);
        BenchOutput.Figure("broker.ratio." + name, r, "x");
        f.TryGetValue("broker.nanonode." + key + ".lost", out double nLost);
        f.TryGetValue("broker.mosquitto." + key + ".lost", out double mLost);
        string lossNote = nLost > 0 || mLost > 0
            ? $" -- not like for like: lost nanonode {nLost}, mosquitto {mLost} (see the closed-loop figure)"
            : "";
        if (op != null)
        {
            bool met = op == ">=" ? r >= target : r <= target;
            Console.WriteLine($"#   target {op} {target.ToString("0.0#", CultureInfo.InvariantCulture)} x: {(met ? "met" : "MISSED")}{lossNote}");
        }
        else if (lossNote.Length > 0)
        {
            Console.WriteLine("#  " + lossNote);
        }
    }

    private static void Report(Dictionary<string, double> figures, string name, BrokerBenchLoad.RunResult r, string unit)
    {
        Put(figures, name, Math.Round(r.Rate), unit);
        Put(figures, name + ".lost", r.Lost, "msgs");
        if (r.Received != r.Distinct)
        {
            Put(figures, name + ".duplicates", r.Received - r.Distinct, "msgs");
        }

        Console.WriteLine($"#   {name}: {r.Distinct} of {r.Expected} delivered ({r.Sent} published) in {r.Seconds:0.000} s{(r.TimedOut ? " -- timed out" : "")}");
    }

    private static void Put(Dictionary<string, double> figures, string name, double value, string unit)
    {
        figures[name] = value;
        BenchOutput.Figure(name, value, unit);
    }

    private static double Percentile(double[] sorted, double q)
    {
        // Nearest rank: the smallest sample with at least q of the samples at or below it.
        int rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private string RunId(string what) => what + (++_runs).ToString(CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    private static string? Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir.FullName, "tools", "BrokerHost")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    internal static bool BuildBrokerHost(string repo)
    {
        Console.Error.WriteLine("# building tools/BrokerHost (Release) ...");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "build", "-c", "Release", Path.Combine(repo, "tools", "BrokerHost", "BrokerHost.csproj"), "-v", "q", "--nologo" })
        {
            psi.ArgumentList.Add(a);
        }

        using var build = Process.Start(psi)!;
        var stdout = build.StandardOutput.ReadToEndAsync();
        string stderr = build.StandardError.ReadToEnd();
        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            Console.Error.WriteLine("broker: building tools/BrokerHost failed:");
            Console.Error.WriteLine(stdout.Result + stderr);
            return false;
        }

        return true;
    }

    private static string MosquittoVersion(string mosquitto)
    {
        try
        {
            var psi = new ProcessStartInfo(mosquitto, "-h") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            string all = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return all.Split('\n').FirstOrDefault(l => l.Contains("version", StringComparison.Ordinal))?.Trim() ?? "unknown version";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static string MemTotal()
    {
        try
        {
            string? line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line != null)
            {
                long kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return (kb / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " GiB RAM";
            }
        }
        catch (IOException)
        {
        }

        return "unknown RAM";
    }
}
