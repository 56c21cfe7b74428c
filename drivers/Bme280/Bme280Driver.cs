using System;
using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Sensors;

namespace NanoNode.Drivers.Bme280
{
    /// <summary>
    /// Bosch BME280 temperature / humidity / pressure sensor over I2C (datasheet BST-BME280-DS002).
    /// Forced mode: Start writes ctrl_meas (mode = forced), Collect reads status then the data burst.
    /// Normal mode: the chip measures continuously; Start does nothing; Collect reads the latest shadowed data.
    /// Compensation: Bosch's integer formulas (<see cref="Bme280Calibration"/>). No allocation after construction.
    /// </summary>
    public sealed class Bme280Driver : ISensor
    {
        /// <summary>Address with SDO to GND (§6.2).</summary>
        public const int DefaultAddress = (int)I2cAddress.SdoToGnd;

        /// <summary>Address with SDO to VDDIO (§6.2).</summary>
        public const int AlternateAddress = (int)I2cAddress.SdoToVddio;

        /// <summary>Value of the chip_id register (§5.4.1).</summary>
        public const byte ChipId = 0x60;

        /// <summary>Raw value of a skipped (or not yet measured) temperature / pressure channel (§5.4.7, §5.4.8).</summary>
        public const int SkippedRaw20 = 0x80000;

        /// <summary>Raw value of a skipped humidity channel (§5.4.9).</summary>
        public const int SkippedRaw16 = 0x8000;

        private const byte StatusMeasuring = 0x08;

        private readonly I2cBus _bus;
        private readonly int _address;
        private readonly byte[] _reg = new byte[1];
        private readonly byte[] _write = new byte[2];
        private readonly byte[] _status = new byte[1];
        private readonly byte[] _calib00 = new byte[26];
        private readonly byte[] _calib26 = new byte[7];
        private readonly byte[] _data = new byte[8];
        private bool _initialized;
        private bool _pending; // forced mode: a Start was accepted and its result not yet collected

        /// <summary>The chip's trimming parameters, loaded by <see cref="Init"/>.</summary>
        public readonly Bme280Calibration Calibration = new Bme280Calibration();

        /// <summary>Temperature oversampling (default x1). Applied by <see cref="Init"/> / <see cref="Configure"/>.</summary>
        public Oversampling TemperatureOversampling = Oversampling.X1;

        /// <summary>Pressure oversampling (default x1; Skipped turns pressure off).</summary>
        public Oversampling PressureOversampling = Oversampling.X1;

        /// <summary>Humidity oversampling (default x1; Skipped turns humidity off).</summary>
        public Oversampling HumidityOversampling = Oversampling.X1;

        /// <summary>IIR filter (default off, the datasheet's weather-monitoring setting, §3.5.1).</summary>
        public Filter Filter = Filter.Off;

        /// <summary>Normal-mode standby time (default 1000 ms).</summary>
        public Standby Standby = Standby.Ms1000;

        /// <summary>Forced (default) or Normal. Sleep is what the chip is in between forced measurements.</summary>
        public Mode Mode = Mode.Forced;

        /// <summary>Raw values of the last good Collect (20-bit T and P, 16-bit H).</summary>
        public int RawTemperature, RawPressure, RawHumidity;

        /// <summary>Pressure of the last good Collect in Pa, unsigned Q24.8 (exact Bosch int64 result).</summary>
        public long PressureQ24_8;

        /// <summary>Humidity of the last good Collect in %RH, unsigned Q22.10 (exact Bosch int32 result).</summary>
        public int HumidityQ22_10;

        /// <summary>A driver for the chip at <paramref name="address"/> on <paramref name="bus"/>. No bus traffic until Init.</summary>
        public Bme280Driver(I2cBus bus, int address)
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
            get { return "bme280"; }
        }

        /// <inheritdoc />
        public int Address
        {
            get { return _address; }
        }

        /// <inheritdoc />
        public int Quantities
        {
            get
            {
                int q = SensorQuantity.Temperature;
                if (PressureOversampling != Oversampling.Skipped)
                {
                    q |= SensorQuantity.Pressure;
                }

                if (HumidityOversampling != Oversampling.Skipped)
                {
                    q |= SensorQuantity.Humidity;
                }

                return q;
            }
        }

        /// <summary>
        /// Maximum measurement time in µs for the current oversampling (§9.1, Appendix B):
        /// 1.25 ms + 2.3 ms·T_os + (2.3 ms·P_os + 0.575 ms) + (2.3 ms·H_os + 0.575 ms), skipped channels omitted.
        /// </summary>
        public int MeasurementTimeUs
        {
            get
            {
                int us = 1250 + (2300 * Factor(TemperatureOversampling));
                int p = Factor(PressureOversampling);
                if (p > 0)
                {
                    us += (2300 * p) + 575;
                }

                int h = Factor(HumidityOversampling);
                if (h > 0)
                {
                    us += (2300 * h) + 575;
                }

                return us;
            }
        }

        /// <summary>Forced mode: <see cref="MeasurementTimeUs"/> rounded up to ms. Normal mode: 0 (data is always there).</summary>
        public int MeasurementTimeMs
        {
            get { return Mode == Mode.Normal ? 0 : (MeasurementTimeUs + 999) / 1000; }
        }

        /// <summary>
        /// Checks chip_id (0x60), reads the trimming parameters and applies the settings (<see cref="Configure"/>).
        /// Blocks for 5 short transfers; no waits (the chip's 2 ms start-up time, §1.1 t_startup, is the caller's at power-on).
        /// </summary>
        public SensorStatus Init()
        {
            _initialized = false;
            _pending = false;
            SensorStatus status = ReadRegisters(Register.Id, _status, 1);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            if (_status[0] != ChipId)
            {
                return SensorStatus.WrongChip;
            }

            status = ReadRegisters(Register.Calib00, _calib00, _calib00.Length);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            status = ReadRegisters(Register.Calib26, _calib26, _calib26.Length);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            Calibration.Load(_calib00, 0, _calib26, 0);
            if (!Calibration.IsPlausible)
            {
                return SensorStatus.NotCalibrated;
            }

            _initialized = true;
            return Configure();
        }

        /// <summary>
        /// Writes the settings: ctrl_meas to sleep first (config writes may be ignored outside sleep, §5.4.6), then config,
        /// then ctrl_hum (effective only after a ctrl_meas write, §5.4.3), then ctrl_meas with the mode
        /// (Normal starts measuring; Forced stays in sleep until <see cref="Start"/>).
        /// </summary>
        public SensorStatus Configure()
        {
            if (!_initialized)
            {
                return SensorStatus.NotInitialized;
            }

            SensorStatus status = WriteRegister(Register.CtrlMeas, CtrlMeas(Mode.Sleep));
            if (status == SensorStatus.Ok)
            {
                status = WriteRegister(Register.Config, (byte)(((int)Standby << 5) | ((int)Filter << 2)));
            }

            if (status == SensorStatus.Ok)
            {
                status = WriteRegister(Register.CtrlHum, (byte)HumidityOversampling);
            }

            if (status == SensorStatus.Ok)
            {
                status = WriteRegister(Register.CtrlMeas, CtrlMeas(Mode == Mode.Normal ? Mode.Normal : Mode.Sleep));
            }

            return status;
        }

        /// <summary>Forced mode: starts one measurement (writes ctrl_meas, §3.3.2). Normal mode: nothing to do.</summary>
        public SensorStatus Start()
        {
            if (!_initialized)
            {
                return SensorStatus.NotInitialized;
            }

            if (Mode == Mode.Normal)
            {
                return SensorStatus.Ok;
            }

            SensorStatus status = WriteRegister(Register.CtrlMeas, CtrlMeas(Mode.Forced));
            _pending = status == SensorStatus.Ok;
            return status;
        }

        /// <summary>
        /// Forced mode: reads status; while measuring[3] is set returns <see cref="SensorStatus.NotReady"/>. Then one burst
        /// read of 0xF7..0xFE (§4: burst read so all values come from one measurement) and compensation. Without a Start
        /// since the last good Collect there is no new measurement: <see cref="SensorStatus.NotReady"/> and no bus traffic
        /// (the data registers would only repeat the previous result).
        /// </summary>
        public SensorStatus Collect(SensorReading reading)
        {
            SensorStatus status = CollectInto(reading);
            reading.Status = status;
            return status;
        }

        private SensorStatus CollectInto(SensorReading reading)
        {
            if (!_initialized)
            {
                return SensorStatus.NotInitialized;
            }

            SensorStatus status;
            if (Mode != Mode.Normal)
            {
                if (!_pending)
                {
                    return SensorStatus.NotReady;
                }

                status = ReadRegisters(Register.Status, _status, 1);
                if (status != SensorStatus.Ok)
                {
                    return status;
                }

                if ((_status[0] & StatusMeasuring) != 0)
                {
                    return SensorStatus.NotReady;
                }
            }

            status = ReadRegisters(Register.PressMsb, _data, 8);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            int adcP = (_data[0] << 12) | (_data[1] << 4) | (_data[2] >> 4);
            int adcT = (_data[3] << 12) | (_data[4] << 4) | (_data[5] >> 4);
            int adcH = (_data[6] << 8) | _data[7];
            if (adcT == SkippedRaw20)
            {
                // Reset value: no measurement has completed since power-on / configuration.
                return SensorStatus.NotReady;
            }

            RawTemperature = adcT;
            RawPressure = adcP;
            RawHumidity = adcH;
            int t = Calibration.CompensateTemperature(adcT);
            int quantities = SensorQuantity.Temperature;
            reading.TemperatureCentiC = t;
            reading.TemperatureC = t / 100f;
            if (adcP != SkippedRaw20 && PressureOversampling != Oversampling.Skipped)
            {
                long p = Calibration.CompensatePressure(adcP);
                PressureQ24_8 = p;
                reading.PressurePa = (int)((p + 128) >> 8);
                reading.PressureHpa = p / 25600f;
                quantities |= SensorQuantity.Pressure;
            }

            if (adcH != SkippedRaw16 && HumidityOversampling != Oversampling.Skipped)
            {
                int h = Calibration.CompensateHumidity(adcH);
                HumidityQ22_10 = h;
                reading.HumidityCentiPct = (int)(((long)h * 100 + 512) >> 10);
                reading.HumidityPct = h / 1024f;
                quantities |= SensorQuantity.Humidity;
            }

            reading.Quantities = quantities;
            reading.Sequence++;
            _pending = false;
            return SensorStatus.Ok;
        }

        private byte CtrlMeas(Mode mode)
        {
            return (byte)(((int)TemperatureOversampling << 5) | ((int)PressureOversampling << 2) | (int)mode);
        }

        private SensorStatus ReadRegisters(Register first, byte[] into, int count)
        {
            _reg[0] = (byte)first;
            return SensorRead.FromBus(_bus.WriteRead(_address, _reg, 0, 1, into, 0, count));
        }

        private SensorStatus WriteRegister(Register register, byte value)
        {
            _write[0] = (byte)register;
            _write[1] = value;
            return SensorRead.FromBus(_bus.Write(_address, _write, 0, 2));
        }

        private static int Factor(Oversampling oversampling)
        {
            switch (oversampling)
            {
                case Oversampling.X1:
                    return 1;
                case Oversampling.X2:
                    return 2;
                case Oversampling.X4:
                    return 4;
                case Oversampling.X8:
                    return 8;
                case Oversampling.X16:
                    return 16;
                default:
                    return 0;
            }
        }
    }
}
