using System;
using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Sensors;

namespace NanoNode.Drivers.Aht20
{
    /// <summary>
    /// Aosong AHT20 temperature and humidity sensor (datasheet AHT20, §5.4 sensor reading process). Init checks the
    /// calibration bit and sends the initialization command if needed; Start triggers a measurement; Collect reads
    /// status + 5 data bytes + CRC and returns <see cref="SensorStatus.NotReady"/> while the busy bit is set.
    /// </summary>
    public sealed class Aht20Driver : ISensor
    {
        /// <summary>The AHT20's only address (§5.3).</summary>
        public const int DefaultAddress = (int)I2cAddress.Fixed;

        private readonly I2cBus _bus;
        private readonly int _address;
        private readonly byte[] _command = new byte[3];
        private readonly byte[] _status = new byte[1];
        private readonly byte[] _data = new byte[7];
        private bool _initialized;
        private bool _pending; // a trigger was accepted and its result not yet collected

        /// <summary>Raw 20-bit values of the last good Collect.</summary>
        public int RawHumidity, RawTemperature;

        /// <summary>Status byte of the last transfer that read one.</summary>
        public int LastStatus;

        /// <summary>A driver for the chip at <paramref name="address"/>. No bus traffic until Init.</summary>
        public Aht20Driver(I2cBus bus, int address)
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
            get { return "aht20"; }
        }

        /// <inheritdoc />
        public int Address
        {
            get { return _address; }
        }

        /// <inheritdoc />
        public int Quantities
        {
            get { return SensorQuantity.Temperature | SensorQuantity.Humidity; }
        }

        /// <summary>80 ms: the wait after a trigger (§5.4 step 2); the busy bit tells if the chip needs longer.</summary>
        public int MeasurementTimeMs
        {
            get { return 80; }
        }

        /// <summary>
        /// Reads the status byte (a one-byte read); if the calibration bit (bit 3) is clear, sends Initialize (0xBE 0x08 0x00), waits the
        /// datasheet's 10 ms and checks again (§5.4 step 1). Blocks for at most 10 ms. The 40 ms power-on time before the
        /// first command is the caller's (node start-up).
        /// </summary>
        public SensorStatus Init()
        {
            _initialized = false;
            _pending = false;
            SensorStatus status = ReadStatus();
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            if ((LastStatus & StatusBit.Calibrated) == 0)
            {
                status = Send(Command.Initialize, 0x08, 0x00);
                if (status != SensorStatus.Ok)
                {
                    return status;
                }

                _bus.DelayMs(10);
                status = ReadStatus();
                if (status != SensorStatus.Ok)
                {
                    return status;
                }

                if ((LastStatus & StatusBit.Calibrated) == 0)
                {
                    return SensorStatus.NotCalibrated;
                }
            }

            _initialized = true;
            return SensorStatus.Ok;
        }

        /// <summary>Sends Trigger Measurement 0xAC 0x33 0x00 (§5.4 step 2).</summary>
        public SensorStatus Start()
        {
            if (!_initialized)
            {
                return SensorStatus.NotInitialized;
            }

            SensorStatus status = Send(Command.TriggerMeasurement, 0x33, 0x00);
            _pending = status == SensorStatus.Ok;
            return status;
        }

        /// <summary>
        /// Reads 7 bytes (status, humidity 20 bits, temperature 20 bits, CRC; §5.4 steps 3-4). Busy bit set:
        /// <see cref="SensorStatus.NotReady"/>; CRC over the first 6 bytes wrong: <see cref="SensorStatus.CrcError"/>.
        /// No trigger since the last good Collect: <see cref="SensorStatus.NotReady"/> without bus traffic (the chip would
        /// only repeat its previous result).
        /// </summary>
        public SensorStatus Collect(SensorReading reading)
        {
            SensorStatus status = CollectInto(reading);
            reading.Status = status;
            return status;
        }

        /// <summary>Relative humidity in 0.01 %RH: RH = S_RH / 2^20 · 100 % (§6.1), rounded.</summary>
        public static int HumidityCentiPct(int raw)
        {
            return (int)(((raw * 10000L) + (1L << 19)) >> 20);
        }

        /// <summary>Temperature in 0.01 °C: T = S_T / 2^20 · 200 - 50 (§6.2), rounded.</summary>
        public static int TemperatureCentiC(int raw)
        {
            return (int)(((raw * 20000L) + (1L << 19)) >> 20) - 5000;
        }

        private SensorStatus CollectInto(SensorReading reading)
        {
            if (!_initialized)
            {
                return SensorStatus.NotInitialized;
            }

            if (!_pending)
            {
                return SensorStatus.NotReady;
            }

            SensorStatus status = SensorRead.FromBus(_bus.Read(_address, _data, 0, 7));
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            LastStatus = _data[0];
            if ((LastStatus & StatusBit.Busy) != 0)
            {
                return SensorStatus.NotReady;
            }

            if (Crc8.Compute(_data, 0, 6) != _data[6])
            {
                return SensorStatus.CrcError;
            }

            if ((LastStatus & StatusBit.Calibrated) == 0)
            {
                _initialized = false;
                return SensorStatus.NotCalibrated;
            }

            RawHumidity = (_data[1] << 12) | (_data[2] << 4) | (_data[3] >> 4);
            RawTemperature = ((_data[3] & 0x0F) << 16) | (_data[4] << 8) | _data[5];
            reading.HumidityCentiPct = HumidityCentiPct(RawHumidity);
            reading.TemperatureCentiC = TemperatureCentiC(RawTemperature);
            reading.HumidityPct = RawHumidity * (100f / 1048576f);
            reading.TemperatureC = (RawTemperature * (200f / 1048576f)) - 50f;
            reading.Quantities = SensorQuantity.Temperature | SensorQuantity.Humidity;
            reading.Sequence++;
            _pending = false;
            return SensorStatus.Ok;
        }

        // A plain one-byte read returns the status byte (see Command.Status: "0x71" is the read header).
        private SensorStatus ReadStatus()
        {
            SensorStatus status = SensorRead.FromBus(_bus.Read(_address, _status, 0, 1));
            if (status == SensorStatus.Ok)
            {
                LastStatus = _status[0];
            }

            return status;
        }

        private SensorStatus Send(Command command, byte p1, byte p2)
        {
            _command[0] = (byte)command;
            _command[1] = p1;
            _command[2] = p2;
            return SensorRead.FromBus(_bus.Write(_address, _command, 0, 3));
        }
    }
}
