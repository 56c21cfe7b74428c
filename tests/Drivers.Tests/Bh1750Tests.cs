using nanoFramework.TestFramework;
using NanoNode.Drivers.Bh1750;
using NanoNode.Drivers.Sensors;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Drivers.Tests
{
    /// <summary>BH1750: the datasheet's conversion examples, modes, MTreg, faults.</summary>
    [TestClass]
    public class Bh1750Tests
    {
        [TestMethod]
        public static void DatasheetExample_0x8390_Is_28067lx()
        {
            // Datasheet p.7: High byte 1000_0011, low byte 1001_0000 → (2^15+2^9+2^8+2^7+2^4) / 1.2 ≈ 28067 lx.
            int mlx = Bh1750Driver.MilliLux(0x8390, 69, Resolution.High);
            Assert.AreEqual(28066667, mlx);
            Assert.AreEqual(28067, (mlx + 500) / 1000);
        }

        [TestMethod]
        public static void DatasheetMinimumResolution_0_11lx_AtMTreg254InHResolutionMode2()
        {
            // Datasheet p.11: MTreg 254 in H-resolution mode2 gives 0.11 lx per count.
            Assert.AreEqual(113, Bh1750Driver.MilliLux(1, 254, Resolution.High2));
        }

        [TestMethod]
        public static void MeasurementTimesScaleWithMTreg()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            bus.Attach(new SimulatedBh1750(0x23));
            Bh1750Driver bh = new Bh1750Driver(bus, 0x23);
            Assert.AreEqual(180, bh.MeasurementTimeMs);
            bh.Resolution = Resolution.Low;
            Assert.AreEqual(24, bh.MeasurementTimeMs);
            bh.Resolution = Resolution.High;
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.SetMeasurementTime(254));
            Assert.AreEqual(663, bh.MeasurementTimeMs);
        }

        [TestMethod]
        public static void OneTimeReadThroughTheSimulatedChip()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBh1750 chip = new SimulatedBh1750(0x23);
            bus.Attach(chip);
            Bh1750Driver bh = new Bh1750Driver(bus, 0x23);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.Init());
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(bh, bus, r, 1, 0));
            Assert.AreEqual(28066667, r.IlluminanceMilliLx);
            Assert.AreEqual(SensorQuantity.Illuminance, r.Quantities);
            Assert.IsFalse(chip.PoweredOn); // one-time mode powers down after measuring (p.5)
        }

        [TestMethod]
        public static void MTregAndHResolutionMode2ReachTheChip()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBh1750 chip = new SimulatedBh1750(0x5C);
            chip.Count = 1000;
            bus.Attach(chip);
            Bh1750Driver bh = new Bh1750Driver(bus, 0x5C);
            bh.Resolution = Resolution.High2;
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.Init());
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.SetMeasurementTime(138));
            Assert.AreEqual(138, chip.MeasurementTime);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(bh, bus, r, 1, 0));
            Assert.AreEqual(208333, r.IlluminanceMilliLx); // 1000 / 1.2 · 69/138 / 2
        }

        [TestMethod]
        public static void MTregOutOfRangeIsRefusedWithoutBusTraffic()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            Bh1750Driver bh = new Bh1750Driver(bus, 0x23);
            Assert.AreEqual((int)SensorStatus.InvalidRequest, (int)bh.SetMeasurementTime(30));
            Assert.AreEqual((int)SensorStatus.InvalidRequest, (int)bh.SetMeasurementTime(255));
            Assert.AreEqual(0, bus.TransferCount);
            Assert.AreEqual(69, bh.MeasurementTime);
        }

        [TestMethod]
        public static void ContinuousModeDeliversWithoutStart()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBh1750 chip = new SimulatedBh1750(0x23);
            bus.Attach(chip);
            Bh1750Driver bh = new Bh1750Driver(bus, 0x23);
            bh.Continuous = true;
            bh.Resolution = Resolution.Low;
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.Init());
            SensorReading r = new SensorReading();
            bus.Advance(bh.MeasurementTimeMs);
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.Collect(r));
            Assert.AreEqual(28066667, r.IlluminanceMilliLx);
            chip.Count = 120;
            bus.Advance(bh.MeasurementTimeMs);
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.Collect(r));
            Assert.AreEqual(100000, r.IlluminanceMilliLx);
            Assert.IsTrue(chip.PoweredOn);
        }

        [TestMethod]
        public static void NackAndDisconnectMidRun()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBh1750 chip = new SimulatedBh1750(0x23);
            bus.Attach(chip);
            Bh1750Driver bh = new Bh1750Driver(bus, 0x23);
            chip.NackNext = 1;
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)bh.Init());
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.Init());
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.Start());
            chip.DisconnectAfter = 0;
            bus.Advance(bh.MeasurementTimeMs);
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)bh.Collect(r));
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)r.Status);
        }

        [TestMethod]
        public static void HungChipKeepsTheOldCount()
        {
            // No busy flag on this chip: a measurement that never completes leaves the data register unchanged.
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBh1750 chip = new SimulatedBh1750(0x23);
            bus.Attach(chip);
            Bh1750Driver bh = new Bh1750Driver(bus, 0x23);
            bh.Init();
            SensorReading r = new SensorReading();
            SensorRead.Once(bh, bus, r, 1, 0);
            chip.StuckBusy = true;
            chip.Count = 12;
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(bh, bus, r, 1, 0));
            Assert.AreEqual(0x8390, bh.RawCount);
        }
    
        [TestMethod]
        public static void OneTimeCollectWithoutANewStartIsNotReady()
        {
            // The data register keeps the previous count: a second Collect must not present it as a fresh reading.
            SimulatedI2cBus bus = new SimulatedI2cBus();
            bus.Attach(new SimulatedBh1750(0x23));
            Bh1750Driver bh = new Bh1750Driver(bus, 0x23);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.Init());
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(bh, bus, r, 1, 0));
            Assert.AreEqual((int)SensorStatus.NotReady, (int)bh.Collect(r));
            Assert.AreEqual(1, r.Sequence);
        }
}
}
