using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Sensors;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Drivers.Aht20
{
    /// <summary>
    /// Command-level AHT20: status byte with busy (bit 7) and calibration (bit 3) bits, Initialize sets calibration after
    /// 10 ms, Trigger Measurement keeps busy set for 75 ms (within the datasheet's 80 ms wait), reads return
    /// status + 20-bit humidity + 20-bit temperature + CRC-8 (§5.4, §6). Power-on state: not calibrated, so a driver must
    /// run the §5.4 initialization. Defaults: S_RH = 0x80000 (50 %RH), S_T = 0x60000 (25 °C).
    /// Faults: <see cref="SimulatedI2cDevice.StuckBusy"/> = busy never clears; <see cref="SimulatedI2cDevice.CorruptCrc"/>;
    /// <see cref="LoseCalibration"/>; NACK / disconnect from the base.
    /// </summary>
    public sealed class SimulatedAht20 : SimulatedI2cDevice
    {
        private readonly byte[] _frame = new byte[7];
        private bool _calibrated;
        private long _calibratedAtMs = -1;
        private long _busyUntilMs = -1;

        /// <summary>20-bit humidity raw value.</summary>
        public int RawHumidity = 0x80000;

        /// <summary>20-bit temperature raw value.</summary>
        public int RawTemperature = 0x60000;

        /// <summary>Fault: the calibration bit reads 0 and Initialize does not set it.</summary>
        public bool LoseCalibration;

        /// <summary>Initialize commands received.</summary>
        public int InitializeCount;

        /// <summary>Measurements triggered.</summary>
        public int Measurements;

        /// <summary>Writes whose first byte is not a command (0xBE, 0xAC, 0xBA); a bus scan's probe byte counts here.</summary>
        public int UnknownCommands;

        /// <summary>An AHT20 at <paramref name="address"/>; <paramref name="calibrated"/> = state at power-on.</summary>
        public SimulatedAht20(int address, bool calibrated)
            : base(address)
        {
            _calibrated = calibrated;
        }

        /// <inheritdoc />
        protected override I2cStatus OnWrite(byte[] data, int offset, int count)
        {
            switch (data[offset])
            {
                case 0xBE:
                    InitializeCount++;
                    if (count >= 3 && data[offset + 1] == 0x08 && data[offset + 2] == 0x00)
                    {
                        _calibratedAtMs = NowMs + 10;
                    }

                    return I2cStatus.Ok;
                case 0xAC:
                    if (count >= 3 && data[offset + 1] == 0x33 && data[offset + 2] == 0x00)
                    {
                        _busyUntilMs = NowMs + 75;
                        Measurements++;
                    }

                    return I2cStatus.Ok;
                case 0xBA:
                    _busyUntilMs = -1;
                    return I2cStatus.Ok;
                default:
                    UnknownCommands++;
                    return I2cStatus.Ok; // unknown bytes are ignored; any read returns status first
            }
        }

        /// <inheritdoc />
        protected override I2cStatus OnRead(byte[] buffer, int offset, int count)
        {
            if (_calibratedAtMs >= 0 && NowMs >= _calibratedAtMs)
            {
                _calibrated = true;
                _calibratedAtMs = -1;
            }

            bool busy = StuckBusy || (_busyUntilMs >= 0 && NowMs < _busyUntilMs);
            int status = 0x10 | (busy ? StatusBit.Busy : 0) | (_calibrated && !LoseCalibration ? StatusBit.Calibrated : 0);
            _frame[0] = (byte)status;
            _frame[1] = (byte)(RawHumidity >> 12);
            _frame[2] = (byte)(RawHumidity >> 4);
            _frame[3] = (byte)(((RawHumidity & 0x0F) << 4) | ((RawTemperature >> 16) & 0x0F));
            _frame[4] = (byte)(RawTemperature >> 8);
            _frame[5] = (byte)RawTemperature;
            byte crc = Crc8.Compute(_frame, 0, 6);
            _frame[6] = CorruptCrc ? (byte)(crc ^ 0x5A) : crc;
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = i < 7 ? _frame[i] : (byte)0xFF;
            }

            return I2cStatus.Ok;
        }
    }
}
