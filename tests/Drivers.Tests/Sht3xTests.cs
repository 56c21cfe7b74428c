using nanoFramework.TestFramework;
using NanoNode.Drivers.Sensors;
using NanoNode.Drivers.Sht3x;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Drivers.Tests
{
    /// <summary>SHT3x: §4.13 conversion, single shot with repeatability, heater, CRC and fault paths.</summary>
    [TestClass]
    public class Sht3xTests
    {
        private static Sht3xDriver Ready(out SimulatedI2cBus bus, out SimulatedSht3x chip)
        {
            bus = new SimulatedI2cBus();
            chip = new SimulatedSht3x(Sht3xDriver.DefaultAddress);
            bus.Attach(chip);
            Sht3xDriver sht = new Sht3xDriver(bus, Sht3xDriver.DefaultAddress);
            Assert.AreEqual((int)SensorStatus.Ok, (int)sht.Init());
            return sht;
        }

        [TestMethod]
        public static void ConversionEndpointsOfSection4_13()
        {
            // T = -45 + 175·S/(2^16-1): S = 0 → -45 °C, S = 0xFFFF → 130 °C; RH = 100·S/(2^16-1): 0 → 0 %, 0xFFFF → 100 %.
            Assert.AreEqual(-4500, Sht3xDriver.TemperatureCentiC(0));
            Assert.AreEqual(13000, Sht3xDriver.TemperatureCentiC(0xFFFF));
            Assert.AreEqual(0, Sht3xDriver.HumidityCentiPct(0));
            Assert.AreEqual(10000, Sht3xDriver.HumidityCentiPct(0xFFFF));
            Assert.AreEqual(2500, Sht3xDriver.TemperatureCentiC(0x6666));
            Assert.AreEqual(5000, Sht3xDriver.HumidityCentiPct(0x8000));
        }

        [TestMethod]
        public static void SingleShotReadThroughTheSimulatedChip()
        {
            SimulatedI2cBus bus;
            SimulatedSht3x chip;
            Sht3xDriver sht = Ready(out bus, out chip);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(sht, bus, r, 1, 0));
            Assert.AreEqual(2500, r.TemperatureCentiC);
            Assert.AreEqual(5000, r.HumidityCentiPct);
            Assert.AreEqual(1, chip.Measurements);
            Assert.AreEqual(SensorQuantity.Temperature | SensorQuantity.Humidity, r.Quantities);
        }

        [TestMethod]
        [DataRow(0, 16)]
        [DataRow(1, 7)]
        [DataRow(2, 5)]
        public static void RepeatabilitySetsTheWait(int repeatability, int expectedMs)
        {
            SimulatedI2cBus bus;
            SimulatedSht3x chip;
            Sht3xDriver sht = Ready(out bus, out chip);
            sht.Repeatability = (Repeatability)repeatability;
            Assert.AreEqual(expectedMs, sht.MeasurementTimeMs);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)sht.Start());
            bus.Advance(expectedMs - 2);
            Assert.AreEqual((int)SensorStatus.NotReady, (int)sht.Collect(r)); // read header NACKed while measuring
            bus.Advance(2);
            Assert.AreEqual((int)SensorStatus.Ok, (int)sht.Collect(r));
        }

        [TestMethod]
        public static void HeaterSwitchesAndShowsInTheStatusRegister()
        {
            SimulatedI2cBus bus;
            SimulatedSht3x chip;
            Sht3xDriver sht = Ready(out bus, out chip);
            Assert.IsFalse(chip.HeaterOn);
            Assert.AreEqual((int)SensorStatus.Ok, (int)sht.SetHeater(true));
            Assert.IsTrue(chip.HeaterOn);
            Assert.AreEqual((int)SensorStatus.Ok, (int)sht.ReadStatus());
            Assert.AreEqual(Sht3xDriver.StatusHeaterOn, sht.StatusRegister & Sht3xDriver.StatusHeaterOn);
            sht.SetHeater(false);
            sht.ReadStatus();
            Assert.AreEqual(0, sht.StatusRegister & Sht3xDriver.StatusHeaterOn);
        }

        [TestMethod]
        public static void CorruptedCrcIsReported()
        {
            SimulatedI2cBus bus;
            SimulatedSht3x chip;
            Sht3xDriver sht = Ready(out bus, out chip);
            SensorReading r = new SensorReading();
            chip.CorruptCrc = true;
            Assert.AreEqual((int)SensorStatus.CrcError, (int)SensorRead.Once(sht, bus, r, 1, 0));
            Assert.AreEqual((int)SensorStatus.CrcError, (int)sht.ReadStatus());
            Assert.AreEqual(0, r.Sequence);
        }

        [TestMethod]
        public static void StuckMeasurementStaysNotReady()
        {
            SimulatedI2cBus bus;
            SimulatedSht3x chip;
            Sht3xDriver sht = Ready(out bus, out chip);
            chip.StuckBusy = true;
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.NotReady, (int)SensorRead.Once(sht, bus, r, 5, 20));
        }

        [TestMethod]
        public static void NackAtInitAndDisconnectMidRun()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedSht3x chip = new SimulatedSht3x(0x45);
            bus.Attach(chip);
            Sht3xDriver sht = new Sht3xDriver(bus, 0x45);
            chip.NackNext = 1;
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)sht.Init());
            Assert.AreEqual((int)SensorStatus.Ok, (int)sht.Init());
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)sht.Start());
            chip.DisconnectAfter = 0;
            bus.Advance(sht.MeasurementTimeMs);
            Assert.AreEqual((int)SensorStatus.NotReady, (int)sht.Collect(r)); // indistinguishable from busy on the wire
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)sht.Start());
        }

        [TestMethod]
        public static void CollectWithoutInitIsNotInitialized()
        {
            Sht3xDriver sht = new Sht3xDriver(new SimulatedI2cBus(), 0x44);
            Assert.AreEqual((int)SensorStatus.NotInitialized, (int)sht.Collect(new SensorReading()));
        }
    }
}
