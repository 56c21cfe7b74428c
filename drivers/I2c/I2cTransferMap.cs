namespace NanoNode.Drivers.I2c
{
    /// <summary>
    /// Maps a nanoFramework transfer result (<c>System.Device.I2c.I2cTransferResult</c>: status + bytes transferred) to
    /// <see cref="I2cStatus"/>. Portable so that the host tests exercise the mapping that <c>Nano/NanoI2cBus.cs</c> uses on the
    /// device; the status arrives as the enum's integer value.
    /// </summary>
    /// <remarks>
    /// The constants are the ordinal values of nanoFramework's <c>I2cTransferStatus</c> (declaration order in
    /// nanoframework/System.Device.I2c: System.Device.I2c/I2cTransferStatus.cs): UnknownError, FullTransfer,
    /// ClockStretchTimeout, PartialTransfer, SlaveAddressNotAcknowledged. For <c>FullTransfer</c> the bytes transferred equal
    /// the buffer size, or the sum of both sizes for WriteRead (same file); ESP32 native code reports every NACK (address or
    /// data byte) as SlaveAddressNotAcknowledged and a bus timeout as ClockStretchTimeout (nf-interpreter
    /// targets/ESP32/_nanoCLR/System.Device.I2c/sys_dev_i2c_native_System_Device_I2c_I2cDevice.cpp).
    /// </remarks>
    public static class I2cTransferMap
    {
        /// <summary><c>I2cTransferStatus.UnknownError</c>.</summary>
        public const int UnknownError = 0;

        /// <summary><c>I2cTransferStatus.FullTransfer</c>.</summary>
        public const int FullTransfer = 1;

        /// <summary><c>I2cTransferStatus.ClockStretchTimeout</c>.</summary>
        public const int ClockStretchTimeout = 2;

        /// <summary><c>I2cTransferStatus.PartialTransfer</c>.</summary>
        public const int PartialTransfer = 3;

        /// <summary><c>I2cTransferStatus.SlaveAddressNotAcknowledged</c>.</summary>
        public const int SlaveAddressNotAcknowledged = 4;

        /// <summary>
        /// The <see cref="I2cStatus"/> for a transfer of <paramref name="expected"/> bytes that ended with
        /// <paramref name="transferStatus"/> after <paramref name="bytesTransferred"/> bytes. A "full" transfer that moved
        /// fewer bytes than asked is reported as <see cref="I2cStatus.PartialTransfer"/>; an unknown value as
        /// <see cref="I2cStatus.BusError"/>.
        /// </summary>
        public static I2cStatus FromNanoFramework(int transferStatus, long bytesTransferred, int expected)
        {
            switch (transferStatus)
            {
                case FullTransfer:
                    return bytesTransferred >= expected ? I2cStatus.Ok : I2cStatus.PartialTransfer;
                case PartialTransfer:
                    return I2cStatus.PartialTransfer;
                case SlaveAddressNotAcknowledged:
                    return I2cStatus.AddressNack;
                case ClockStretchTimeout:
                    return I2cStatus.ClockStretchTimeout;
                default:
                    return I2cStatus.BusError;
            }
        }
    }
}
