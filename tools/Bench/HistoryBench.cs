using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using NanoNode.BrokerHost.History;
using NanoNode.Mqtt;

namespace NanoNode.Bench;

/// <summary>
/// <c>history</c> mode (issue 12): the telemetry history's cost.
/// <list type="number">
/// <item>Write path alone, in process: telemetry documents (4 quantities each) handed to <see cref="HistoryStore"/> as
/// fast as its queue takes them, until the writer thread has committed them all to SQLite: documents/s and
/// readings/s (one reading = one quantity value = one row).</item>
/// <item>The broker's QoS 0 fan-in (the <c>broker</c> mode's load: 4 publishers → 1 subscriber, 64-byte payloads)
/// measured on two broker host processes side by side, one with <c>History=false</c> and one with history on, both
/// with the built-in device manager and both under the same side load of device telemetry (JSON documents on
/// <c>nanonode/bench-&lt;k&gt;/telemetry</c>, <c>--telemetry-rate</c> documents/s, 4 readings each) that the manager
/// receives and, on the second, writes to SQLite. Runs alternate off/on <c>--rounds</c> times; the medians and
/// their ratio are printed, with the readings the history-on broker stored per second of side load (counted in its
/// history.db afterwards).</item>
/// </list>
/// Nothing is asserted; every run is bounded in count and time.
/// </summary>
public sealed class HistoryBench : IBenchMode
{
    private const int Publishers = 4;
    private const int PayloadSize = 64;
    private const int DevicesInSideLoad = 20;
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);
    private int _runs;

    /// <inheritdoc />
    public string Name => "history";

    /// <inheritdoc />
    public string Description => "telemetry history: SQLite write path readings/s; broker QoS 0 fan-in with history off vs on under device telemetry";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        bool noBuild = args.Contains("--no-build");
        int documents = int.Parse(Value(args, "--documents") ?? (quick ? "20000" : "100000"), CultureInfo.InvariantCulture);
        int perPublisher = int.Parse(Value(args, "--per-publisher") ?? (quick ? "10000" : "250000"), CultureInfo.InvariantCulture);
        int rounds = int.Parse(Value(args, "--rounds") ?? (quick ? "1" : "7"), CultureInfo.InvariantCulture);
        int telemetryRate = int.Parse(Value(args, "--telemetry-rate") ?? "500", CultureInfo.InvariantCulture);

        Console.WriteLine($"# history bench: {Environment.ProcessorCount} cores, .NET {Environment.Version}, SQLite {SqliteVersion()}");
        WritePath(documents);

        string? repo = BrokerBench.FindRepoRoot();
        if (repo == null)
        {
            Console.Error.WriteLine("history: cannot find the repository root above " + AppContext.BaseDirectory);
            return 1;
        }

        string dll = Path.Combine(repo, "artifacts", "bin", "BrokerHost", "release", "NanoNode.BrokerHost.dll");
        if (!noBuild && !BrokerBench.BuildBrokerHost(repo))
        {
            return 1;
        }

        var work = Directory.CreateTempSubdirectory("nanonode-history-bench-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => BrokerBenchProcess.KillAll();
        try
        {
            return FanIn(dll, work.FullName, perPublisher, rounds, telemetryRate);
        }
        finally
        {
            BrokerBenchProcess.KillAll();
            try
            {
                work.Delete(true);
            }
            catch (IOException)
            {
            }
        }
    }

    // Part 1: the store alone.
    private static void WritePath(int documents)
    {
        string dir = Directory.CreateTempSubdirectory("nanonode-history-store-").FullName;
        try
        {
            using var store = new HistoryStore(Path.Combine(dir, "history.db"), new HistoryOptions(), NullLogger.Instance);
            var doc = new JsonObject { ["seq"] = 0, ["ts"] = 0, ["uptime_s"] = 0, ["temperature_c"] = 21.5, ["humidity_pct"] = 40.25, ["pressure_hpa"] = 1003.5, ["illuminance_lx"] = 250.0 };
            long baseMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            long retries = 0;
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < documents; i++)
            {
                // The store never blocks; when its queue is full the bench waits a little and offers the document again.
                while (!store.AddTelemetry("bench-" + (i % DevicesInSideLoad), baseMs + i, doc))
                {
                    retries++;
                    Thread.Sleep(1);
                }
            }

            double queued = sw.Elapsed.TotalSeconds;
            if (!store.Flush(TimeSpan.FromMinutes(5)))
            {
                Console.WriteLine("# history write path: flush did not finish within 5 minutes");
            }

            double seconds = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"# write path: {documents} documents x 4 quantities into a fresh history.db (WAL, synchronous=NORMAL, batches of {new HistoryOptions().BatchSize}); queued in {queued:0.00} s ({retries} waits for a full queue), committed in {seconds:0.00} s");
            BenchOutput.Figure("history_write_documents", documents / seconds, "documents/s");
            BenchOutput.Figure("history_write_readings", store.Written / seconds, "readings/s");
            BenchOutput.Figure("history_rows_written", store.Written, "rows");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dir, true);
            }
            catch (IOException)
            {
            }
        }
    }

    // Part 2: the broker's fan-in with history off and on, both under the same device telemetry.
    private int FanIn(string dll, string work, int perPublisher, int rounds, int telemetryRate)
    {
        var common = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // As in the broker mode: queue limits that do not drop under the open-loop fan-in.
            ["NANONODE_Broker__MaxQueuedMessages"] = "1000000",
            ["NANONODE_Broker__MaxQueuedBytes"] = "1073741824",
            ["NANONODE_Broker__MaxConnectionQueueBytes"] = "1073741824",
        };
        using var off = BrokerBenchProcess.StartNanoNode(dll, work, "", new Dictionary<string, string>(common) { ["NANONODE_Broker__History"] = "false" });
        using var on = BrokerBenchProcess.StartNanoNode(dll, work, "", new Dictionary<string, string>(common) { ["NANONODE_Broker__History"] = "true" });
        Console.WriteLine($"# history off: pid {off.Pid}, 127.0.0.1:{off.Port}; history on: pid {on.Pid}, 127.0.0.1:{on.Port}; both: broker + device manager, no virtual devices");
        Console.WriteLine($"# fan-in: QoS 0, {Publishers} publishers x {perPublisher} messages of {PayloadSize} bytes -> 1 subscriber; side load during each run: {telemetryRate} telemetry documents/s (x 4 readings) from {DevicesInSideLoad} device ids; {rounds} round(s), alternating off/on");
        Thread.Sleep(2000);

        // Warm-up of both (JIT tiers, pools), with the side load, not counted: two full runs each, as the first rounds
        // of a fresh process are markedly slower.
        for (int w = 0; w < 2; w++)
        {
            foreach (var b in new[] { off, on })
            {
                using var side = new SideLoad(b.Port, RunId("wside"), telemetryRate);
                BrokerBenchLoad.FanIn(b.Port, RunId("warm"), 0, Publishers, perPublisher, PayloadSize, RunLimit);
                side.Stop();
            }
        }

        Thread.Sleep(1000);
        long storedBefore = CountRows(Path.Combine(work, "nanonode-data-" + on.Port.ToString(CultureInfo.InvariantCulture), "history.db"));

        var offRates = new List<double>();
        var onRates = new List<double>();
        long sideSent = 0;
        double sideSeconds = 0;
        for (int r = 0; r < rounds; r++)
        {
            foreach (var (b, rates, label) in new[] { (off, offRates, "off"), (on, onRates, "on") })
            {
                using var side = new SideLoad(b.Port, RunId("side"), telemetryRate);
                Thread.Sleep(500);
                var result = BrokerBenchLoad.FanIn(b.Port, RunId("q0"), 0, Publishers, perPublisher, PayloadSize, RunLimit);
                var (sent, seconds) = side.Stop();
                if (ReferenceEquals(b, on))
                {
                    sideSent += sent;
                    sideSeconds += seconds;
                }

                rates.Add(result.Rate);
                Console.WriteLine($"# round {r + 1} history {label}: {result.Rate:0} msg/s, {result.Distinct}/{result.Expected} delivered{(result.TimedOut ? ", timed out" : "")}; side load {sent} documents in {seconds:0.0} s ({sent / Math.Max(seconds, 1e-9):0}/s)");
            }
        }

        double offMedian = Median(offRates);
        double onMedian = Median(onRates);
        BenchOutput.Figure("qos0_fanin_history_off", offMedian, "msg/s");
        BenchOutput.Figure("qos0_fanin_history_on", onMedian, "msg/s");
        BenchOutput.Figure("qos0_fanin_ratio_off_over_on", onMedian > 0 ? offMedian / onMedian : 0, "x");
        Console.WriteLine("# per-round ratios off/on: " + string.Join(", ", offRates.Zip(onRates, (a, b) => b > 0 ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) : "-")) + $"; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

        // What the history-on broker stored: rows of the side-load devices in its history.db (the writer flushes within a batch).
        Thread.Sleep(2000);
        string db = Path.Combine(work, "nanonode-data-" + on.Port.ToString(CultureInfo.InvariantCulture), "history.db");
        long rows = CountRows(db) - storedBefore;
        BenchOutput.Figure("history_side_load_sent", sideSent * 4, "readings");
        BenchOutput.Figure("history_side_load_stored", rows, "readings");
        BenchOutput.Figure("history_side_load_stored_rate", sideSeconds > 0 ? rows / sideSeconds : 0, "readings/s");
        return 0;
    }

    private string RunId(string what) => "h" + what + (++_runs).ToString(CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    private static long CountRows(string db)
    {
        if (!File.Exists(db))
        {
            Console.WriteLine("# " + db + " not found");
            return -1;
        }

        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM telemetry WHERE device LIKE 'bench-%'";
        return (long)cmd.ExecuteScalar()!;
    }

    private static string SqliteVersion()
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT sqlite_version()";
        return (string)cmd.ExecuteScalar()!;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private static string? Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>
    /// Device telemetry at a fixed rate on its own connection and thread: QoS 0 JSON documents to
    /// <c>nanonode/bench-&lt;k&gt;/telemetry</c>, paced every 10 ms, until <see cref="Stop"/>.
    /// </summary>
    private sealed class SideLoad : IDisposable
    {
        private readonly BrokerBenchClient _client;
        private readonly Thread _thread;
        private readonly int _rate;
        private volatile bool _stop;
        private long _sent;
        private double _seconds;

        public SideLoad(int port, string run, int rate)
        {
            _rate = rate;
            _client = BrokerBenchClient.Connect(port, run, 0, 10_000);
            _thread = new Thread(Loop) { IsBackground = true, Name = "side-load" };
            _thread.Start();
        }

        public (long Sent, double Seconds) Stop()
        {
            _stop = true;
            _thread.Join();
            return (Interlocked.Read(ref _sent), _seconds);
        }

        public void Dispose()
        {
            if (!_stop)
            {
                Stop();
            }

            try
            {
                _client.Disconnect();
            }
            catch (System.Net.Sockets.SocketException)
            {
            }

            _client.Dispose();
        }

        private void Loop()
        {
            var topics = Enumerable.Range(0, DevicesInSideLoad).Select(k => Encoding.UTF8.GetBytes("nanonode/bench-" + k + "/telemetry")).ToArray();
            var buffer = new byte[64 * 1024];
            var sw = Stopwatch.StartNew();
            long seq = 0;
            while (!_stop && sw.Elapsed < RunLimit)
            {
                long due = (long)(sw.Elapsed.TotalSeconds * _rate);
                int at = 0;
                while (seq < due && at < buffer.Length - 512)
                {
                    byte[] topic = topics[seq % DevicesInSideLoad];
                    byte[] payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                        $"{{\"seq\":{seq},\"ts\":null,\"uptime_s\":1,\"temperature_c\":{20 + seq % 50 / 10.0},\"humidity_pct\":45.5,\"pressure_hpa\":1003.25,\"illuminance_lx\":250}}"));
                    BrokerBenchClient.Check(PublishPacket.Encode(buffer, at, buffer.Length - at, topic, 0, topic.Length, 0, false, false, 0, payload, 0, payload.Length, out int n), "PUBLISH");
                    at += n;
                    seq++;
                }

                if (at > 0)
                {
                    try
                    {
                        _client.Send(buffer, 0, at);
                    }
                    catch (System.Net.Sockets.SocketException)
                    {
                        break;
                    }
                }

                Thread.Sleep(10);
            }

            Interlocked.Exchange(ref _sent, seq);
            _seconds = sw.Elapsed.TotalSeconds;
        }
    }
}
