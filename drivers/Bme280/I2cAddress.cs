namespace NanoNode.Drivers.Bme280
{
    /// <summary>BME280 7-bit I2C addresses, selected by the SDO pin (datasheet BST-BME280-DS002 §6.2; CSB tied to VDDIO selects I2C).</summary>
    public enum I2cAddress : byte
    {
        /// <summary>SDO connected to GND.</summary>
        SdoToGnd = 0x76,

        /// <summary>SDO connected to VDDIO.</summary>
        SdoToVddio = 0x77,
    }
}
