using nanoFramework.TestFramework;
using NanoNode.Drivers.Aht20;
using NanoNode.Drivers.Sensors;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Drivers.Tests
{
    /// <summary>AHT20: §5.4 initialization, trigger / busy polling, §6 conversion, CRC and fault paths.</summary>
    [TestClass]
    public class Aht20Tests
    {
        private static Aht20Driver Ready(out SimulatedI2cBus bus, out SimulatedAht20 chip)
        {
            bus = new SimulatedI2cBus();
            chip = new SimulatedAht20(Aht20Driver.DefaultAddress, false);
            bus.Attach(chip);
            Aht20Driver aht = new Aht20Driver(bus, Aht20Driver.DefaultAddress);
            Assert.AreEqual((int)SensorStatus.Ok, (int)aht.Init());
            return aht;
        }

        [TestMethod]
        public static void ConversionFormulasOfSection6()
        {
            // RH = S_RH / 2^20 · 100 %; T = S_T / 2^20 · 200 - 50 °C.
            Assert.AreEqual(0, Aht20Driver.HumidityCentiPct(0));
            Assert.AreEqual(5000, Aht20Driver.HumidityCentiPct(0x80000));
            Assert.AreEqual(10000, Aht20Driver.HumidityCentiPct(0xFFFFF));
            Assert.AreEqual(-5000, Aht20Driver.TemperatureCentiC(0));
            Assert.AreEqual(2500, Aht20Driver.TemperatureCentiC(0x60000));
            Assert.AreEqual(15000, Aht20Driver.TemperatureCentiC(0xFFFFF));
        }

        [TestMethod]
        public static void InitCalibratesAnUncalibratedChipOnce()
        {
            SimulatedI2cBus bus;
            SimulatedAht20 chip;
            Aht20Driver aht = Ready(out bus, out chip);
            Assert.AreEqual(1, chip.InitializeCount);
            Assert.AreEqual(10L, bus.NowMs); // the datasheet's 10 ms after 0xBE 0x08 0x00
            Assert.AreEqual(StatusBit.Calibrated, aht.LastStatus & StatusBit.Calibrated);
            Assert.AreEqual((int)SensorStatus.Ok, (int)aht.Init());
            Assert.AreEqual(1, chip.InitializeCount);
            Assert.AreEqual(0, chip.UnknownCommands); // the status is read with a plain read: "0x71" is the read header, not a command
        }

        [TestMethod]
        public static void ACalibratedChipIsNotReinitialized()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedAht20 chip = new SimulatedAht20(0x38, true);
            bus.Attach(chip);
            Assert.AreEqual((int)SensorStatus.Ok, (int)new Aht20Driver(bus, 0x38).Init());
            Assert.AreEqual(0, chip.InitializeCount);
            Assert.AreEqual(0L, bus.NowMs);
        }

        [TestMethod]
        public static void TriggerWaitCollect()
        {
            SimulatedI2cBus bus;
            SimulatedAht20 chip;
            Aht20Driver aht = Ready(out bus, out chip);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)aht.Start());
            bus.Advance(40);
            Assert.AreEqual((int)SensorStatus.NotReady, (int)aht.Collect(r)); // busy bit 7 set
            bus.Advance(aht.MeasurementTimeMs - 40);
            Assert.AreEqual((int)SensorStatus.Ok, (int)aht.Collect(r));
            Assert.AreEqual(5000, r.HumidityCentiPct);
            Assert.AreEqual(2500, r.TemperatureCentiC);
            Assert.AreEqual(0x80000, aht.RawHumidity);
            Assert.AreEqual(0x60000, aht.RawTemperature);
        }

        [TestMethod]
        public static void StuckBusyBitStaysNotReady()
        {
            SimulatedI2cBus bus;
            SimulatedAht20 chip;
            Aht20Driver aht = Ready(out bus, out chip);
            chip.StuckBusy = true;
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.NotReady, (int)SensorRead.Once(aht, bus, r, 10, 20));
            Assert.AreEqual(StatusBit.Busy, aht.LastStatus & StatusBit.Busy);
        }

        [TestMethod]
        public static void CorruptedCrcIsReported()
        {
            SimulatedI2cBus bus;
            SimulatedAht20 chip;
            Aht20Driver aht = Ready(out bus, out chip);
            chip.CorruptCrc = true;
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.CrcError, (int)SensorRead.Once(aht, bus, r, 1, 0));
            chip.CorruptCrc = false;
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(aht, bus, r, 1, 0));
        }

        [TestMethod]
        public static void ChipThatCannotCalibrateIsReported()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedAht20 chip = new SimulatedAht20(0x38, false);
            chip.LoseCalibration = true;
            bus.Attach(chip);
            Aht20Driver aht = new Aht20Driver(bus, 0x38);
            Assert.AreEqual((int)SensorStatus.NotCalibrated, (int)aht.Init());
            Assert.AreEqual((int)SensorStatus.NotInitialized, (int)aht.Start());
        }

        [TestMethod]
        public static void NackAndDisconnectMidRun()
        {
            SimulatedI2cBus bus;
            SimulatedAht20 chip;
            Aht20Driver aht = Ready(out bus, out chip);
            SensorReading r = new SensorReading();
            chip.NackNext = 1;
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)aht.Start());
            Assert.AreEqual((int)SensorStatus.Ok, (int)aht.Start());
            chip.DisconnectAfter = 0;
            bus.Advance(aht.MeasurementTimeMs);
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)aht.Collect(r));
        }
    
        [TestMethod]
        public static void CollectWithoutANewTriggerIsNotReady()
        {
            // The chip answers its previous result again: a second Collect must not present it as a fresh reading.
            SimulatedI2cBus bus;
            SimulatedAht20 chip;
            Aht20Driver aht = Ready(out bus, out chip);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(aht, bus, r, 1, 0));
            Assert.AreEqual((int)SensorStatus.NotReady, (int)aht.Collect(r));
            Assert.AreEqual(1, r.Sequence);
            Assert.AreEqual(1, chip.Measurements);
        }
}
}
