using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using NanoNode.BrokerHost.History;
using NanoNode.DeviceManager.Tests.Infrastructure;

namespace NanoNode.DeviceManager.Tests;

/// <summary>
/// Telemetry history and the device event log (issue 12): persisted in SQLite across a broker host restart, retention
/// deletes old rows, downsampling in SQL, CSV export, events for config pushes, acks, rollbacks, commands and
/// online/offline with the reason the broker saw (clean, will (keep-alive timeout), will (socket ...)).
/// </summary>
public sealed class HistoryApiTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Readings and events stored before a clean stop are served by the next broker host on the same data folder.</summary>
    [Fact]
    public async Task History_SurvivesBrokerHostRestart()
    {
        string data = DeviceEnvironment.NewDataDirectory();
        try
        {
            long[] before;
            await using (var env = await OwnBrokerEnvironment.StartAsync(dataDirectory: data, virtualDevices: 1))
            {
                Assert.True(await env.Manager.WaitAsync(m => m.Find("virtual-1")?.Telemetry.Count >= 3, DeviceEnvironment.Wait));
                Assert.True(env.Manager.History!.Flush(DeviceEnvironment.Wait));
                before = await Times(env, "temperature_c", "-1h");
                Assert.True(before.Length >= 3, string.Join(",", before));
                Assert.Equal(HttpStatusCode.OK, (await env.Http().PostAsync("/api/devices/virtual-1/cmd/identify?wait=20", null)).StatusCode);

                // A device whose connection drops: offline by its will, with the reason.
                using (var raw = RawDevice.Connect(env.MqttPort, "raw-gone", keepAliveS: 60))
                {
                    Assert.True(await env.Manager.WaitAsync(m => m.Find("raw-gone")?.Status == "online", DeviceEnvironment.Wait));
                }

                Assert.True(await env.Manager.WaitAsync(m => m.Find("raw-gone")?.OfflineReason != null, DeviceEnvironment.Wait));
                Assert.True(env.Manager.History!.Flush(DeviceEnvironment.Wait));
            }

            long restartedAt = Now;
            await using (var env = await OwnBrokerEnvironment.StartAsync(dataDirectory: data, virtualDevices: 1))
            {
                Assert.True(await env.Manager.WaitAsync(m => m.Find("virtual-1") != null, DeviceEnvironment.Wait));
                long[] after = await Times(env, "temperature_c", "-1h");
                // Everything read before the stop is still there, in order (readings stored after that read come after it).
                Assert.Equal(before, after.Take(before.Length).ToArray());
                var events = await env.Http().GetFromJsonAsync<JsonObject>("/api/devices/virtual-1/events");
                Assert.Contains(events!["events"]!.AsArray(), e => (string?)e!["type"] == "command_ack" && (string?)e["cmd"] == "identify" && (long)e["ts"]! < restartedAt);

                // The retained offline status of raw-gone comes back with the time and reason of its last offline event.
                Assert.True(await env.Manager.WaitAsync(m => m.Find("raw-gone")?.Status == "offline", DeviceEnvironment.Wait));
                var gone = env.Manager.Find("raw-gone")!;
                Assert.StartsWith("will (socket", gone.OfflineReason);
                Assert.True(gone.StatusSince!.Value.ToUnixTimeMilliseconds() < restartedAt, gone.StatusSince.ToString());
            }
        }
        finally
        {
            try
            {
                Directory.Delete(data, true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The retention pass deletes telemetry and events older than the retention (1 day here), in chunks, and keeps the rest.</summary>
    [Fact]
    public void Retention_DeletesOnlyRowsOlderThanTheRetention()
    {
        string dir = DeviceEnvironment.NewDataDirectory();
        try
        {
            using var store = new HistoryStore(Path.Combine(dir, "history.db"), new HistoryOptions { RetentionDays = 1, RetentionChunk = 7 }, NullLogger.Instance);
            long now = Now;
            for (int i = 0; i < 50; i++)
            {
                store.AddValues("d1", now - TimeSpan.FromDays(2).Ticks / 10_000 + i, new[] { new KeyValuePair<string, double>("temperature_c", i) });
                store.AddValues("d1", now - 60_000 + i, new[] { new KeyValuePair<string, double>("temperature_c", i) });
            }

            store.AddEvent("d1", now - TimeSpan.FromDays(3).Ticks / 10_000, "online", new JsonObject());
            store.AddEvent("d1", now, "offline", new JsonObject { ["reason"] = "clean" });
            Assert.True(store.Flush(DeviceEnvironment.Wait));
            Assert.Equal(100, store.CountTelemetry("d1"));

            Assert.Equal(51, store.RunRetention(DeviceEnvironment.Wait));
            Assert.Equal(50, store.CountTelemetry("d1"));
            var left = store.Query("d1", 0, long.MaxValue, null, 0)["temperature_c"];
            Assert.All(left, p => Assert.True(p.TimeMs >= now - 60_000));
            Assert.Equal(new[] { "offline" }, store.Events("d1", 0, long.MaxValue, 10).Select(e => e.Type).ToArray());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>The broker host runs the retention pass at start with its HistoryRetentionDays setting: rows older than that are gone, newer ones served.</summary>
    [Fact]
    public async Task Retention_SettingAppliedByTheBrokerHost()
    {
        string data = DeviceEnvironment.NewDataDirectory();
        Directory.CreateDirectory(data);
        try
        {
            long now = Now;
            using (var store = new HistoryStore(Path.Combine(data, "history.db"), new HistoryOptions { RetentionDays = 365 }, NullLogger.Instance))
            {
                store.AddValues("virtual-1", now - 3 * 3_600_000, new[] { new KeyValuePair<string, double>("old_q", 1) });
                store.AddValues("virtual-1", now - 30 * 60_000, new[] { new KeyValuePair<string, double>("old_q", 2) });
                Assert.True(store.Flush(DeviceEnvironment.Wait));
                Assert.Equal(2, store.CountTelemetry("virtual-1"));
            }

            await using var env = await OwnBrokerEnvironment.StartAsync(o => o.HistoryRetentionDays = 1.0 / 24, dataDirectory: data, virtualDevices: 1);
            Assert.True(await env.Manager.WaitAsync(m => m.Find("virtual-1") != null, DeviceEnvironment.Wait));
            // The pass runs on the writer thread when the store opens: wait (bounded) for it, then only the newer row is left.
            double[] values = Array.Empty<double>();
            var deadline = DateTime.UtcNow + DeviceEnvironment.Wait;
            do
            {
                var series = await env.Http().GetFromJsonAsync<JsonObject>($"/api/devices/virtual-1/telemetry?quantity=old_q&from=-1d&step=raw");
                values = series!["series"]!.AsArray().Single()!["v"]!.AsArray().Select(v => (double)v!).ToArray();
                if (values.Length == 1)
                {
                    break;
                }

                await Task.Delay(100);
            }
            while (DateTime.UtcNow < deadline);
            Assert.Equal(new[] { 2.0 }, values);
            Assert.True(env.Manager.History!.Deleted >= 1);
        }
        finally
        {
            try
            {
                Directory.Delete(data, true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Downsampling: one hour of 1 s readings (value = second index) in 60 s steps gives 60 buckets of 60 readings,
    /// mean/min/max per bucket; without a step an hour is raw and a day is cut into ~1000 buckets (87 s).
    /// </summary>
    [Fact]
    public async Task Downsampling_BucketsComputedInSql()
    {
        await using var env = await OwnBrokerEnvironment.StartAsync(virtualDevices: 1);
        Assert.True(await env.Manager.WaitAsync(m => m.Find("virtual-1") != null, DeviceEnvironment.Wait));
        long start = Synthetic(env);
        using var http = env.Http();
        var stepped = await http.GetFromJsonAsync<JsonObject>($"/api/devices/virtual-1/telemetry?quantity=test_q&from={start}&to={start + 3_599_999}&step=60");
        Assert.Equal(60.0, (double)stepped!["step_s"]!);
        var s = stepped["series"]!.AsArray().Single()!;
        Assert.Equal("test_q", (string?)s["quantity"]);
        var t = s["t"]!.AsArray().Select(x => (long)x!).ToArray();
        Assert.Equal(Enumerable.Range(0, 60).Select(k => start + k * 60_000L).ToArray(), t);
        Assert.All(s["n"]!.AsArray(), n => Assert.Equal(60, (int)n!));
        for (int k = 0; k < 60; k++)
        {
            Assert.Equal(60 * k + 29.5, (double)s["v"]![k]!, 6);
            Assert.Equal(60 * k, (double)s["min"]![k]!, 6);
            Assert.Equal(60 * k + 59, (double)s["max"]![k]!, 6);
        }

        var raw = await http.GetFromJsonAsync<JsonObject>($"/api/devices/virtual-1/telemetry?quantity=test_q&from={start}&to={start + 3_599_999}");
        Assert.Equal(0.0, (double)raw!["step_s"]!);
        Assert.Equal(3600, raw["series"]![0]!["t"]!.AsArray().Count);

        var day = await http.GetFromJsonAsync<JsonObject>($"/api/devices/virtual-1/telemetry?quantity=test_q&from={start}&to={start + 86_400_000}");
        Assert.Equal(87.0, (double)day!["step_s"]!);
        Assert.Equal(3600, day["series"]![0]!["n"]!.AsArray().Sum(n => (int)n!));

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/devices/virtual-1/telemetry?from=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/devices/virtual-1/telemetry?step=-5")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/devices/nobody/telemetry")).StatusCode);
    }

    /// <summary>CSV export: header time,unix_ms,&lt;quantities&gt;, one row per bucket with the mean, as an attachment.</summary>
    [Fact]
    public async Task Csv_ExportOfTheSameSeries()
    {
        await using var env = await OwnBrokerEnvironment.StartAsync(virtualDevices: 1);
        Assert.True(await env.Manager.WaitAsync(m => m.Find("virtual-1") != null, DeviceEnvironment.Wait));
        long start = Synthetic(env);
        var r = await env.Http().GetAsync($"/api/devices/virtual-1/telemetry.csv?quantity=test_q&from={start}&to={start + 3_599_999}&step=10m");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/csv", r.Content.Headers.ContentType!.MediaType);
        Assert.Contains("virtual-1-telemetry.csv", r.Content.Headers.ContentDisposition!.ToString());
        var lines = (await r.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("time,unix_ms,test_q", lines[0]);
        Assert.Equal(7, lines.Length);
        string firstTime = DateTimeOffset.FromUnixTimeMilliseconds(start).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"{firstTime},{start},299.5", lines[1]);
        Assert.EndsWith($",{start + 5 * 600_000},3299.5", lines[6]);
    }

    /// <summary>
    /// The event log holds a config push and its ack (applied, then rejected with the key's reason), a rollback, and a
    /// command with its ack, newest first.
    /// </summary>
    [Fact]
    public async Task Events_ConfigPushesAcksRollbacksCommands()
    {
        await using var env = await OwnBrokerEnvironment.StartAsync(virtualDevices: 1);
        Assert.True(await env.Manager.WaitAsync(m => m.Find("virtual-1")?.Config != null && m.Find("virtual-1")?.Status == "online", DeviceEnvironment.Wait));
        using var http = env.Http();
        var applied = await http.PostAsJsonAsync("/api/devices/virtual-1/config?wait=20", new { interval_s = 2 });
        Assert.Equal("applied", (string?)(await applied.Content.ReadFromJsonAsync<JsonObject>())!["state"]);
        var rejected = await http.PostAsJsonAsync("/api/devices/virtual-1/config?wait=20", new { interval_s = 0 });
        Assert.Equal("rejected", (string?)(await rejected.Content.ReadFromJsonAsync<JsonObject>())!["state"]);
        var scan = await http.PostAsync("/api/devices/virtual-1/cmd/scan?wait=20", null);
        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
        var ack = (await scan.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("acked", (string?)ack["state"]);
        Assert.Contains(0x76, ack["ack"]!["found"]!.AsArray().Select(a => (int)a!));
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/devices/virtual-1/cmd/selfdestruct", null)).StatusCode);

        // A reconnect-class change that cannot connect (nothing listens on port 1) is rolled back after rollback_timeout_s.
        var rolled = await http.PostAsJsonAsync("/api/devices/virtual-1/config?wait=40", new { broker_port = 1, rollback_timeout_s = 5 });
        Assert.Equal("rolled_back", (string?)(await rolled.Content.ReadFromJsonAsync<JsonObject>())!["state"]);
        Assert.True(env.Manager.History!.Flush(DeviceEnvironment.Wait));

        var events = (await http.GetFromJsonAsync<JsonObject>("/api/devices/virtual-1/events?limit=100"))!["events"]!.AsArray();
        var types = events.Select(e => (string)e!["type"]!).ToList();
        long[] ts = events.Select(e => (long)e!["ts"]!).ToArray();
        Assert.Equal(ts.OrderByDescending(x => x).ToArray(), ts);
        Assert.Contains(events, e => (string?)e!["type"] == "config_push" && (int?)e["patch"]?["interval_s"] == 2);
        Assert.Contains(events, e => (string?)e!["type"] == "config_ack" && (string?)e["result"] == "applied");
        Assert.Contains(events, e => (string?)e!["type"] == "config_ack" && (string?)e["result"] == "rejected"
            && (string?)e["errors"]![0]!["key"] == "interval_s" && (string?)e["errors"]![0]!["reason"] == "out_of_range");
        Assert.Contains(events, e => (string?)e!["type"] == "rollback" && (string?)e["result"] == "rolled_back");
        Assert.Contains(events, e => (string?)e!["type"] == "command" && (string?)e["cmd"] == "scan");
        Assert.Contains(events, e => (string?)e!["type"] == "command_ack" && (string?)e["cmd"] == "scan" && (string?)e["result"] == "ok");
        Assert.True(types.IndexOf("rollback") < types.IndexOf("command_ack"), string.Join(",", types));
    }

    /// <summary>
    /// Offline reasons from the broker: a client that goes silent is closed after 1.5 × keep alive and its will logged
    /// as "will (keep-alive timeout)"; one that says offline and sends DISCONNECT as "clean"; a killed virtual device
    /// (connection dropped) as a will with the socket reason, never "unknown".
    /// </summary>
    [Fact]
    public async Task OfflineReason_FromTheBroker()
    {
        await using var env = await OwnBrokerEnvironment.StartAsync(virtualDevices: 2);
        Assert.True(await env.Manager.WaitAsync(m => m.List().Count(d => d.Status == "online") == 2, DeviceEnvironment.Wait));

        using (var silent = RawDevice.Connect(env.MqttPort, "raw-silent", keepAliveS: 1))
        {
            Assert.True(await env.Manager.WaitAsync(m => m.Find("raw-silent")?.Status == "online", DeviceEnvironment.Wait));
            Assert.True(await env.Manager.WaitAsync(m => m.Find("raw-silent")?.Status == "offline", DeviceEnvironment.Wait));
            Assert.Equal("will (keep-alive timeout)", env.Manager.Find("raw-silent")!.OfflineReason);
        }

        using (var polite = RawDevice.Connect(env.MqttPort, "raw-polite", keepAliveS: 60))
        {
            Assert.True(await env.Manager.WaitAsync(m => m.Find("raw-polite")?.Status == "online", DeviceEnvironment.Wait));
            polite.Publish("nanonode/raw-polite/status", "offline", retain: true);
            polite.Disconnect();
            Assert.True(await env.Manager.WaitAsync(m => m.Find("raw-polite")?.OfflineReason != null, DeviceEnvironment.Wait));
            Assert.Equal("clean", env.Manager.Find("raw-polite")!.OfflineReason);
        }

        Assert.True(env.Fleet.Kill("virtual-2"));
        Assert.True(await env.Manager.WaitAsync(m => m.Find("virtual-2")?.OfflineReason != null, DeviceEnvironment.Wait));
        Assert.StartsWith("will (socket", env.Manager.Find("virtual-2")!.OfflineReason);

        Assert.True(env.Manager.History!.Flush(DeviceEnvironment.Wait));
        var events = await env.Http().GetFromJsonAsync<JsonObject>("/api/devices/raw-silent/events");
        Assert.Contains(events!["events"]!.AsArray(), e => (string?)e!["type"] == "offline" && (string?)e["reason"] == "will (keep-alive timeout)");
        var summary = await env.Http().GetFromJsonAsync<JsonObject>("/api/devices/raw-polite");
        Assert.Equal("clean", (string?)summary!["offline_reason"]);
    }

    // One hour of readings of quantity test_q for virtual-1, 1 s apart, value = index, starting two days ago on a 10-minute boundary.
    private static long Synthetic(OwnBrokerEnvironment env)
    {
        long start = (Now - 2 * 86_400_000L) / 600_000 * 600_000;
        for (int i = 0; i < 3600; i++)
        {
            Assert.True(env.Manager.History!.AddValues("virtual-1", start + i * 1000L, new[] { new KeyValuePair<string, double>("test_q", i) }));
        }

        Assert.True(env.Manager.History!.Flush(DeviceEnvironment.Wait));
        return start;
    }

    private static async Task<long[]> Times(DeviceEnvironment env, string quantity, string from)
    {
        var doc = await env.Http().GetFromJsonAsync<JsonObject>($"/api/devices/virtual-1/telemetry?quantity={quantity}&from={from}&step=raw");
        return doc!["series"]!.AsArray().Single()!["t"]!.AsArray().Select(t => (long)t!).ToArray();
    }

    /// <summary>A minimal MQTT 3.1.1 client speaking raw bytes: a device with a will on its status topic that we can make go silent.</summary>
    private sealed class RawDevice : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly NetworkStream _stream;

        private RawDevice(TcpClient tcp)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
            _stream.ReadTimeout = 20_000;
        }

        // CONNECT [MQTT-3.1]: clean session, will = "<id>/status" "offline" QoS 1 retained; then PUBLISH status online (retained, QoS 0).
        public static RawDevice Connect(int port, string id, int keepAliveS)
        {
            var tcp = new TcpClient();
            tcp.Connect(IPAddress.Loopback, port);
            var d = new RawDevice(tcp);
            var body = new List<byte>();
            body.AddRange(Str("MQTT"));
            body.Add(4);
            body.Add(0x02 | 0x04 | 0x08 | 0x20);
            body.Add((byte)(keepAliveS >> 8));
            body.Add((byte)keepAliveS);
            body.AddRange(Str(id));
            body.AddRange(Str("nanonode/" + id + "/status"));
            body.AddRange(Str("offline"));
            d.Send(0x10, body);
            var connack = new byte[4];
            int n = 0;
            while (n < 4)
            {
                int r = d._stream.Read(connack, n, 4 - n);
                Assert.True(r > 0, "connection closed before CONNACK");
                n += r;
            }

            Assert.Equal(new byte[] { 0x20, 2, 0, 0 }, connack);
            d.Publish("nanonode/" + id + "/status", "online", retain: true);
            return d;
        }

        public void Publish(string topic, string payload, bool retain)
        {
            var body = new List<byte>(Str(topic));
            body.AddRange(Encoding.UTF8.GetBytes(payload));
            Send((byte)(0x30 | (retain ? 1 : 0)), body);
        }

        public void Disconnect() => _stream.Write(new byte[] { 0xE0, 0 });

        public void Dispose() => _tcp.Dispose();

        private void Send(byte header, List<byte> body)
        {
            var packet = new List<byte> { header };
            int len = body.Count;
            do
            {
                byte b = (byte)(len % 128);
                len /= 128;
                packet.Add(len > 0 ? (byte)(b | 0x80) : b);
            }
            while (len > 0);
            packet.AddRange(body);
            _stream.Write(packet.ToArray());
        }

        private static byte[] Str(string s)
        {
            byte[] b = Encoding.UTF8.GetBytes(s);
            return new[] { (byte)(b.Length >> 8), (byte)b.Length }.Concat(b).ToArray();
        }
    }
}
