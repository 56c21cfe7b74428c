namespace NanoNode.Drivers.I2c
{
    /// <summary>
    /// One I2C controller (bus) as the drivers see it: transfers addressed by 7-bit address over caller-owned
    /// <c>byte[]</c> + offset + count, each returning an <see cref="I2cStatus"/> (never an exception), plus the bus's
    /// time base (<see cref="DelayMs"/>) so drivers wait exactly as long as a chip requires, on real hardware and in
    /// simulation alike.
    /// </summary>
    /// <remarks>
    /// Buffers: drivers own fixed buffers (allocated once) and pass offset 0. Implementations must not keep a
    /// reference to a buffer after the call returns. On nanoFramework/ESP32 the native transfer ignores a SpanByte's
    /// start index (nf-interpreter targets/ESP32/_nanoCLR/System.Device.I2c/..._I2cDevice.cpp copies from the first
    /// array element), so the nanoFramework implementation stages any transfer with offset != 0 through its own
    /// buffer; offset 0 is the fast path.
    /// Threading: an instance is not thread-safe; the node drives all sensors from one loop.
    /// </remarks>
    public abstract class I2cBus
    {
        /// <summary>Lowest address a scan probes (0x00..0x07 are reserved, I2C-bus specification UM10204 §3.1.12).</summary>
        public const int FirstScanAddress = 0x08;

        /// <summary>Highest address a scan probes (0x78..0x7F are reserved, UM10204 §3.1.12).</summary>
        public const int LastScanAddress = 0x77;

        /// <summary>
        /// The one data byte a probe writes (nanoFramework's NanoI2cScanner sample writes the same byte; on ESP32 an empty
        /// write puts no address on the bus, so a probe must carry a byte). For the chips NanoNode drives it is harmless
        /// except for the BH1750, where 0x07 is "Reset" (clears the data register until its next measurement completes):
        /// a register pointer (BME280), an incomplete 16-bit command that the chip discards (SHT3x, SCD4x), an unknown
        /// command (AHT20). A chip that NACKs the byte itself reads as absent (ESP32 reports any NACK as an address NACK).
        /// </summary>
        public const byte ProbeByte = 0x07;

        /// <summary>
        /// Writes <paramref name="count"/> (&gt;= 1) bytes from <paramref name="buffer"/> at <paramref name="offset"/>
        /// to the chip at <paramref name="address"/>: START, address+W, data, STOP. Blocks for the transfer only.
        /// </summary>
        public abstract I2cStatus Write(int address, byte[] buffer, int offset, int count);

        /// <summary>Reads <paramref name="count"/> (&gt;= 1) bytes into <paramref name="buffer"/> at <paramref name="offset"/>:
        /// START, address+R, data, STOP. On a status other than <see cref="I2cStatus.Ok"/> the buffer content is undefined.</summary>
        public abstract I2cStatus Read(int address, byte[] buffer, int offset, int count);

        /// <summary>
        /// Write then read with a repeated START in between (register reads). Counts are &gt;= 1.
        /// On a status other than <see cref="I2cStatus.Ok"/> the read buffer content is undefined.
        /// </summary>
        public abstract I2cStatus WriteRead(int address, byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount);

        /// <summary>
        /// Tells whether a chip acknowledges <paramref name="address"/>: <see cref="I2cStatus.Ok"/> when it does,
        /// <see cref="I2cStatus.AddressNack"/> when nothing answers. See each implementation for the bytes it sends.
        /// </summary>
        public abstract I2cStatus Probe(int address);

        /// <summary>
        /// Waits <paramref name="milliseconds"/> on this bus's time base: a thread sleep on hardware, an instant advance
        /// of the simulated clock in simulation. Drivers call it only for the waits their datasheet requires.
        /// </summary>
        public abstract void DelayMs(int milliseconds);

        /// <summary>
        /// Probes every address from <see cref="FirstScanAddress"/> to <see cref="LastScanAddress"/> and writes the
        /// ones that acknowledge, ascending, into <paramref name="found"/> from <paramref name="offset"/>.
        /// Returns how many acknowledged (may exceed the space left: only what fits is written).
        /// Blocks for 112 probe transfers; not for the hot path.
        /// </summary>
        public int Scan(byte[] found, int offset)
        {
            int n = 0;
            for (int address = FirstScanAddress; address <= LastScanAddress; address++)
            {
                if (Probe(address) != I2cStatus.Ok)
                {
                    continue;
                }

                if (found != null && offset + n < found.Length)
                {
                    found[offset + n] = (byte)address;
                }

                n++;
            }

            return n;
        }

        /// <summary>True when <paramref name="offset"/>/<paramref name="count"/> (count &gt;= 1) fit in <paramref name="buffer"/>.</summary>
        protected static bool IsValidRange(byte[] buffer, int offset, int count)
        {
            return buffer != null && offset >= 0 && count >= 1 && count <= buffer.Length - offset;
        }

        /// <summary>True for a 7-bit address.</summary>
        protected static bool IsValidAddress(int address)
        {
            return address >= 0 && address <= 0x7F;
        }
    }
}
