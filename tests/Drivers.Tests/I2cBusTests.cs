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
    /// <summary>The simulated bus: scan, transfer status mapping, argument checks, fault plumbing.</summary>
    [TestClass]
    public class I2cBusTests
    {
        internal static SimulatedI2cBus AllChips()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            bus.Attach(new SimulatedBme280(Bme280Driver.DefaultAddress));
            bus.Attach(new SimulatedSht3x(Sht3xDriver.DefaultAddress));
            bus.Attach(new SimulatedBh1750(Bh1750Driver.DefaultAddress));
            bus.Attach(new SimulatedAht20(Aht20Driver.DefaultAddress, false));
            bus.Attach(new SimulatedScd4x(Scd4xDriver.DefaultAddress));
            return bus;
        }

        [TestMethod]
        public static void ScanFindsExactlyTheSimulatedChips()
        {
            SimulatedI2cBus bus = AllChips();
            byte[] found = new byte[16];
            int n = bus.Scan(found, 0);
            Assert.AreEqual(5, n);
            Assert.AreEqual((byte)0x23, found[0]);
            Assert.AreEqual((byte)0x38, found[1]);
            Assert.AreEqual((byte)0x44, found[2]);
            Assert.AreEqual((byte)0x62, found[3]);
            Assert.AreEqual((byte)0x76, found[4]);
            Assert.AreEqual((byte)0, found[5]);
        }

        [TestMethod]
        public static void ScanWritesTheProbeByteWhichTheChipsSee()
        {
            // As NanoI2cBus does on ESP32: each probe is a one-byte write of 0x07. An SHT3x measurement in progress
            // survives it (an incomplete command is discarded); a BH1750 takes it as "Reset" and its data register reads 0
            // until the next measurement completes.
            SimulatedI2cBus bus = AllChips();
            Sht3xDriver sht = new Sht3xDriver(bus, Sht3xDriver.DefaultAddress);
            Bh1750Driver bh = new Bh1750Driver(bus, Bh1750Driver.DefaultAddress);
            bh.Continuous = true;
            SensorReading r = new SensorReading();
            Assert.AreEqual((int)SensorStatus.Ok, (int)sht.Init());
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.Init());
            bus.Advance(bh.MeasurementTimeMs);
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.Collect(r));
            Assert.AreEqual(0x8390, bh.RawCount);
            Assert.AreEqual((int)SensorStatus.Ok, (int)sht.Start());
            Assert.AreEqual(5, bus.Scan(new byte[8], 0));
            bus.Advance(sht.MeasurementTimeMs);
            Assert.AreEqual((int)SensorStatus.Ok, (int)sht.Collect(r));
            Assert.AreEqual(2500, r.TemperatureCentiC);
            Assert.AreEqual((int)SensorStatus.Ok, (int)bh.Collect(r));
            Assert.AreEqual(0, bh.RawCount);
        }

        [TestMethod]
        public static void ScanSkipsADisconnectedChipAndCountsBeyondTheArray()
        {
            SimulatedI2cBus bus = AllChips();
            bus.DeviceAt(0x44).Disconnected = true;
            byte[] found = new byte[2];
            Assert.AreEqual(4, bus.Scan(found, 0));
            Assert.AreEqual((byte)0x23, found[0]);
            Assert.AreEqual((byte)0x38, found[1]);
        }

        [TestMethod]
        public static void ScanOfAnEmptyBusFindsNothing()
        {
            Assert.AreEqual(0, new SimulatedI2cBus().Scan(new byte[4], 0));
        }

        [TestMethod]
        public static void EmptyAddressIsNacked()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            byte[] b = new byte[2];
            Assert.AreEqual((int)I2cStatus.AddressNack, (int)bus.Write(0x50, b, 0, 1));
            Assert.AreEqual((int)I2cStatus.AddressNack, (int)bus.Read(0x50, b, 0, 2));
            Assert.AreEqual((int)I2cStatus.AddressNack, (int)bus.WriteRead(0x50, b, 0, 1, b, 1, 1));
        }

        [TestMethod]
        public static void BadRangesAreInvalidArgumentsWithoutBusActivity()
        {
            SimulatedI2cBus bus = AllChips();
            SimulatedI2cDevice chip = bus.DeviceAt(0x76);
            byte[] b = new byte[2];
            Assert.AreEqual((int)I2cStatus.InvalidArgument, (int)bus.Write(0x76, b, 1, 2));
            Assert.AreEqual((int)I2cStatus.InvalidArgument, (int)bus.Read(0x76, b, 0, 0));
            Assert.AreEqual((int)I2cStatus.InvalidArgument, (int)bus.Read(0x76, null, 0, 1));
            Assert.AreEqual((int)I2cStatus.InvalidArgument, (int)bus.Write(0x80, b, 0, 1));
            Assert.AreEqual(0, chip.TransferCount);
        }

        [TestMethod]
        public static void TransferStatusesMapToOneSensorStatus()
        {
            Assert.AreEqual((int)SensorStatus.Ok, (int)SensorRead.FromBus(I2cStatus.Ok));
            Assert.AreEqual((int)SensorStatus.NoDevice, (int)SensorRead.FromBus(I2cStatus.AddressNack));
            Assert.AreEqual((int)SensorStatus.BusError, (int)SensorRead.FromBus(I2cStatus.PartialTransfer));
            Assert.AreEqual((int)SensorStatus.BusError, (int)SensorRead.FromBus(I2cStatus.ClockStretchTimeout));
            Assert.AreEqual((int)SensorStatus.BusError, (int)SensorRead.FromBus(I2cStatus.BusError));
            Assert.AreEqual((int)SensorStatus.InvalidRequest, (int)SensorRead.FromBus(I2cStatus.InvalidArgument));
        }

        [TestMethod]
        public static void NanoFrameworkTransferResultsMapToI2cStatus()
        {
            // I2cTransferStatus ordinals (System.Device.I2c/I2cTransferStatus.cs): UnknownError 0, FullTransfer 1,
            // ClockStretchTimeout 2, PartialTransfer 3, SlaveAddressNotAcknowledged 4.
            Assert.AreEqual(0, I2cTransferMap.UnknownError);
            Assert.AreEqual(1, I2cTransferMap.FullTransfer);
            Assert.AreEqual(2, I2cTransferMap.ClockStretchTimeout);
            Assert.AreEqual(3, I2cTransferMap.PartialTransfer);
            Assert.AreEqual(4, I2cTransferMap.SlaveAddressNotAcknowledged);
            Assert.AreEqual((int)I2cStatus.Ok, (int)I2cTransferMap.FromNanoFramework(1, 3, 3));
            Assert.AreEqual((int)I2cStatus.Ok, (int)I2cTransferMap.FromNanoFramework(1, 1 + 8, 1 + 8)); // WriteRead: sum of both sizes
            Assert.AreEqual((int)I2cStatus.PartialTransfer, (int)I2cTransferMap.FromNanoFramework(1, 8, 1 + 8));
            Assert.AreEqual((int)I2cStatus.PartialTransfer, (int)I2cTransferMap.FromNanoFramework(3, 2, 6));
            Assert.AreEqual((int)I2cStatus.AddressNack, (int)I2cTransferMap.FromNanoFramework(4, 0, 2));
            Assert.AreEqual((int)I2cStatus.ClockStretchTimeout, (int)I2cTransferMap.FromNanoFramework(2, 0, 2));
            Assert.AreEqual((int)I2cStatus.BusError, (int)I2cTransferMap.FromNanoFramework(0, 0, 2));
            Assert.AreEqual((int)I2cStatus.BusError, (int)I2cTransferMap.FromNanoFramework(9, 2, 2));
        }

        [TestMethod]
        public static void PartialTransferFaultIsReportedThenClears()
        {
            SimulatedI2cBus bus = AllChips();
            bus.DeviceAt(0x44).PartialTransferNext = 1;
            byte[] b = new byte[] { 0x24, 0x00 };
            Assert.AreEqual((int)I2cStatus.PartialTransfer, (int)bus.Write(0x44, b, 0, 2));
            Assert.AreEqual(0, ((SimulatedSht3x)bus.DeviceAt(0x44)).Measurements); // the chip did not act on it
            Assert.AreEqual((int)I2cStatus.Ok, (int)bus.Write(0x44, b, 0, 2));
            Assert.AreEqual(1, ((SimulatedSht3x)bus.DeviceAt(0x44)).Measurements);
        }

        [TestMethod]
        public static void ClockStretchTimeoutFaultIsReportedThenClears()
        {
            SimulatedI2cBus bus = AllChips();
            bus.DeviceAt(0x76).ClockStretchTimeoutNext = 1;
            byte[] b = new byte[1];
            Assert.AreEqual((int)I2cStatus.ClockStretchTimeout, (int)bus.Write(0x76, b, 0, 1));
            Assert.AreEqual((int)I2cStatus.Ok, (int)bus.Write(0x76, b, 0, 1));
        }

        [TestMethod]
        public static void AttachingTwoChipsAtOneAddressIsMisuse()
        {
            SimulatedI2cBus bus = AllChips();
            Assert.ThrowsException(typeof(System.ArgumentException), () => bus.Attach(new SimulatedSht3x(0x44)));
        }

        [TestMethod]
        public static void DelayAdvancesTheSimulatedClock()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            bus.DelayMs(15);
            bus.Advance(5);
            bus.DelayMs(-3);
            Assert.AreEqual(20L, bus.NowMs);
        }
    }
}
