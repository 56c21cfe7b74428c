namespace NanoNode.Drivers.Sht3x
{
    /// <summary>
    /// SHT3x-DIS 16-bit commands, sent MSB first, named as in the datasheet (Sensirion SHT3x-DIS, §4.3 Table 9 single shot,
    /// §4.9 soft reset, §4.10 heater, §4.11 status register).
    /// </summary>
    public enum Command : ushort
    {
        /// <summary>Single shot, high repeatability, clock stretching disabled (§4.3 Table 9).</summary>
        SingleShotHighRepeatability = 0x2400,

        /// <summary>Single shot, medium repeatability, clock stretching disabled.</summary>
        SingleShotMediumRepeatability = 0x240B,

        /// <summary>Single shot, low repeatability, clock stretching disabled.</summary>
        SingleShotLowRepeatability = 0x2416,

        /// <summary>Single shot, high repeatability, clock stretching enabled (not used: it would block the bus).</summary>
        SingleShotHighRepeatabilityClockStretching = 0x2C06,

        /// <summary>Single shot, medium repeatability, clock stretching enabled.</summary>
        SingleShotMediumRepeatabilityClockStretching = 0x2C0D,

        /// <summary>Single shot, low repeatability, clock stretching enabled.</summary>
        SingleShotLowRepeatabilityClockStretching = 0x2C10,

        /// <summary>Heater on (§4.10 Table 15).</summary>
        HeaterEnable = 0x306D,

        /// <summary>Heater off.</summary>
        HeaterDisable = 0x3066,

        /// <summary>Read the 16-bit status register, answered as word + CRC (§4.11 Table 16).</summary>
        ReadStatus = 0xF32D,

        /// <summary>Clear the status register's alert flags (§4.11 Table 18).</summary>
        ClearStatus = 0x3041,

        /// <summary>Soft reset (§4.9 Table 13).</summary>
        SoftReset = 0x30A2,

        /// <summary>Stop periodic data acquisition (§4.8).</summary>
        Break = 0x3093,
    }

    /// <summary>Measurement repeatability (§2.2 Table 4): higher repeatability, lower noise, longer measurement.</summary>
    public enum Repeatability : byte
    {
        /// <summary>High: 15.5 ms max.</summary>
        High = 0,

        /// <summary>Medium: 6.5 ms max.</summary>
        Medium = 1,

        /// <summary>Low: 4.5 ms max.</summary>
        Low = 2,
    }
}
