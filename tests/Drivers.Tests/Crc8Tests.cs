using nanoFramework.TestFramework;
using NanoNode.Drivers.Sensors;

namespace NanoNode.Drivers.Tests
{
    /// <summary>The shared Sensirion / AHT20 CRC-8 against the datasheets' published values.</summary>
    [TestClass]
    public class Crc8Tests
    {
        [TestMethod]
        public static void SensirionExample_BEEF_Is_92()
        {
            // SHT3x datasheet §4.12 Table 19: CRC(0xBEEF) = 0x92.
            byte[] data = new byte[] { 0xBE, 0xEF };
            Assert.AreEqual((byte)0x92, Crc8.Compute(data, 0, 2));
            Assert.AreEqual((byte)0x92, Crc8.ComputeWord(0xBEEF));
        }

        [TestMethod]
        public static void Scd4xDatasheetWordsCarryTheirPrintedCrc()
        {
            // SCD4x datasheet v1.3 examples: read_measurement 0x01f4 0x33, 0x6667 0xa2, 0x5eb9 0x3c (§3.5.2);
            // set_temperature_offset 0x07e6 0x48 (§3.6.1); get_temperature_offset 0x0912 0x63 (§3.6.2);
            // set_sensor_altitude 0x079e 0x09 (§3.6.3).
            Assert.AreEqual((byte)0x33, Crc8.ComputeWord(0x01F4));
            Assert.AreEqual((byte)0xA2, Crc8.ComputeWord(0x6667));
            Assert.AreEqual((byte)0x3C, Crc8.ComputeWord(0x5EB9));
            Assert.AreEqual((byte)0x48, Crc8.ComputeWord(0x07E6));
            Assert.AreEqual((byte)0x63, Crc8.ComputeWord(0x0912));
            Assert.AreEqual((byte)0x09, Crc8.ComputeWord(0x079E));
        }

        [TestMethod]
        public static void CatalogueCheckValueOver9Bytes()
        {
            // Poly 0x31, init 0xFF, no reflection, no final XOR is the catalogued CRC-8/NRSC-5, check value
            // CRC("123456789") = 0xF7: covers multi-byte input (the AHT20 checks 6 bytes; its datasheet prints no example).
            byte[] data = new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39 };
            Assert.AreEqual((byte)0xF7, Crc8.Compute(data, 0, 9));
        }

        [TestMethod]
        public static void CheckWordRejectsAFlippedBit()
        {
            byte[] triple = new byte[] { 0xBE, 0xEF, 0x92 };
            Assert.IsTrue(Crc8.CheckWord(triple, 0));
            triple[1] ^= 0x01;
            Assert.IsFalse(Crc8.CheckWord(triple, 0));
        }

        [TestMethod]
        public static void ComputeHonoursOffsetAndCount()
        {
            byte[] data = new byte[] { 0x00, 0xBE, 0xEF, 0x00 };
            Assert.AreEqual((byte)0x92, Crc8.Compute(data, 1, 2));
            Assert.AreEqual(Crc8.Init, Crc8.Compute(data, 1, 0));
        }
    }
}
