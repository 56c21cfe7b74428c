using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NanoNode.Device.Config;
using NanoNode.Device.Node;
using NanoNode.Device.Storage;
using NanoNode.VirtualDevice;
using Xunit;
using NanoNode.Tests.Shared;

namespace NanoNode.Device.HostTests;

/// <summary>
/// One RabbitMQ 3.10 node (Debian rabbitmq-server + rabbitmq_mqtt) on free loopback ports, with its own epmd port,
/// HOME (Erlang cookie) and data folder; killed (process tree by PID) and its epmd stopped by port at dispose.
/// </summary>
public sealed class RabbitMqFixture : IDisposable
{
    private const string Bin = "/usr/lib/rabbitmq/bin/";
    private readonly Process _process;
    private readonly int _epmdPort = TestPorts.Free();

    public RabbitMqFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), "nanonode-rabbit-" + Guid.NewGuid().ToString("N"));
        foreach (string d in new[] { "mnesia", "log", "home" })
        {
            Directory.CreateDirectory(Path.Combine(Folder, d));
        }

        int amqp = TestPorts.Free();
        MqttPort = TestPorts.Free();
        File.WriteAllText(Path.Combine(Folder, "rabbitmq.conf"),
            $"listeners.tcp.1 = 127.0.0.1:{amqp}\nmqtt.listeners.tcp.1 = 127.0.0.1:{MqttPort}\nmqtt.allow_anonymous = true\n");
        File.WriteAllText(Path.Combine(Folder, "enabled_plugins"), "[rabbitmq_mqtt].\n");
        var psi = new ProcessStartInfo(Bin + "rabbitmq-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Folder };
        var env = new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(Folder, "home"),
            ["RABBITMQ_NODENAME"] = "nn" + Guid.NewGuid().ToString("N")[..8] + "@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqp.ToString(),
            ["RABBITMQ_DIST_PORT"] = TestPorts.Free().ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(Folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(Folder, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(Folder, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(Folder, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(Folder, "rabbit.pid"),
            ["RABBITMQ_CONF_ENV_FILE"] = "/dev/null",
            ["ERL_EPMD_PORT"] = _epmdPort.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        };
        foreach (var kv in env)
        {
            psi.Environment[kv.Key] = kv.Value;
        }

        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited || watch.Elapsed.TotalSeconds > 120)
            {
                Dispose();
                throw new InvalidOperationException("RabbitMQ did not open its MQTT port (log in " + Folder + "/log)");
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, MqttPort);
                break;
            }
            catch (SocketException)
            {
                Thread.Sleep(200);
            }
        }
    }

    public int MqttPort { get; }

    public string Folder { get; }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(20_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        using (var epmd = Process.Start(new ProcessStartInfo("/usr/bin/epmd", $"-port {_epmdPort} -kill") { RedirectStandardOutput = true, RedirectStandardError = true }))
        {
            epmd?.WaitForExit(10_000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Folder, true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

}

/// <summary>
/// 13: the issue's broker. RabbitMQ 3.10 grants QoS 1 to a QoS 2 subscription and answers a QoS 2 PUBLISH with PUBACK
/// (which the old client took as a protocol error: close, re-send, close, for ever). The node caps at QoS 1, rejects
/// telemetry_qos 2 with the cap, and a node booted with QoS 2 keeps its connection.
/// </summary>
public sealed class RabbitMqQosTests : IClassFixture<RabbitMqFixture>
{
    private readonly RabbitMqFixture _rabbit;

    public RabbitMqQosTests(RabbitMqFixture rabbit) => _rabbit = rabbit;

    [Fact]
    public void RabbitMqCapsTheNodeAtQos1AndAQos2ChangeIsRejected()
    {
        // Third-party view of the broker: mosquitto_pub's QoS 2 publish gets a PUBACK (its debug output shows it).
        using (var pub = Process.Start(new ProcessStartInfo("/usr/bin/mosquitto_pub", $"-h 127.0.0.1 -p {_rabbit.MqttPort} -q 2 -t probe -m x -d")
               { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            string output = pub.StandardOutput.ReadToEnd();
            Assert.True(pub.WaitForExit(15_000));
            Assert.Contains("received PUBACK", output);
        }

        using var controller = new Controller(_rabbit.MqttPort, "ctl-rq1", "nanonode/rq1/#");
        var node = new VirtualNode("rq1", Pump.TempDir(), "127.0.0.1", _rabbit.MqttPort, 1, null, false);
        node.Boot();
        Pump.Until(() => node.Link.IsConnected && node.Link.Stats.QosCap == 1, 30, controller, node);
        Assert.Equal(LinkStats.CauseSuback, node.Link.Stats.QosCapCause);
        Pump.Until(() => controller.Client.IsConnected && controller.Client.InflightCount == 0, 15, controller, node);
        Pump.For(1, controller, node); // the controller's SUBACK

        controller.Publish("nanonode/rq1/config/set", "{\"rev\":1,\"telemetry_qos\":2}");
        Pump.Until(() => controller.On("nanonode/rq1/config/ack").Count >= 1, 20, controller, node);
        var ack = controller.On("nanonode/rq1/config/ack")[0].Json;
        Assert.Equal("rejected", ack.GetProperty("result").GetString());
        Assert.Equal("qos_not_granted", ack.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal(1, ack.GetProperty("errors")[0].GetProperty("max").GetInt32());
        Assert.Equal(0, node.Link.Stats.Failures);
        node.Shutdown();
    }

    [Fact]
    public void NodeBootedWithQos2KeepsItsConnectionOnRabbitMq()
    {
        string dir = Pump.TempDir();
        var config = new DeviceConfig();
        config.SetString(ConfigSchema.BrokerHost, "127.0.0.1");
        config.SetNumber(ConfigSchema.BrokerPort, _rabbit.MqttPort);
        config.SetNumber(ConfigSchema.IntervalS, 1);
        config.SetNumber(ConfigSchema.TelemetryQos, 2);
        Assert.True(new ConfigStore(new FolderConfigStorage(Path.Combine(dir, "rq2")), new ConfigPatch()).Save(config));
        using var controller = new Controller(_rabbit.MqttPort, "ctl-rq2", "nanonode/rq2/telemetry");
        var node = new VirtualNode("rq2", dir, "127.0.0.1", _rabbit.MqttPort, null, null, false);
        node.Boot();
        Pump.Until(() => controller.On("nanonode/rq2/telemetry").Count >= 5, 60, controller, node);
        Assert.True(node.Link.IsConnected);
        Assert.Equal(1, node.Link.Stats.QosCap);
        Assert.Equal(0, node.Link.Stats.Failures);
        Assert.Equal(1, node.Link.ConnectCount);
        Console.WriteLine($"RabbitMQ, persisted QoS 2: cap {node.Link.Stats.QosCap} ({node.Link.Stats.QosCapCause}), {node.Link.Client!.PubackForQos2} QoS 2 publish(es) answered PUBACK, {node.Link.Stats.QosCapped} capped");
        node.Shutdown();
    }
}
