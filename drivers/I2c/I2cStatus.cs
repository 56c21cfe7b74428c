namespace NanoNode.Drivers.I2c
{
    /// <summary>
    /// Result of one I2C transfer: the one status type for every bus implementation. The nanoFramework
    /// <c>I2cTransferStatus</c> values map one to one (see <c>Nano/NanoI2cBus.cs</c>); <see cref="InvalidArgument"/>
    /// is ours (a buffer range that does not fit, an address outside 0x00..0x7F) and is reported before any bus activity.
    /// </summary>
    public enum I2cStatus : byte
    {
        /// <summary>Every byte was transferred (nanoFramework <c>FullTransfer</c>).</summary>
        Ok = 0,

        /// <summary>The address byte was not acknowledged: nothing answers there, or the chip refuses the read
        /// header because it is busy (SHT3x, SCD4x) (nanoFramework <c>SlaveAddressNotAcknowledged</c>).</summary>
        AddressNack = 1,

        /// <summary>The chip stopped acknowledging part-way (nanoFramework <c>PartialTransfer</c>).</summary>
        PartialTransfer = 2,

        /// <summary>The chip held SCL low longer than the controller allows (nanoFramework <c>ClockStretchTimeout</c>).</summary>
        ClockStretchTimeout = 3,

        /// <summary>Any other bus failure (nanoFramework <c>UnknownError</c>).</summary>
        BusError = 4,

        /// <summary>The caller passed a range that does not fit its buffer, or an invalid address. No bus activity.</summary>
        InvalidArgument = 5,
    }
}
