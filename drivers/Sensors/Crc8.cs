namespace NanoNode.Drivers.Sensors
{
    /// <summary>
    /// The CRC-8 used by Sensirion sensors (SHT3x datasheet §4.12 Table 19; SCD4x datasheet §3.11) and by the AHT20
    /// (datasheet §5.4): polynomial 0x31 (x^8 + x^5 + x^4 + 1), initial value 0xFF, no reflection, no final XOR.
    /// Sensirion's example: CRC(0xBE, 0xEF) = 0x92. Bitwise (no table) to keep flash and RAM small; 2 bytes take ~16 steps.
    /// </summary>
    public static class Crc8
    {
        /// <summary>Generator polynomial (x^8 implied).</summary>
        public const byte Polynomial = 0x31;

        /// <summary>Initial register value.</summary>
        public const byte Init = 0xFF;

        /// <summary>CRC of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static byte Compute(byte[] data, int offset, int count)
        {
            int crc = Init;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x80) != 0 ? ((crc << 1) ^ Polynomial) & 0xFF : (crc << 1) & 0xFF;
                }
            }

            return (byte)crc;
        }

        /// <summary>CRC of a 16-bit word sent MSB first (the Sensirion word format).</summary>
        public static byte ComputeWord(int word)
        {
            int crc = Init ^ ((word >> 8) & 0xFF);
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ Polynomial) & 0xFF : (crc << 1) & 0xFF;
            }

            crc ^= word & 0xFF;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ Polynomial) & 0xFF : (crc << 1) & 0xFF;
            }

            return (byte)crc;
        }

        /// <summary>
        /// Checks a Sensirion word triple (MSB, LSB, CRC) at <paramref name="offset"/> of <paramref name="data"/>.
        /// </summary>
        public static bool CheckWord(byte[] data, int offset)
        {
            return Compute(data, offset, 2) == data[offset + 2];
        }
    }
}
