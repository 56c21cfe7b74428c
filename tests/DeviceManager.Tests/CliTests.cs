using System.CommandLine;
using System.Text.Json.Nodes;
using NanoNode.BrokerHost.Cli;
using NanoNode.DeviceManager.Tests.Infrastructure;

namespace NanoNode.DeviceManager.Tests;

/// <summary>One running broker (own, in-process) with two virtual devices shared by the CLI tests.</summary>
public sealed class CliBrokerFixture : IAsyncLifetime
{
    /// <summary>The environment.</summary>
    public DeviceEnvironment Env { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Env = await OwnBrokerEnvironment.StartAsync();
        Assert.True(await Env.Manager.WaitAsync(m => m.List().Count(d => d.Status == "online" && d.ConfigRev != null && d.Info != null) == 2, DeviceEnvironment.Wait));
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Env.DisposeAsync();
}

/// <summary>
/// The CLI's <c>devices</c> and <c>config</c> commands run in-process (System.CommandLine, output captured) against the
/// running broker over MQTT: output and exit codes.
/// </summary>
public sealed class CliTests : IClassFixture<CliBrokerFixture>
{
    private readonly CliBrokerFixture _fixture;

    /// <summary>xunit.</summary>
    public CliTests(CliBrokerFixture fixture)
    {
        _fixture = fixture;
    }

    /// <summary><c>devices list</c> prints both virtual devices online with board and sensors; exit 0.</summary>
    [Fact]
    public async Task DevicesList_PrintsBothOnline()
    {
        var (code, output, _) = await RunAsync("devices", "list");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID", lines[0]);
        Assert.Matches(@"virtual-1\s+online\s+virtual\s+\S+\s+\d+\s+bme280,sht3x,bh1750", lines[1]);
        Assert.Matches(@"virtual-2\s+online\s+virtual", lines[2]);
    }

    /// <summary><c>devices show</c> prints status, info and config of a device (0); an unknown id exits 1, an invalid one 2.</summary>
    [Fact]
    public async Task DevicesShow_KnownUnknownInvalid()
    {
        var (code, output, _) = await RunAsync("devices", "show", "virtual-1");
        Assert.Equal(0, code);
        Assert.Contains("status: online", output);
        Assert.Contains("\"board\": \"virtual\"", output);
        Assert.Contains("\"interval_s\":", output);

        var (missing, _, error) = await RunAsync("devices", "show", "nobody-here", "--window", "0.5");
        Assert.Equal(1, missing);
        Assert.Contains("no device nobody-here", error);

        var (invalid, _, _) = await RunAsync("devices", "show", "bad/id");
        Assert.Equal(2, invalid);
    }

    /// <summary><c>config get</c> prints the retained effective config as JSON with its rev; no config exits 1.</summary>
    [Fact]
    public async Task ConfigGet_PrintsRetainedConfig()
    {
        var (code, output, _) = await RunAsync("config", "get", "virtual-2");
        Assert.Equal(0, code);
        var config = JsonNode.Parse(output)!;
        Assert.Equal(_fixture.Env.Manager.Find("virtual-2")!.ConfigRev, (int?)config["rev"]);
        Assert.NotNull(config["interval_s"]);

        var (missing, _, error) = await RunAsync("config", "get", "nobody-here");
        Assert.Equal(1, missing);
        Assert.Contains("no retained config", error);
    }

    /// <summary>
    /// <c>config set</c> sends rev = current + 1 with typed values, waits for the ack and prints it: applied exits 0 and
    /// the retained config changes; invalid values are rejected (exit 1) with reasons; malformed pairs exit 2.
    /// </summary>
    [Fact]
    public async Task ConfigSet_AppliedRejectedAndUsage()
    {
        int rev = await CurrentRevAsync("virtual-1");
        var (code, output, error) = await RunAsync("config", "set", "virtual-1", "interval_s=4", "telemetry_retain=true", "deadband_temperature_c=0.25", "ha_prefix=\"home\"");
        Assert.True(code == 0, output + error);
        Assert.Contains($"\"rev\":{rev + 1},\"interval_s\":4,\"telemetry_retain\":true,\"deadband_temperature_c\":0.25,\"ha_prefix\":\"home\"", output);
        Assert.Contains($"ack {{\"rev\":{rev + 1},\"result\":\"applied\"", output);
        Assert.True(await _fixture.Env.Manager.WaitAsync(m => m.Find("virtual-1")!.ConfigRev == rev + 1, DeviceEnvironment.Wait));
        var config = _fixture.Env.Manager.Find("virtual-1")!.Config!;
        Assert.Equal(4, (int)config["interval_s"]!);
        Assert.True((bool)config["telemetry_retain"]!);
        Assert.Equal("home", (string?)config["ha_prefix"]);

        var (rejected, rejectedOutput, _) = await RunAsync("config", "set", "virtual-1", "interval_s=0", "keepalive_s=abc");
        Assert.Equal(1, rejected);
        Assert.Contains("\"result\":\"rejected\"", rejectedOutput);
        Assert.Contains("{\"key\":\"interval_s\",\"reason\":\"out_of_range\"", rejectedOutput);
        Assert.Contains("{\"key\":\"keepalive_s\",\"reason\":\"expected_integer\"", rejectedOutput);
        Assert.Equal(rev + 1, await CurrentRevAsync("virtual-1"));

        var (usage, _, usageError) = await RunAsync("config", "set", "virtual-1", "interval_s");
        Assert.Equal(2, usage);
        Assert.Contains("not key=value", usageError);
    }

    /// <summary>Typed values: true/false → booleans, numbers → numbers, quoted → strings, the rest → strings; rev is refused.</summary>
    [Fact]
    public void ParsePairs_TypesValues()
    {
        var patch = DeviceCommands.ParsePairs(new[] { "a=true", "b=12", "c=-1.5", "d=\"12\"", "e=mqtt.local", "f=" }, out _)!;
        Assert.Equal("{\"a\":true,\"b\":12,\"c\":-1.5,\"d\":\"12\",\"e\":\"mqtt.local\",\"f\":\"\"}", patch.ToJsonString());
        Assert.Null(DeviceCommands.ParsePairs(new[] { "rev=3" }, out string error));
        Assert.Contains("rev", error);
        Assert.Null(DeviceCommands.ParsePairs(new[] { "a=1", "a=2" }, out _));
    }

    /// <summary>
    /// A command aimed at a port nothing listens on says so by name ("nothing listens on 127.0.0.1:P") and exits 1,
    /// without waiting for its timeout (60 s here, so a pass cannot come from the timeout path).
    /// </summary>
    [Fact]
    public async Task NoBroker_SaysNothingListens()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        foreach (var args in new[] { new[] { "devices", "list" }, new[] { "config", "get", "virtual-1" }, new[] { "config", "set", "virtual-1", "interval_s=5" } })
        {
            var (code, output, error) = await RunAsync(args.Concat(new[] { "--broker", $"mqtt://127.0.0.1:{port}", "--timeout", "60" }).ToArray());
            Assert.Equal(1, code);
            Assert.Equal("", output);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith($"nothing listens on 127.0.0.1:{port}", lines[0]);
        }
    }

    private async Task<int> CurrentRevAsync(string id)
    {
        var (code, output, _) = await RunAsync("config", "get", id);
        Assert.Equal(0, code);
        return (int)JsonNode.Parse(output)!["rev"]!;
    }

    /// <summary>Runs the commands as BrokerCli wires them (same shared options), output captured.</summary>
    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var data = new Option<string>("--data") { DefaultValueFactory = _ => "nanonode-data", Recursive = true };
        var broker = new Option<string?>("--broker") { Recursive = true };
        var user = new Option<string?>("--user") { Recursive = true };
        var password = new Option<string?>("--password") { Recursive = true };
        var root = new RootCommand("test") { data, broker, user, password };
        foreach (var c in DeviceCommands.Create(data, broker, user, password))
        {
            root.Subcommands.Add(c);
        }

        var all = args.Contains("--broker") ? args : args.Concat(new[] { "--broker", _fixture.Env.BrokerUrl }).ToArray();
        var output = new StringWriter();
        var error = new StringWriter();
        using var cts = new CancellationTokenSource(DeviceEnvironment.Wait + DeviceEnvironment.Wait);
        int code = await root.Parse(all).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cts.Token);
        return (code, output.ToString(), error.ToString());
    }
}
