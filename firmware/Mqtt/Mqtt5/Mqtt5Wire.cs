namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 data representations (§1.5 of MQTT Version 5.0, OASIS Standard 2019) that 3.1.1 does not have or reads
    /// differently: four-byte integer (§1.5.3), variable byte integer with the minimum-length rule (§1.5.5), UTF-8 string
    /// pair (§1.5.7). Two-byte integer, UTF-8 string and binary data are the same as in 3.1.1: use <see cref="MqttWire"/>.
    /// </summary>
    /// <remarks>
    /// Same conventions as <see cref="MqttWire"/>: caller-owned buffers, <c>offset</c> + <c>count</c> bound every access,
    /// statuses instead of exceptions, views instead of copies, no allocation, stateless.
    /// Four-byte integers are unsigned 32-bit on the wire (0..4,294,967,295); they are carried in a <c>long</c>.
    /// </remarks>
    public static class Mqtt5Wire
    {
        /// <summary>Largest four-byte integer (§1.5.3): 2^32 - 1.</summary>
        public const long MaxFourByteInteger = 4294967295L;

        // ================================================================ four-byte integer (§1.5.3)

        /// <summary>Reads a big-endian four-byte integer (0..4,294,967,295). <see cref="MqttStatus.NeedMoreBytes"/> when <paramref name="count"/> &lt; 4.</summary>
        public static MqttStatus ReadFourByteInteger(byte[] buffer, int offset, int count, out long value)
        {
            value = 0;
            if (!MqttWire.IsRange(buffer, offset, count))
            {
                return MqttStatus.InvalidArgument;
            }

            if (count < 4)
            {
                return MqttStatus.NeedMoreBytes;
            }

            value = GetFourByteInteger(buffer, offset);
            return MqttStatus.Ok;
        }

        /// <summary>Writes <paramref name="value"/> (0..<see cref="MaxFourByteInteger"/>, else <see cref="MqttStatus.InvalidArgument"/>) as 4 bytes, most significant first.</summary>
        public static MqttStatus WriteFourByteInteger(byte[] buffer, int offset, int count, long value)
        {
            if (!MqttWire.IsRange(buffer, offset, count) || value < 0 || value > MaxFourByteInteger)
            {
                return MqttStatus.InvalidArgument;
            }

            if (count < 4)
            {
                return MqttStatus.BufferTooSmall;
            }

            PutFourByteInteger(buffer, offset, value);
            return MqttStatus.Ok;
        }

        // ================================================================ variable byte integer (§1.5.5)

        /// <summary>
        /// Reads a variable byte integer under the MQTT 5 rules: at most 4 bytes and the minimum number of bytes for the
        /// value [MQTT-1.5.5-1] (e.g. 0x80 0x00 for 0 is refused). <paramref name="consumed"/> = 1..4.
        /// <see cref="MqttStatus.NeedMoreBytes"/>: the bytes end with the continuation bit set;
        /// <see cref="MqttStatus.MalformedVariableByteInteger"/>: a 5th byte would be needed, or the encoding is not minimal.
        /// </summary>
        public static MqttStatus ReadVariableByteInteger(byte[] buffer, int offset, int count, out int value, out int consumed)
        {
            MqttStatus status = MqttWire.ReadVariableByteInteger(buffer, offset, count, out value, out consumed);
            if (status == MqttStatus.MalformedRemainingLength)
            {
                return MqttStatus.MalformedVariableByteInteger;
            }

            if (status == MqttStatus.Ok && consumed > 1 && buffer[offset + consumed - 1] == 0)
            {
                // A last group of 0 adds nothing: a shorter encoding exists [MQTT-1.5.5-1].
                value = 0;
                consumed = 0;
                return MqttStatus.MalformedVariableByteInteger;
            }

            return status;
        }

        // ================================================================ UTF-8 string pair (§1.5.7)

        /// <summary>
        /// Reads a UTF-8 string pair (name string, then value string) as two views; both strings must be valid MQTT
        /// UTF-8 strings [MQTT-1.5.7-1] (<see cref="MqttWire.ValidateUtf8"/>: [MQTT-1.5.4-1] [MQTT-1.5.4-2]).
        /// <paramref name="consumed"/> = 4 + name length + value length. <see cref="MqttStatus.NeedMoreBytes"/> when the
        /// pair runs past <paramref name="count"/>.
        /// </summary>
        public static MqttStatus ReadStringPair(byte[] buffer, int offset, int count, out int nameOffset, out int nameLength,
            out int valueOffset, out int valueLength, out int consumed)
        {
            valueOffset = 0;
            valueLength = 0;
            consumed = 0;
            MqttStatus status = MqttWire.ReadUtf8String(buffer, offset, count, out nameOffset, out nameLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = nameOffset + nameLength;
            status = MqttWire.ReadUtf8String(buffer, p, offset + count - p, out valueOffset, out valueLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            consumed = valueOffset + valueLength - offset;
            return MqttStatus.Ok;
        }

        /// <summary>
        /// Writes a UTF-8 string pair from two byte ranges (each checked with <see cref="MqttWire.ValidateUtf8"/>);
        /// <paramref name="written"/> = 4 + both lengths. Nothing is written unless the result is Ok.
        /// </summary>
        public static MqttStatus WriteStringPair(byte[] buffer, int offset, int count, byte[] name, int nameOffset, int nameLength,
            byte[] value, int valueOffset, int valueLength, out int written)
        {
            written = 0;
            if (!MqttWire.IsRange(buffer, offset, count))
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = MqttWire.ValidateUtf8(name, nameOffset, nameLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            status = MqttWire.ValidateUtf8(value, valueOffset, valueLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (4 + nameLength + valueLength > count)
            {
                return MqttStatus.BufferTooSmall;
            }

            int p = MqttWire.PutField(buffer, offset, name, nameOffset, nameLength);
            p = MqttWire.PutField(buffer, p, value, valueOffset, valueLength);
            written = p - offset;
            return MqttStatus.Ok;
        }

        // ================================================================ unchecked helpers for the packet code

        internal static long GetFourByteInteger(byte[] buffer, int p)
        {
            return ((long)buffer[p] << 24) | ((long)buffer[p + 1] << 16) | ((long)buffer[p + 2] << 8) | buffer[p + 3];
        }

        internal static int PutFourByteInteger(byte[] buffer, int p, long value)
        {
            buffer[p] = (byte)(value >> 24);
            buffer[p + 1] = (byte)(value >> 16);
            buffer[p + 2] = (byte)(value >> 8);
            buffer[p + 3] = (byte)value;
            return p + 4;
        }

        /// <summary>Writes the property section: VBI length + a copy of the caller's property bytes; returns the next position.</summary>
        internal static int PutProperties(byte[] buffer, int p, byte[] properties, int propertiesOffset, int propertiesLength)
        {
            p = MqttWire.PutVariableByteInteger(buffer, p, propertiesLength);
            if (propertiesLength > 0)
            {
                System.Array.Copy(properties, propertiesOffset, buffer, p, propertiesLength);
            }

            return p + propertiesLength;
        }

        /// <summary>Bytes of a property section of <paramref name="propertiesLength"/> bytes: its VBI length + the bytes; -1 if too long.</summary>
        internal static int PropertiesSize(int propertiesLength)
        {
            int n = MqttWire.VariableByteIntegerSize(propertiesLength);
            return n == 0 ? -1 : n + propertiesLength;
        }
    }
}
