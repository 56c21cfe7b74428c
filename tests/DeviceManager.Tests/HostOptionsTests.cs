using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NanoNode.BrokerHost.Cli;
using NanoNode.BrokerHost.Devices;
using NanoNode.DeviceManager.Tests.Infrastructure;
using NanoNode.Tests.Shared;

namespace NanoNode.DeviceManager.Tests;

/// <summary>
/// <c>serve</c>'s host options in attach mode (<c>--broker</c>): <c>--http-port</c>, <c>--data</c> and <c>--bind</c> are
/// honoured; a port clash is one line naming the option to change (exit 1, no stack trace); the device manager fails
/// over along a <c>--broker</c> list. The broker host runs as a child process (dotnet NanoNode.BrokerHost.dll), killed by PID.
/// </summary>
public sealed class HostOptionsTests
{
    /// <summary>The command line maps onto the attach-mode settings (nothing dropped on the way).</summary>
    [Fact]
    public void AttachOptions_FromCommandLine()
    {
        var r = BrokerCli.Parse(new[] { "serve", "--broker", "mqtt://a:1,mqtt://b:2", "--http-port", "18099", "--data", "/tmp/x-data", "--bind", "any", "--virtual-devices", "3", "--user", "u", "--password", "p" });
        Assert.Empty(r.Errors);
        var o = BrokerCli.AttachOptionsFrom(r)!;
        Assert.Equal("mqtt://a:1,mqtt://b:2", o.BrokerUrl);
        Assert.Equal(18099, o.HttpPort);
        Assert.Equal("/tmp/x-data", o.DataDirectory);
        Assert.Equal("any", o.Bind);
        Assert.Equal(3, o.VirtualDevices);
        Assert.Equal("u", o.User);
        Assert.Equal("p", o.Password);
        Assert.Null(BrokerCli.AttachOptionsFrom(BrokerCli.Parse(new[] { "serve", "--http-port", "1" })));

        // Attach mode has no MQTT listener: --http-bind, when given, is the HTTP address; otherwise --bind is.
        Assert.Equal("127.0.0.2", BrokerCli.AttachOptionsFrom(BrokerCli.Parse(new[] { "serve", "--broker", "mqtt://a", "--bind", "any", "--http-bind", "127.0.0.2" }))!.Bind);
        Assert.Equal("loopback", BrokerCli.AttachOptionsFrom(BrokerCli.Parse(new[] { "serve", "--broker", "mqtt://a" }))!.Bind);

        Assert.True(BrokerEndpoints.TryParse("mqtt://a:1, mqtt://b", out var list, out _));
        Assert.Equal(new[] { new BrokerEndpoint("a", 1), new BrokerEndpoint("b", 1883) }, list);
        Assert.False(BrokerEndpoints.TryParse("mqtt://a:1,tcp://b:2", out _, out string error));
        Assert.Contains("tcp://b:2", error);
    }

    /// <summary>
    /// <c>serve --broker ... --http-port P --data D --bind 127.0.0.1 --virtual-devices 1</c>: the dashboard/API answers
    /// on P, the virtual device keeps its config under D, and the device reaches the manager through the broker.
    /// </summary>
    [Fact]
    public async Task Attach_HonoursHttpPortDataAndBind()
    {
        using var mosquitto = new MosquittoFixture();
        string data = Path.Combine(Path.GetTempPath(), "nanonode-hostopt-" + Guid.NewGuid().ToString("N"));
        int http = TestPorts.Free();
        using var host = HostProcess.Start("serve", "--broker", $"mqtt://127.0.0.1:{mosquitto.Port}", "--http-port", http.ToString(), "--data", data, "--bind", "127.0.0.1", "--virtual-devices", "1");
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            string? body = null;
            var deadline = DateTime.UtcNow + DeviceEnvironment.Wait;
            while (DateTime.UtcNow < deadline && !(body?.Contains("\"virtual-1\"") ?? false))
            {
                try
                {
                    body = await client.GetStringAsync($"http://127.0.0.1:{http}/api/devices");
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(200);
            }

            Assert.True(body?.Contains("\"virtual-1\"") ?? false, "API on --http-port: " + body + "\n" + host.Text);
            Assert.True(Directory.Exists(Path.Combine(data, "virtual-devices", "virtual-1")), host.Text);
            Assert.Contains($"dashboard: http://127.0.0.1:{http}/", host.Text);
            Assert.Contains("data: " + data, host.Text);
        }
        finally
        {
            host.Dispose();
            try
            {
                Directory.Delete(data, true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A taken HTTP port in attach mode, and a taken MQTT port in own-broker mode: one line naming the option, exit 1.</summary>
    [Fact]
    public void PortClash_OneLineNamingTheOption()
    {
        using var mosquitto = new MosquittoFixture();
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        string data = Path.Combine(Path.GetTempPath(), "nanonode-hostopt-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var attach = HostProcess.Start("serve", "--broker", $"mqtt://127.0.0.1:{mosquitto.Port}", "--http-port", port.ToString(), "--data", data))
            {
                Assert.True(attach.WaitForExit(DeviceEnvironment.Wait), attach.Text);
                Assert.Equal(1, attach.ExitCode);
                Assert.Equal(new[] { $"port {port} is already in use (--http-port): stop what listens there or choose another with --http-port N (0 = any free port)" }, attach.Errors);
            }

            using (var own = HostProcess.Start("serve", "--tcp-port", port.ToString(), "--tls-port", "-1", "--http-port", "-1", "--no-persistence", "--data", data))
            {
                Assert.True(own.WaitForExit(DeviceEnvironment.Wait), own.Text);
                Assert.Equal(1, own.ExitCode);
                Assert.Single(own.Errors);
                Assert.Contains($"port {port} is already in use (--tcp-port)", own.Errors[0]);
            }
        }
        finally
        {
            taken.Stop();
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
    /// The help says what each <c>--broker</c> does: for <c>serve</c> it is attach mode (no broker of its own), for the
    /// CLI commands it is the broker the command talks to (default the local serve).
    /// </summary>
    [Fact]
    public void Help_SaysWhatEachBrokerOptionDoes()
    {
        using (var serve = HostProcess.Start("serve", "--help"))
        {
            Assert.True(serve.WaitForExit(DeviceEnvironment.Wait), serve.Text);
            Assert.Contains("attach mode: run no broker", serve.Text);
        }

        foreach (var command in new[] { new[] { "devices", "list", "--help" }, new[] { "config", "set", "--help" } })
        {
            using var cli = HostProcess.Start(command);
            Assert.True(cli.WaitForExit(DeviceEnvironment.Wait), cli.Text);
            Assert.Contains("the broker this command talks to over MQTT", cli.Text);
            Assert.DoesNotContain("attach mode", cli.Text);
        }
    }

    /// <summary>A bad <c>--bind</c> or <c>--broker</c> in attach mode is a usage error (exit 2) in one line.</summary>
    [Fact]
    public void Attach_BadBindOrBroker_Usage()
    {
        using (var p = HostProcess.Start("serve", "--broker", "mqtt://127.0.0.1:1883", "--bind", "not-an-address", "--http-port", "-1"))
        {
            Assert.True(p.WaitForExit(DeviceEnvironment.Wait), p.Text);
            Assert.Equal(2, p.ExitCode);
            Assert.Equal(new[] { "--bind takes loopback, any or an IP address (got 'not-an-address')" }, p.Errors);
        }

        using (var p = HostProcess.Start("serve", "--broker", "http://127.0.0.1:1883", "--http-port", "-1"))
        {
            Assert.True(p.WaitForExit(DeviceEnvironment.Wait), p.Text);
            Assert.Equal(2, p.ExitCode);
            Assert.Single(p.Errors);
            Assert.StartsWith("--broker takes mqtt://host:port", p.Errors[0]);
        }
    }

    /// <summary>
    /// The device manager with two brokers (<c>--broker mqtt://m1,mqtt://m2</c>): connected to m1, where it asks the
    /// fleet to announce (seen by a client on m1); m1 killed → it reconnects to m2, asks again there (seen by a client
    /// on m2), and registers a device that lives on m2 only (no retained message involved: its telemetry registers it).
    /// </summary>
    [Fact]
    public async Task Manager_FailsOverAlongBrokerList()
    {
        using var m1 = new MosquittoFixture();
        using var m2 = new MosquittoFixture();

        // Observers of the fleet announce on each broker (subscribed before the manager starts).
        var seen1 = new List<string>();
        var seen2 = new List<string>();
        using var observer1 = Observer(m1.Port, seen1);
        using var observer2 = Observer(m2.Port, seen2);
        Assert.True(await observer1.WaitReadyAsync(DeviceEnvironment.Wait));
        Assert.True(await observer2.WaitReadyAsync(DeviceEnvironment.Wait));

        await using var host = await AttachedHost.StartAsync(new AttachOptions
        {
            BrokerUrl = $"mqtt://127.0.0.1:{m1.Port},mqtt://127.0.0.1:{m2.Port}",
            HttpPort = -1,
            DataDirectory = Path.Combine(Path.GetTempPath(), "nanonode-hostopt-" + Guid.NewGuid().ToString("N")),
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        });
        var manager = host.Manager;
        Assert.True(await manager.WaitAsync(m => m.IsConnected && m.Announces == 1, DeviceEnvironment.Wait));
        Assert.Equal(m1.Port, manager.CurrentBroker!.Port);
        Assert.True(WaitUntil(() => Count(seen1) == 1), "announce on m1");

        m1.Kill();
        Assert.True(await manager.WaitAsync(m => m.IsConnected && m.Announces == 2, DeviceEnvironment.Wait));
        Assert.Equal(m2.Port, manager.CurrentBroker!.Port);
        Assert.True(WaitUntil(() => Count(seen2) == 1), "announce on m2 after the failover");
        Assert.Equal("nanonode/all/cmd/announce", seen2[0]);

        // A message published on m2 only (not retained) reaches the manager: it is subscribed there. The device is known
        // by its telemetry alone, so the manager asks it directly to announce (nodes answer their own cmd/announce at once).
        var asked = new List<string>();
        using var askObserver = Observer(m2.Port, asked, "nanonode/+/cmd/announce");
        Assert.True(await askObserver.WaitReadyAsync(DeviceEnvironment.Wait));
        Assert.Equal(0, Run("mosquitto_pub", "-p", m2.Port.ToString(), "-t", "nanonode/only-on-m2/telemetry", "-m", "{\"seq\":1}", "-q", "1"));
        Assert.True(await manager.WaitAsync(m => m.Find("only-on-m2")?.LastTelemetry != null, DeviceEnvironment.Wait));
        Assert.True(WaitUntil(() => Count(asked) >= 1), "direct announce request");
        Assert.Equal("nanonode/only-on-m2/cmd/announce", asked[0]);
    }

    /// <summary>
    /// <c>serve --broker mqtt://m1,mqtt://m2 --virtual-devices 1</c>: the virtual device gets m2 as its
    /// <c>broker_fallback</c>; m1 killed → the device and the manager both move to m2 and telemetry keeps arriving.
    /// </summary>
    [Fact]
    public async Task Attach_VirtualDevicesFailOverWithTheManager()
    {
        using var m1 = new MosquittoFixture();
        using var m2 = new MosquittoFixture();
        string data = Path.Combine(Path.GetTempPath(), "nanonode-hostopt-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var host = await AttachedHost.StartAsync(new AttachOptions
            {
                BrokerUrl = $"mqtt://127.0.0.1:{m1.Port},mqtt://127.0.0.1:{m2.Port}",
                HttpPort = -1,
                VirtualDevices = 1,
                VirtualIntervalS = 1,
                DataDirectory = data,
                LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
            });
            var manager = host.Manager;
            Assert.True(await manager.WaitAsync(m => m.Find("virtual-1") is { Status: "online", Config: not null }, DeviceEnvironment.Wait));
            Assert.Equal($"127.0.0.1:{m2.Port}", (string?)manager.Find("virtual-1")!.Config!["broker_fallback"]);

            m1.Kill();
            var killedAt = DateTimeOffset.UtcNow;
            Assert.True(await manager.WaitAsync(m => m.CurrentBroker?.Port == m2.Port && m.Find("virtual-1")!.Telemetry.Count(t => t.ReceivedAt > killedAt) >= 2, DeviceEnvironment.Wait),
                $"manager on {manager.CurrentBroker}, telemetry after the kill: {manager.Find("virtual-1")!.Telemetry.Count(t => t.ReceivedAt > killedAt)}");
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

    private static MqttLink Observer(int port, List<string> seen, string filter = "nanonode/all/cmd/announce")
    {
        var link = new MqttLink("127.0.0.1", port, "observer-" + Guid.NewGuid().ToString("N")[..8], null, null, new[] { filter }, m =>
        {
            lock (seen)
            {
                seen.Add(m.Topic);
            }
        });
        link.Start();
        return link;
    }

    private static int Count(List<string> seen)
    {
        lock (seen)
        {
            return seen.Count;
        }
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + DeviceEnvironment.Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return condition();
    }

    private static int Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        if (!p.WaitForExit(20000))
        {
            p.Kill();
            return -1;
        }

        return p.ExitCode;
    }

}

/// <summary>The broker host as a child process (dotnet NanoNode.BrokerHost.dll ...), output captured, killed by PID on dispose.</summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _out = new();
    private readonly List<string> _err = new();

    private HostProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Starts it with <paramref name="args"/>.</summary>
    public static HostProcess Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NanoNode.BrokerHost.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var h = new HostProcess(Process.Start(psi)!);
        h._process.OutputDataReceived += (_, e) => h.Add(h._out, e.Data);
        h._process.ErrorDataReceived += (_, e) => h.Add(h._err, e.Data);
        h._process.BeginOutputReadLine();
        h._process.BeginErrorReadLine();
        return h;
    }

    /// <summary>Standard error lines (non-empty).</summary>
    public string[] Errors
    {
        get
        {
            lock (_err)
            {
                return _err.ToArray();
            }
        }
    }

    /// <summary>Everything printed so far (for failure messages).</summary>
    public string Text
    {
        get
        {
            lock (_out)
            {
                lock (_err)
                {
                    return string.Join("\n", _out) + "\n--- stderr ---\n" + string.Join("\n", _err);
                }
            }
        }
    }

    /// <summary>Exit code (after <see cref="WaitForExit"/>).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits for the process to exit and its output to be read.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }
    }
}
