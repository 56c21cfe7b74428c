using NanoNode.Drivers.I2c;

namespace NanoNode.Drivers.Simulation
{
    /// <summary>
    /// A chip on a <see cref="SimulatedI2cBus"/>, modelled at register / command level, with fault injection.
    /// Subclasses implement <see cref="OnWrite"/> / <see cref="OnRead"/> as the chip's datasheet describes; this base
    /// applies the faults that are the same for every chip before the chip sees the transfer.
    /// </summary>
    /// <remarks>
    /// Portable (runs on the nanoFramework virtual device too). Time is the bus's simulated clock (<see cref="NowMs"/>).
    /// Not thread-safe. Faults are public fields so a test (or the virtual device's control topic) can set them at any time.
    /// </remarks>
    public abstract class SimulatedI2cDevice
    {
        /// <summary>7-bit address the chip answers.</summary>
        public readonly int Address;

        /// <summary>Fault: every transfer gets an address NACK while true (unplugged / unpowered chip).</summary>
        public bool Disconnected;

        /// <summary>Fault: the next N transfers get an address NACK, then the chip answers again (a glitch).</summary>
        public int NackNext;

        /// <summary>Fault: after this many more transfers the chip disconnects (sets <see cref="Disconnected"/>); -1 = never.
        /// Models a chip lost mid-run, e.g. between a measurement's start and its read-out.</summary>
        public int DisconnectAfter = -1;

        /// <summary>Fault: the next N transfers fail with <see cref="I2cStatus.ClockStretchTimeout"/>.</summary>
        public int ClockStretchTimeoutNext;

        /// <summary>Fault: the next N transfers stop part-way with <see cref="I2cStatus.PartialTransfer"/> (a data byte NACKed);
        /// the chip does not act on them.</summary>
        public int PartialTransferNext;

        /// <summary>Fault: checksums in the chip's answers are corrupted (chips that send CRC bytes).</summary>
        public bool CorruptCrc;

        /// <summary>Fault: the chip's busy / measuring / not-ready indication never clears (chips that have one).</summary>
        public bool StuckBusy;

        /// <summary>Transfers that reached this chip (including NACKed ones).</summary>
        public int TransferCount;

        /// <summary>Bus the chip is attached to; null when detached.</summary>
        internal SimulatedI2cBus Bus;

        /// <summary>A chip answering <paramref name="address"/>.</summary>
        protected SimulatedI2cDevice(int address)
        {
            Address = address;
        }

        /// <summary>The bus's simulated clock in ms (0 when detached).</summary>
        protected long NowMs
        {
            get { return Bus == null ? 0 : Bus.NowMs; }
        }

        /// <summary>The chip receives <paramref name="count"/> bytes (after its address+W was acknowledged).</summary>
        protected abstract I2cStatus OnWrite(byte[] data, int offset, int count);

        /// <summary>The controller reads <paramref name="count"/> bytes. Return <see cref="I2cStatus.AddressNack"/> when the
        /// chip refuses the read header (SHT3x / SCD4x "no data yet").</summary>
        protected abstract I2cStatus OnRead(byte[] buffer, int offset, int count);

        /// <summary>Write-then-read with repeated START; by default a write followed by a read.</summary>
        protected virtual I2cStatus OnWriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
        {
            I2cStatus status = OnWrite(writeBuffer, writeOffset, writeCount);
            return status != I2cStatus.Ok ? status : OnRead(readBuffer, readOffset, readCount);
        }

        internal I2cStatus HandleWrite(byte[] data, int offset, int count)
        {
            I2cStatus fault = Fault();
            return fault != I2cStatus.Ok ? fault : OnWrite(data, offset, count);
        }

        internal I2cStatus HandleRead(byte[] buffer, int offset, int count)
        {
            I2cStatus fault = Fault();
            return fault != I2cStatus.Ok ? fault : OnRead(buffer, offset, count);
        }

        internal I2cStatus HandleWriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
        {
            I2cStatus fault = Fault();
            return fault != I2cStatus.Ok ? fault : OnWriteRead(writeBuffer, writeOffset, writeCount, readBuffer, readOffset, readCount);
        }

        private I2cStatus Fault()
        {
            TransferCount++;
            if (DisconnectAfter == 0)
            {
                Disconnected = true;
            }

            if (DisconnectAfter > 0)
            {
                DisconnectAfter--;
            }

            if (Disconnected)
            {
                return I2cStatus.AddressNack;
            }

            if (NackNext > 0)
            {
                NackNext--;
                return I2cStatus.AddressNack;
            }

            if (ClockStretchTimeoutNext > 0)
            {
                ClockStretchTimeoutNext--;
                return I2cStatus.ClockStretchTimeout;
            }

            if (PartialTransferNext > 0)
            {
                PartialTransferNext--;
                return I2cStatus.PartialTransfer;
            }

            return I2cStatus.Ok;
        }

        /// <summary>Writes a Sensirion word (MSB, LSB, CRC) at <paramref name="offset"/>, corrupting the CRC if asked to.</summary>
        protected void PutWord(byte[] buffer, int offset, int word)
        {
            buffer[offset] = (byte)(word >> 8);
            buffer[offset + 1] = (byte)word;
            byte crc = Sensors.Crc8.ComputeWord(word);
            buffer[offset + 2] = CorruptCrc ? (byte)(crc ^ 0x5A) : crc;
        }
    }
}
