using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace NanoNode.Bench;

/// <summary>
/// `broker` (issue 6): the same load generator (<see cref="BrokerBenchLoad"/>) against NanoNode's broker host and Debian's
/// Mosquitto, each started by the bench as its own process on 127.0.0.1 and killed by process id at the end. Prints per
/// broker: QoS 0 and QoS 1 fan-in throughput (4 publishers → 1 subscriber), QoS 1 round-trip latency p50/p99 at a low
/// rate, QoS 0 fan-out (1 → 100 subscribers), resident memory at 1,000 and 10,000 idle connections; then the ratios
/// NanoNode / Mosquitto with the issue's targets. Figures only: nothing here asserts a speed.
/// Arguments: [--quick] (about a tenth of the counts), [--only nanonode|mosquitto], [--no-build] (use the existing
/// Release build of tools/BrokerHost), [--no-memory], [--nanonode-args "..."] (appended to <c>serve</c>),
/// [--mosquitto PATH] (default /usr/sbin/mosquitto), [--perf-map] (start NanoNode with DOTNET_PerfMapEnabled=1 for perf).
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

    private int _qos0PerPublisher = 50_000;
    private int _qos1PerPublisher = 20_000;
    private int _fanOutMessages = 2_000;
    private int _runs;

    public string Name => "broker";

    public string Description => "NanoNode broker vs Mosquitto: fan-in QoS0/QoS1, QoS1 latency, fan-out, memory per idle connection";

    public int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        bool noBuild = args.Contains("--no-build");
        bool noMemory = args.Contains("--no-memory");
        bool perfMap = args.Contains("--perf-map");
        string? only = Value(args, "--only");
        string nanoArgs = Value(args, "--nanonode-args") ?? "";
        string mosquitto = Value(args, "--mosquitto") ?? "/usr/sbin/mosquitto";
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

        PrintHeader(mosquitto, nanoArgs);
        var work = Directory.CreateTempSubdirectory("nanonode-bench-");
        ConsoleCancelEventHandler onCancel = (_, _) => BrokerBenchProcess.KillAll();
        Console.CancelKeyPress += onCancel;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => BrokerBenchProcess.KillAll();
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        long started = Stopwatch.GetTimestamp();
        try
        {
            foreach (string name in brokers)
            {
                Func<BrokerBenchProcess> start = name == "nanonode"
                    ? () => BrokerBenchProcess.StartNanoNode(dll, work.FullName, nanoArgs, perfMap ? new Dictionary<string, string> { ["DOTNET_PerfMapEnabled"] = "1" } : null)
                    : () => BrokerBenchProcess.StartMosquitto(mosquitto, work.FullName, MosquittoConfig());
                using (var broker = start())
                {
                    Console.WriteLine($"# {name}: pid {broker.Pid}, 127.0.0.1:{broker.Port}, log {broker.LogPath}");
                    Throughput(broker, figures);
                }

                if (!noMemory)
                {
                    using var broker = start();
                    Console.WriteLine($"# {name}: fresh process for memory, pid {broker.Pid}");
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

    // Mosquitto settings: no drops under the fan-in load, and the same outbound window as NanoNode's default (64).
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
        Console.WriteLine($"# payload {PayloadSize} bytes; fan-in {Publishers} publishers -> 1 subscriber: QoS0 {Publishers}x{_qos0PerPublisher} (batches of {BrokerBenchLoad.Qos0Batch} per send), QoS1 {Publishers}x{_qos1PerPublisher} (window {BrokerBenchLoad.Qos1Window} unacked per publisher)");
        Console.WriteLine($"# latency: QoS1 1 pub -> 1 sub, {LatencyRate} msg/s for {LatencySeconds} s (+0.5 s warm-up); fan-out: QoS0 1 -> {FanOutSubscribers} subscribers x {_fanOutMessages} messages");
        Console.WriteLine($"# idle memory: VmRSS with {IdleWarmup} warm-up connections open = base; per connection = (VmRSS(base + N) - base) / N; keep alive 0");
        Console.WriteLine($"# each run limited to {RunLimit.TotalSeconds} s; throughput = distinct messages received / (last receipt - first publish); the bench and the broker share the cores");
    }

    private void Throughput(BrokerBenchProcess broker, Dictionary<string, double> figures)
    {
        string p = "broker." + broker.Name + ".";

        // Warm-up (JIT tiers, socket buffers), same for both brokers, not reported.
        BrokerBenchLoad.FanIn(broker.Port, RunId("warm0"), 0, Publishers, Math.Max(1000, _qos0PerPublisher / 10), PayloadSize, RunLimit);
        BrokerBenchLoad.FanIn(broker.Port, RunId("warm1"), 1, Publishers, Math.Max(1000, _qos1PerPublisher / 10), PayloadSize, RunLimit);

        var q0 = BrokerBenchLoad.FanIn(broker.Port, RunId("q0"), 0, Publishers, _qos0PerPublisher, PayloadSize, RunLimit);
        Report(figures, p + "qos0_fanin", q0, "msg/s");
        var q1 = BrokerBenchLoad.FanIn(broker.Port, RunId("q1"), 1, Publishers, _qos1PerPublisher, PayloadSize, RunLimit);
        Report(figures, p + "qos1_fanin", q1, "msg/s");

        double[] lat = BrokerBenchLoad.Latency(broker.Port, RunId("lat"), LatencyRate, LatencySeconds, PayloadSize, out long latLost);
        if (lat.Length > 0)
        {
            Put(figures, p + "qos1_latency_p50", Math.Round(Percentile(lat, 0.50), 1), "us");
            Put(figures, p + "qos1_latency_p99", Math.Round(Percentile(lat, 0.99), 1), "us");
            Put(figures, p + "qos1_latency_max", Math.Round(lat[^1], 1), "us");
        }

        Put(figures, p + "qos1_latency.samples", lat.Length, "msgs");
        if (latLost != 0)
        {
            Put(figures, p + "qos1_latency.lost", latLost, "msgs");
        }

        var fo = BrokerBenchLoad.FanOut(broker.Port, RunId("fo"), FanOutSubscribers, _fanOutMessages, PayloadSize, RunLimit);
        Report(figures, p + "qos0_fanout", fo, "deliveries/s");
        if (!broker.IsRunning)
        {
            throw new IOException($"{broker.Name} exited during the throughput runs:{Environment.NewLine}{broker.LogTail()}");
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
        if (op != null)
        {
            bool met = op == ">=" ? r >= target : r <= target;
            Console.WriteLine($"#   target {op} {target.ToString("0.0#", CultureInfo.InvariantCulture)} x: {(met ? "met" : "MISSED")}");
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

    private static string? FindRepoRoot()
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

    private static bool BuildBrokerHost(string repo)
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
