using System.Diagnostics;
using System.Text;
using NanoNode.Device.Config;
using NanoNode.Device.Node;
using NanoNode.Device.Storage;
using NanoNode.Drivers.Bh1750;
using NanoNode.Drivers.Bme280;
using NanoNode.Drivers.Sht3x;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Bench;

/// <summary>
/// `device`: the node's device logic (NanoNode.Device) after warm-up, with simulated BME280 + SHT3x + BH1750 and a link
/// that accepts every publish without sending (the MQTT client is measured by `client`).
/// <c>alloc_bytes_per_op.telemetry_cycle</c>: one interval of the schedule (start, wait, collect three chips, deadband check,
/// JSON payload with five numbers, publish), GC.GetAllocatedBytesForCurrentThread / cycles.
/// <c>alloc_bytes_per_op.config_apply</c>: one valid live <c>config/set</c> delivered as an inbound message
/// (<see cref="DeviceNode.OnMessage"/>: topic match, validate, apply, persist both slots in turn to RAM storage with CRC,
/// publish config, publish ack) and the next <see cref="DeviceNode.Poll"/> (which republishes <c>info</c> for the new
/// rev). <c>alloc_bytes_per_op.config_reject</c>: one invalid patch with three errors acked, same path. Also <c>ns_per_op.*</c> (host CPU). Arguments: [operations] (default 20000).
/// </summary>
public sealed class DeviceBench : IBenchMode
{
    public string Name => "device";

    public string Description => "allocation and time per telemetry cycle and per config patch (device logic, simulated chips)";

    private sealed class NullLink : IDeviceLink
    {
        public long Bytes;
        public int Messages;

        public bool IsConnected => true;

        public int ConnectCount => 1;

        public string LastError => null!;

        public string Broker => "bench:1883";

        public LinkStats Stats { get; } = new LinkStats();

        public bool Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int payloadOffset, int payloadLength, int qos, bool retain)
        {
            Bytes += payloadLength;
            Messages++;
            return true;
        }

        public void Reconnect(DeviceConfig config)
        {
        }
    }

    private sealed class BusClock : IDeviceClock
    {
        private readonly SimulatedI2cBus _bus;

        public BusClock(SimulatedI2cBus bus) => _bus = bus;

        public long NowMs => _bus.NowMs;

        public long UnixSeconds => 1767225600 + _bus.NowMs / 1000;
    }

    private sealed class BenchBoard : IBoard
    {
        public string Name => "bench";

        public string FirmwareVersion => "0";

        public long FreeMemory() => -1;

        public void Reboot()
        {
        }

        public void Identify(int seconds)
        {
        }
    }

    public int Run(string[] args)
    {
        int ops = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20000;
        var bus = new SimulatedI2cBus();
        bus.Attach(new SimulatedBme280(0x76));
        bus.Attach(new SimulatedSht3x(0x44));
        bus.Attach(new SimulatedBh1750(0x23));
        var link = new NullLink();
        var patch = new ConfigPatch();
        var config = new DeviceConfig();
        config.SetNumber(ConfigSchema.IntervalS, 1);
        var store = new ConfigStore(new MemoryConfigStorage(ConfigStore.SlotCapacity), patch);
        var node = new DeviceNode("bench-1", config, store, patch, link, new BusClock(bus), new BenchBoard(), new DriverSensorFactory(bus));
        node.Poll(); // birth

        // telemetry_cycle
        int warm = Math.Max(1000, ops / 10);
        if (Cycles(node, bus, warm) != warm)
        {
            Console.Error.WriteLine("device: telemetry did not publish every cycle during warm-up");
            return 1;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        int published = Cycles(node, bus, ops);
        long elapsed = Stopwatch.GetTimestamp() - start;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        BenchOutput.Figure("alloc_bytes_per_op.telemetry_cycle", (double)allocated / ops, "bytes");
        BenchOutput.Figure("ns_per_op.telemetry_cycle", Math.Round(elapsed * 1e9 / Stopwatch.Frequency / ops, 1), "ns");
        if (published != ops)
        {
            Console.Error.WriteLine($"device: {ops - published} cycles did not publish");
            return 1;
        }

        // config_apply: inbound messages (topic + payload in one buffer, as the MQTT client hands them over) built before
        // measuring (revs must grow).
        int rev = config.Rev;
        byte[][] valid = new byte[warm + ops][];
        for (int i = 0; i < valid.Length; i++)
        {
            valid[i] = Encoding.UTF8.GetBytes($"{{\"rev\":{++rev},\"interval_s\":{1 + (i % 50)},\"deadband_temperature_c\":0.{i % 10}}}");
        }

        byte[] invalid = Encoding.UTF8.GetBytes($"{{\"rev\":{int.MaxValue},\"interval_s\":0,\"telemetry_qos\":\"1\",\"nope\":true}}");
        byte[] topic = Encoding.UTF8.GetBytes("nanonode/bench-1/config/set");
        byte[][] validMessages = valid.Select(p => topic.Concat(p).ToArray()).ToArray();
        byte[] invalidMessage = topic.Concat(invalid).ToArray();
        ConfigService service = node.ConfigService;
        int infosBefore = link.Messages;
        for (int i = 0; i < warm; i++)
        {
            Deliver(node, validMessages[i], topic.Length);
        }

        int applied = service.Applied;
        before = GC.GetAllocatedBytesForCurrentThread();
        start = Stopwatch.GetTimestamp();
        for (int i = warm; i < valid.Length; i++)
        {
            Deliver(node, validMessages[i], topic.Length);
        }

        elapsed = Stopwatch.GetTimestamp() - start;
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        BenchOutput.Figure("alloc_bytes_per_op.config_apply", (double)allocated / ops, "bytes");
        BenchOutput.Figure("ns_per_op.config_apply", Math.Round(elapsed * 1e9 / Stopwatch.Frequency / ops, 1), "ns");
        if (link.Messages - infosBefore < 3 * valid.Length)
        {
            Console.Error.WriteLine($"device: {link.Messages - infosBefore} messages for {valid.Length} patches (expected config + ack + info each)");
            return 1;
        }

        if (service.Applied - applied != ops || service.PersistFailures != 0)
        {
            Console.Error.WriteLine($"device: {ops - (service.Applied - applied)} patches not applied, {service.PersistFailures} persist failures");
            return 1;
        }

        for (int i = 0; i < warm; i++)
        {
            Deliver(node, invalidMessage, topic.Length);
        }

        int rejected = service.Rejected;
        before = GC.GetAllocatedBytesForCurrentThread();
        start = Stopwatch.GetTimestamp();
        for (int i = 0; i < ops; i++)
        {
            Deliver(node, invalidMessage, topic.Length);
        }

        elapsed = Stopwatch.GetTimestamp() - start;
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        BenchOutput.Figure("alloc_bytes_per_op.config_reject", (double)allocated / ops, "bytes");
        BenchOutput.Figure("ns_per_op.config_reject", Math.Round(elapsed * 1e9 / Stopwatch.Frequency / ops, 1), "ns");
        return service.Rejected - rejected == ops ? 0 : 1;
    }

    // One inbound config/set message (topic then payload in one buffer) and the loop turn that follows it.
    private static void Deliver(DeviceNode node, byte[] message, int topicLength)
    {
        node.OnMessage(message, 0, topicLength, topicLength, message.Length - topicLength);
        node.Poll();
    }

    // Runs count telemetry intervals of 1 s in 10 ms steps; returns how many published.
    private static int Cycles(DeviceNode node, SimulatedI2cBus bus, int count)
    {
        int first = node.Telemetry.Sequence;
        for (int c = 0; c < count; c++)
        {
            for (int step = 0; step < 100; step++)
            {
                bus.Advance(10);
                node.Poll();
            }
        }

        return node.Telemetry.Sequence - first;
    }
}
