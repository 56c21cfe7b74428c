using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Drivers.Sht3x
{
    /// <summary>
    /// Command-level SHT3x: single-shot commands start a measurement whose duration is the datasheet maximum for the
    /// repeatability minus half a millisecond (15 / 6 / 4 ms, §2.2 Table 4); until it is done, and when nothing was
    /// started, the read header is NACKed (§4.4). Answers carry CRC-8 (§4.12). Heater and status register (§4.10, §4.11).
    /// Faults: <see cref="SimulatedI2cDevice.StuckBusy"/> = the measurement never finishes (read always NACKed);
    /// <see cref="SimulatedI2cDevice.CorruptCrc"/>; NACK / disconnect from the base.
    /// </summary>
    public sealed class SimulatedSht3x : SimulatedI2cDevice
    {
        private const int PendingNone = 0;
        private const int PendingMeasurement = 1;
        private const int PendingStatus = 2;

        private readonly byte[] _scratch = new byte[6];
        private int _pending;
        private long _readyAtMs;

        /// <summary>Raw temperature word the chip reports (default 0x6666: 25.00 °C).</summary>
        public int RawTemperature = 0x6666;

        /// <summary>Raw humidity word the chip reports (default 0x8000: 50.00 %RH).</summary>
        public int RawHumidity = 0x8000;

        /// <summary>Heater state (status bit 13).</summary>
        public bool HeaterOn;

        /// <summary>Measurements started.</summary>
        public int Measurements;

        /// <summary>An SHT3x at <paramref name="address"/>.</summary>
        public SimulatedSht3x(int address)
            : base(address)
        {
        }

        /// <inheritdoc />
        protected override I2cStatus OnWrite(byte[] data, int offset, int count)
        {
            if (count < 2)
            {
                return I2cStatus.Ok; // an incomplete command is discarded
            }

            int command = (data[offset] << 8) | data[offset + 1];
            switch (command)
            {
                case 0x2400:
                case 0x2C06:
                    return StartMeasurement(15);
                case 0x240B:
                case 0x2C0D:
                    return StartMeasurement(6);
                case 0x2416:
                case 0x2C10:
                    return StartMeasurement(4);
                case 0x306D:
                    HeaterOn = true;
                    return I2cStatus.Ok;
                case 0x3066:
                    HeaterOn = false;
                    return I2cStatus.Ok;
                case 0xF32D:
                    _pending = PendingStatus;
                    return I2cStatus.Ok;
                case 0x30A2:
                    HeaterOn = false;
                    _pending = PendingNone;
                    return I2cStatus.Ok;
                case 0x3041:
                case 0x3093:
                    return I2cStatus.Ok;
                default:
                    return I2cStatus.PartialTransfer; // unknown command: the chip NACKs the command bytes
            }
        }

        /// <inheritdoc />
        protected override I2cStatus OnRead(byte[] buffer, int offset, int count)
        {
            if (_pending == PendingStatus)
            {
                _pending = PendingNone;
                byte[] word = _scratch;
                PutWord(word, 0, HeaterOn ? 0x2000 : 0x0000);
                Copy(word, 3, buffer, offset, count);
                return I2cStatus.Ok;
            }

            if (_pending != PendingMeasurement || StuckBusy || NowMs < _readyAtMs)
            {
                return I2cStatus.AddressNack;
            }

            _pending = PendingNone;
            byte[] data = _scratch;
            PutWord(data, 0, RawTemperature);
            PutWord(data, 3, RawHumidity);
            Copy(data, 6, buffer, offset, count);
            return I2cStatus.Ok;
        }

        private I2cStatus StartMeasurement(int durationMs)
        {
            _pending = PendingMeasurement;
            _readyAtMs = NowMs + durationMs;
            Measurements++;
            return I2cStatus.Ok;
        }

        private static void Copy(byte[] from, int available, byte[] to, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                to[offset + i] = i < available ? from[i] : (byte)0xFF;
            }
        }
    }
}
