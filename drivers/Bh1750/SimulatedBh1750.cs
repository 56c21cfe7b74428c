using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Drivers.Bh1750
{
    /// <summary>
    /// Instruction-level BH1750FVI: power state, one-time and continuous modes, MTreg, and a data register that holds the
    /// previous result until a measurement completes (typical times 120 ms / 16 ms scaled by MTreg / 69, p.2 and p.11).
    /// Seeded with the datasheet's example count 0x8390 (p.7: 28067 lx in H-resolution mode).
    /// Faults: NACK / disconnect from the base; <see cref="SimulatedI2cDevice.StuckBusy"/> = measurements never complete
    /// (the data register keeps its old value, as a hung chip would). No CRC on this chip.
    /// </summary>
    public sealed class SimulatedBh1750 : SimulatedI2cDevice
    {
        private bool _poweredOn;
        private bool _continuous;
        private int _modeOpcode;
        private long _doneAtMs = -1;
        private int _dataRegister;

        /// <summary>Count the next measurement produces (default 0x8390, the datasheet example).</summary>
        public int Count = 0x8390;

        /// <summary>MTreg as written by the controller (power-on default 69).</summary>
        public int MeasurementTime = 69;

        /// <summary>Measurements completed.</summary>
        public int Measurements;

        /// <summary>A BH1750 at <paramref name="address"/>.</summary>
        public SimulatedBh1750(int address)
            : base(address)
        {
        }

        /// <summary>True while the chip is powered on (one-time modes return to power-down after measuring).</summary>
        public bool PoweredOn
        {
            get
            {
                Update();
                return _poweredOn;
            }
        }

        /// <inheritdoc />
        protected override I2cStatus OnWrite(byte[] data, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                Instruction(data[offset + i]);
            }

            return I2cStatus.Ok;
        }

        /// <inheritdoc />
        protected override I2cStatus OnRead(byte[] buffer, int offset, int count)
        {
            Update();
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = i == 0 ? (byte)(_dataRegister >> 8) : (i == 1 ? (byte)_dataRegister : (byte)0xFF);
            }

            return I2cStatus.Ok;
        }

        private void Instruction(int opcode)
        {
            Update();
            if ((opcode & 0xF8) == 0x40)
            {
                MeasurementTime = (MeasurementTime & 0x1F) | ((opcode & 0x07) << 5);
                return;
            }

            if ((opcode & 0xE0) == 0x60)
            {
                MeasurementTime = (MeasurementTime & 0xE0) | (opcode & 0x1F);
                return;
            }

            switch (opcode)
            {
                case 0x00:
                    _poweredOn = false;
                    _doneAtMs = -1;
                    return;
                case 0x01:
                    _poweredOn = true;
                    return;
                case 0x07:
                    if (_poweredOn)
                    {
                        _dataRegister = 0;
                    }

                    return;
                case 0x10:
                case 0x11:
                case 0x13:
                case 0x20:
                case 0x21:
                case 0x23:
                    if (!_poweredOn)
                    {
                        return; // measurement instructions need Power On first
                    }

                    _modeOpcode = opcode;
                    _continuous = opcode < 0x20;
                    _doneAtMs = NowMs + Duration(opcode);
                    return;
                default:
                    return;
            }
        }

        private void Update()
        {
            while (_doneAtMs >= 0 && NowMs >= _doneAtMs && !StuckBusy)
            {
                _dataRegister = Count & 0xFFFF;
                Measurements++;
                if (_continuous)
                {
                    _doneAtMs += Duration(_modeOpcode);
                    if (NowMs >= _doneAtMs)
                    {
                        // Several periods elapsed: jump to the latest one instead of replaying each.
                        long period = Duration(_modeOpcode);
                        _doneAtMs = NowMs - ((NowMs - _doneAtMs) % period) + period;
                    }
                }
                else
                {
                    _doneAtMs = -1;
                    _poweredOn = false; // one-time modes power down after the measurement (p.5)
                }
            }
        }

        private int Duration(int opcode)
        {
            int typical = (opcode & 0x03) == 0x03 ? 16 : 120;
            return (typical * MeasurementTime) / 69;
        }
    }
}
