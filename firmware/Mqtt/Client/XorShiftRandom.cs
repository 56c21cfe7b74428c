using System;

namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// Small deterministic PRNG (Marsaglia xorshift32) for reconnect jitter: one instance, no allocation per call, unlike
    /// creating a <c>System.Random</c>. Not for cryptography.
    /// </summary>
    public sealed class XorShiftRandom
    {
        private uint _state;

        /// <summary>Creates a generator from <paramref name="seed"/>; 0 is replaced by a fixed non-zero constant.</summary>
        public XorShiftRandom(uint seed)
        {
            _state = seed == 0 ? 0x9E3779B9u : seed;
        }

        /// <summary>Next 32-bit value (never 0).</summary>
        public uint NextUInt()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }

        /// <summary>Uniform-ish value in [0, <paramref name="maxExclusive"/>); 0 when <paramref name="maxExclusive"/> &lt;= 0.</summary>
        public int Next(int maxExclusive)
        {
            if (maxExclusive <= 0)
            {
                return 0;
            }

            return (int)(NextUInt() % (uint)maxExclusive);
        }
    }
}
