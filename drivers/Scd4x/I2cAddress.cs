namespace NanoNode.Drivers.Scd4x
{
    /// <summary>SCD4x 7-bit I2C address: fixed, one SCD4x per bus (datasheet §3.3).</summary>
    public enum I2cAddress : byte
    {
        /// <summary>The only address.</summary>
        Fixed = 0x62,
    }
}
