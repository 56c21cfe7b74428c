namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// Reconnect delay: exponential growth with full jitter between a floor and a ceiling, reset after a successful
    /// connection. Attempt n (0-based since the last success) waits a uniformly random time in
    /// [floor, min(ceiling, floor * 2^(n+1))] milliseconds, so the first retry is never immediate (no tight loop) and a
    /// fleet that lost its broker at the same moment spreads out.
    /// </summary>
    public sealed class MqttBackoff
    {
        private readonly int _floorMs;
        private readonly int _ceilingMs;
        private readonly XorShiftRandom _random;
        private int _attempt;

        /// <summary>
        /// <paramref name="floorMs"/> &gt;= 1 and <paramref name="ceilingMs"/> &gt;= <paramref name="floorMs"/> (milliseconds);
        /// <paramref name="random"/> is owned by the caller and may be shared with nothing else that needs a fixed sequence.
        /// </summary>
        public MqttBackoff(int floorMs, int ceilingMs, XorShiftRandom random)
        {
            if (floorMs < 1 || ceilingMs < floorMs || random == null)
            {
                throw new System.ArgumentException();
            }

            _floorMs = floorMs;
            _ceilingMs = ceilingMs;
            _random = random;
        }

        /// <summary>Failed attempts since the last <see cref="Reset"/>.</summary>
        public int Attempt
        {
            get { return _attempt; }
        }

        /// <summary>The upper bound of the delay for the next attempt, in milliseconds.</summary>
        public int CurrentCapMs
        {
            get
            {
                long cap = _floorMs;
                for (int i = 0; i <= _attempt && cap < _ceilingMs; i++)
                {
                    cap *= 2;
                }

                return cap > _ceilingMs ? _ceilingMs : (int)cap;
            }
        }

        /// <summary>Delay before the next attempt in milliseconds, in [floor, <see cref="CurrentCapMs"/>]; counts the attempt.</summary>
        public int NextDelayMs()
        {
            int cap = CurrentCapMs;
            int delay = _floorMs + _random.Next(cap - _floorMs + 1);
            if (_attempt < 30)
            {
                _attempt++;
            }

            return delay;
        }

        /// <summary>Back to the first step (the client calls it once a connection proved stable).</summary>
        public void Reset()
        {
            _attempt = 0;
        }
    }
}
