namespace NanoNode.Device.Storage
{
    /// <summary>
    /// CRC-32 as used by IEEE 802.3 / zlib: reflected polynomial 0xEDB88320, initial value 0xFFFFFFFF, final XOR
    /// 0xFFFFFFFF. Check value: CRC("123456789") = 0xCBF43926. Half-byte table (16 entries, 64 bytes of RAM).
    /// </summary>
    public static class Crc32
    {
        private static readonly uint[] Table =
        {
            0x00000000, 0x1DB71064, 0x3B6E20C8, 0x26D930AC, 0x76DC4190, 0x6B6B51F4, 0x4DB26158, 0x5005713C,
            0xEDB88320, 0xF00F9344, 0xD6D6A3E8, 0xCB61B38C, 0x9B64C2B0, 0x86D3D2D4, 0xA00AE278, 0xBDBDF21C,
        };

        /// <summary>CRC of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Finish(Update(Start, data, offset, count));
        }

        /// <summary>Register value before the first byte.</summary>
        public const uint Start = 0xFFFFFFFF;

        /// <summary>Feeds bytes into a running register (start with <see cref="Start"/>, end with <see cref="Finish"/>).</summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc ^= data[i];
                crc = (crc >> 4) ^ Table[crc & 0x0F];
                crc = (crc >> 4) ^ Table[crc & 0x0F];
            }

            return crc;
        }

        /// <summary>Final XOR of a running register.</summary>
        public static uint Finish(uint crc)
        {
            return crc ^ 0xFFFFFFFF;
        }
    }
}
