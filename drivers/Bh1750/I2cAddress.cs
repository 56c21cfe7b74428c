namespace NanoNode.Drivers.Bh1750
{
    /// <summary>BH1750FVI 7-bit I2C addresses, selected by the ADDR pin (datasheet p.10, "I2C bus slave address").</summary>
    public enum I2cAddress : byte
    {
        /// <summary>ADDR &lt;= 0.3 VCC: 0100011.</summary>
        AddrLow = 0x23,

        /// <summary>ADDR &gt;= 0.7 VCC: 1011100.</summary>
        AddrHigh = 0x5C,
    }
}
