using System;
using NanoNode.Drivers.I2c;

namespace NanoNode.Drivers.Simulation
{
    /// <summary>
    /// An <see cref="I2cBus"/> whose chips are <see cref="SimulatedI2cDevice"/>s and whose time is a simulated clock:
    /// <see cref="DelayMs"/> advances <see cref="NowMs"/> instantly, so drivers run their real wait logic without
    /// sleeping. Portable: used by the tests, the benchmark and the virtual device.
    /// </summary>
    /// <remarks>
    /// Transfers are delivered whole (no bit-level timing). An address with no chip, or a chip with a NACK fault, answers
    /// <see cref="I2cStatus.AddressNack"/>. Not thread-safe. Allocation: none per transfer.
    /// </remarks>
    public sealed class SimulatedI2cBus : I2cBus
    {
        private readonly SimulatedI2cDevice[] _devices = new SimulatedI2cDevice[128];
        private readonly byte[] _probe = new byte[1];

        /// <summary>Simulated time in ms since the bus was created; advanced by <see cref="DelayMs"/> and <see cref="Advance"/>.</summary>
        public long NowMs;

        /// <summary>Transfers attempted on the bus (any address, any outcome, probes included).</summary>
        public int TransferCount;

        /// <summary>
        /// Puts <paramref name="device"/> on the bus at its address. Throws when the address is taken or out of range
        /// (wiring mistakes are construction-time misuse).
        /// </summary>
        public void Attach(SimulatedI2cDevice device)
        {
            if (device == null)
            {
                throw new ArgumentNullException("device");
            }

            if (!IsValidAddress(device.Address) || _devices[device.Address] != null)
            {
                throw new ArgumentException("address in use or invalid");
            }

            _devices[device.Address] = device;
            device.Bus = this;
        }

        /// <summary>Removes the chip at <paramref name="address"/> (nothing there: no effect).</summary>
        public void Detach(int address)
        {
            if (IsValidAddress(address) && _devices[address] != null)
            {
                _devices[address].Bus = null;
                _devices[address] = null;
            }
        }

        /// <summary>The chip at <paramref name="address"/>, or null.</summary>
        public SimulatedI2cDevice DeviceAt(int address)
        {
            return IsValidAddress(address) ? _devices[address] : null;
        }

        /// <summary>Advances the simulated clock by <paramref name="milliseconds"/> (negative values are ignored).</summary>
        public void Advance(int milliseconds)
        {
            if (milliseconds > 0)
            {
                NowMs += milliseconds;
            }
        }

        /// <inheritdoc />
        public override void DelayMs(int milliseconds)
        {
            Advance(milliseconds);
        }

        /// <inheritdoc />
        public override I2cStatus Write(int address, byte[] buffer, int offset, int count)
        {
            TransferCount++;
            if (!IsValidAddress(address) || !IsValidRange(buffer, offset, count))
            {
                return I2cStatus.InvalidArgument;
            }

            SimulatedI2cDevice device = _devices[address];
            return device == null ? I2cStatus.AddressNack : device.HandleWrite(buffer, offset, count);
        }

        /// <inheritdoc />
        public override I2cStatus Read(int address, byte[] buffer, int offset, int count)
        {
            TransferCount++;
            if (!IsValidAddress(address) || !IsValidRange(buffer, offset, count))
            {
                return I2cStatus.InvalidArgument;
            }

            SimulatedI2cDevice device = _devices[address];
            return device == null ? I2cStatus.AddressNack : device.HandleRead(buffer, offset, count);
        }

        /// <inheritdoc />
        public override I2cStatus WriteRead(int address, byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
        {
            TransferCount++;
            if (!IsValidAddress(address) || !IsValidRange(writeBuffer, writeOffset, writeCount) || !IsValidRange(readBuffer, readOffset, readCount))
            {
                return I2cStatus.InvalidArgument;
            }

            SimulatedI2cDevice device = _devices[address];
            return device == null ? I2cStatus.AddressNack : device.HandleWriteRead(writeBuffer, writeOffset, writeCount, readBuffer, readOffset, readCount);
        }

        /// <summary>As on the device (<c>NanoI2cBus</c>): a one-byte write of <see cref="I2cBus.ProbeByte"/>, which the chip
        /// receives and acts on like any write; faults apply.</summary>
        public override I2cStatus Probe(int address)
        {
            _probe[0] = ProbeByte;
            return Write(address, _probe, 0, 1);
        }
    }
}
