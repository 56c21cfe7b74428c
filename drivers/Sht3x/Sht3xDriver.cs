using System;
using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Sensors;

namespace NanoNode.Drivers.Sht3x
{
    /// <summary>
    /// Sensirion SHT30/31/35 temperature and humidity sensor, single-shot mode without clock stretching (datasheet
    /// SHT3x-DIS). Start sends the single-shot command; Collect reads 2 words + CRC. While the chip is still measuring
    /// it NACKs the read header (§4.4), which Collect reports as <see cref="SensorStatus.NotReady"/>: on the wire that
    /// cannot be told apart from a chip that vanished after Start; the next Start reports <see cref="SensorStatus.NoDevice"/>.
    /// </summary>
    public sealed class Sht3xDriver : ISensor
    {
        /// <summary>Address with ADDR to VSS (§3.2 Table 7).</summary>
        public const int DefaultAddress = (int)I2cAddress.AddrToVss;

        /// <summary>Address with ADDR to VDD.</summary>
        public const int AlternateAddress = (int)I2cAddress.AddrToVdd;

        /// <summary>Status register bit 13: heater on (§4.11 Table 17).</summary>
        public const int StatusHeaterOn = 1 << 13;

        private readonly I2cBus _bus;
        private readonly int _address;
        private readonly byte[] _command = new byte[2];
        private readonly byte[] _status = new byte[3];
        private readonly byte[] _data = new byte[6];
        private bool _initialized;

        /// <summary>Measurement repeatability (default High).</summary>
        public Repeatability Repeatability = Repeatability.High;

        /// <summary>Heater state applied by <see cref="Init"/> (default off). Change at run time with <see cref="SetHeater"/>.</summary>
        public bool Heater;

        /// <summary>Status register read by the last good <see cref="ReadStatus"/>.</summary>
        public int StatusRegister;

        /// <summary>Raw words of the last good Collect.</summary>
        public int RawTemperature, RawHumidity;

        /// <summary>A driver for the chip at <paramref name="address"/>. No bus traffic until Init.</summary>
        public Sht3xDriver(I2cBus bus, int address)
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
            get { return "sht3x"; }
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

        /// <summary>Maximum measurement duration for <see cref="Repeatability"/>, rounded up (§2.2 Table 4: 15.5 / 6.5 / 4.5 ms).</summary>
        public int MeasurementTimeMs
        {
            get { return Repeatability == Repeatability.High ? 16 : (Repeatability == Repeatability.Medium ? 7 : 5); }
        }

        /// <summary>Reads the status register (checks presence and CRC; 1 ms) and applies <see cref="Heater"/>.</summary>
        public SensorStatus Init()
        {
            _initialized = false;
            SensorStatus status = ReadStatus();
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            _initialized = true;
            return SetHeater(Heater);
        }

        /// <summary>Switches the internal heater (§4.10) on or off; for plausibility checks, raises the reading by a few °C.</summary>
        public SensorStatus SetHeater(bool on)
        {
            Heater = on;
            return Send(on ? Command.HeaterEnable : Command.HeaterDisable);
        }

        /// <summary>
        /// Reads the status register into <see cref="StatusRegister"/> (§4.11): the command, a STOP, 1 ms, then word + CRC.
        /// Blocks 1 ms (the command-to-read wait Sensirion's own embedded-sht driver uses, SHT3X_CMD_DURATION_USEC; a
        /// repeated-START read straight after the command is not what that driver does).
        /// </summary>
        public SensorStatus ReadStatus()
        {
            SensorStatus status = Send(Command.ReadStatus);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            _bus.DelayMs(1);
            status = SensorRead.FromBus(_bus.Read(_address, _status, 0, 3));
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            if (!Crc8.CheckWord(_status, 0))
            {
                return SensorStatus.CrcError;
            }

            StatusRegister = (_status[0] << 8) | _status[1];
            return SensorStatus.Ok;
        }

        /// <summary>Sends the single-shot command for <see cref="Repeatability"/> (§4.3), clock stretching disabled.</summary>
        public SensorStatus Start()
        {
            if (!_initialized)
            {
                return SensorStatus.NotInitialized;
            }

            Command command = Repeatability == Repeatability.High ? Command.SingleShotHighRepeatability
                : (Repeatability == Repeatability.Medium ? Command.SingleShotMediumRepeatability : Command.SingleShotLowRepeatability);
            return Send(command);
        }

        /// <summary>Reads T word, CRC, RH word, CRC (§4.4 Table 10) and converts them (§4.13).</summary>
        public SensorStatus Collect(SensorReading reading)
        {
            SensorStatus status = CollectInto(reading);
            reading.Status = status;
            return status;
        }

        /// <summary>Temperature in 0.01 °C from the raw word: T = -45 + 175 · S_T / (2^16 - 1) (§4.13), rounded.</summary>
        public static int TemperatureCentiC(int raw)
        {
            return (int)(((17500L * raw) + 32767) / 65535) - 4500;
        }

        /// <summary>Relative humidity in 0.01 %RH from the raw word: RH = 100 · S_RH / (2^16 - 1) (§4.13), rounded.</summary>
        public static int HumidityCentiPct(int raw)
        {
            return (int)(((10000L * raw) + 32767) / 65535);
        }

        private SensorStatus CollectInto(SensorReading reading)
        {
            if (!_initialized)
            {
                return SensorStatus.NotInitialized;
            }

            I2cStatus bus = _bus.Read(_address, _data, 0, 6);
            if (bus == I2cStatus.AddressNack)
            {
                return SensorStatus.NotReady; // read header NACKed: measurement not finished (§4.4)
            }

            if (bus != I2cStatus.Ok)
            {
                return SensorRead.FromBus(bus);
            }

            if (!Crc8.CheckWord(_data, 0) || !Crc8.CheckWord(_data, 3))
            {
                return SensorStatus.CrcError;
            }

            RawTemperature = (_data[0] << 8) | _data[1];
            RawHumidity = (_data[3] << 8) | _data[4];
            reading.TemperatureCentiC = TemperatureCentiC(RawTemperature);
            reading.HumidityCentiPct = HumidityCentiPct(RawHumidity);
            reading.TemperatureC = -45f + (175f * RawTemperature / 65535f);
            reading.HumidityPct = 100f * RawHumidity / 65535f;
            reading.Quantities = SensorQuantity.Temperature | SensorQuantity.Humidity;
            reading.Sequence++;
            return SensorStatus.Ok;
        }

        private SensorStatus Send(Command command)
        {
            SetCommand(command);
            return SensorRead.FromBus(_bus.Write(_address, _command, 0, 2));
        }

        private void SetCommand(Command command)
        {
            _command[0] = (byte)((int)command >> 8);
            _command[1] = (byte)command;
        }
    }
}
