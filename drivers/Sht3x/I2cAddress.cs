namespace NanoNode.Drivers.Sht3x
{
    /// <summary>SHT3x-DIS 7-bit I2C addresses, selected by the ADDR pin (datasheet §3.2 Table 7).</summary>
    public enum I2cAddress : byte
    {
        /// <summary>ADDR connected to VSS (logic low).</summary>
        AddrToVss = 0x44,

        /// <summary>ADDR connected to VDD (logic high).</summary>
        AddrToVdd = 0x45,
    }
}
