using nanoFramework.TestFramework;
using NanoNode.Drivers.Bme280;
using NanoNode.Drivers.Sensors;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Drivers.Tests
{
    /// <summary>BME280: Bosch's compensation example, register-level reads, modes, settings, faults.</summary>
    [TestClass]
    public class Bme280Tests
    {
        private static Bme280Calibration Bmp280Example()
        {
            // BMP280 datasheet (BST-BMP280-DS001) §3.12 example trimming values; the BME280 uses the same T/P formulas.
            Bme280Calibration c = new Bme280Calibration();
            c.T1 = 27504;
            c.T2 = 26435;
            c.T3 = -1000;
            c.P1 = 36477;
            c.P2 = -10685;
            c.P3 = 3024;
            c.P4 = 2855;
            c.P5 = 140;
            c.P6 = -7;
            c.P7 = 15500;
            c.P8 = -14600;
            c.P9 = 6000;
            return c;
        }

        private static float Abs(float v)
        {
            return v < 0 ? -v : v;
        }

        [TestMethod]
        public static void DatasheetExampleTemperature_25_08C_TFine_128422()
        {
            Bme280Calibration c = Bmp280Example();
            Assert.AreEqual(2508, c.CompensateTemperature(519888));
            Assert.AreEqual(128422, c.TFine);
        }

        [TestMethod]
        public static void DatasheetExamplePressure_100653Pa()
        {
            Bme280Calibration c = Bmp280Example();
            c.CompensateTemperature(519888);
            long q = c.CompensatePressure(415148);
            // int64 formula, Q24.8: 25767233 / 256 = 100653.25 Pa; the datasheet's example gives 100653.27 Pa (double
            // formula) and 100653 Pa (integer formula).
            Assert.AreEqual(25767233L, q);
            Assert.AreEqual(100653L, (q + 128) >> 8);
            Assert.IsTrue(Abs((q / 256f) - 100653.27f) < 0.05f);
        }

        // The BME280 datasheet prints no humidity example (its worked example is the BMP280's, T and P only). Humidity is
        // checked against the datasheet's own double-precision formula (BST-BME280-DS002 §8.1), an independent formula,
        // over a sweep of raw values and temperatures, with two sets of trimming values that are NOT datasheet figures:
        // set A = dig_H1..H6 75, 362, 0, 313, 50, 30 (values typical of production parts, as seeded in SimulatedBme280);
        // set B = 75, 360, 12, 320, 40, 30 (set A with dig_H3 != 0 so that term is exercised).
        private static double HumidityDouble(Bme280Calibration c, int adcH)
        {
            double v = c.TFine - 76800.0;
            v = (adcH - ((c.H4 * 64.0) + (c.H5 / 16384.0 * v))) * (c.H2 / 65536.0 * (1.0 + (c.H6 / 67108864.0 * v * (1.0 + (c.H3 / 67108864.0 * v)))));
            v = v * (1.0 - (c.H1 * v / 524288.0));
            return v > 100.0 ? 100.0 : (v < 0.0 ? 0.0 : v);
        }

        private static Bme280Calibration WithHumidity(int h1, int h2, int h3, int h4, int h5, int h6)
        {
            Bme280Calibration c = Bmp280Example();
            c.H1 = h1;
            c.H2 = h2;
            c.H3 = h3;
            c.H4 = h4;
            c.H5 = h5;
            c.H6 = h6;
            return c;
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        public static void HumidityIntegerFormulaAgreesWithTheDatasheetDoubleFormula(int set)
        {
            Bme280Calibration c = set == 0 ? WithHumidity(75, 362, 0, 313, 50, 30) : WithHumidity(75, 360, 12, 320, 40, 30);
            int[] adcT = new int[] { 400000, 450000, 519888, 560000 }; // t_fine -64736 .. 192674 (about -12.6 °C .. 37.6 °C)
            int checkedPoints = 0;
            for (int t = 0; t < adcT.Length; t++)
            {
                for (int adcH = 0x4000; adcH < 0xA000; adcH += 0x400)
                {
                    c.CompensateTemperature(adcT[t]);
                    int q = c.CompensateHumidity(adcH);
                    double d = HumidityDouble(c, adcH);
                    if (d <= 0.0 || d >= 100.0)
                    {
                        continue; // clamped by both formulas
                    }

                    double diff = (q / 1024.0) - d;
                    Assert.IsTrue(diff < 0.01 && diff > -0.01, "adc_T " + adcT[t] + " adc_H " + adcH);
                    checkedPoints++;
                }
            }

            Assert.IsTrue(checkedPoints > 40);
        }

        [TestMethod]
        public static void HumidityRegressionPin_48746()
        {
            // Not a datasheet figure: 48746 (47.60 %RH, Q22.10) is what this code computes for set A at the BMP280 example
            // temperature (t_fine 128422) and adc_H 0x7000; the datasheet's §4.2.3 C code compiled with gcc gives the same.
            Bme280Calibration c = WithHumidity(75, 362, 0, 313, 50, 30);
            c.CompensateTemperature(519888);
            Assert.AreEqual(48746, c.CompensateHumidity(0x7000));
        }

        [TestMethod]
        public static void HumidityIsClampedTo0And100()
        {
            Bme280Calibration c = Bmp280Example();
            c.H1 = 75;
            c.H2 = 362;
            c.H4 = 313;
            c.H5 = 50;
            c.H6 = 30;
            c.CompensateTemperature(519888);
            Assert.AreEqual(0, c.CompensateHumidity(0));
            Assert.AreEqual(102400, c.CompensateHumidity(0xFFFF));
        }

        [TestMethod]
        public static void InitLoadsTheTrimmingWordsIncludingTheSplitH4H5Nibbles()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBme280 chip = new SimulatedBme280(0x76);
            chip.SetCalibration(27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362, 0, -1234, -567, -30);
            bus.Attach(chip);
            Bme280Driver bme = new Bme280Driver(bus, 0x76);
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Init());
            Assert.AreEqual(27504, bme.Calibration.T1);
            Assert.AreEqual(-1000, bme.Calibration.T3);
            Assert.AreEqual(36477, bme.Calibration.P1);
            Assert.AreEqual(-14600, bme.Calibration.P8);
            Assert.AreEqual(75, bme.Calibration.H1);
            Assert.AreEqual(362, bme.Calibration.H2);
            Assert.AreEqual(-1234, bme.Calibration.H4);
            Assert.AreEqual(-567, bme.Calibration.H5);
            Assert.AreEqual(-30, bme.Calibration.H6);
        }

        [TestMethod]
        public static void HumidityTrimmingDecodesFromRawBytesAsTable16LaysThemOut()
        {
            // Bytes written straight into 0xE1..0xE7 (not through SetCalibration), expectations worked out by hand from
            // §4.2.2 Table 16: dig_H2 = 0xE2:0xE1 signed; dig_H3 = 0xE3; dig_H4 = 0xE4 << 4 | 0xE5[3:0];
            // dig_H5 = 0xE6 << 4 | 0xE5[7:4] (both signed 12-bit); dig_H6 = 0xE7 signed.
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBme280 chip = new SimulatedBme280(0x76);
            chip.Registers[0xE1] = 0x6A; // dig_H2 = 0x016A = 362
            chip.Registers[0xE2] = 0x01;
            chip.Registers[0xE3] = 0x07; // dig_H3 = 7
            chip.Registers[0xE4] = 0xFB; // dig_H4 = 0xFB << 4 | 0xA = 0xFBA = -70 (12-bit two's complement)
            chip.Registers[0xE5] = 0x2A; //   0xE5[3:0] = 0xA, 0xE5[7:4] = 0x2
            chip.Registers[0xE6] = 0x03; // dig_H5 = 0x03 << 4 | 0x2 = 0x032 = 50
            chip.Registers[0xE7] = 0xE2; // dig_H6 = (signed char)0xE2 = -30
            chip.Registers[0xA1] = 0x4B; // dig_H1 = 75
            bus.Attach(chip);
            Bme280Driver bme = new Bme280Driver(bus, 0x76);
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Init());
            Assert.AreEqual(75, bme.Calibration.H1);
            Assert.AreEqual(362, bme.Calibration.H2);
            Assert.AreEqual(7, bme.Calibration.H3);
            Assert.AreEqual(-70, bme.Calibration.H4);
            Assert.AreEqual(50, bme.Calibration.H5);
            Assert.AreEqual(-30, bme.Calibration.H6);
        }

        [TestMethod]
        public static void ForcedReadReproducesTheExampleThroughTheRegisters()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            bus.Attach(new SimulatedBme280(0x76));
            Bme280Driver bme = new Bme280Driver(bus, 0x76);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Init());
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(bme, bus, r, 1, 0));
            Assert.AreEqual(519888, bme.RawTemperature);
            Assert.AreEqual(415148, bme.RawPressure);
            Assert.AreEqual(2508, r.TemperatureCentiC);
            Assert.AreEqual(100653, r.PressurePa);
            Assert.AreEqual(4760, r.HumidityCentiPct);
            Assert.IsTrue(Abs(r.PressureHpa - 1006.5325f) < 0.001f);
            Assert.IsTrue(Abs(r.TemperatureC - 25.08f) < 0.001f);
            Assert.AreEqual(SensorQuantity.Temperature | SensorQuantity.Pressure | SensorQuantity.Humidity, r.Quantities);
            Assert.AreEqual((int)SensorStatus.Ok, (int)r.Status);
        }

        [TestMethod]
        public static void MeasurementTimeFollowsAppendixB()
        {
            Bme280Driver bme = new Bme280Driver(new SimulatedI2cBus(), 0x76);
            // §9.1: 1.25 + 2.3·1 + (2.3·1 + 0.575) + (2.3·1 + 0.575) ms = 9.3 ms.
            Assert.AreEqual(9300, bme.MeasurementTimeUs);
            Assert.AreEqual(10, bme.MeasurementTimeMs);
            bme.TemperatureOversampling = Oversampling.X16;
            bme.PressureOversampling = Oversampling.X16;
            bme.HumidityOversampling = Oversampling.X16;
            Assert.AreEqual(112800, bme.MeasurementTimeUs);
            bme.PressureOversampling = Oversampling.Skipped;
            bme.HumidityOversampling = Oversampling.Skipped;
            Assert.AreEqual(38050, bme.MeasurementTimeUs);
            bme.Mode = Mode.Normal;
            Assert.AreEqual(0, bme.MeasurementTimeMs);
        }

        [TestMethod]
        public static void CollectBeforeTheMeasurementTimeIsNotReady()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            bus.Attach(new SimulatedBme280(0x76));
            Bme280Driver bme = new Bme280Driver(bus, 0x76);
            SensorReading r = new SensorReading();
            bme.Init();
            Assert.AreEqual((int)SensorStatus.NotReady, (int)bme.Collect(r)); // nothing started yet
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Start());
            bus.Advance(5);
            Assert.AreEqual((int)SensorStatus.NotReady, (int)bme.Collect(r));
            bus.Advance(bme.MeasurementTimeMs - 5);
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Collect(r));
            Assert.AreEqual(2508, r.TemperatureCentiC);
        }

        [TestMethod]
        public static void SettingsReachTheControlRegisters()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBme280 chip = new SimulatedBme280(0x77);
            bus.Attach(chip);
            Bme280Driver bme = new Bme280Driver(bus, 0x77);
            bme.TemperatureOversampling = Oversampling.X2;
            bme.PressureOversampling = Oversampling.X16;
            bme.HumidityOversampling = Oversampling.X4;
            bme.Filter = Filter.X16;
            bme.Standby = Standby.Ms125;
            bme.Mode = Mode.Normal;
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Init());
            Assert.AreEqual((2 << 5) | (4 << 2), (int)chip.Registers[0xF5]);
            Assert.AreEqual(3, (int)chip.Registers[0xF2]);
            Assert.AreEqual((2 << 5) | (5 << 2) | 3, (int)chip.Registers[0xF4]);
        }

        [TestMethod]
        public static void NormalModeCollectsWithoutStart()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBme280 chip = new SimulatedBme280(0x76);
            bus.Attach(chip);
            Bme280Driver bme = new Bme280Driver(bus, 0x76);
            bme.Mode = Mode.Normal;
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Init());
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Start());
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Collect(r));
            Assert.AreEqual(100653, r.PressurePa);
            chip.StuckBusy = true; // normal mode reads shadowed data without looking at status.measuring
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Collect(r));
        }

        [TestMethod]
        public static void SkippedChannelsAreLeftOut()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            bus.Attach(new SimulatedBme280(0x76));
            Bme280Driver bme = new Bme280Driver(bus, 0x76);
            bme.PressureOversampling = Oversampling.Skipped;
            bme.HumidityOversampling = Oversampling.Skipped;
            SensorReading r = new SensorReading();
            bme.Init();
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(bme, bus, r, 1, 0));
            Assert.AreEqual(SensorQuantity.Temperature, r.Quantities);
            Assert.AreEqual(SensorQuantity.Temperature, bme.Quantities);
            Assert.IsFalse(r.Has(SensorQuantity.Pressure));
        }

        [TestMethod]
        public static void WrongChipIdIsReported()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBme280 chip = new SimulatedBme280(0x76);
            chip.Registers[0xD0] = 0x58; // a BMP280
            bus.Attach(chip);
            Assert.AreEqual((int)SensorStatus.WrongChip, (int)new Bme280Driver(bus, 0x76).Init());
        }

        [TestMethod]
        public static void StuckMeasuringBitGivesNotReadyAndNoException()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBme280 chip = new SimulatedBme280(0x76);
            bus.Attach(chip);
            Bme280Driver bme = new Bme280Driver(bus, 0x76);
            SensorReading r = new SensorReading();
            bme.Init();
            chip.StuckBusy = true;
            Assert.AreEqual((int)SensorStatus.NotReady, (int)SensorRead.Once(bme, bus, r, 5, 10));
            Assert.AreEqual((int)SensorStatus.NotReady, (int)r.Status);
            Assert.AreEqual(0, r.Sequence);
        }

        [TestMethod]
        public static void NackThenRecovery()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBme280 chip = new SimulatedBme280(0x76);
            bus.Attach(chip);
            Bme280Driver bme = new Bme280Driver(bus, 0x76);
            SensorReading r = new SensorReading();
            chip.NackNext = 1;
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)bme.Init());
            Assert.AreEqual((int)SensorStatus.NotInitialized, (int)bme.Start());
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Init());
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(bme, bus, r, 1, 0));
        }

        [TestMethod]
        public static void DisconnectMidRunKeepsTheLastGoodValues()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            SimulatedBme280 chip = new SimulatedBme280(0x76);
            bus.Attach(chip);
            Bme280Driver bme = new Bme280Driver(bus, 0x76);
            SensorReading r = new SensorReading();
            bme.Init();
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(bme, bus, r, 1, 0));
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Start());
            chip.DisconnectAfter = 0; // gone between Start and Collect
            bus.Advance(bme.MeasurementTimeMs);
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)bme.Collect(r));
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)bme.Start());
            Assert.AreEqual(2508, r.TemperatureCentiC);
            Assert.AreEqual(1, r.Sequence);
        }
    
        [TestMethod]
        public static void ForcedCollectWithoutANewStartIsNotReady()
        {
            // The data registers keep the previous result: a second Collect must not present it as a fresh reading.
            SimulatedI2cBus bus = new SimulatedI2cBus();
            bus.Attach(new SimulatedBme280(0x76));
            Bme280Driver bme = new Bme280Driver(bus, 0x76);
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)bme.Init());
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(bme, bus, r, 1, 0));
            int transfers = bus.TransferCount;
            Assert.AreEqual((int)SensorStatus.NotReady, (int)bme.Collect(r));
            Assert.AreEqual(transfers, bus.TransferCount);
            Assert.AreEqual(1, r.Sequence);
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.Once(bme, bus, r, 1, 0));
            Assert.AreEqual(2, r.Sequence);
        }
}
}
