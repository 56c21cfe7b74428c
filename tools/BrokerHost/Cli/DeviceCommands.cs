using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NanoNode.BrokerHost.Devices;

namespace NanoNode.BrokerHost.Cli;

/// <summary>
/// <c>devices list</c>, <c>devices show &lt;id&gt;</c>, <c>config get &lt;id&gt;</c>, <c>config set &lt;id&gt; key=value…</c>:
/// talk to a running broker over MQTT (default mqtt://127.0.0.1:1883; <c>--broker</c>, <c>--user</c>, <c>--password</c>),
/// NanoNode's or any other, through the device protocol of DESIGN §5 (retained status/info/config, config/set, config/ack).
/// Each command also asks the nodes to announce (<c>cmd/announce</c>), so it works on brokers without retained
/// messages for wildcards. A broker address nothing listens on is reported as "nothing listens on host:port" (exit 1).
/// Output goes to the invocation's output writer; exit codes: 0 ok, 1 failure (not found, timeout, not applied), 2 usage.
/// </summary>
public static class DeviceCommands
{
    private const string Prefix = "nanonode";

    /// <summary>Creates the <c>devices</c> and <c>config</c> commands over the shared options of <see cref="BrokerCli"/>.</summary>
    public static IEnumerable<Command> Create(Option<string> data, Option<string?> broker, Option<string?> user, Option<string?> password)
    {
        var window = new Option<double>("--window") { Description = "seconds to collect what the devices (re)publish: retained messages and announce answers (a broker that replays retained messages ends it early once they stop)", DefaultValueFactory = _ => 3.0 };
        var showWindow = new Option<double>("--window") { Description = "seconds to collect the device's retained messages and announce answer", DefaultValueFactory = _ => 1.0 };
        var timeout = new Option<double>("--timeout") { Description = "seconds to wait for the broker / the device's answer", DefaultValueFactory = _ => 15.0 };

        var devices = new Command("devices", "NanoNode devices seen on the broker (retained status and info)");
        var list = new Command("list", "list devices: id, status, board, firmware, config rev") { window, timeout };
        list.SetAction((r, ct) => ListAsync(r, Connection(r, broker, user, password), r.GetValue(window), r.GetValue(timeout), ct));
        var showId = new Argument<string>("id") { Description = "device id" };
        var show = new Command("show", "show one device: status, info, config and (if it arrives within the window) telemetry") { showId, showWindow, timeout };
        show.SetAction((r, ct) => ShowAsync(r, Connection(r, broker, user, password), r.GetValue(showId)!, r.GetValue(showWindow), r.GetValue(timeout), ct));
        devices.Subcommands.Add(list);
        devices.Subcommands.Add(show);
        yield return devices;

        var config = new Command("config", "read and change a device's config (config protocol: rev, config/set, config/ack)");
        var getId = new Argument<string>("id") { Description = "device id" };
        var get = new Command("get", "print the device's retained effective config") { getId, timeout };
        get.SetAction((r, ct) => GetAsync(r, Connection(r, broker, user, password), r.GetValue(getId)!, r.GetValue(timeout), ct));
        var setId = new Argument<string>("id") { Description = "device id" };
        var pairs = new Argument<string[]>("key=value") { Description = "settings: numbers, true/false, or strings (\"...\" forces a string)", Arity = ArgumentArity.OneOrMore };
        var set = new Command("set", "publish config/set with rev = current rev + 1, wait for the matching config/ack and print it (exit 0 only when applied)") { setId, pairs, timeout };
        set.SetAction((r, ct) => SetAsync(r, Connection(r, broker, user, password), r.GetValue(setId)!, r.GetValue(pairs)!, r.GetValue(timeout), ct));
        config.Subcommands.Add(get);
        config.Subcommands.Add(set);
        yield return config;
    }

    /// <summary>
    /// Parses <c>key=value</c> settings into a config patch: <c>true</c>/<c>false</c> → boolean, a number (invariant
    /// culture) → number, <c>"text"</c> → the string without quotes, anything else → string. Null with
    /// <paramref name="error"/> for a malformed pair (no '=', empty key, duplicate key, <c>rev</c>).
    /// </summary>
    public static JsonObject? ParsePairs(IEnumerable<string> pairs, out string error)
    {
        var patch = new JsonObject();
        error = "";
        foreach (string pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                error = $"'{pair}' is not key=value";
                return null;
            }

            string key = pair[..eq].Trim();
            string text = pair[(eq + 1)..];
            if (key == "rev")
            {
                error = "rev is set by the command (current rev + 1)";
                return null;
            }

            if (patch.ContainsKey(key))
            {
                error = $"{key} given twice";
                return null;
            }

            patch[key] = TypedValue(text);
        }

        return patch;
    }

    private static JsonNode TypedValue(string text)
    {
        if (text == "true" || text == "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            return JsonValue.Create(text[1..^1]);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
        {
            return JsonValue.Create(l);
        }

        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(text);
    }

    private sealed record BrokerAddress(IReadOnlyList<BrokerEndpoint> Endpoints, string? User, string? Password, string Url);

    private static BrokerAddress? Connection(ParseResult r, Option<string?> broker, Option<string?> user, Option<string?> password)
    {
        string url = r.GetValue(broker) ?? "mqtt://127.0.0.1:1883";
        return BrokerEndpoints.TryParse(url, out var endpoints, out _)
            ? new BrokerAddress(endpoints, r.GetValue(user), r.GetValue(password), url)
            : null;
    }

    /// <summary>
    /// Asks nodes to republish status, info and config (<c>&lt;prefix&gt;/all/cmd/announce</c>, or one node's
    /// <c>&lt;prefix&gt;/&lt;id&gt;/cmd/announce</c>): on brokers that keep no retained message for wildcard subscribers
    /// (RabbitMQ) or keep them per cluster node, the answers are what the command sees.
    /// </summary>
    private static void Announce(Session s, string? id) =>
        s.Link.Publish(Prefix + "/" + (id ?? "all") + "/cmd/announce", Array.Empty<byte>(), 1, false);

    /// <summary>A short-lived MQTT session collecting what arrives on its filters.</summary>
    private sealed class Session : IDisposable
    {
        private readonly List<MqttMessage> _messages = new();
        private readonly MqttLink _link;
        private DateTime _last = DateTime.UtcNow;
        private readonly SemaphoreSlim _arrived = new(0);

        public Session(BrokerAddress address, params string[] filters)
        {
            _link = new MqttLink(address.Endpoints, "nanonode-cli-" + Guid.NewGuid().ToString("N")[..8], address.User, address.Password, filters, m =>
            {
                lock (_messages)
                {
                    _messages.Add(m);
                    _last = DateTime.UtcNow;
                }

                _arrived.Release();
            });
            _link.Start();
        }

        public Task<bool> ReadyAsync(double timeoutS, CancellationToken ct) => _link.WaitReadyAsync(TimeSpan.FromSeconds(timeoutS), ct);

        public MqttLink Link => _link;

        /// <summary>When the last message arrived (UTC).</summary>
        public DateTime LastArrival
        {
            get
            {
                lock (_messages)
                {
                    return _last;
                }
            }
        }

        public List<MqttMessage> Snapshot()
        {
            lock (_messages)
            {
                return _messages.ToList();
            }
        }

        /// <summary>Waits until messages stop arriving (0.3 s quiet after the first), at most <paramref name="windowS"/> seconds.</summary>
        public async Task CollectAsync(double windowS, CancellationToken ct)
        {
            var end = DateTime.UtcNow.AddSeconds(windowS);
            var quiet = TimeSpan.FromSeconds(Math.Min(0.3, windowS));
            while (DateTime.UtcNow < end)
            {
                DateTime last;
                lock (_messages)
                {
                    last = _last;
                }

                if (DateTime.UtcNow - last >= quiet && _messages.Count > 0)
                {
                    return;
                }

                await Task.Delay(50, ct).ConfigureAwait(false);
            }
        }

        /// <summary>Waits for the first message matching <paramref name="match"/>, up to <paramref name="timeoutS"/>.</summary>
        public async Task<MqttMessage?> WaitForAsync(Func<MqttMessage, bool> match, double timeoutS, CancellationToken ct)
        {
            var end = DateTime.UtcNow.AddSeconds(timeoutS);
            while (true)
            {
                var hit = Snapshot().FirstOrDefault(match);
                if (hit != null)
                {
                    return hit;
                }

                var left = end - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false);
            }
        }

        public void Dispose() => _link.Dispose();
    }

    private static async Task<Session?> OpenAsync(ParseResult r, BrokerAddress? address, double timeoutS, CancellationToken ct, params string[] filters)
    {
        var err = r.InvocationConfiguration.Error;
        if (address == null)
        {
            await err.WriteLineAsync("--broker must look like mqtt://host:port").ConfigureAwait(false);
            return null;
        }

        // A port nothing listens on is said at once, by name, rather than after the timeout as an MQTT status.
        var listening = new List<BrokerEndpoint>();
        foreach (var e in address.Endpoints)
        {
            if (await ListensAsync(e, TimeSpan.FromSeconds(Math.Min(timeoutS, 5)), ct).ConfigureAwait(false) != false)
            {
                listening.Add(e);
            }
        }

        if (listening.Count == 0)
        {
            string where = string.Join(", ", address.Endpoints);
            await err.WriteLineAsync($"nothing listens on {where}: start the broker there (NanoNode.BrokerHost serve) or point --broker at one, e.g. --broker mqtt://host:1883").ConfigureAwait(false);
            return null;
        }

        var s = new Session(address with { Endpoints = listening }, filters);
        if (!await s.ReadyAsync(timeoutS, ct).ConfigureAwait(false))
        {
            await err.WriteLineAsync($"cannot connect to {address.Url} within {timeoutS:0.#} s ({s.Link.LastFailure})").ConfigureAwait(false);
            s.Dispose();
            return null;
        }

        return s;
    }

    /// <summary>False when the TCP connection is refused (nothing listens), true when it opens, null when unknown (timeout, DNS).</summary>
    private static async Task<bool?> ListensAsync(BrokerEndpoint e, TimeSpan timeout, CancellationToken ct)
    {
        using var client = new System.Net.Sockets.TcpClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(e.Host, e.Port, cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (System.Net.Sockets.SocketException x) when (x.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused)
        {
            return false;
        }
        catch (Exception x) when (x is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            ct.ThrowIfCancellationRequested();
            return null;
        }
    }

    private static string Text(byte[] payload) => Encoding.UTF8.GetString(payload);

    private static JsonObject? Object(byte[] payload)
    {
        try
        {
            return payload.Length == 0 ? null : JsonNode.Parse(payload) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string IdOf(string topic)
    {
        var parts = topic.Split('/');
        return parts.Length >= 3 ? parts[1] : "";
    }

    private static async Task<int> ListAsync(ParseResult r, BrokerAddress? address, double windowS, double timeoutS, CancellationToken ct)
    {
        // Telemetry too: a device seen only by its traffic (no retained status on this broker, and the fleet announce
        // ignored because another client asked less than 10 s ago) is asked on its own cmd/announce, answered at once.
        using var s = await OpenAsync(r, address, timeoutS, ct, Prefix + "/+/status", Prefix + "/+/info", Prefix + "/+/telemetry").ConfigureAwait(false);
        if (s == null)
        {
            return 1;
        }

        Announce(s, null);
        var asked = new HashSet<string>(StringComparer.Ordinal);
        var end = DateTime.UtcNow.AddSeconds(windowS);
        while (DateTime.UtcNow < end)
        {
            await Task.Delay(100, ct).ConfigureAwait(false);
            var seen = s.Snapshot();
            var described = seen.Where(m => !m.Topic.EndsWith("/telemetry", StringComparison.Ordinal)).ToList();
            foreach (string id in seen.Select(m => IdOf(m.Topic)).Distinct())
            {
                bool complete = described.Any(m => IdOf(m.Topic) == id && m.Topic.EndsWith("/status", StringComparison.Ordinal))
                    && described.Any(m => IdOf(m.Topic) == id && m.Topic.EndsWith("/info", StringComparison.Ordinal));
                if (!complete && id.Length > 0 && id != "all" && NanoNode.Device.Node.DeviceTopics.IsValidDeviceId(id) && asked.Add(id))
                {
                    Announce(s, id);
                }
            }

            // A broker that replays retained messages to wildcards (Mosquitto, NanoNode) has sent them all once they
            // pause; without any retained message, the fleet's jittered announce answers take the whole window.
            if (described.Any(m => m.Retain) && asked.Count == 0 && described.Count > 0 && DateTime.UtcNow - s.LastArrival >= TimeSpan.FromSeconds(0.3))
            {
                break;
            }
        }

        var rows = new SortedDictionary<string, (string Status, JsonObject? Info)>(StringComparer.Ordinal);
        foreach (var m in s.Snapshot())
        {
            string id = IdOf(m.Topic);
            if (id.Length == 0 || id == "all" || m.Payload.Length == 0)
            {
                continue;
            }

            if (m.Topic.EndsWith("/telemetry", StringComparison.Ordinal))
            {
                // Known by its traffic only (it did not answer the announce): listed, status unknown.
                rows.TryAdd(id, ("unknown", null));
                continue;
            }

            rows.TryGetValue(id, out var row);
            row.Status ??= "unknown";
            if (m.Topic.EndsWith("/status", StringComparison.Ordinal))
            {
                row.Status = Text(m.Payload);
            }
            else
            {
                row.Info = Object(m.Payload) ?? row.Info;
            }

            rows[id] = row;
        }

        var o = r.InvocationConfiguration.Output;
        if (rows.Count == 0)
        {
            await o.WriteLineAsync("no devices").ConfigureAwait(false);
            return 0;
        }

        await o.WriteLineAsync($"{"ID",-24} {"STATUS",-8} {"BOARD",-10} {"FIRMWARE",-12} {"REV",5}  SENSORS").ConfigureAwait(false);
        foreach (var (id, row) in rows)
        {
            var found = (row.Info?["sensors"] as JsonArray)?.OfType<JsonObject>()
                .Where(x => x["found"]?.GetValueKind() == JsonValueKind.True).Select(x => (string?)x["chip"]) ?? Enumerable.Empty<string?>();
            await o.WriteLineAsync($"{id,-24} {row.Status,-8} {(string?)row.Info?["board"] ?? "-",-10} {(string?)row.Info?["firmware"] ?? "-",-12} {row.Info?["config_rev"]?.ToJsonString() ?? "-",5}  {string.Join(",", found)}").ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task<int> ShowAsync(ParseResult r, BrokerAddress? address, string id, double windowS, double timeoutS, CancellationToken ct)
    {
        if (!NanoNode.Device.Node.DeviceTopics.IsValidDeviceId(id))
        {
            await r.InvocationConfiguration.Error.WriteLineAsync("device id: 1..32 of A-Z a-z 0-9 - _").ConfigureAwait(false);
            return 2;
        }

        string t = Prefix + "/" + id + "/";
        using var s = await OpenAsync(r, address, timeoutS, ct, t + "status", t + "info", t + "config", t + "telemetry").ConfigureAwait(false);
        if (s == null)
        {
            return 1;
        }

        Announce(s, id);
        await s.CollectAsync(windowS, ct).ConfigureAwait(false);
        var latest = new Dictionary<string, MqttMessage>(StringComparer.Ordinal);
        foreach (var m in s.Snapshot())
        {
            latest[m.Topic[t.Length..]] = m;
        }

        var o = r.InvocationConfiguration.Output;
        if (!latest.ContainsKey("status") && !latest.ContainsKey("info") && !latest.ContainsKey("config"))
        {
            await r.InvocationConfiguration.Error.WriteLineAsync($"no device {id} on {address!.Url} (no retained status, info or config)").ConfigureAwait(false);
            return 1;
        }

        var pretty = new JsonSerializerOptions { WriteIndented = true };
        await o.WriteLineAsync($"device {id}").ConfigureAwait(false);
        await o.WriteLineAsync($"status: {(latest.TryGetValue("status", out var st) ? Text(st.Payload) : "unknown")}").ConfigureAwait(false);
        foreach (string part in new[] { "info", "config", "telemetry" })
        {
            string body = latest.TryGetValue(part, out var m) ? (Object(m.Payload)?.ToJsonString(pretty) ?? Text(m.Payload)) : "(none)";
            await o.WriteLineAsync($"{part}: {body}").ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task<int> GetAsync(ParseResult r, BrokerAddress? address, string id, double timeoutS, CancellationToken ct)
    {
        if (!NanoNode.Device.Node.DeviceTopics.IsValidDeviceId(id))
        {
            await r.InvocationConfiguration.Error.WriteLineAsync("device id: 1..32 of A-Z a-z 0-9 - _").ConfigureAwait(false);
            return 2;
        }

        string topic = Prefix + "/" + id + "/config";
        using var s = await OpenAsync(r, address, timeoutS, ct, topic).ConfigureAwait(false);
        if (s == null)
        {
            return 1;
        }

        Announce(s, id);
        // A retained message is sent right after the SUBSCRIBE is granted [MQTT-3.3.1-6]; a node answering the announce
        // republishes it within its next loop turns. Two seconds cover both.
        var m = await s.WaitForAsync(x => x.Topic == topic && x.Payload.Length > 0, Math.Min(timeoutS, 2.0), ct).ConfigureAwait(false);
        if (m == null)
        {
            await r.InvocationConfiguration.Error.WriteLineAsync($"no retained config for {id} on {address!.Url}").ConfigureAwait(false);
            return 1;
        }

        await r.InvocationConfiguration.Output.WriteLineAsync(Object(m.Payload)?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? Text(m.Payload)).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> SetAsync(ParseResult r, BrokerAddress? address, string id, string[] pairs, double timeoutS, CancellationToken ct)
    {
        var err = r.InvocationConfiguration.Error;
        if (!NanoNode.Device.Node.DeviceTopics.IsValidDeviceId(id))
        {
            await err.WriteLineAsync("device id: 1..32 of A-Z a-z 0-9 - _").ConfigureAwait(false);
            return 2;
        }

        var patch = ParsePairs(pairs, out string error);
        if (patch == null)
        {
            await err.WriteLineAsync(error).ConfigureAwait(false);
            return 2;
        }

        string t = Prefix + "/" + id + "/";
        using var s = await OpenAsync(r, address, timeoutS, ct, t + "config", t + "config/ack").ConfigureAwait(false);
        if (s == null)
        {
            return 1;
        }

        Announce(s, id);
        var current = await s.WaitForAsync(x => x.Topic == t + "config" && x.Payload.Length > 0, Math.Min(timeoutS, 2.0), ct).ConfigureAwait(false);
        int rev = current != null && Object(current.Payload)?["rev"] is JsonValue v && v.TryGetValue(out int cr) ? cr : 0;
        if (current == null)
        {
            await err.WriteLineAsync($"note: no retained config for {id}; sending rev 1").ConfigureAwait(false);
        }

        var body = new JsonObject { ["rev"] = rev + 1 };
        foreach (var (k, value) in patch.ToList())
        {
            patch.Remove(k);
            body[k] = value;
        }

        int sent = rev + 1;
        s.Link.Publish(t + "config/set", Encoding.UTF8.GetBytes(body.ToJsonString()), 1, false);
        await r.InvocationConfiguration.Output.WriteLineAsync($"sent {t}config/set {body.ToJsonString()}").ConfigureAwait(false);
        var ack = await s.WaitForAsync(x => x.Topic == t + "config/ack" && AckRev(x.Payload) is int a && (a == sent || a == -1), timeoutS, ct).ConfigureAwait(false);
        if (ack == null)
        {
            await err.WriteLineAsync($"no config/ack for rev {sent} within {timeoutS:0.#} s (device offline?)").ConfigureAwait(false);
            return 1;
        }

        await r.InvocationConfiguration.Output.WriteLineAsync($"ack {Text(ack.Payload)}").ConfigureAwait(false);
        return (string?)Object(ack.Payload)?["result"] == "applied" ? 0 : 1;
    }

    /// <summary>The ack's rev (-1 for null: a busy/missing-rev rejection), or null for something that is not an ack.</summary>
    private static int? AckRev(byte[] payload)
    {
        var o = Object(payload);
        if (o == null || !o.ContainsKey("result"))
        {
            return null;
        }

        return o["rev"] is JsonValue v && v.TryGetValue(out int rev) ? rev : -1;
    }
}
