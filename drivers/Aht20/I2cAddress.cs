namespace NanoNode.Drivers.Aht20
{
    /// <summary>AHT20 7-bit I2C address: fixed, one AHT20 per bus (datasheet §5.3).</summary>
    public enum I2cAddress : byte
    {
        /// <summary>The only address.</summary>
        Fixed = 0x38,
    }
}
