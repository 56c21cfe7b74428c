using nanoFramework.TestFramework;
using NanoNode.Drivers.Aht20;
using NanoNode.Drivers.Bh1750;
using NanoNode.Drivers.Bme280;
using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Scd4x;
using NanoNode.Drivers.Sensors;
using NanoNode.Drivers.Sht3x;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Drivers.Tests
{
    /// <summary>Every driver against bus-level faults (clock-stretch timeout, partial transfer) on Init and Collect: a status, no exception, recovery.</summary>
    [TestClass]
    public class BusFaultTests
    {
        private const int ClockStretch = 0;
        private const int Partial = 1;

        // chip: 0 BME280, 1 SHT3x, 2 BH1750, 3 AHT20, 4 SCD4x.
        private static ISensor Make(int chip, out SimulatedI2cBus bus, out SimulatedI2cDevice device)
        {
            bus = new SimulatedI2cBus();
            switch (chip)
            {
                case 0:
                    device = new SimulatedBme280(Bme280Driver.DefaultAddress);
                    bus.Attach(device);
                    return new Bme280Driver(bus, Bme280Driver.DefaultAddress);
                case 1:
                    device = new SimulatedSht3x(Sht3xDriver.DefaultAddress);
                    bus.Attach(device);
                    return new Sht3xDriver(bus, Sht3xDriver.DefaultAddress);
                case 2:
                    device = new SimulatedBh1750(Bh1750Driver.DefaultAddress);
                    bus.Attach(device);
                    return new Bh1750Driver(bus, Bh1750Driver.DefaultAddress);
                case 3:
                    device = new SimulatedAht20(Aht20Driver.DefaultAddress, false);
                    bus.Attach(device);
                    return new Aht20Driver(bus, Aht20Driver.DefaultAddress);
                default:
                    device = new SimulatedScd4x(Scd4xDriver.DefaultAddress);
                    bus.Attach(device);
                    return new Scd4xDriver(bus, Scd4xDriver.DefaultAddress);
            }
        }

        private static void Inject(SimulatedI2cDevice device, int fault)
        {
            if (fault == ClockStretch)
            {
                device.ClockStretchTimeoutNext = 1;
            }
            else
            {
                device.PartialTransferNext = 1;
            }
        }

        [TestMethod]
        [DataRow(0, ClockStretch)]
        [DataRow(1, ClockStretch)]
        [DataRow(2, ClockStretch)]
        [DataRow(3, ClockStretch)]
        [DataRow(4, ClockStretch)]
        [DataRow(0, Partial)]
        [DataRow(1, Partial)]
        [DataRow(2, Partial)]
        [DataRow(3, Partial)]
        [DataRow(4, Partial)]
        public static void FaultOnCollectIsABusErrorThenTheNextCollectRecovers(int chip, int fault)
        {
            SimulatedI2cBus bus;
            SimulatedI2cDevice device;
            ISensor sensor = Make(chip, out bus, out device);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)sensor.Init());
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(sensor, bus, r, 1, 0));
            int temperature = r.TemperatureCentiC;
            int illuminance = r.IlluminanceMilliLx;
            Assert.AreEqual(1, r.Sequence);

            Assert.AreEqual((int)SensorStatus.Ok, (int)sensor.Start());
            bus.Advance(sensor.MeasurementTimeMs);
            Inject(device, fault);
            Assert.AreEqual((int)SensorStatus.BusError, (int)sensor.Collect(r));
            Assert.AreEqual((int)SensorStatus.BusError, (int)r.Status);
            Assert.AreEqual(1, r.Sequence);
            Assert.AreEqual(temperature, r.TemperatureCentiC);
            Assert.AreEqual(illuminance, r.IlluminanceMilliLx);

            Assert.AreEqual((int)SensorStatus.Ok, (int)sensor.Collect(r));
            Assert.AreEqual(2, r.Sequence);
        }

        [TestMethod]
        [DataRow(0, ClockStretch)]
        [DataRow(1, ClockStretch)]
        [DataRow(2, ClockStretch)]
        [DataRow(3, ClockStretch)]
        [DataRow(4, ClockStretch)]
        [DataRow(0, Partial)]
        [DataRow(1, Partial)]
        [DataRow(2, Partial)]
        [DataRow(3, Partial)]
        [DataRow(4, Partial)]
        public static void FaultOnInitIsABusErrorAndInitCanBeRetried(int chip, int fault)
        {
            SimulatedI2cBus bus;
            SimulatedI2cDevice device;
            ISensor sensor = Make(chip, out bus, out device);
            Inject(device, fault);
            Assert.AreEqual((int)SensorStatus.BusError, (int)sensor.Init());
            Assert.AreEqual((int)SensorStatus.NotInitialized, (int)sensor.Start());
            Assert.AreEqual((int)SensorStatus.Ok, (int)sensor.Init());
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(sensor, bus, r, 1, 0));
        }
    }
}
