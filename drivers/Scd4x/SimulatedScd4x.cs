using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Sensors;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Drivers.Scd4x
{
    /// <summary>
    /// Command-level SCD4x: idle / periodic states, data buffered every 5 s and emptied by read_measurement (a read with
    /// nothing buffered is NACKed, §3.5.2), no answer at all for 500 ms after stop_periodic_measurement (§3.5.3), idle-only
    /// settings refused while measuring, parameter CRCs checked (§3.11), temperature offset and altitude registers.
    /// Seeded with the datasheet's read_measurement example (§3.5.2: 0x01F4, 0x6667, 0x5EB9 = 500 ppm, 25 °C, 37 %RH)
    /// and the power-on offset of 4 °C.
    /// Faults: <see cref="SimulatedI2cDevice.StuckBusy"/> = data never becomes ready; <see cref="SimulatedI2cDevice.CorruptCrc"/>;
    /// NACK / disconnect from the base.
    /// </summary>
    public sealed class SimulatedScd4x : SimulatedI2cDevice
    {
        private readonly byte[] _answer = new byte[9];
        private int _answerLength;
        private bool _periodic;
        private long _silentUntilMs = -1;
        private long _nextSampleAtMs;
        private bool _buffered;
        private bool _measurementAnswer;

        /// <summary>CO2 word (ppm).</summary>
        public int RawCo2 = 0x01F4;

        /// <summary>Temperature word.</summary>
        public int RawTemperature = 0x6667;

        /// <summary>Humidity word.</summary>
        public int RawHumidity = 0x5EB9;

        /// <summary>Temperature offset word (power-on default: 4 °C = round(4 · 65535 / 175) = 1498).</summary>
        public int TemperatureOffsetWord = 1498;

        /// <summary>Sensor altitude in m.</summary>
        public int AltitudeM;

        /// <summary>Commands refused (idle-only while measuring, bad parameter CRC, unknown).</summary>
        public int RefusedCommands;

        /// <summary>An SCD4x at <paramref name="address"/>, idle.</summary>
        public SimulatedScd4x(int address)
            : base(address)
        {
        }

        /// <summary>True while in periodic measurement mode.</summary>
        public bool Periodic
        {
            get { return _periodic; }
        }

        /// <inheritdoc />
        protected override I2cStatus OnWrite(byte[] data, int offset, int count)
        {
            if (_silentUntilMs >= 0 && NowMs < _silentUntilMs)
            {
                return I2cStatus.AddressNack; // busy after stop_periodic_measurement (§3.5.3)
            }

            if (count < 2)
            {
                return I2cStatus.Ok;
            }

            int command = (data[offset] << 8) | data[offset + 1];
            int word = -1;
            if (count >= 5)
            {
                if (Crc8.Compute(data, offset + 2, 2) != data[offset + 4])
                {
                    RefusedCommands++;
                    return I2cStatus.PartialTransfer;
                }

                word = (data[offset + 2] << 8) | data[offset + 3];
            }

            _answerLength = 0;
            _measurementAnswer = false;
            switch (command)
            {
                case 0x21B1:
                    if (_periodic)
                    {
                        return Refuse();
                    }

                    _periodic = true;
                    _buffered = false;
                    _nextSampleAtMs = NowMs + 5000;
                    return I2cStatus.Ok;
                case 0x3F86:
                    _periodic = false;
                    _buffered = false;
                    _silentUntilMs = NowMs + 500;
                    return I2cStatus.Ok;
                case 0xEC05:
                    Sample();
                    _measurementAnswer = true;
                    return I2cStatus.Ok;
                case 0xE4B8:
                    Sample();
                    Answer(_buffered ? 0x8006 : 0x8000);
                    return I2cStatus.Ok;
                case 0x241D:
                    if (_periodic || word < 0)
                    {
                        return Refuse();
                    }

                    TemperatureOffsetWord = word;
                    return I2cStatus.Ok;
                case 0x2318:
                    if (_periodic)
                    {
                        return Refuse();
                    }

                    Answer(TemperatureOffsetWord);
                    return I2cStatus.Ok;
                case 0x2427:
                    if (_periodic || word < 0)
                    {
                        return Refuse();
                    }

                    AltitudeM = word;
                    return I2cStatus.Ok;
                case 0x2322:
                    if (_periodic)
                    {
                        return Refuse();
                    }

                    Answer(AltitudeM);
                    return I2cStatus.Ok;
                default:
                    return Refuse();
            }
        }

        /// <inheritdoc />
        protected override I2cStatus OnRead(byte[] buffer, int offset, int count)
        {
            if (_silentUntilMs >= 0 && NowMs < _silentUntilMs)
            {
                return I2cStatus.AddressNack;
            }

            if (_measurementAnswer)
            {
                _measurementAnswer = false;
                Sample();
                if (!_buffered)
                {
                    return I2cStatus.AddressNack; // nothing buffered (§3.5.2)
                }

                _buffered = false;
                PutWord(_answer, 0, RawCo2);
                PutWord(_answer, 3, RawTemperature);
                PutWord(_answer, 6, RawHumidity);
                _answerLength = 9;
            }

            if (_answerLength == 0)
            {
                return I2cStatus.AddressNack;
            }

            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = i < _answerLength ? _answer[i] : (byte)0xFF;
            }

            _answerLength = 0;
            return I2cStatus.Ok;
        }

        private void Sample()
        {
            if (!_periodic || StuckBusy)
            {
                return;
            }

            if (NowMs >= _nextSampleAtMs)
            {
                _buffered = true;
                long late = NowMs - _nextSampleAtMs;
                _nextSampleAtMs = NowMs - (late % 5000) + 5000;
            }
        }

        private void Answer(int word)
        {
            PutWord(_answer, 0, word);
            _answerLength = 3;
        }

        private I2cStatus Refuse()
        {
            RefusedCommands++;
            return I2cStatus.PartialTransfer;
        }
    }
}
