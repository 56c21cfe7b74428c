using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using NanoNode.BrokerHost.Devices;
using NanoNode.DeviceManager.Tests.Infrastructure;

namespace NanoNode.DeviceManager.Tests;

/// <summary>
/// The device manager's behaviours, run once per broker: NanoNode's own (<see cref="OwnBrokerDeviceManagerTests"/>)
/// and Debian's Mosquitto in attach mode (<see cref="MosquittoDeviceManagerTests"/>). Each test gets a fresh broker
/// with two virtual devices.
/// </summary>
public abstract class DeviceManagerScenarios : IAsyncLifetime
{
    private DeviceEnvironment _env = null!;

    /// <summary>The environment of the current test.</summary>
    protected DeviceEnvironment Env => _env;

    private BrokerHost.Devices.DeviceManager Manager => _env.Manager;

    /// <summary>Starts the broker + manager + virtual devices.</summary>
    protected abstract Task<DeviceEnvironment> StartAsync();

    /// <inheritdoc />
    public async Task InitializeAsync() => _env = await StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync() => await _env.DisposeAsync();

    /// <summary>Registry: both virtual devices show up online, with their retained info (board, sensors found) and config.</summary>
    [Fact]
    public async Task Registry_BothVirtualDevicesOnlineWithInfo()
    {
        Assert.True(await Manager.WaitAsync(m => m.List().Count(d => d.Status == "online" && d.Info != null && d.Config != null) == 2, DeviceEnvironment.Wait),
            Describe());
        var devices = Manager.List();
        Assert.Equal(new[] { "virtual-1", "virtual-2" }, devices.Select(d => d.Id).ToArray());
        foreach (var d in devices)
        {
            Assert.Equal("virtual", (string?)d.Info!["board"]);
            Assert.Equal(d.Id, (string?)d.Info["device_id"]);
            var found = d.Info["sensors"]!.AsArray().Where(s => (bool?)s!["found"] == true).Select(s => (string?)s!["chip"]).ToArray();
            Assert.Equal(new[] { "bme280", "sht3x", "bh1750" }, found);
            Assert.Equal(d.ConfigRev, (int?)d.Config!["rev"]);
        }
    }

    /// <summary>Telemetry: readings with units in the key names arrive from both devices, with increasing sequence numbers.</summary>
    [Fact]
    public async Task Telemetry_ArrivesFromBothWithIncreasingSeq()
    {
        Assert.True(await Manager.WaitAsync(m => m.List().Count(d => d.Telemetry.Count >= 2) == 2, DeviceEnvironment.Wait), Describe());
        foreach (var d in Manager.List())
        {
            var seqs = d.Telemetry.Select(t => (int)t.Data["seq"]!).ToArray();
            Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.Second > p.First), string.Join(",", seqs));
            var last = d.LastTelemetry!.Data;
            Assert.InRange((double)last["temperature_c"]!, -40, 85);
            Assert.InRange((double)last["humidity_pct"]!, 0, 100);
            Assert.InRange((double)last["pressure_hpa"]!, 300, 1100);
            Assert.True(last.ContainsKey("illuminance_lx"));
        }
    }

    /// <summary>Config push: pending at once, then applied by the node's ack; the retained config carries the value and the rev.</summary>
    [Fact]
    public async Task ConfigPush_PendingThenAppliedAndRetained()
    {
        await WaitOnlineWithConfigAsync("virtual-1");
        int before = Manager.Find("virtual-1")!.ConfigRev!.Value;
        var push = Manager.PushConfig("virtual-1", new JsonObject { ["interval_s"] = 3, ["telemetry_qos"] = 0 });
        Assert.Equal(PushState.Pending, push.State);
        Assert.Equal(before + 1, push.Rev);
        Assert.Equal(push.Rev, (int)push.Patch!["rev"]!);

        var acked = await Manager.WaitForAckAsync("virtual-1", push.Rev, DeviceEnvironment.Wait);
        Assert.NotNull(acked);
        Assert.Equal(PushState.Applied, acked!.State);
        Assert.True(await Manager.WaitAsync(m => m.Find("virtual-1")!.ConfigRev == push.Rev, DeviceEnvironment.Wait), Describe());
        var d = Manager.Find("virtual-1")!;
        Assert.Equal(3, (int)d.Config!["interval_s"]!);
        Assert.Equal(0, (int)d.Config["telemetry_qos"]!);
        Assert.Empty(d.Pending);
        Assert.Equal(PushState.Applied, d.LastAck!.State);

        // The broker's retained copy, read by a fresh subscriber, says the same.
        var retained = await RetainedAsync("nanonode/virtual-1/config");
        Assert.Equal(push.Rev, (int)retained!["rev"]!);
        Assert.Equal(3, (int)retained["interval_s"]!);

        // The other device is untouched.
        Assert.NotEqual(3, (int?)Manager.Find("virtual-2")?.Config?["interval_s"]);
    }

    /// <summary>An invalid push is rejected with a reason per bad key; the config and its rev stay as they were.</summary>
    [Fact]
    public async Task ConfigPush_InvalidRejectedWithReasons()
    {
        await WaitOnlineWithConfigAsync("virtual-2");
        int before = Manager.Find("virtual-2")!.ConfigRev!.Value;
        var push = Manager.PushConfig("virtual-2", new JsonObject { ["interval_s"] = 0, ["no_such_key"] = 1, ["telemetry_retain"] = "yes" });
        var acked = await Manager.WaitForAckAsync("virtual-2", push.Rev, DeviceEnvironment.Wait);
        Assert.NotNull(acked);
        Assert.Equal(PushState.Rejected, acked!.State);
        var reasons = acked.Errors!.Select(e => ((string?)e!["key"], (string?)e["reason"])).ToArray();
        Assert.Contains(("interval_s", "out_of_range"), reasons);
        Assert.Contains(("no_such_key", "unknown_key"), reasons);
        Assert.Contains(("telemetry_retain", "expected_boolean"), reasons);
        var d = Manager.Find("virtual-2")!;
        Assert.Equal(before, d.ConfigRev);
        Assert.Equal(PushState.Rejected, d.LastAck!.State);
        var retained = await RetainedAsync("nanonode/virtual-2/config");
        Assert.Equal(before, (int)retained!["rev"]!);
    }

    /// <summary>
    /// A reconnect-class change the node cannot live with (broker_port where nothing listens) ends rolled_back after
    /// rollback_timeout_s: the manager records the ack, the node is back online with its previous config and rev.
    /// </summary>
    [Fact]
    public async Task ConfigPush_UnreachableBrokerRolledBack()
    {
        await WaitOnlineWithConfigAsync("virtual-1");
        var quick = Manager.PushConfig("virtual-1", new JsonObject { ["rollback_timeout_s"] = 5 });
        Assert.Equal(PushState.Applied, (await Manager.WaitForAckAsync("virtual-1", quick.Rev, DeviceEnvironment.Wait))?.State);
        Assert.True(await Manager.WaitAsync(m => m.Find("virtual-1")!.ConfigRev == quick.Rev, DeviceEnvironment.Wait), Describe());
        int port = Env.MqttPort;

        var push = Manager.PushConfig("virtual-1", new JsonObject { ["broker_port"] = DeadPort() });
        var acked = await Manager.WaitForAckAsync("virtual-1", push.Rev, DeviceEnvironment.Wait + DeviceEnvironment.Wait);
        Assert.NotNull(acked);
        Assert.Equal(PushState.RolledBack, acked!.State);
        Assert.True(await Manager.WaitAsync(m => m.Find("virtual-1") is { Status: "online" } d && d.LastAck?.Rev == push.Rev, DeviceEnvironment.Wait), Describe());
        var d = Manager.Find("virtual-1")!;
        Assert.Equal(PushState.RolledBack, d.LastAck!.State);
        Assert.Equal(quick.Rev, d.ConfigRev);
        Assert.Equal(port, (int)d.Config!["broker_port"]!);
        Assert.Empty(d.Pending);
    }

    // A loopback port with no listener (bound, then released).
    private static int DeadPort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>A virtual device stopped abnormally (TCP closed, no DISCONNECT) shows offline through its will; the other stays online.</summary>
    [Fact]
    public async Task Kill_ShowsOfflineViaWill()
    {
        Assert.True(await Manager.WaitAsync(m => m.List().Count(d => d.Status == "online") == 2, DeviceEnvironment.Wait), Describe());
        Assert.True(Env.Fleet.Kill("virtual-2"));
        Assert.True(await Manager.WaitAsync(m => m.Find("virtual-2")?.Status == "offline", DeviceEnvironment.Wait), Describe());
        Assert.Equal("online", Manager.Find("virtual-1")!.Status);
        Assert.Equal("offline", Encoding.UTF8.GetString(await RetainedRawAsync("nanonode/virtual-2/status") ?? Array.Empty<byte>()));
    }

    /// <summary>REST API: list, one device, config push (202 pending, then applied on GET), 404/400, and the dashboard page.</summary>
    [Fact]
    public async Task RestApi_ListShowPushAndDashboard()
    {
        await WaitOnlineWithConfigAsync("virtual-1");
        await WaitOnlineWithConfigAsync("virtual-2");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Env.HttpPort}"), Timeout = DeviceEnvironment.Wait };
        var list = JsonNode.Parse(await http.GetStringAsync("/api/devices"))!.AsArray();
        Assert.Equal(new[] { "virtual-1", "virtual-2" }, list.Select(d => (string?)d!["id"]).ToArray());
        Assert.All(list, d => Assert.Equal("online", (string?)d!["status"]));

        var one = JsonNode.Parse(await http.GetStringAsync("/api/devices/virtual-1"))!;
        Assert.Equal("virtual", (string?)one["info"]!["board"]);
        Assert.NotNull(one["config"]!["rev"]);

        var post = await http.PostAsJsonAsync("/api/devices/virtual-1/config", new JsonObject { ["max_silence_s"] = 120 });
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var pushed = JsonNode.Parse(await post.Content.ReadAsStringAsync())!;
        Assert.Equal("pending", (string?)pushed["state"]);
        int rev = (int)pushed["rev"]!;
        var deadline = DateTime.UtcNow + DeviceEnvironment.Wait;
        JsonNode? state = null;
        while (DateTime.UtcNow < deadline)
        {
            state = JsonNode.Parse(await http.GetStringAsync("/api/devices/virtual-1"))!;
            if ((int?)state["config_rev"] == rev && (string?)state["last_ack"]?["state"] == "applied")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(rev, (int?)state!["config_rev"]);
        Assert.Equal("applied", (string?)state["last_ack"]!["state"]);
        Assert.Equal(120, (int?)state["config"]!["max_silence_s"]);

        var waited = await http.PostAsJsonAsync("/api/devices/virtual-2/config?wait=15", new JsonObject { ["interval_s"] = -5 });
        Assert.Equal(HttpStatusCode.OK, waited.StatusCode);
        Assert.Equal("rejected", (string?)JsonNode.Parse(await waited.Content.ReadAsStringAsync())!["state"]);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/devices/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/api/devices/nope/config", new JsonObject { ["interval_s"] = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/devices/virtual-1/config", new StringContent("[1,2]", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/devices/virtual-1/config", new StringContent("{not json", Encoding.UTF8, "application/json"))).StatusCode);

        var page = await http.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/assets/app.js\"", html); // the dashboard (tools/BrokerHost/Web, tested by tests/Ui.Tests)
    }

    /// <summary>
    /// Protocol column (issue 11): a virtual device (MQTT 3.1.1) and a client speaking MQTT 5.0 (a raw CONNECT at protocol
    /// level 5 from the project's Mqtt5 codec, then a status message as device <c>v5-node</c>). With the broker in this
    /// process /api/devices shows "3.1.1" and "5.0" and /api/stats counts clients per version; attached to Mosquitto the
    /// manager cannot see connections and shows "?".
    /// </summary>
    [Fact]
    public async Task Protocol_ShownPerDeviceFromTheBrokersConnection()
    {
        await WaitOnlineWithConfigAsync("virtual-1");
        using var v5 = await RawMqtt5Client.ConnectAsync(Env.MqttPort, "v5-node", DeviceEnvironment.Wait);
        await v5.PublishQos0Async("nanonode/v5-node/status", "online");
        Assert.True(await Manager.WaitAsync(m => m.Find("v5-node")?.Status == "online", DeviceEnvironment.Wait), Describe());

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Env.HttpPort}"), Timeout = DeviceEnvironment.Wait };
        var list = JsonNode.Parse(await http.GetStringAsync("/api/devices"))!.AsArray();
        string? Protocol(string id) => (string?)list.Single(d => (string?)d!["id"] == id)!["protocol"];
        if (Env is OwnBrokerEnvironment)
        {
            Assert.Equal("3.1.1", Protocol("virtual-1"));
            Assert.Equal("3.1.1", Protocol("virtual-2"));
            Assert.Equal("5.0", Protocol("v5-node"));
            Assert.Equal("5.0", (string?)JsonNode.Parse(await http.GetStringAsync("/api/devices/v5-node"))!["protocol"]);
            var stats = JsonNode.Parse(await http.GetStringAsync("/api/stats"))!;
            Assert.Equal(1, (int)stats["clients_by_protocol"]!["5.0"]!);
            Assert.True((int)stats["clients_by_protocol"]!["3.1.1"]! >= 3, stats.ToJsonString()); // 2 virtual devices + the manager

            // The connection closes: no protocol any more (no connection with that client id).
            v5.Dispose();
            Assert.True(await Manager.WaitAsync(_ => Manager.Find("v5-node")?.Protocol == null, DeviceEnvironment.Wait), Describe());
        }
        else
        {
            Assert.All(list, d => Assert.Equal("?", (string?)d!["protocol"]));
        }
    }

    private async Task WaitOnlineWithConfigAsync(string id) =>
        Assert.True(await Manager.WaitAsync(m => m.Find(id) is { Status: "online", ConfigRev: not null, Info: not null }, DeviceEnvironment.Wait), Describe());

    private async Task<JsonObject?> RetainedAsync(string topic)
    {
        var raw = await RetainedRawAsync(topic);
        return raw == null ? null : JsonNode.Parse(raw) as JsonObject;
    }

    /// <summary>The retained message of <paramref name="topic"/> as a fresh subscriber gets it (null if none within the wait).</summary>
    private async Task<byte[]?> RetainedRawAsync(string topic)
    {
        var got = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var link = new MqttLink("127.0.0.1", Env.MqttPort, "dm-test-" + Guid.NewGuid().ToString("N")[..8], null, null, new[] { topic }, m =>
        {
            if (m.Retain && m.Topic == topic)
            {
                got.TrySetResult(m.Payload);
            }
        });
        link.Start();
        try
        {
            return await got.Task.WaitAsync(DeviceEnvironment.Wait);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private string Describe() => string.Join("; ", Manager.List().Select(d =>
        $"{d.Id}: {d.Status}, info {(d.Info != null)}, rev {d.ConfigRev}, telemetry {d.Telemetry.Count}, last ack {d.LastAck?.State}")) + $" (connected {Manager.IsConnected})";
}

/// <summary>The scenarios against NanoNode's own broker (in-process, as <c>serve --virtual-devices 2</c>).</summary>
public sealed class OwnBrokerDeviceManagerTests : DeviceManagerScenarios
{
    /// <inheritdoc />
    protected override async Task<DeviceEnvironment> StartAsync() => await OwnBrokerEnvironment.StartAsync();
}

/// <summary>The scenarios in attach mode against Debian's Mosquitto.</summary>
public sealed class MosquittoDeviceManagerTests : DeviceManagerScenarios
{
    /// <inheritdoc />
    protected override async Task<DeviceEnvironment> StartAsync() => await MosquittoEnvironment.StartAsync();
}

/// <summary>A bare MQTT 5.0 client for the protocol tests: CONNECT (level 5, clean start, no properties) and QoS 0 PUBLISH, encoded by the project's Mqtt5 codec.</summary>
internal sealed class RawMqtt5Client : IDisposable
{
    private readonly System.Net.Sockets.TcpClient _tcp;

    private RawMqtt5Client(System.Net.Sockets.TcpClient tcp) => _tcp = tcp;

    /// <summary>Connects and waits for a CONNACK with reason 0x00 (throws otherwise, or after <paramref name="timeout"/>).</summary>
    public static async Task<RawMqtt5Client> ConnectAsync(int port, string clientId, TimeSpan timeout)
    {
        var tcp = new System.Net.Sockets.TcpClient();
        var client = new RawMqtt5Client(tcp);
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            await tcp.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            byte[] id = Encoding.UTF8.GetBytes(clientId);
            var connect = new byte[64 + id.Length];
            Assert.Equal(NanoNode.Mqtt.MqttStatus.Ok, NanoNode.Mqtt.Mqtt5ConnectPacket.Encode(connect, 0, connect.Length, id, true, 60, null, 0, 0,
                null, null, 0, false, null, 0, 0, null, null, out int n));
            await tcp.GetStream().WriteAsync(connect.AsMemory(0, n), cts.Token);
            var rx = new byte[1024];
            int got = 0;
            var packet = new NanoNode.Mqtt.Mqtt5Packet();
            while (true)
            {
                int r = await tcp.GetStream().ReadAsync(rx.AsMemory(got), cts.Token);
                if (r == 0)
                {
                    throw new IOException("connection closed before CONNACK");
                }

                got += r;
                var status = NanoNode.Mqtt.Mqtt5Decoder.Decode(rx, 0, got, NanoNode.Mqtt.MqttRole.Client, packet);
                if (status == NanoNode.Mqtt.MqttStatus.NeedMoreBytes)
                {
                    continue;
                }

                Assert.Equal(NanoNode.Mqtt.MqttStatus.Ok, status);
                Assert.Equal(NanoNode.Mqtt.MqttPacketType.ConnAck, packet.Type);
                Assert.Equal(0, packet.ReasonCode);
                return client;
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends a QoS 0 PUBLISH without properties.</summary>
    public async Task PublishQos0Async(string topic, string payload)
    {
        byte[] t = Encoding.UTF8.GetBytes(topic);
        byte[] p = Encoding.UTF8.GetBytes(payload);
        var buffer = new byte[NanoNode.Mqtt.Mqtt5PublishPacket.Size(t.Length, 0, 0, p.Length)];
        Assert.Equal(NanoNode.Mqtt.MqttStatus.Ok, NanoNode.Mqtt.Mqtt5PublishPacket.Encode(buffer, 0, buffer.Length, t, 0, t.Length, 0, false, false, 0, null, 0, 0, p, 0, p.Length, out int n));
        await _tcp.GetStream().WriteAsync(buffer.AsMemory(0, n));
    }

    /// <summary>Closes the TCP connection (no DISCONNECT).</summary>
    public void Dispose() => _tcp.Dispose();
}
