using System;
using System.Device.I2c;
using System.Threading;
using nanoFramework.Hardware.Esp32;

namespace NanoNode.Drivers.I2c
{
    /// <summary>
    /// <see cref="I2cBus"/> over nanoFramework's <c>System.Device.I2c.I2cDevice</c> (package nanoFramework.System.Device.I2c 1.1.x).
    /// One <c>I2cDevice</c> per address, created on first use and kept (a driver's addresses are used from its Init on,
    /// so the steady state creates none). nanoFramework-only (listed by the .nfproj, not compiled on host).
    /// </summary>
    /// <remarks>
    /// Allocation on nanoCLR 1.x that no managed code can avoid: each transfer passes <c>SpanByte</c> values (a struct,
    /// heap-allocated by the interpreter) and the native call allocates the returned <c>I2cTransferResult</c>. SpanByte is a
    /// <c>ref struct</c>, so it cannot be stored in a field and built once per buffer; it is built at the call over the
    /// driver's fixed buffer instead. ESP32 native code copies from/to the first element of the span's array and ignores
    /// its start index (nf-interpreter targets/ESP32/_nanoCLR/System.Device.I2c/sys_dev_i2c_native_System_Device_I2c_I2cDevice.cpp),
    /// so a transfer with offset != 0 goes through the bus's staging buffers (allocated once, <c>maxTransfer</c> bytes each).
    /// Status: the transfer result maps through <see cref="I2cTransferMap"/>. The native code also throws outside those
    /// statuses (ESP32: CLR_E_INVALID_OPERATION when the IDF driver returns an error other than a NACK or timeout,
    /// CLR_E_OUT_OF_MEMORY when it cannot get its internal bounce buffer; I2cDevice's constructor throws for a bad bus or
    /// pins in use): every such exception is caught here and reported as <see cref="I2cStatus.BusError"/>, so no driver
    /// call throws because of the bus.
    /// </remarks>
    public sealed class NanoI2cBus : I2cBus
    {
        private readonly int _busId;
        private readonly I2cBusSpeed _speed;
        private readonly I2cDevice[] _devices = new I2cDevice[128];
        private readonly byte[] _stageWrite;
        private readonly byte[] _stageRead;

        /// <summary>
        /// A bus on controller <paramref name="busId"/> (ESP32: 1 or 2). Pins must be set first
        /// (<see cref="SetEsp32Pins"/>). <paramref name="maxTransfer"/> sizes the staging buffers for transfers at offset != 0.
        /// </summary>
        public NanoI2cBus(int busId, I2cBusSpeed speed, int maxTransfer)
        {
            if (maxTransfer < 1)
            {
                throw new ArgumentOutOfRangeException("maxTransfer");
            }

            _busId = busId;
            _speed = speed;
            _stageWrite = new byte[maxTransfer];
            _stageRead = new byte[maxTransfer];
        }

        /// <summary>
        /// Routes the ESP32's I2C controller <paramref name="busId"/> (1 or 2) to GPIO <paramref name="dataPin"/> (SDA) and
        /// <paramref name="clockPin"/> (SCL). Call before the first transfer. Defaults without this call: I2C1 SDA 18 / SCL 19,
        /// I2C2 SDA 25 / SCL 26 (nf-interpreter targets/ESP32/_common/ESP32_DeviceMapping.cpp).
        /// </summary>
        public static void SetEsp32Pins(int busId, int dataPin, int clockPin)
        {
            if (busId == 1)
            {
                Configuration.SetPinFunction(dataPin, DeviceFunction.I2C1_DATA);
                Configuration.SetPinFunction(clockPin, DeviceFunction.I2C1_CLOCK);
            }
            else if (busId == 2)
            {
                Configuration.SetPinFunction(dataPin, DeviceFunction.I2C2_DATA);
                Configuration.SetPinFunction(clockPin, DeviceFunction.I2C2_CLOCK);
            }
            else
            {
                throw new ArgumentOutOfRangeException("busId");
            }
        }

        /// <inheritdoc />
        public override I2cStatus Write(int address, byte[] buffer, int offset, int count)
        {
            if (!IsValidAddress(address) || !IsValidRange(buffer, offset, count) || (offset != 0 && count > _stageWrite.Length))
            {
                return I2cStatus.InvalidArgument;
            }

            I2cDevice device = Device(address);
            if (device == null)
            {
                return I2cStatus.BusError;
            }

            byte[] w = buffer;
            if (offset != 0)
            {
                Array.Copy(buffer, offset, _stageWrite, 0, count);
                w = _stageWrite;
            }

            try
            {
                I2cTransferResult result = device.Write(new SpanByte(w, 0, count));
                return I2cTransferMap.FromNanoFramework((int)result.Status, result.BytesTransferred, count);
            }
            catch (Exception)
            {
                return I2cStatus.BusError; // native failure outside the transfer statuses (see class remarks)
            }
        }

        /// <inheritdoc />
        public override I2cStatus Read(int address, byte[] buffer, int offset, int count)
        {
            if (!IsValidAddress(address) || !IsValidRange(buffer, offset, count) || (offset != 0 && count > _stageRead.Length))
            {
                return I2cStatus.InvalidArgument;
            }

            I2cDevice device = Device(address);
            if (device == null)
            {
                return I2cStatus.BusError;
            }

            byte[] r = offset == 0 ? buffer : _stageRead;
            I2cStatus status;
            try
            {
                I2cTransferResult result = device.Read(new SpanByte(r, 0, count));
                status = I2cTransferMap.FromNanoFramework((int)result.Status, result.BytesTransferred, count);
            }
            catch (Exception)
            {
                return I2cStatus.BusError;
            }

            if (offset != 0 && status == I2cStatus.Ok)
            {
                Array.Copy(_stageRead, 0, buffer, offset, count);
            }

            return status;
        }

        /// <inheritdoc />
        public override I2cStatus WriteRead(int address, byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
        {
            if (!IsValidAddress(address) || !IsValidRange(writeBuffer, writeOffset, writeCount) || !IsValidRange(readBuffer, readOffset, readCount))
            {
                return I2cStatus.InvalidArgument;
            }

            if ((writeOffset != 0 && writeCount > _stageWrite.Length) || (readOffset != 0 && readCount > _stageRead.Length))
            {
                return I2cStatus.InvalidArgument;
            }

            I2cDevice device = Device(address);
            if (device == null)
            {
                return I2cStatus.BusError;
            }

            byte[] w = writeBuffer;
            if (writeOffset != 0)
            {
                Array.Copy(writeBuffer, writeOffset, _stageWrite, 0, writeCount);
                w = _stageWrite;
            }

            byte[] r = readOffset == 0 ? readBuffer : _stageRead;
            I2cStatus status;
            try
            {
                I2cTransferResult result = device.WriteRead(new SpanByte(w, 0, writeCount), new SpanByte(r, 0, readCount));
                status = I2cTransferMap.FromNanoFramework((int)result.Status, result.BytesTransferred, writeCount + readCount);
            }
            catch (Exception)
            {
                return I2cStatus.BusError;
            }

            if (readOffset != 0 && status == I2cStatus.Ok)
            {
                Array.Copy(_stageRead, 0, readBuffer, readOffset, readCount);
            }

            return status;
        }

        /// <summary>
        /// Writes <see cref="ProbeByte"/> to <paramref name="address"/> (ESP32 sends no address byte for an empty write, so
        /// a zero-length "quick write" cannot probe). Addresses without a driver get a temporary I2cDevice, disposed after.
        /// A native failure (see class remarks) is <see cref="I2cStatus.BusError"/>.
        /// </summary>
        public override I2cStatus Probe(int address)
        {
            if (!IsValidAddress(address))
            {
                return I2cStatus.InvalidArgument;
            }

            I2cDevice device = _devices[address];
            bool temporary = device == null;
            try
            {
                if (temporary)
                {
                    device = new I2cDevice(new I2cConnectionSettings(_busId, address, _speed));
                }

                I2cTransferResult result = device.WriteByte(ProbeByte);
                return I2cTransferMap.FromNanoFramework((int)result.Status, result.BytesTransferred, 1);
            }
            catch (Exception)
            {
                return I2cStatus.BusError;
            }
            finally
            {
                if (temporary && device != null)
                {
                    device.Dispose();
                }
            }
        }

        /// <summary>Blocks the calling thread for <paramref name="milliseconds"/> (Thread.Sleep).</summary>
        public override void DelayMs(int milliseconds)
        {
            if (milliseconds > 0)
            {
                Thread.Sleep(milliseconds);
            }
        }

        // The device for an address, created on first use; null when the native driver refuses it (bad bus id, pins in use:
        // I2cDevice's constructor throws), so the caller reports BusError and a later Init can try again.
        private I2cDevice Device(int address)
        {
            I2cDevice device = _devices[address];
            if (device == null)
            {
                try
                {
                    device = new I2cDevice(new I2cConnectionSettings(_busId, address, _speed));
                }
                catch (Exception)
                {
                    return null;
                }

                _devices[address] = device;
            }

            return device;
        }
    }
}
