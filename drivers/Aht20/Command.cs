namespace NanoNode.Drivers.Aht20
{
    /// <summary>
    /// AHT20 commands (Aosong AHT20 datasheet, §5.3 Table 9 and §5.4 "sensor reading process"). Each is one command byte;
    /// Initialize and TriggerMeasurement take two parameter bytes.
    /// </summary>
    public enum Command : byte
    {
        /// <summary>Initialization / calibration: 0xBE 0x08 0x00, then wait 10 ms (§5.4 step 1).</summary>
        Initialize = 0xBE,

        /// <summary>Trigger measurement: 0xAC 0x33 0x00, then wait 80 ms (§5.4 step 2).</summary>
        TriggerMeasurement = 0xAC,

        /// <summary>Soft reset: restarts the chip in under 20 ms (§5.5).</summary>
        SoftReset = 0xBA,

        /// <summary>
        /// "Send 0x71 to get a byte of status word" (§5.4 step 1): 0x71 is the read header itself (address 0x38 &lt;&lt; 1 | R),
        /// not a command byte. Aosong's sample code sends it as the address byte of a read, Adafruit_AHTX0 reads one byte;
        /// so the driver reads the status with a plain one-byte read and never writes this value. Kept for the datasheet's name.
        /// </summary>
        Status = 0x71,
    }

    /// <summary>Bits of the AHT20 status byte (§5.3 Table 10).</summary>
    public static class StatusBit
    {
        /// <summary>Bit 7: busy, a measurement is in progress.</summary>
        public const int Busy = 0x80;

        /// <summary>Bit 3: calibration enabled (CAL Enable).</summary>
        public const int Calibrated = 0x08;
    }
}
