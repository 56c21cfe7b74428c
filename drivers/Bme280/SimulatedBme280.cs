using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Drivers.Bme280
{
    /// <summary>
    /// Register-level BME280 (§5.3 memory map): auto-incrementing reads from a register pointer, (register, value) pair
    /// writes (§6.2.1), chip_id 0x60, soft reset, forced and normal modes with the §9.1 measurement time, skipped
    /// channels reading 0x80000 / 0x8000, and ctrl_hum taking effect at the next ctrl_meas write (§5.4.3).
    /// Seeded with the compensation example of Bosch's BMP280 datasheet (BST-BMP280-DS001 §3.12: dig_T1..dig_P9,
    /// adc_T = 519888, adc_P = 415148; the BME280 uses the same T/P formulas) and humidity trimming values typical of a
    /// production part (the BME280 datasheet gives no humidity example).
    /// Faults: <see cref="SimulatedI2cDevice.StuckBusy"/> keeps status.measuring set; NACK / disconnect from the base.
    /// </summary>
    public sealed class SimulatedBme280 : SimulatedI2cDevice
    {
        /// <summary>The 256-byte register file.</summary>
        public readonly byte[] Registers = new byte[256];

        private int _pointer;
        private int _ctrlHumLatched;
        private long _busyUntilMs = -1;

        /// <summary>Humidity raw value reported by default (with the seeded trimming: 47.60 %RH at t_fine 128422).</summary>
        public const int DefaultRawHumidity = 0x7000;

        /// <summary>A BME280 at <paramref name="address"/> seeded with the datasheet example.</summary>
        public SimulatedBme280(int address)
            : base(address)
        {
            SetCalibration(27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362, 0, 313, 50, 30);
            RawTemperature = 519888;
            RawPressure = 415148;
            RawHumidity = DefaultRawHumidity;
            Reset();
        }

        /// <summary>20-bit temperature raw value the next measurement produces.</summary>
        public int RawTemperature;

        /// <summary>20-bit pressure raw value the next measurement produces.</summary>
        public int RawPressure;

        /// <summary>16-bit humidity raw value the next measurement produces.</summary>
        public int RawHumidity;

        /// <summary>Number of measurements performed (forced triggers + normal-mode reads).</summary>
        public int Measurements;

        /// <summary>Encodes trimming parameters into calib00..calib32 as §4.2.2 Table 16 lays them out.</summary>
        public void SetCalibration(int t1, int t2, int t3, int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9, int h1, int h2, int h3, int h4, int h5, int h6)
        {
            int a = (int)Register.Calib00;
            Word(a + 0, t1);
            Word(a + 2, t2);
            Word(a + 4, t3);
            Word(a + 6, p1);
            Word(a + 8, p2);
            Word(a + 10, p3);
            Word(a + 12, p4);
            Word(a + 14, p5);
            Word(a + 16, p6);
            Word(a + 18, p7);
            Word(a + 20, p8);
            Word(a + 22, p9);
            Registers[(int)Register.DigH1] = (byte)h1;
            int e = (int)Register.Calib26;
            Word(e, h2);
            Registers[e + 2] = (byte)h3;
            Registers[e + 3] = (byte)(h4 >> 4);
            Registers[e + 4] = (byte)((h4 & 0x0F) | ((h5 & 0x0F) << 4));
            Registers[e + 5] = (byte)(h5 >> 4);
            Registers[e + 6] = (byte)h6;
        }

        /// <summary>Power-on reset values (§5.3): control registers 0, data registers 0x80000 / 0x8000.</summary>
        public void Reset()
        {
            Registers[(int)Register.Id] = 0x60;
            Registers[(int)Register.CtrlHum] = 0;
            Registers[(int)Register.CtrlMeas] = 0;
            Registers[(int)Register.Config] = 0;
            Registers[(int)Register.Status] = 0;
            Latch(0x80000, 0x80000, 0x8000);
            _ctrlHumLatched = 0;
            _busyUntilMs = -1;
        }

        /// <inheritdoc />
        protected override I2cStatus OnWrite(byte[] data, int offset, int count)
        {
            // A write is the register pointer, or (register, value) pairs (§6.2.1).
            _pointer = data[offset];
            for (int i = 1; i < count; i += 2)
            {
                WriteRegister(data[offset + i - 1], data[offset + i]);
            }

            return I2cStatus.Ok;
        }

        /// <inheritdoc />
        protected override I2cStatus OnRead(byte[] buffer, int offset, int count)
        {
            Update();
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = Registers[(_pointer + i) & 0xFF];
            }

            _pointer = (_pointer + count) & 0xFF;
            return I2cStatus.Ok;
        }

        private void WriteRegister(int register, byte value)
        {
            switch (register)
            {
                case (int)Register.Reset:
                    if (value == 0xB6)
                    {
                        Reset();
                    }

                    return;
                case (int)Register.CtrlHum:
                    Registers[register] = (byte)(value & 0x07);
                    return;
                case (int)Register.Config:
                    if ((Registers[(int)Register.CtrlMeas] & 0x03) == 0x03)
                    {
                        return; // ignored in normal mode (§5.4.6)
                    }

                    Registers[register] = value;
                    return;
                case (int)Register.CtrlMeas:
                    Registers[register] = value;
                    _ctrlHumLatched = Registers[(int)Register.CtrlHum];
                    int mode = value & 0x03;
                    if (mode == 1 || mode == 2)
                    {
                        _busyUntilMs = NowMs + ((MeasurementTimeUs(value) + 999) / 1000);
                        Measurements++;
                    }
                    else if (mode == 3)
                    {
                        Measure(value);
                    }

                    return;
                default:
                    return; // read-only or reserved
            }
        }

        private void Update()
        {
            int ctrlMeas = Registers[(int)Register.CtrlMeas];
            bool busy = _busyUntilMs >= 0 && NowMs < _busyUntilMs;
            if (_busyUntilMs >= 0 && !busy)
            {
                Measure(ctrlMeas);
                _busyUntilMs = -1;
                Registers[(int)Register.CtrlMeas] = (byte)(ctrlMeas & 0xFC); // forced → sleep (§3.3.2)
            }
            else if ((ctrlMeas & 0x03) == 0x03)
            {
                Measure(ctrlMeas);
                Measurements++;
            }

            Registers[(int)Register.Status] = (byte)(busy || StuckBusy ? 0x08 : 0x00);
        }

        private void Measure(int ctrlMeas)
        {
            int osrsT = (ctrlMeas >> 5) & 0x07;
            int osrsP = (ctrlMeas >> 2) & 0x07;
            Latch(osrsT == 0 ? 0x80000 : RawTemperature, osrsP == 0 ? 0x80000 : RawPressure, _ctrlHumLatched == 0 ? 0x8000 : RawHumidity);
        }

        private void Latch(int t, int p, int h)
        {
            Registers[0xF7] = (byte)(p >> 12);
            Registers[0xF8] = (byte)(p >> 4);
            Registers[0xF9] = (byte)((p & 0x0F) << 4);
            Registers[0xFA] = (byte)(t >> 12);
            Registers[0xFB] = (byte)(t >> 4);
            Registers[0xFC] = (byte)((t & 0x0F) << 4);
            Registers[0xFD] = (byte)(h >> 8);
            Registers[0xFE] = (byte)h;
        }

        private int MeasurementTimeUs(int ctrlMeas)
        {
            int us = 1250 + (2300 * Os((ctrlMeas >> 5) & 0x07));
            int p = Os((ctrlMeas >> 2) & 0x07);
            int h = Os(_ctrlHumLatched);
            return us + (p > 0 ? (2300 * p) + 575 : 0) + (h > 0 ? (2300 * h) + 575 : 0);
        }

        private static int Os(int code)
        {
            return code == 0 ? 0 : (code >= 5 ? 16 : 1 << (code - 1));
        }

        private void Word(int register, int value)
        {
            Registers[register] = (byte)value;
            Registers[register + 1] = (byte)(value >> 8);
        }
    }
}
