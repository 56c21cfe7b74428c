using System.Diagnostics;
using NanoNode.Drivers.Aht20;
using NanoNode.Drivers.Bh1750;
using NanoNode.Drivers.Bme280;
using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Scd4x;
using NanoNode.Drivers.Sensors;
using NanoNode.Drivers.Sht3x;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Bench;

/// <summary>
/// `drivers`: each driver reading its simulated chip (Start, wait on the simulated clock, Collect) after warm-up.
/// Prints per chip <c>alloc_bytes_per_op.read.&lt;chip&gt;</c> (GC.GetAllocatedBytesForCurrentThread over the measured reads,
/// divided by their count) and <c>ns_per_op.read.&lt;chip&gt;</c> (wall time per read, host CPU, simulation included).
/// Arguments: [reads] (default 20000).
/// </summary>
public sealed class DriversBench : IBenchMode
{
    public string Name => "drivers";

    public string Description => "allocation and time per sensor read, every driver against its simulated chip";

    public int Run(string[] args)
    {
        int reads = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20000;
        int failures = 0;
        failures += Measure("aht20", Aht20(), reads);
        failures += Measure("bh1750", Bh1750(), reads);
        failures += Measure("bme280", Bme280(), reads);
        failures += Measure("scd4x", Scd4x(), reads);
        failures += Measure("sht3x", Sht3x(), reads);
        return failures == 0 ? 0 : 1;
    }

    private static int Measure(string chip, Subject s, int reads)
    {
        SensorReading reading = new SensorReading();
        SensorStatus status = s.Sensor.Init();
        if (status != SensorStatus.Ok)
        {
            Console.Error.WriteLine($"drivers: {chip} Init returned {status}");
            return 1;
        }

        int bad = Loop(s, reading, Math.Max(1000, reads / 10)); // warm-up: JIT tiers, first-use allocations
        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        bad += Loop(s, reading, reads);
        long elapsed = Stopwatch.GetTimestamp() - start;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        BenchOutput.Figure("alloc_bytes_per_op.read." + chip, (double)allocated / reads, "bytes");
        BenchOutput.Figure("ns_per_op.read." + chip, Math.Round(elapsed * 1e9 / Stopwatch.Frequency / reads, 1), "ns");
        if (bad != 0)
        {
            Console.Error.WriteLine($"drivers: {chip}: {bad} reads did not return Ok");
        }

        return bad == 0 ? 0 : 1;
    }

    private static int Loop(Subject s, SensorReading reading, int count)
    {
        int bad = 0;
        for (int i = 0; i < count; i++)
        {
            if (SensorRead.Once(s.Sensor, s.Bus, reading, 1, 2) != SensorStatus.Ok)
            {
                bad++;
            }
        }

        return bad;
    }

    private sealed class Subject
    {
        public Subject(SimulatedI2cBus bus, SimulatedI2cDevice chip, ISensor sensor)
        {
            Bus = bus;
            bus.Attach(chip);
            Sensor = sensor;
        }

        public I2cBus Bus { get; }

        public ISensor Sensor { get; }
    }

    private static Subject Bme280()
    {
        SimulatedI2cBus bus = new SimulatedI2cBus();
        return new Subject(bus, new SimulatedBme280(0x76), new Bme280Driver(bus, 0x76));
    }

    private static Subject Sht3x()
    {
        SimulatedI2cBus bus = new SimulatedI2cBus();
        return new Subject(bus, new SimulatedSht3x(0x44), new Sht3xDriver(bus, 0x44));
    }

    private static Subject Bh1750()
    {
        SimulatedI2cBus bus = new SimulatedI2cBus();
        return new Subject(bus, new SimulatedBh1750(0x23), new Bh1750Driver(bus, 0x23));
    }

    private static Subject Aht20()
    {
        SimulatedI2cBus bus = new SimulatedI2cBus();
        return new Subject(bus, new SimulatedAht20(0x38, false), new Aht20Driver(bus, 0x38));
    }

    private static Subject Scd4x()
    {
        SimulatedI2cBus bus = new SimulatedI2cBus();
        return new Subject(bus, new SimulatedScd4x(0x62), new Scd4xDriver(bus, 0x62));
    }
}
