using System.Diagnostics;
using System.Security.Authentication;
using NanoNode.Device.Config;
using NanoNode.Device.Link;
using NanoNode.Device.Node;
using NanoNode.Device.Storage;
using NanoNode.Drivers.Bh1750;
using NanoNode.Drivers.Bme280;
using NanoNode.Drivers.Sht3x;
using NanoNode.Drivers.Simulation;
using NanoNode.Mqtt.Client;

namespace NanoNode.VirtualDevice;

/// <summary>Monotonic time shared by the scheduler and the simulated chips: the bus clock follows real time, never goes back.</summary>
public sealed class RealTimeBusClock : IDeviceClock, IMqttClock
{
    private readonly SimulatedI2cBus _bus;
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public RealTimeBusClock(SimulatedI2cBus bus)
    {
        _bus = bus;
    }

    public long NowMs
    {
        get
        {
            long real = _watch.ElapsedMilliseconds;
            if (real > _bus.NowMs)
            {
                _bus.NowMs = real;
            }

            return _bus.NowMs;
        }
    }

    public long UnixSeconds => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}

/// <summary>
/// Test time for a virtual node: the bus clock moves only when the test calls <see cref="Advance"/> (and when a driver's
/// <c>DelayMs</c> on the simulated bus moves it), never with the wall clock, so what the node schedules depends on the
/// test's steps alone. Wall-clock seconds are a fixed origin plus the bus time.
/// </summary>
public sealed class ManualBusClock : IDeviceClock, IMqttClock
{
    /// <summary>UnixSeconds at bus time 0: 2026-01-01T00:00:00Z.</summary>
    public const long OriginUnixSeconds = 1_767_225_600;

    private readonly SimulatedI2cBus _bus;

    public ManualBusClock(SimulatedI2cBus bus)
    {
        _bus = bus;
    }

    public long NowMs => _bus.NowMs;

    public long UnixSeconds => OriginUnixSeconds + _bus.NowMs / 1000;

    /// <summary>Moves the clock forward by <paramref name="milliseconds"/> (&gt;= 0).</summary>
    public void Advance(long milliseconds)
    {
        if (milliseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(milliseconds), "time never goes back");
        }

        _bus.NowMs += milliseconds;
    }
}

/// <summary>TCP, or TLS (system trust store, or the CA file given) when broker_tls is set.</summary>
public sealed class HostTransportFactory : IMqttTransportFactory
{
    private readonly string? _caFile;

    public HostTransportFactory(string? caFile)
    {
        _caFile = caFile;
    }

    public IMqttTransport Create(string host, int port, bool tls)
    {
        if (!tls)
        {
            return new TcpTransport(host, port);
        }

        var ca = _caFile == null ? null : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(_caFile);
        return new TlsTransport(host, port, ca, null, SslProtocols.Tls12 | SslProtocols.Tls13);
    }
}

/// <summary>Connection problems on stderr, one line per reason at most every 10 s (the link rate-limits).</summary>
public sealed class ConsoleLinkLog : ILinkLog
{
    private readonly string _id;

    public ConsoleLinkLog(string id) => _id = id;

    public void LinkEvent(string reason, string broker, int total, int events) =>
        Console.Error.WriteLine(events == 1
            ? $"[{_id}] link: {reason} ({broker}), {total} in all"
            : $"[{_id}] link: {reason} ({broker}) x{events} since the last line, {total} in all");

    public void QosCapped(int cap, string cause, string broker) =>
        Console.Error.WriteLine($"[{_id}] link: publish QoS capped at {cap} on {broker}: {cause}");
}

/// <summary>The virtual board: reboot restarts the node in-process; identify prints a line.</summary>
public sealed class VirtualBoard : IBoard
{
    private readonly VirtualNode _owner;

    public VirtualBoard(VirtualNode owner)
    {
        _owner = owner;
    }

    public string Name => "virtual";

    public string FirmwareVersion => typeof(DeviceNode).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>Managed heap still available to this process, bytes (the host analogue of nanoFramework's GC.Run free bytes).</summary>
    public long FreeMemory() => Math.Max(0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - GC.GetTotalMemory(false));

    public void Reboot() => _owner.RebootRequested = true;

    public void Identify(int seconds) => Console.WriteLine($"[{_owner.Id}] identify: blinking for {seconds} s");
}

/// <summary>One virtual device: simulated BME280 + SHT3x + BH1750 on a simulated bus, config persisted in a folder.</summary>
public sealed class VirtualNode
{
    private readonly string _dataDir;
    private readonly string _brokerHost;
    private readonly int _brokerPort;
    private readonly int? _interval;
    private readonly string? _caFile;
    private readonly bool _echo;
    private readonly bool _manualClock;

    /// <param name="manualClock">True: the node runs on a <see cref="ManualBusClock"/> that only
    /// <see cref="AdvanceClock"/> moves (deterministic tests); false: real time (<see cref="RealTimeBusClock"/>).</param>
    public VirtualNode(string id, string dataDir, string brokerHost, int brokerPort, int? interval, string? caFile, bool echo, bool manualClock = false)
    {
        _manualClock = manualClock;
        Id = id;
        _dataDir = dataDir;
        _brokerHost = brokerHost;
        _brokerPort = brokerPort;
        _interval = interval;
        _caFile = caFile;
        _echo = echo;
    }

    public string Id { get; }

    /// <summary>broker_fallback seeded into a fresh config ("host:port,..."; empty = none).</summary>
    public string Fallback { get; init; } = "";

    /// <summary>broker_user seeded into a fresh config (null = none).</summary>
    public string? User { get; init; }

    /// <summary>broker_password (or a JWT) seeded into a fresh config (null = none).</summary>
    public string? Password { get; init; }

    /// <summary>Where connection problems go (rate-limited by the link); default: a line on stderr per reason.</summary>
    public ILinkLog? LinkLog { get; init; }

    public bool RebootRequested { get; set; }

    public DeviceNode Node { get; private set; } = null!;

    public MqttDeviceLink Link { get; private set; } = null!;

    public SimulatedI2cBus Bus { get; private set; } = null!;

    /// <summary>The slowly changing environment the simulated chips measure.</summary>
    public SimulatedRoom Room { get; private set; } = null!;

    private IDeviceClock _clock = null!;

    private int _lastSeq;

    /// <summary>Boots: loads the persisted config (or defaults + the command-line broker), connects.</summary>
    public void Boot()
    {
        Bus = new SimulatedI2cBus();
        var bme280 = new SimulatedBme280(0x76);
        var sht3x = new SimulatedSht3x(0x44);
        var bh1750 = new SimulatedBh1750(0x23);
        Bus.Attach(bme280);
        Bus.Attach(sht3x);
        Bus.Attach(bh1750);
        Room = new SimulatedRoom(Id, bme280, sht3x, bh1750);
        IDeviceClock clock = _manualClock ? new ManualBusClock(Bus) : new RealTimeBusClock(Bus);
        _clock = clock;
        var patch = new ConfigPatch();
        var store = new ConfigStore(new FolderConfigStorage(Path.Combine(_dataDir, Id)), patch);
        var config = new DeviceConfig();
        if (!store.Load(config))
        {
            config.SetString(ConfigSchema.BrokerHost, _brokerHost);
            config.SetNumber(ConfigSchema.BrokerPort, _brokerPort);
            config.SetString(ConfigSchema.BrokerFallback, Fallback);
            if (User != null)
            {
                config.SetString(ConfigSchema.BrokerUser, User);
                config.SetString(ConfigSchema.BrokerPassword, Password ?? "");
            }
            if (_interval.HasValue)
            {
                config.SetNumber(ConfigSchema.IntervalS, _interval.Value);
            }

            store.Save(config);
        }

        Link = new MqttDeviceLink(new HostTransportFactory(_caFile), (IMqttClock)clock, 8192, 16384) { Log = LinkLog ?? new ConsoleLinkLog(Id) };
        Node = new DeviceNode(Id, config, store, patch, Link, clock, new VirtualBoard(this), new DriverSensorFactory(Bus));
        Link.Attach(Node);
        RebootRequested = false;
        _lastSeq = 0;
    }

    /// <summary>The node's monotonic time, ms (bus time).</summary>
    public long ClockNowMs => _clock.NowMs;

    /// <summary>Moves a manual clock forward (the node must have been created with manualClock: true).</summary>
    public void AdvanceClock(long milliseconds)
    {
        if (_clock is not ManualBusClock manual)
        {
            throw new InvalidOperationException("this virtual node runs on real time; create it with manualClock: true");
        }

        manual.Advance(milliseconds);
    }

    /// <summary>One loop turn: MQTT client, then the device logic.</summary>
    public void Poll(int timeoutMs)
    {
        Room.Update(_clock.NowMs);
        Link.Poll(timeoutMs);
        Node.Poll();
        if (_echo && Node.Telemetry.Sequence != _lastSeq)
        {
            _lastSeq = Node.Telemetry.Sequence;
            Console.WriteLine($"[{Id}] {System.Text.Encoding.UTF8.GetString(Node.Telemetry.Payload, 0, Node.Telemetry.PayloadLength)}");
        }

        if (RebootRequested)
        {
            Console.WriteLine($"[{Id}] reboot");
            Link.Shutdown();
            Boot();
        }
    }

    public void Shutdown() => Link.Shutdown();
}
