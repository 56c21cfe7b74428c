using System;
using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Sensors;

namespace NanoNode.Drivers.Scd4x
{
    /// <summary>
    /// Sensirion SCD40/SCD41 CO2, temperature and humidity sensor in periodic measurement mode (datasheet SCD4x v1.3).
    /// Init stops any running measurement (500 ms, §3.5.3), writes temperature offset and altitude (idle-only settings,
    /// §3.6) and starts periodic measurement. Start does nothing; Collect asks get_data_ready_status and, when data is
    /// there, reads it (each command needs 1 ms before its answer, done on the bus's time base).
    /// </summary>
    public sealed class Scd4xDriver : ISensor
    {
        /// <summary>The SCD4x's only address (§3.3).</summary>
        public const int DefaultAddress = (int)I2cAddress.Fixed;

        /// <summary>Signal update interval in periodic mode (§3.5.1): 5 s.</summary>
        public const int PeriodMs = 5000;

        /// <summary>Power-on default temperature offset, 0.01 °C (4 °C, §3.6.1).</summary>
        public const int DefaultTemperatureOffsetCentiC = 400;

        private readonly I2cBus _bus;
        private readonly int _address;
        private readonly byte[] _command = new byte[5];
        private readonly byte[] _word = new byte[3];
        private readonly byte[] _data = new byte[9];
        private bool _initialized;

        /// <summary>Temperature offset in 0.01 °C (0..17500) applied by <see cref="Init"/>. Affects T and RH only, not CO2.</summary>
        public int TemperatureOffsetCentiC = DefaultTemperatureOffsetCentiC;

        /// <summary>Sensor altitude in m above sea level (0..65535) applied by <see cref="Init"/>.</summary>
        public int AltitudeM;

        /// <summary>Word returned by the last good <see cref="ReadWord"/>.</summary>
        public int LastWord;

        /// <summary>Raw words of the last good Collect.</summary>
        public int RawCo2, RawTemperature, RawHumidity;

        /// <summary>A driver for the chip at <paramref name="address"/>. No bus traffic until Init.</summary>
        public Scd4xDriver(I2cBus bus, int address)
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
            get { return "scd4x"; }
        }

        /// <inheritdoc />
        public int Address
        {
            get { return _address; }
        }

        /// <inheritdoc />
        public int Quantities
        {
            get { return SensorQuantity.Co2 | SensorQuantity.Temperature | SensorQuantity.Humidity; }
        }

        /// <summary>5000 ms: the periodic signal update interval (§3.5.1).</summary>
        public int MeasurementTimeMs
        {
            get { return PeriodMs; }
        }

        /// <summary>
        /// stop_periodic_measurement + 500 ms, set_temperature_offset + 1 ms, set_sensor_altitude + 1 ms,
        /// start_periodic_measurement. Blocks 502 ms (the chip's times). Out-of-range settings: <see cref="SensorStatus.InvalidRequest"/>.
        /// </summary>
        public SensorStatus Init()
        {
            _initialized = false;
            if (TemperatureOffsetCentiC < 0 || TemperatureOffsetCentiC > 17500 || AltitudeM < 0 || AltitudeM > 0xFFFF)
            {
                return SensorStatus.InvalidRequest;
            }

            SensorStatus status = Send(Command.StopPeriodicMeasurement, 500);
            if (status == SensorStatus.Ok)
            {
                status = SendWord(Command.SetTemperatureOffset, OffsetWord(TemperatureOffsetCentiC), 1);
            }

            if (status == SensorStatus.Ok)
            {
                status = SendWord(Command.SetSensorAltitude, AltitudeM, 1);
            }

            if (status == SensorStatus.Ok)
            {
                status = Send(Command.StartPeriodicMeasurement, 0);
            }

            _initialized = status == SensorStatus.Ok;
            return status;
        }

        /// <summary>Nothing to start in periodic mode.</summary>
        public SensorStatus Start()
        {
            return _initialized ? SensorStatus.Ok : SensorStatus.NotInitialized;
        }

        /// <summary>
        /// get_data_ready_status (1 ms); not ready: <see cref="SensorStatus.NotReady"/>. Then read_measurement (1 ms),
        /// three words each checked against its CRC, converted per §3.5.2. Blocks 2 ms on the bus's time base.
        /// </summary>
        public SensorStatus Collect(SensorReading reading)
        {
            SensorStatus status = CollectInto(reading);
            reading.Status = status;
            return status;
        }

        /// <summary>
        /// Sends a command that answers one word (e.g. <see cref="Command.GetTemperatureOffset"/>; idle only), waits 1 ms and
        /// reads word + CRC into <see cref="LastWord"/>.
        /// </summary>
        public SensorStatus ReadWord(Command command)
        {
            SensorStatus status = Send(command, 1);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            status = SensorRead.FromBus(_bus.Read(_address, _word, 0, 3));
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            if (!Crc8.CheckWord(_word, 0))
            {
                return SensorStatus.CrcError;
            }

            LastWord = (_word[0] << 8) | _word[1];
            return SensorStatus.Ok;
        }

        /// <summary>Offset word for a temperature offset in 0.01 °C: round(T_offset · (2^16 - 1) / 175) (§3.6.1).</summary>
        public static int OffsetWord(int centiC)
        {
            return (int)(((centiC * 65535L) + 8750) / 17500);
        }

        /// <summary>Temperature offset in 0.01 °C from its word: word · 175 / (2^16 - 1) (§3.6.2), rounded.</summary>
        public static int OffsetCentiC(int word)
        {
            return (int)(((word * 17500L) + 32767) / 65535);
        }

        /// <summary>Temperature in 0.01 °C: T = -45 + 175 · word / (2^16 - 1) (§3.5.2), rounded.</summary>
        public static int TemperatureCentiC(int word)
        {
            return (int)(((word * 17500L) + 32767) / 65535) - 4500;
        }

        /// <summary>Relative humidity in 0.01 %RH: RH = 100 · word / (2^16 - 1) (§3.5.2), rounded.</summary>
        public static int HumidityCentiPct(int word)
        {
            return (int)(((word * 10000L) + 32767) / 65535);
        }

        private SensorStatus CollectInto(SensorReading reading)
        {
            if (!_initialized)
            {
                return SensorStatus.NotInitialized;
            }

            SensorStatus status = ReadWord(Command.GetDataReadyStatus);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            if ((LastWord & 0x07FF) == 0)
            {
                return SensorStatus.NotReady;
            }

            status = Send(Command.ReadMeasurement, 1);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            I2cStatus bus = _bus.Read(_address, _data, 0, 9);
            if (bus == I2cStatus.AddressNack)
            {
                return SensorStatus.NotReady; // no data buffered (§3.5.2): NACK on the read header
            }

            if (bus != I2cStatus.Ok)
            {
                return SensorRead.FromBus(bus);
            }

            if (!Crc8.CheckWord(_data, 0) || !Crc8.CheckWord(_data, 3) || !Crc8.CheckWord(_data, 6))
            {
                return SensorStatus.CrcError;
            }

            RawCo2 = (_data[0] << 8) | _data[1];
            RawTemperature = (_data[3] << 8) | _data[4];
            RawHumidity = (_data[6] << 8) | _data[7];
            reading.Co2PpmInt = RawCo2;
            reading.Co2Ppm = RawCo2;
            reading.TemperatureCentiC = TemperatureCentiC(RawTemperature);
            reading.HumidityCentiPct = HumidityCentiPct(RawHumidity);
            reading.TemperatureC = -45f + (175f * RawTemperature / 65535f);
            reading.HumidityPct = 100f * RawHumidity / 65535f;
            reading.Quantities = SensorQuantity.Co2 | SensorQuantity.Temperature | SensorQuantity.Humidity;
            reading.Sequence++;
            return SensorStatus.Ok;
        }

        private SensorStatus Send(Command command, int executionMs)
        {
            _command[0] = (byte)((int)command >> 8);
            _command[1] = (byte)command;
            SensorStatus status = SensorRead.FromBus(_bus.Write(_address, _command, 0, 2));
            if (status == SensorStatus.Ok && executionMs > 0)
            {
                _bus.DelayMs(executionMs);
            }

            return status;
        }

        private SensorStatus SendWord(Command command, int word, int executionMs)
        {
            _command[0] = (byte)((int)command >> 8);
            _command[1] = (byte)command;
            _command[2] = (byte)(word >> 8);
            _command[3] = (byte)word;
            _command[4] = Crc8.Compute(_command, 2, 2);
            SensorStatus status = SensorRead.FromBus(_bus.Write(_address, _command, 0, 5));
            if (status == SensorStatus.Ok && executionMs > 0)
            {
                _bus.DelayMs(executionMs);
            }

            return status;
        }
    }
}
