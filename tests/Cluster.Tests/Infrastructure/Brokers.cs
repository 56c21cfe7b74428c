using NanoNode.BrokerHost.Devices;
using NanoNode.Tests.Shared;

namespace NanoNode.Cluster.Tests.Infrastructure;

/// <summary>Two brokers "A" and "B" on 127.0.0.1 that a fleet flow runs on; A is the one stopped for the failover.</summary>
public interface IBrokerPair : IDisposable
{
    /// <summary>What it is, for messages and the figures file.</summary>
    string Description { get; }

    /// <summary>How A is stopped in the failover step.</summary>
    string StopMethod { get; }

    /// <summary>Broker A.</summary>
    BrokerEndpoint A { get; }

    /// <summary>Broker B (survives).</summary>
    BrokerEndpoint B { get; }

    /// <summary>
    /// True when a message published on one broker reaches subscribers on the other (a cluster, or a bridge); false for
    /// two independent brokers (then the whole fleet starts on A and fails over to B).
    /// </summary>
    bool Joined { get; }

    /// <summary>Starts both brokers (and joins them).</summary>
    Task StartAsync();

    /// <summary>Stops A (orderly: what a cluster operator does); returns when A no longer accepts connections.</summary>
    void StopA();
}

/// <summary>
/// A two-node RabbitMQ cluster from Debian's rabbitmq-server with the rabbitmq_mqtt plugin, on loopback: distinct node
/// names (random suffix), AMQP, distribution, MQTT and epmd ports chosen free, separate RABBITMQ_MNESIA_BASE / LOG dirs
/// under a temp folder, one Erlang cookie (the shared HOME's .erlang.cookie), node B joined to A with
/// <c>rabbitmqctl join_cluster</c>. Processes are stopped by <c>rabbitmqctl stop</c>, then by PID.
/// </summary>
public sealed class RabbitCluster : IBrokerPair
{
    private const string Bin = "/usr/lib/rabbitmq/bin/";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nanonode-rabbit-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private readonly int _epmdPort = ChildProcess.FreePort();
    private readonly Node _a;
    private readonly Node _b;

    /// <summary>Chooses names and ports (nothing runs until <see cref="StartAsync"/>).</summary>
    public RabbitCluster()
    {
        _a = new Node("nna" + _suffix + "@localhost", Path.Combine(_root, "a"));
        _b = new Node("nnb" + _suffix + "@localhost", Path.Combine(_root, "b"));
    }

    /// <inheritdoc />
    public string Description => $"RabbitMQ {Version()} two-node cluster ({_a.Name} + {_b.Name}, rabbitmq_mqtt)";

    /// <inheritdoc />
    public string StopMethod => "rabbitmqctl stop on node A";

    /// <inheritdoc />
    public BrokerEndpoint A => new("127.0.0.1", _a.MqttPort);

    /// <inheritdoc />
    public BrokerEndpoint B => new("127.0.0.1", _b.MqttPort);

    /// <inheritdoc />
    public bool Joined => true;

    /// <summary>Output of the last rabbitmqctl commands, for failure messages.</summary>
    public string Log { get; private set; } = "";

    /// <inheritdoc />
    public async Task StartAsync()
    {
        if (!File.Exists(Bin + "rabbitmq-server"))
        {
            throw new InvalidOperationException("rabbitmq-server is not installed (tools/test.sh installs Debian's rabbitmq-server)");
        }

        string home = Path.Combine(_root, "home");
        Directory.CreateDirectory(home);
        string cookie = Path.Combine(home, ".erlang.cookie");
        File.WriteAllText(cookie, "NANONODE" + Guid.NewGuid().ToString("N").ToUpperInvariant());
        if (!OperatingSystem.IsWindows())
        {
            // Erlang refuses a cookie file others can read.
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        }
        _a.Start(this, home);
        _b.Start(this, home);
        await Task.WhenAll(Task.Run(() => _a.AwaitStartup(this)), Task.Run(() => _b.AwaitStartup(this)));
        Ctl(_b, "stop_app");
        Ctl(_b, "join_cluster", _a.Name);
        Ctl(_b, "start_app");
        Ctl(_b, "await_startup", "--timeout", "120");
        string status = Ctl(_a, "cluster_status");
        if (!status.Contains(_b.Name))
        {
            throw new InvalidOperationException("node B did not join: " + status);
        }

        if (!ChildProcess.WaitForPort(_a.MqttPort, TimeSpan.FromSeconds(60)) || !ChildProcess.WaitForPort(_b.MqttPort, TimeSpan.FromSeconds(120)))
        {
            throw new InvalidOperationException("MQTT listeners did not open\n" + _a.Process?.Tail + "\n" + _b.Process?.Tail);
        }
    }

    /// <summary>rabbitmqctl cluster_status of B (after the stop of A: A listed as not running).</summary>
    public string ClusterStatusFromB() => Ctl(_b, "cluster_status");

    /// <inheritdoc />
    public void StopA()
    {
        Ctl(_a, "stop");
        _a.Process?.WaitForExit(TimeSpan.FromSeconds(60));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var n in new[] { _a, _b })
        {
            if (n.Process is { HasExited: false })
            {
                try
                {
                    Ctl(n, "stop");
                }
                catch (InvalidOperationException)
                {
                }

                if (!n.Process.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    n.Process.Kill();
                }
            }

            n.Process?.Dispose();
        }

        // epmd was started on our private port by the first node: stop that one, by its port.
        ChildProcess.Run("/usr/bin/epmd", new[] { "-port", _epmdPort.ToString(), "-kill" }, timeout: TimeSpan.FromSeconds(10));
        try
        {
            Directory.Delete(_root, true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Version()
    {
        var dir = Directory.GetDirectories("/usr/lib/rabbitmq/lib", "rabbitmq_server-*").FirstOrDefault();
        return dir == null ? "?" : Path.GetFileName(dir)["rabbitmq_server-".Length..];
    }

    private Dictionary<string, string> Env(Node n, string home) => new()
    {
        ["HOME"] = home,
        ["RABBITMQ_NODENAME"] = n.Name,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = n.AmqpPort.ToString(),
        ["RABBITMQ_DIST_PORT"] = n.DistPort.ToString(),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(n.Folder, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(n.Folder, "log"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(n.Folder, "rabbitmq.conf"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(n.Folder, "enabled_plugins"),
        ["RABBITMQ_PID_FILE"] = Path.Combine(n.Folder, "rabbit.pid"),
        ["RABBITMQ_CONF_ENV_FILE"] = "/dev/null",
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        ["RABBITMQ_CTL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        ["ERL_EPMD_PORT"] = _epmdPort.ToString(),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
    };

    private string Ctl(Node n, params string[] args)
    {
        var (code, output) = ChildProcess.Run(Bin + "rabbitmqctl", new[] { "-n", n.Name }.Concat(args), Env(n, Path.Combine(_root, "home")), TimeSpan.FromSeconds(150));
        Log = output;
        if (code != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} on {n.Name} exited {code}\n{output}\n{n.Process?.Tail}");
        }

        return output;
    }

    private sealed class Node
    {
        public Node(string name, string folder)
        {
            Name = name;
            Folder = folder;
        }

        public string Name { get; }

        public string Folder { get; }

        public int AmqpPort { get; } = ChildProcess.FreePort();

        public int DistPort { get; } = ChildProcess.FreePort();

        public int MqttPort { get; } = ChildProcess.FreePort();

        public ChildProcess? Process { get; private set; }

        public void Start(RabbitCluster cluster, string home)
        {
            Directory.CreateDirectory(Path.Combine(Folder, "mnesia"));
            Directory.CreateDirectory(Path.Combine(Folder, "log"));
            File.WriteAllText(Path.Combine(Folder, "rabbitmq.conf"),
                $"listeners.tcp.1 = 127.0.0.1:{AmqpPort}\nmqtt.listeners.tcp.1 = 127.0.0.1:{MqttPort}\nmqtt.allow_anonymous = true\n");
            File.WriteAllText(Path.Combine(Folder, "enabled_plugins"), "[rabbitmq_mqtt].\n");
            Process = ChildProcess.Start(Name, Bin + "rabbitmq-server", Array.Empty<string>(), cluster.Env(this, home), Folder);
        }

        public void AwaitStartup(RabbitCluster cluster)
        {
            if (!ChildProcess.WaitForPort(MqttPort, TimeSpan.FromSeconds(120), () => Process!.HasExited))
            {
                throw new InvalidOperationException($"{Name} did not open its MQTT port\n{Process!.Tail}");
            }

            cluster.Ctl(this, "await_startup", "--timeout", "120");
        }
    }
}

/// <summary>
/// Two Debian Mosquittos, A bridged to B (<c>connection</c> from A, <c>topic nanonode/# both 1</c>): what one publishes
/// reaches the other's subscribers. A is stopped with SIGTERM (orderly).
/// </summary>
public sealed class MosquittoPair : IBrokerPair
{
    private MosquittoFixture? _a;
    private MosquittoFixture? _b;

    /// <inheritdoc />
    public string Description => "two Mosquitto 2.0 brokers, A bridged to B (topic nanonode/# both 1)";

    /// <inheritdoc />
    public string StopMethod => "SIGTERM to Mosquitto A (the bridging side)";

    /// <inheritdoc />
    public BrokerEndpoint A => new("127.0.0.1", _a!.Port);

    /// <inheritdoc />
    public BrokerEndpoint B => new("127.0.0.1", _b!.Port);

    /// <inheritdoc />
    public bool Joined => true;

    /// <inheritdoc />
    public Task StartAsync()
    {
        _b = new MosquittoFixture();
        _a = new MosquittoFixture(
            $"connection bridge-to-b\naddress 127.0.0.1:{_b.Port}\nclientid nanonode-bridge-{Guid.NewGuid():N}\ncleansession true\n" +
            "topic nanonode/# both 1\nrestart_timeout 1\n");
        // The bridge is up when a message published on A arrives on B.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var sub = ChildProcess.Start("sub", "/usr/bin/mosquitto_sub", new[] { "-p", _b.Port.ToString(), "-t", "nanonode/bridge-probe", "-C", "1", "-W", "3" });
            Thread.Sleep(300);
            ChildProcess.Run("/usr/bin/mosquitto_pub", new[] { "-p", _a.Port.ToString(), "-t", "nanonode/bridge-probe", "-m", "x", "-q", "1" });
            if (sub.WaitForExit(TimeSpan.FromSeconds(5)) && sub.ExitCode == 0)
            {
                return Task.CompletedTask;
            }
        }

        throw new InvalidOperationException("the Mosquitto bridge A → B did not come up in 30 s");
    }

    /// <inheritdoc />
    public void StopA()
    {
        int pid = _a!.Pid;
        using (var kill = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("kill", new[] { "-TERM", pid.ToString() }) { UseShellExecute = false }))
        {
            kill?.WaitForExit(5000);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && ProcessAlive(pid))
        {
            Thread.Sleep(20);
        }

        _a.Kill();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _a?.Dispose();
        _b?.Dispose();
    }

    private static bool ProcessAlive(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>
/// NanoNode's broker host twice (<c>NanoNode.BrokerHost serve</c> as child processes, in memory). NanoNode's broker
/// has no bridging or clustering, so the two are independent: the fleet and the manager start on A with B as their
/// fallback, and move to B when A stops (SIGTERM, orderly).
/// </summary>
public sealed class NanoNodePair : IBrokerPair
{
    private readonly int _portA = ChildProcess.FreePort();
    private readonly int _portB = ChildProcess.FreePort();
    private readonly string _data = Path.Combine(Path.GetTempPath(), "nanonode-pair-" + Guid.NewGuid().ToString("N")[..12]);
    private ChildProcess? _a;
    private ChildProcess? _b;

    /// <inheritdoc />
    public string Description => "two NanoNode brokers (no bridging in NanoNode's broker: independent, B is a standby)";

    /// <inheritdoc />
    public string StopMethod => "SIGTERM to NanoNode broker A";

    /// <inheritdoc />
    public BrokerEndpoint A => new("127.0.0.1", _portA);

    /// <inheritdoc />
    public BrokerEndpoint B => new("127.0.0.1", _portB);

    /// <inheritdoc />
    public bool Joined => false;

    /// <inheritdoc />
    public Task StartAsync()
    {
        _a = Start("nanonode-a", _portA);
        _b = Start("nanonode-b", _portB);
        foreach (var (p, port) in new[] { (_a, _portA), (_b, _portB) })
        {
            if (!ChildProcess.WaitForPort(port, TimeSpan.FromSeconds(60), () => p.HasExited))
            {
                throw new InvalidOperationException("NanoNode broker did not open its port\n" + p.Tail);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void StopA() => _a!.Terminate(TimeSpan.FromSeconds(20));

    /// <inheritdoc />
    public void Dispose()
    {
        _a?.Dispose();
        _b?.Dispose();
        try
        {
            Directory.Delete(_data, true);
        }
        catch (IOException)
        {
        }
    }

    private ChildProcess Start(string name, int port)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "NanoNode.BrokerHost.dll");
        return ChildProcess.Start(name, "dotnet", new[]
        {
            dll, "serve", "--tcp-port", port.ToString(), "--tls-port", "-1", "--http-port", "-1", "--no-persistence",
            "--data", Path.Combine(_data, name),
        });
    }
}
