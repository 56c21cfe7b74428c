using System;
using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Sensors;

namespace NanoNode.Drivers.Bh1750
{
    /// <summary>
    /// ROHM BH1750FVI ambient light sensor (datasheet BH1750FVI, 2011.11 Rev.D). One-time mode (default): Start sends
    /// Power On and the one-time instruction, Collect reads the 2-byte count after <see cref="MeasurementTimeMs"/>.
    /// Continuous mode: Init starts the chip measuring, Start does nothing, Collect reads the latest count.
    /// The chip has no busy flag and no CRC: a Collect before the measurement time returns the previous count, so the
    /// caller must keep to <see cref="MeasurementTimeMs"/>.
    /// </summary>
    public sealed class Bh1750Driver : ISensor
    {
        /// <summary>Address with ADDR ≤ 0.3·VCC (datasheet p.10, "I2C bus slave address").</summary>
        public const int DefaultAddress = (int)I2cAddress.AddrLow;

        /// <summary>Address with ADDR ≥ 0.7·VCC.</summary>
        public const int AlternateAddress = (int)I2cAddress.AddrHigh;

        /// <summary>Default measurement-time register value (p.11).</summary>
        public const int DefaultMeasurementTime = 69;

        /// <summary>Smallest MTreg value (p.11).</summary>
        public const int MinMeasurementTime = 31;

        /// <summary>Largest MTreg value (p.11).</summary>
        public const int MaxMeasurementTime = 254;

        private readonly I2cBus _bus;
        private readonly int _address;
        private readonly byte[] _command = new byte[1];
        private readonly byte[] _data = new byte[2];
        private bool _initialized;
        private bool _pending; // one-time mode: a measurement was started and its result not yet collected
        private int _measurementTime = DefaultMeasurementTime;

        /// <summary>Resolution mode (default High).</summary>
        public Resolution Resolution = Resolution.High;

        /// <summary>Continuous measurement instead of one-time (default false). Applied by <see cref="Init"/>.</summary>
        public bool Continuous;

        /// <summary>Raw count of the last good Collect.</summary>
        public int RawCount;

        /// <summary>A driver for the chip at <paramref name="address"/>. No bus traffic until Init.</summary>
        public Bh1750Driver(I2cBus bus, int address)
        {
            if (bus == null)
            {
                throw new ArgumentNullException("bus");
            }

            _bus = bus;
            _address = address;
        }

        /// <inheritdoc />
        public string Name
        {
            get { return "bh1750"; }
        }

        /// <inheritdoc />
        public int Address
        {
            get { return _address; }
        }

        /// <inheritdoc />
        public int Quantities
        {
            get { return SensorQuantity.Illuminance; }
        }

        /// <summary>MTreg value (31..254, default 69) applied by <see cref="Init"/> / <see cref="SetMeasurementTime"/>.
        /// Larger values extend the measurement and raise sensitivity (p.11).</summary>
        public int MeasurementTime
        {
            get { return _measurementTime; }
        }

        /// <summary>
        /// Maximum measurement time (electrical characteristics p.2: H-resolution 180 ms, L-resolution 24 ms max at
        /// MTreg 69), scaled by MTreg / 69 (p.11), rounded up. Continuous mode: the same (time between fresh values).
        /// </summary>
        public int MeasurementTimeMs
        {
            get
            {
                int max = Resolution == Resolution.Low ? 24 : 180;
                return ((max * _measurementTime) + DefaultMeasurementTime - 1) / DefaultMeasurementTime;
            }
        }

        /// <summary>Power On, MTreg, and for continuous mode the continuous instruction. No waits (the chip has no ID
        /// register: an acknowledged Power On is the presence check).</summary>
        public SensorStatus Init()
        {
            _initialized = false;
            _pending = false;
            SensorStatus status = Send((byte)Opcode.PowerOn);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            status = WriteMeasurementTime(_measurementTime);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            _initialized = true;
            return Continuous ? Send(ModeOpcode()) : SensorStatus.Ok;
        }

        /// <summary>
        /// Sets MTreg to <paramref name="value"/> (31..254, p.11): two instructions. Out of range: <see cref="SensorStatus.InvalidRequest"/>.
        /// </summary>
        public SensorStatus SetMeasurementTime(int value)
        {
            if (value < MinMeasurementTime || value > MaxMeasurementTime)
            {
                return SensorStatus.InvalidRequest;
            }

            _measurementTime = value;
            return WriteMeasurementTime(value);
        }

        /// <summary>One-time mode: Power On, then the one-time instruction for <see cref="Resolution"/>. Continuous mode: nothing.</summary>
        public SensorStatus Start()
        {
            if (!_initialized)
            {
                return SensorStatus.NotInitialized;
            }

            if (Continuous)
            {
                return SensorStatus.Ok;
            }

            SensorStatus status = Send((byte)Opcode.PowerOn);
            status = status != SensorStatus.Ok ? status : Send(ModeOpcode());
            _pending = status == SensorStatus.Ok;
            return status;
        }

        /// <summary>Reads the 2-byte count (high byte first) and converts it (p.7, p.11). One-time mode without a Start since
        /// the last good Collect: <see cref="SensorStatus.NotReady"/> without bus traffic (the count would be the old one).</summary>
        public SensorStatus Collect(SensorReading reading)
        {
            SensorStatus status = CollectInto(reading);
            reading.Status = status;
            return status;
        }

        /// <summary>
        /// Illuminance in 0.001 lx: lx = count / 1.2 · (69 / MTreg), halved in H-resolution mode2 (p.7 "measurement sequence
        /// example", p.11). Rounded to the nearest millilux.
        /// </summary>
        public static int MilliLux(int count, int measurementTime, Resolution resolution)
        {
            long numerator = count * 57500L; // 1000 / 1.2 * 69
            long denominator = resolution == Resolution.High2 ? 2L * measurementTime : measurementTime;
            return (int)((numerator + (denominator / 2)) / denominator);
        }

        private SensorStatus CollectInto(SensorReading reading)
        {
            if (!_initialized)
            {
                return SensorStatus.NotInitialized;
            }

            if (!Continuous && !_pending)
            {
                return SensorStatus.NotReady;
            }

            SensorStatus status = SensorRead.FromBus(_bus.Read(_address, _data, 0, 2));
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            RawCount = (_data[0] << 8) | _data[1];
            int mlx = MilliLux(RawCount, _measurementTime, Resolution);
            reading.IlluminanceMilliLx = mlx;
            reading.IlluminanceLx = mlx / 1000f;
            reading.Quantities = SensorQuantity.Illuminance;
            reading.Sequence++;
            _pending = false;
            return SensorStatus.Ok;
        }

        private byte ModeOpcode()
        {
            if (Continuous)
            {
                return (byte)(Resolution == Resolution.High ? Opcode.ContinuouslyHResolutionMode
                    : (Resolution == Resolution.High2 ? Opcode.ContinuouslyHResolutionMode2 : Opcode.ContinuouslyLResolutionMode));
            }

            return (byte)(Resolution == Resolution.High ? Opcode.OneTimeHResolutionMode
                : (Resolution == Resolution.High2 ? Opcode.OneTimeHResolutionMode2 : Opcode.OneTimeLResolutionMode));
        }

        private SensorStatus WriteMeasurementTime(int value)
        {
            SensorStatus status = Send((byte)((int)Opcode.ChangeMeasurementTimeHighBit | (value >> 5)));
            return status != SensorStatus.Ok ? status : Send((byte)((int)Opcode.ChangeMeasurementTimeLowBit | (value & 0x1F)));
        }

        private SensorStatus Send(byte opcode)
        {
            _command[0] = opcode;
            return SensorRead.FromBus(_bus.Write(_address, _command, 0, 1));
        }
    }
}
