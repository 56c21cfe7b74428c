using nanoFramework.TestFramework;
using NanoNode.Drivers.Scd4x;
using NanoNode.Drivers.Sensors;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Drivers.Tests
{
    /// <summary>SCD4x: the datasheet's examples, periodic measurement with data-ready, settings, CRC and fault paths.</summary>
    [TestClass]
    public class Scd4xTests
    {
        private static Scd4xDriver Ready(out SimulatedI2cBus bus, out SimulatedScd4x chip)
        {
            bus = new SimulatedI2cBus();
            chip = new SimulatedScd4x(Scd4xDriver.DefaultAddress);
            bus.Attach(chip);
            Scd4xDriver scd = new Scd4xDriver(bus, Scd4xDriver.DefaultAddress);
            Assert.AreEqual((int)SensorStatus.Ok, (int)scd.Init());
            return scd;
        }

        [TestMethod]
        public static void DatasheetReadMeasurementExample_500ppm_25C_37pct()
        {
            // §3.5.2 example: 0x01f4 → 500 ppm; 0x6667 → -45 + 175·26215/65535 = 25.0 °C; 0x5eb9 → 100·24249/65535 = 37.0 %RH.
            SimulatedI2cBus bus;
            SimulatedScd4x chip;
            Scd4xDriver scd = Ready(out bus, out chip);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(scd, bus, r, 100, 0));
            Assert.AreEqual(500, r.Co2PpmInt);
            Assert.AreEqual(2500, r.TemperatureCentiC);
            Assert.AreEqual(3700, r.HumidityCentiPct);
            Assert.AreEqual(SensorQuantity.Co2 | SensorQuantity.Temperature | SensorQuantity.Humidity, r.Quantities);
        }

        [TestMethod]
        public static void DatasheetTemperatureOffsetExamples()
        {
            // §3.6.1: offset 5.4 °C is written as 0x07e6 (CRC 0x48); §3.6.2: 0x0912 reads as 6.2 °C.
            Assert.AreEqual(0x07E6, Scd4xDriver.OffsetWord(540));
            Assert.AreEqual(620, Scd4xDriver.OffsetCentiC(0x0912));
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedScd4x chip = new SimulatedScd4x(0x62);
            bus.Attach(chip);
            Scd4xDriver scd = new Scd4xDriver(bus, 0x62);
            scd.TemperatureOffsetCentiC = 540;
            scd.AltitudeM = 1950; // §3.6.3 example: 0x079e
            Assert.AreEqual((int)SensorStatus.Ok, (int)scd.Init());
            Assert.AreEqual(0x07E6, chip.TemperatureOffsetWord);
            Assert.AreEqual(0x079E, chip.AltitudeM);
            Assert.AreEqual(0, chip.RefusedCommands);
        }

        [TestMethod]
        public static void InitWaitsOutTheStopCommand()
        {
            // The chip answers nothing for 500 ms after stop_periodic_measurement (§3.5.3): Init succeeds only by waiting.
            SimulatedI2cBus bus;
            SimulatedScd4x chip;
            Ready(out bus, out chip);
            Assert.IsTrue(chip.Periodic);
            Assert.AreEqual(502L, bus.NowMs);
        }

        [TestMethod]
        public static void DataReadyOncePerPeriod()
        {
            SimulatedI2cBus bus;
            SimulatedScd4x chip;
            Scd4xDriver scd = Ready(out bus, out chip);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.NotReady, (int)scd.Collect(r));
            bus.Advance(Scd4xDriver.PeriodMs);
            Assert.AreEqual((int)SensorStatus.Ok, (int)scd.Collect(r));
            Assert.AreEqual((int)SensorStatus.NotReady, (int)scd.Collect(r)); // buffer emptied by the read
            bus.Advance(Scd4xDriver.PeriodMs);
            Assert.AreEqual((int)SensorStatus.Ok, (int)scd.Collect(r));
            Assert.AreEqual(2, r.Sequence);
        }

        [TestMethod]
        public static void IdleOnlyCommandIsRefusedWhileMeasuring()
        {
            SimulatedI2cBus bus;
            SimulatedScd4x chip;
            Scd4xDriver scd = Ready(out bus, out chip);
            Assert.AreEqual((int)SensorStatus.BusError, (int)scd.ReadWord(Command.GetTemperatureOffset));
            Assert.AreEqual(1, chip.RefusedCommands);
        }

        [TestMethod]
        public static void OutOfRangeSettingsAreRefusedWithoutBusTraffic()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            Scd4xDriver scd = new Scd4xDriver(bus, 0x62);
            scd.TemperatureOffsetCentiC = -1;
            Assert.AreEqual((int)SensorStatus.InvalidRequest, (int)scd.Init());
            Assert.AreEqual(0, bus.TransferCount);
        }

        [TestMethod]
        public static void CorruptedCrcIsReported()
        {
            SimulatedI2cBus bus;
            SimulatedScd4x chip;
            Scd4xDriver scd = Ready(out bus, out chip);
            chip.CorruptCrc = true;
            bus.Advance(Scd4xDriver.PeriodMs);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.CrcError, (int)scd.Collect(r));
            Assert.AreEqual(0, r.Sequence);
        }

        [TestMethod]
        public static void StuckDataReadyStaysNotReady()
        {
            SimulatedI2cBus bus;
            SimulatedScd4x chip;
            Scd4xDriver scd = Ready(out bus, out chip);
            chip.StuckBusy = true;
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.NotReady, (int)SensorRead.Once(scd, bus, r, 1000, 10));
        }

        [TestMethod]
        public static void NackAtInitAndDisconnectMidRun()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedScd4x chip = new SimulatedScd4x(0x62);
            bus.Attach(chip);
            Scd4xDriver scd = new Scd4xDriver(bus, 0x62);
            chip.Disconnected = true;
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)scd.Init());
            chip.Disconnected = false;
            Assert.AreEqual((int)SensorStatus.Ok, (int)scd.Init());
            bus.Advance(Scd4xDriver.PeriodMs);
            chip.DisconnectAfter = 2; // data-ready exchange passes, read_measurement is lost
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)scd.Collect(r));
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)scd.Collect(r));
        }
    }
}
