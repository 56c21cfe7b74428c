using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using NanoNode.BrokerHost.Cli;
using NanoNode.BrokerHost.Devices;
using Manager = NanoNode.BrokerHost.Devices.DeviceManager;

namespace NanoNode.Cluster.Tests.Infrastructure;

/// <summary>The outcome of one step of a <see cref="FleetFlow"/>: passed or not, and what was seen.</summary>
public sealed record StepResult(bool Passed, string Detail);

/// <summary>
/// The fleet flow of issue 13, run once against a <see cref="IBrokerPair"/>; each step's result is kept for the tests
/// to assert one by one. Steps, in order:
/// <list type="number">
/// <item><c>registry</c>: virtual devices (tools/VirtualDevice child processes, telemetry every second) — three on
/// broker A (<c>--broker A,B</c>), three on B (<c>--broker B,A</c>), one more on A for the will — and the device manager
/// on B; every device online with info and config in the registry. Two independent brokers (not joined): everything on
/// A, with B as fallback.</item>
/// <item><c>telemetry</c>: telemetry of every device (so from both brokers) reaches the manager.</item>
/// <item><c>restart</c>: a new manager (the old one gone) rebuilds the complete registry — on RabbitMQ only the nodes'
/// answers to <c>nanonode/all/cmd/announce</c> can do that (no retained messages for wildcard subscriptions) — and
/// <c>devices list</c> (CLI) on B lists every device online.</item>
/// <item><c>acks</c>: config pushed from the manager to a device on A and one on B, both acked <c>applied</c>.</item>
/// <item><c>will</c>: the will device's process is killed (SIGKILL); its <c>offline</c> will reaches the manager.</item>
/// <item><c>failover</c>: broker A is stopped; every device that was on A reconnects to B (seen by a recorder client
/// on B from the start) and keeps publishing.</item>
/// <item><c>loss</c>: no telemetry sequence number of those devices is missing, beyond what the nodes themselves
/// report dropped by their outbox bound (<c>info.counters.telemetry_dropped</c>).</item>
/// </list>
/// </summary>
public sealed class FleetFlow : IAsyncDisposable
{
    /// <summary>Bound of each wait.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>The virtual device's MQTT outbox (tools/VirtualDevice: 16384 bytes; MqttClientOptions default 32 messages).</summary>
    public const string OutboxBound = "32 messages / 16384 bytes per node";

    private readonly IBrokerPair _brokers;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "nanonode-flow-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<ChildProcess> _devices = new();
    private readonly List<(DateTime At, string Topic, string Payload)> _recorded = new();
    private ChildProcess? _willDevice;
    private Manager? _manager;
    private MqttLink? _recorder;

    /// <summary>A flow over <paramref name="brokers"/> (started by <see cref="RunAsync"/>).</summary>
    public FleetFlow(IBrokerPair brokers)
    {
        _brokers = brokers;
    }

    /// <summary>Results by step name (registry, telemetry, restart, acks, will, failover, loss).</summary>
    public Dictionary<string, StepResult> Steps { get; } = new();

    /// <summary>Per device moved by the failover: seconds from the stop command to its <c>online</c> on B.</summary>
    public Dictionary<string, double> ReconnectSeconds { get; } = new();

    /// <summary>Per device moved by the failover: the longest pause between two of its telemetry arrivals at B's recorder from 5 s before the stop on (seconds; telemetry every 1 s).</summary>
    public Dictionary<string, double> SilenceSeconds { get; } = new();

    /// <summary>Seconds the stop command took (until A no longer ran / accepted connections).</summary>
    public double StopSeconds { get; private set; }

    /// <summary>Per device moved by the failover: telemetry sequence numbers missing, and what the node reports dropped.</summary>
    public Dictionary<string, (int Lost, int Received, int Dropped)> Loss { get; } = new();

    /// <summary>Wall time of the whole flow, seconds.</summary>
    public double Seconds { get; private set; }

    /// <summary>Ids on A (they fail over).</summary>
    public string[] OnA => _brokers.Joined ? new[] { "dev-a", "dev-a-2", "dev-a-3" } : new[] { "dev-a", "dev-a-2", "dev-a-3", "dev-b", "dev-b-2", "dev-b-3" };

    /// <summary>Ids that start on B (none for independent brokers).</summary>
    public string[] OnB => _brokers.Joined ? new[] { "dev-b", "dev-b-2", "dev-b-3" } : Array.Empty<string>();

    private IEnumerable<string> All => OnA.Concat(OnB).Append("will-a");

    private string Url(params BrokerEndpoint[] e) => string.Join(",", e.Select(x => $"mqtt://{x.Host}:{x.Port}"));

    private IReadOnlyList<BrokerEndpoint> ManagerBrokers => _brokers.Joined ? new[] { _brokers.B } : new[] { _brokers.A, _brokers.B };

    /// <summary>Starts the brokers and runs every step; a step whose precondition failed is recorded as not run.</summary>
    public async Task RunAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await _brokers.StartAsync();
        await Step("registry", RegistryAsync);
        await Step("telemetry", TelemetryAsync);
        await Step("restart", RestartAsync);
        await Step("acks", AcksAsync);
        await Step("will", WillAsync);
        await Step("failover", FailoverAsync);
        await Step("loss", LossAsync);
        Seconds = watch.Elapsed.TotalSeconds;
    }

    /// <summary>The figures of this flow, as printed and written to the figures file.</summary>
    public string Figures()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{_brokers.Description}");
        sb.AppendLine($"  failover: {_brokers.StopMethod}; {OnA.Length} virtual devices moved to B (QoS 1 telemetry every 1 s; outbox bound {OutboxBound})");
        if (ReconnectSeconds.Count > 0)
        {
            var times = ReconnectSeconds.Values.OrderBy(x => x).ToArray();
            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "  time from the stop command to online on B: median {0:0.00} s, max {1:0.00} s; the stop command itself took {3:0.00} s ({2})",
                times[times.Length / 2], times[^1], string.Join(", ", ReconnectSeconds.OrderBy(p => p.Key).Select(p => string.Format(CultureInfo.InvariantCulture, "{0} {1:0.00} s", p.Key, p.Value))), StopSeconds));
        }

        if (SilenceSeconds.Count > 0)
        {
            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "  longest telemetry silence of a moved device at a subscriber on B: {0:0.00} s (normal spacing 1 s)", SilenceSeconds.Values.Max()));
        }

        if (Loss.Count > 0)
        {
            sb.AppendLine($"  telemetry lost: {Loss.Values.Sum(l => l.Lost)} of {Loss.Values.Sum(l => l.Received + l.Lost)} across the failover; nodes report {Loss.Values.Sum(l => l.Dropped)} dropped by their outbox ({string.Join(", ", Loss.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value.Lost} lost/{p.Value.Dropped} dropped"))})");
        }

        foreach (var (name, r) in Steps)
        {
            sb.AppendLine($"  {name}: {(r.Passed ? "ok" : "FAILED")} — {r.Detail.Split('\n')[0]}");
        }

        sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "  flow took {0:0.0} s", Seconds));
        return sb.ToString();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _manager?.Dispose();
        _recorder?.Dispose();
        foreach (var d in _devices)
        {
            d.Dispose();
        }

        _willDevice?.Dispose();
        _brokers.Dispose();
        try
        {
            Directory.Delete(_data, true);
        }
        catch (IOException)
        {
        }

        await Task.CompletedTask;
    }

    private async Task Step(string name, Func<Task<StepResult>> run)
    {
        var failed = Steps.FirstOrDefault(s => !s.Value.Passed);
        if (failed.Key != null)
        {
            Steps[name] = new StepResult(false, $"not run: step '{failed.Key}' failed");
            return;
        }

        try
        {
            Steps[name] = await run();
        }
        catch (Exception e)
        {
            Steps[name] = new StepResult(false, e.ToString());
        }
    }

    private ChildProcess StartDevices(string id, int count, params BrokerEndpoint[] brokers)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "NanoNode.VirtualDevice.dll");
        return ChildProcess.Start(id, "dotnet", new[]
        {
            dll, "--broker", Url(brokers), "--id", id, "--count", count.ToString(CultureInfo.InvariantCulture), "--interval", "1",
            "--data-dir", _data, "--reset", "--quiet",
        });
    }

    private Manager NewManager()
    {
        var m = new Manager(new DeviceManagerOptions { TelemetryHistory = 100000, LogTelemetry = false }, NullLogger<Manager>.Instance);
        m.Start(ManagerBrokers, null, null);
        return m;
    }

    private bool Complete(Manager m, out string missing)
    {
        var list = m.List();
        var bad = All.Where(id => list.FirstOrDefault(d => d.Id == id) is not { Status: "online", Info: not null, Config: not null }).ToList();
        missing = bad.Count == 0 ? "" : "not complete: " + string.Join(", ", bad.Select(id =>
        {
            var d = list.FirstOrDefault(x => x.Id == id);
            return d == null ? id + " (unknown)" : $"{id} (status {d.Status}, info {(d.Info == null ? "none" : "yes")}, config {(d.Config == null ? "none" : "yes")})";
        }));
        return bad.Count == 0;
    }

    private async Task<StepResult> RegistryAsync()
    {
        _recorder = new MqttLink(new[] { _brokers.B }, "nanonode-recorder-" + Guid.NewGuid().ToString("N")[..8], null, null,
            new[] { "nanonode/+/status", "nanonode/+/telemetry" }, m =>
            {
                lock (_recorded)
                {
                    _recorded.Add((DateTime.UtcNow, m.Topic, Encoding.UTF8.GetString(m.Payload)));
                }
            });
        _recorder.Start();
        if (!await _recorder.WaitReadyAsync(Wait))
        {
            return new StepResult(false, "recorder could not subscribe on B: " + _recorder.LastFailure);
        }

        _devices.Add(StartDevices("dev-a", 3, _brokers.A, _brokers.B));
        _devices.Add(_brokers.Joined ? StartDevices("dev-b", 3, _brokers.B, _brokers.A) : StartDevices("dev-b", 3, _brokers.A, _brokers.B));
        _willDevice = StartDevices("will-a", 1, _brokers.A);
        _manager = NewManager();
        string missing = "";
        bool ok = await _manager.WaitAsync(m => Complete(m, out missing), Wait);
        return new StepResult(ok, ok ? $"{All.Count()} devices online with info and config ({string.Join(", ", All)})" : missing + "\n" + string.Join("\n", _devices.Append(_willDevice).Select(d => d.Tail)));
    }

    private async Task<StepResult> TelemetryAsync()
    {
        bool ok = await _manager!.WaitAsync(m => All.All(id => m.Find(id)?.Telemetry.Count >= 2), Wait);
        var counts = All.Select(id => $"{id} {_manager.Find(id)?.Telemetry.Count ?? 0}");
        string where = _brokers.Joined ? $"devices on A ({string.Join(", ", OnA)}) and on B ({string.Join(", ", OnB)})" : "all devices on A";
        return new StepResult(ok, $"telemetry at the manager from {where}: {string.Join(", ", counts)}");
    }

    private async Task<StepResult> RestartAsync()
    {
        _manager!.Dispose();
        _manager = NewManager();
        string missing = "";
        bool ok = await _manager.WaitAsync(m => Complete(m, out missing), Wait);
        if (!ok)
        {
            return new StepResult(false, "restarted manager: " + missing);
        }

        // The CLI asks the broker the manager is on (B; A for independent brokers, where the whole fleet is).
        var cliBroker = _brokers.Joined ? _brokers.B : _brokers.A;
        var (code, output) = await CliAsync("devices", "list", "--broker", Url(cliBroker), "--window", "4");
        var listed = All.Where(id => output.Split('\n').Any(l => l.StartsWith(id + " ", StringComparison.Ordinal) && l.Contains(" online "))).ToList();
        bool cli = code == 0 && listed.Count == All.Count();
        return new StepResult(cli, cli
            ? $"restarted manager: {All.Count()} devices online with info and config after {_manager.Announces} fleet announce and {_manager.DirectAnnounces} direct requests; CLI devices list on {(_brokers.Joined ? "B" : "A")}: all {listed.Count} online"
            : $"CLI devices list on {(_brokers.Joined ? "B" : "A")} (exit {code}) listed {listed.Count} of {All.Count()}:\n{output}");
    }

    private async Task<StepResult> AcksAsync()
    {
        var results = new List<string>();
        bool ok = true;
        foreach (string id in new[] { "dev-a", OnB.Length > 0 ? "dev-b" : "dev-b-2" })
        {
            var push = _manager!.PushConfig(id, new JsonObject { ["max_silence_s"] = 301 });
            var ack = await _manager.WaitForAckAsync(id, push.Rev, Wait);
            ok &= ack?.State == PushState.Applied;
            results.Add($"{id} rev {push.Rev}: {ack?.State ?? "no ack"}");
        }

        return new StepResult(ok, $"config pushed by the manager on {(_brokers.Joined ? "B to a device on A and one on B" : "A")}: " + string.Join("; ", results));
    }

    private async Task<StepResult> WillAsync()
    {
        _willDevice!.Kill();
        bool ok = await _manager!.WaitAsync(m => m.Find("will-a")?.Status == "offline", Wait);
        return new StepResult(ok, $"will-a (on A) killed with SIGKILL; status at the manager: {_manager.Find("will-a")?.Status}");
    }

    private async Task<StepResult> FailoverAsync()
    {
        var t0 = DateTime.UtcNow;
        _brokers.StopA();
        double stopS = (DateTime.UtcNow - t0).TotalSeconds;
        StopSeconds = stopS;
        var deadline = DateTime.UtcNow + Wait;
        var firstOnline = new Dictionary<string, DateTime>();
        while (DateTime.UtcNow < deadline)
        {
            lock (_recorded)
            {
                foreach (var (at, topic, payload) in _recorded)
                {
                    foreach (string id in OnA)
                    {
                        if (at > t0 && topic == $"nanonode/{id}/status" && payload == "online" && !firstOnline.ContainsKey(id))
                        {
                            firstOnline[id] = at;
                        }
                    }
                }
            }

            // Done when every moved device is back and has published three telemetry documents on B since.
            if (OnA.All(id => firstOnline.ContainsKey(id) && TelemetryAfter(id, firstOnline[id]) >= 3))
            {
                break;
            }

            await Task.Delay(100);
        }

        foreach (var (id, at) in firstOnline)
        {
            ReconnectSeconds[id] = (at - t0).TotalSeconds;
            List<DateTime> arrivals;
            lock (_recorded)
            {
                arrivals = _recorded.Where(r => r.At > t0.AddSeconds(-5) && r.Topic == $"nanonode/{id}/telemetry").Select(r => r.At).ToList();
            }

            if (_brokers.Joined && arrivals.Count > 1)
            {
                SilenceSeconds[id] = arrivals.Zip(arrivals.Skip(1)).Max(p => (p.Second - p.First).TotalSeconds);
            }
        }

        var missing = OnA.Where(id => !firstOnline.ContainsKey(id) || TelemetryAfter(id, firstOnline[id]) < 3).ToList();
        string detail = string.Format(CultureInfo.InvariantCulture, "stop took {0:0.00} s; back online on B: {1}", stopS,
            string.Join(", ", ReconnectSeconds.OrderBy(p => p.Key).Select(p => string.Format(CultureInfo.InvariantCulture, "{0} {1:0.00} s", p.Key, p.Value))));
        if (_brokers is RabbitCluster rabbit)
        {
            detail += "\n" + rabbit.ClusterStatusFromB();
        }

        return new StepResult(missing.Count == 0, missing.Count == 0 ? detail : $"not back on B with telemetry: {string.Join(", ", missing)}; {detail}\n{string.Join("\n", _devices.Select(d => d.Tail))}");
    }

    private async Task<StepResult> LossAsync()
    {
        // The nodes' own account of what their outbox dropped: their info, republished on request.
        _manager!.RequestAnnounce();
        var asked = DateTimeOffset.UtcNow;
        await _manager.WaitAsync(m => OnA.All(id => m.Find(id)?.StatusAt > asked), TimeSpan.FromSeconds(20));
        await Task.Delay(500);
        bool ok = true;
        foreach (string id in OnA)
        {
            var seqs = new HashSet<int>();
            foreach (var t in _manager.Find(id)?.Telemetry ?? Array.Empty<TelemetrySample>())
            {
                if (t.Data["seq"] is JsonValue v && v.TryGetValue(out int s))
                {
                    seqs.Add(s);
                }
            }

            lock (_recorded)
            {
                foreach (var (_, topic, payload) in _recorded)
                {
                    if (topic == $"nanonode/{id}/telemetry" && JsonNode.Parse(payload)?["seq"] is JsonValue v && v.TryGetValue(out int s))
                    {
                        seqs.Add(s);
                    }
                }
            }

            int lost = seqs.Count == 0 ? 0 : seqs.Max() - seqs.Min() + 1 - seqs.Count;
            int dropped = _manager.Find(id)?.Info?["counters"]?["telemetry_dropped"] is JsonValue d && d.TryGetValue(out int n) ? n : 0;
            Loss[id] = (lost, seqs.Count, dropped);
            ok &= seqs.Count > 0 && lost <= dropped;
        }

        return new StepResult(ok, $"sequence gaps vs the nodes' dropped counters: {string.Join(", ", Loss.Select(p => $"{p.Key} {p.Value.Lost} lost of {p.Value.Received + p.Value.Lost}, {p.Value.Dropped} dropped"))} (outbox bound {OutboxBound})");
    }

    private int TelemetryAfter(string id, DateTime since)
    {
        lock (_recorded)
        {
            return _recorded.Count(r => r.At > since && r.Topic == $"nanonode/{id}/telemetry");
        }
    }

    private static async Task<(int Code, string Output)> CliAsync(params string[] args)
    {
        var data = new Option<string>("--data") { DefaultValueFactory = _ => "nanonode-data", Recursive = true };
        var broker = new Option<string?>("--broker") { Recursive = true };
        var user = new Option<string?>("--user") { Recursive = true };
        var password = new Option<string?>("--password") { Recursive = true };
        var root = new RootCommand("cluster test") { data, broker, user, password };
        foreach (var c in DeviceCommands.Create(data, broker, user, password))
        {
            root.Subcommands.Add(c);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        using var cts = new CancellationTokenSource(Wait);
        int code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cts.Token);
        return (code, output + error.ToString());
    }
}
