namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 3.1.1 data representations (§1.5, §2.2.3), paired and bounds-checked, over caller-owned <c>byte[]</c>:
    /// two-byte integer, variable byte integer (remaining length), UTF-8 string, binary data.
    /// </summary>
    /// <remarks>
    /// Conventions for every member:
    /// <list type="bullet">
    /// <item><c>offset</c> is the first byte to read/write, <c>count</c> the number of bytes available (reading) or the room
    /// (writing) from <c>offset</c>. Nothing outside <c>[offset, offset + count)</c> is read or written.</item>
    /// <item>Results are <see cref="MqttStatus"/> values plus <c>out</c> primitives; bad input is a status, never an
    /// exception. A null buffer or an offset/count outside the array is <see cref="MqttStatus.InvalidArgument"/>.</item>
    /// <item>Readers return views (offset + length into the same buffer), never copies. Nothing here allocates.</item>
    /// <item>Static and stateless: safe from any thread as long as the caller's buffers are not shared.</item>
    /// </list>
    /// </remarks>
    public static class MqttWire
    {
        /// <summary>Largest value of a variable byte integer (4 bytes of 7 bits), the maximum remaining length (§2.2.3).</summary>
        public const int MaxVariableByteInteger = 268435455;

        /// <summary>Largest length of a UTF-8 string or binary field: its two-byte length prefix (§1.5.3).</summary>
        public const int MaxStringLength = 65535;

        // ================================================================ two-byte integer (§1.5.2)

        /// <summary>Reads a big-endian two-byte integer (0..65535). <see cref="MqttStatus.NeedMoreBytes"/> when <paramref name="count"/> &lt; 2.</summary>
        public static MqttStatus ReadTwoByteInteger(byte[] buffer, int offset, int count, out int value)
        {
            value = 0;
            if (!IsRange(buffer, offset, count))
            {
                return MqttStatus.InvalidArgument;
            }

            if (count < 2)
            {
                return MqttStatus.NeedMoreBytes;
            }

            value = (buffer[offset] << 8) | buffer[offset + 1];
            return MqttStatus.Ok;
        }

        /// <summary>Writes <paramref name="value"/> (0..65535, else <see cref="MqttStatus.InvalidArgument"/>) as 2 bytes, most significant first.</summary>
        public static MqttStatus WriteTwoByteInteger(byte[] buffer, int offset, int count, int value)
        {
            if (!IsRange(buffer, offset, count) || value < 0 || value > 65535)
            {
                return MqttStatus.InvalidArgument;
            }

            if (count < 2)
            {
                return MqttStatus.BufferTooSmall;
            }

            PutTwoByteInteger(buffer, offset, value);
            return MqttStatus.Ok;
        }

        // ================================================================ variable byte integer (§2.2.3)

        /// <summary>Bytes needed to encode <paramref name="value"/> (1..4); 0 when it is negative or above <see cref="MaxVariableByteInteger"/>.</summary>
        public static int VariableByteIntegerSize(int value)
        {
            if (value < 0)
            {
                return 0;
            }

            if (value < 128)
            {
                return 1;
            }

            if (value < 16384)
            {
                return 2;
            }

            if (value < 2097152)
            {
                return 3;
            }

            return value <= MaxVariableByteInteger ? 4 : 0;
        }

        /// <summary>
        /// Writes <paramref name="value"/> in the minimum number of bytes (least significant 7-bit group first, bit 7 =
        /// "more follows"); <paramref name="written"/> = 1..4. <see cref="MqttStatus.TooLarge"/> above
        /// <see cref="MaxVariableByteInteger"/>, <see cref="MqttStatus.InvalidArgument"/> when negative.
        /// </summary>
        public static MqttStatus WriteVariableByteInteger(byte[] buffer, int offset, int count, int value, out int written)
        {
            written = 0;
            if (!IsRange(buffer, offset, count) || value < 0)
            {
                return MqttStatus.InvalidArgument;
            }

            int size = VariableByteIntegerSize(value);
            if (size == 0)
            {
                return MqttStatus.TooLarge;
            }

            if (size > count)
            {
                return MqttStatus.BufferTooSmall;
            }

            written = PutVariableByteInteger(buffer, offset, value) - offset;
            return MqttStatus.Ok;
        }

        /// <summary>
        /// Reads a variable byte integer; <paramref name="consumed"/> = its length in bytes (1..4).
        /// <see cref="MqttStatus.NeedMoreBytes"/>: the available bytes end with the continuation bit set (fewer than 4 bytes read);
        /// <see cref="MqttStatus.MalformedRemainingLength"/>: the 4th byte has the continuation bit set (the encoding would need a 5th byte).
        /// Non-minimal encodings (e.g. 0x80 0x00 for 0) are accepted: MQTT 3.1.1 §2.2.3 has no normative statement
        /// against them (MQTT 5 added one, [MQTT-1.5.5-1]). Encoders here always write the minimum.
        /// </summary>
        public static MqttStatus ReadVariableByteInteger(byte[] buffer, int offset, int count, out int value, out int consumed)
        {
            value = 0;
            consumed = 0;
            if (!IsRange(buffer, offset, count))
            {
                return MqttStatus.InvalidArgument;
            }

            int result = 0;
            int shift = 0;
            for (int i = 0; i < 4; i++)
            {
                if (i >= count)
                {
                    return MqttStatus.NeedMoreBytes;
                }

                int b = buffer[offset + i];
                result |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    value = result;
                    consumed = i + 1;
                    return MqttStatus.Ok;
                }

                shift += 7;
            }

            return MqttStatus.MalformedRemainingLength;
        }

        // ================================================================ UTF-8 string (§1.5.3)

        /// <summary>
        /// Checks <paramref name="length"/> bytes at <paramref name="offset"/> as the content of an MQTT UTF-8 string:
        /// well-formed UTF-8 (Unicode §3.9 table 3-7: no overlongs such as C0 80, no surrogates ED A0..BF xx, nothing above
        /// U+10FFFF, no truncated sequence) [MQTT-1.5.3-1] and no U+0000 [MQTT-1.5.3-2]. Other control characters and
        /// non-characters are allowed (the spec says SHOULD NOT, not MUST NOT). A BOM (EF BB BF) is an ordinary
        /// character and stays in the string [MQTT-1.5.3-3].
        /// </summary>
        /// <returns><see cref="MqttStatus.Ok"/>, <see cref="MqttStatus.MalformedUtf8"/>, <see cref="MqttStatus.MalformedUtf8Null"/>,
        /// <see cref="MqttStatus.StringTooLong"/> (over 65,535), <see cref="MqttStatus.InvalidArgument"/>.</returns>
        public static MqttStatus ValidateUtf8(byte[] buffer, int offset, int length)
        {
            if (!IsRange(buffer, offset, length))
            {
                return MqttStatus.InvalidArgument;
            }

            if (length > MaxStringLength)
            {
                return MqttStatus.StringTooLong;
            }

            return CheckUtf8(buffer, offset, length);
        }

        /// <summary>
        /// Reads a UTF-8 string (two-byte length + bytes) as a view: the characters are
        /// <paramref name="buffer"/>[<paramref name="stringOffset"/> .. + <paramref name="stringLength"/>), the field takes
        /// 2 + <paramref name="stringLength"/> bytes. <see cref="MqttStatus.NeedMoreBytes"/> when <paramref name="count"/>
        /// is shorter than the field; otherwise the result of <see cref="ValidateUtf8"/> on the content.
        /// </summary>
        public static MqttStatus ReadUtf8String(byte[] buffer, int offset, int count, out int stringOffset, out int stringLength)
        {
            MqttStatus status = ReadBinary(buffer, offset, count, out stringOffset, out stringLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            return CheckUtf8(buffer, stringOffset, stringLength);
        }

        /// <summary>
        /// Number of UTF-8 bytes of <paramref name="value"/> (a surrogate pair is 4 bytes). -1 when it cannot be an MQTT
        /// string: a lone surrogate [MQTT-1.5.3-1] or U+0000 [MQTT-1.5.3-2]. Does not check the 65,535 limit.
        /// </summary>
        public static int Utf8ByteCount(string value)
        {
            int n = CountUtf8(value);
            return n < 0 ? -1 : n;
        }

        // UTF-8 length of value; -1 lone surrogate (or null), -2 U+0000.
        private static int CountUtf8(string value)
        {
            if (value == null)
            {
                return -1;
            }

            int n = 0;
            int len = value.Length;
            for (int i = 0; i < len; i++)
            {
                char c = value[i];
                if (c == 0)
                {
                    return -2;
                }

                if (c < 0x80)
                {
                    n += 1;
                }
                else if (c < 0x800)
                {
                    n += 2;
                }
                else if (c < 0xD800 || c > 0xDFFF)
                {
                    n += 3;
                }
                else if (c <= 0xDBFF && i + 1 < len && value[i + 1] >= 0xDC00 && value[i + 1] <= 0xDFFF)
                {
                    n += 4;
                    i++;
                }
                else
                {
                    return -1;
                }
            }

            return n;
        }

        /// <summary>
        /// Writes <paramref name="value"/> as an MQTT UTF-8 string (two-byte length + UTF-8) with our own encoder (no
        /// <c>Encoding</c> object, no allocation); <paramref name="written"/> = 2 + UTF-8 length.
        /// <see cref="MqttStatus.MalformedUtf8"/> for a lone surrogate, <see cref="MqttStatus.MalformedUtf8Null"/> for U+0000,
        /// <see cref="MqttStatus.StringTooLong"/> over 65,535 bytes, <see cref="MqttStatus.BufferTooSmall"/> (nothing written).
        /// </summary>
        public static MqttStatus WriteUtf8String(byte[] buffer, int offset, int count, string value, out int written)
        {
            written = 0;
            if (!IsRange(buffer, offset, count) || value == null)
            {
                return MqttStatus.InvalidArgument;
            }

            int n = CountUtf8(value);
            if (n < 0)
            {
                return n == -2 ? MqttStatus.MalformedUtf8Null : MqttStatus.MalformedUtf8;
            }

            if (n > MaxStringLength)
            {
                return MqttStatus.StringTooLong;
            }

            if (2 + n > count)
            {
                return MqttStatus.BufferTooSmall;
            }

            PutTwoByteInteger(buffer, offset, n);
            PutUtf8(buffer, offset + 2, value);
            written = 2 + n;
            return MqttStatus.Ok;
        }

        /// <summary>
        /// Writes the UTF-8 bytes <paramref name="source"/>[<paramref name="sourceOffset"/> .. + <paramref name="sourceLength"/>)
        /// as an MQTT UTF-8 string (two-byte length + bytes), after checking them with <see cref="ValidateUtf8"/>;
        /// <paramref name="written"/> = 2 + <paramref name="sourceLength"/>. Nothing is written unless the result is Ok.
        /// </summary>
        public static MqttStatus WriteUtf8String(byte[] buffer, int offset, int count, byte[] source, int sourceOffset, int sourceLength, out int written)
        {
            written = 0;
            MqttStatus status = ValidateUtf8(source, sourceOffset, sourceLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            return WriteBinary(buffer, offset, count, source, sourceOffset, sourceLength, out written);
        }

        // ================================================================ binary data (§3.1.3.4 / §3.1.3.5)

        /// <summary>
        /// Reads binary data (two-byte length + bytes) as a view <paramref name="dataOffset"/> / <paramref name="dataLength"/>;
        /// the field takes 2 + <paramref name="dataLength"/> bytes. <see cref="MqttStatus.NeedMoreBytes"/> when
        /// <paramref name="count"/> is shorter than the field.
        /// </summary>
        public static MqttStatus ReadBinary(byte[] buffer, int offset, int count, out int dataOffset, out int dataLength)
        {
            dataOffset = 0;
            dataLength = 0;
            if (!IsRange(buffer, offset, count))
            {
                return MqttStatus.InvalidArgument;
            }

            if (count < 2)
            {
                return MqttStatus.NeedMoreBytes;
            }

            int n = (buffer[offset] << 8) | buffer[offset + 1];
            if (2 + n > count)
            {
                return MqttStatus.NeedMoreBytes;
            }

            dataOffset = offset + 2;
            dataLength = n;
            return MqttStatus.Ok;
        }

        /// <summary>
        /// Writes binary data: two-byte length + <paramref name="source"/>[<paramref name="sourceOffset"/> .. + <paramref name="sourceLength"/>)
        /// (no content check); <paramref name="written"/> = 2 + <paramref name="sourceLength"/>. A null source with length 0 writes an empty field.
        /// </summary>
        public static MqttStatus WriteBinary(byte[] buffer, int offset, int count, byte[] source, int sourceOffset, int sourceLength, out int written)
        {
            written = 0;
            if (!IsRange(buffer, offset, count) || !IsSourceRange(source, sourceOffset, sourceLength))
            {
                return MqttStatus.InvalidArgument;
            }

            if (sourceLength > MaxStringLength)
            {
                return MqttStatus.StringTooLong;
            }

            if (2 + sourceLength > count)
            {
                return MqttStatus.BufferTooSmall;
            }

            written = PutField(buffer, offset, source, sourceOffset, sourceLength) - offset;
            return MqttStatus.Ok;
        }

        // ================================================================ unchecked writers for the packet encoders
        // The encoders compute the packet size and check the room first; these write and return the next position.

        internal static int PutTwoByteInteger(byte[] buffer, int p, int value)
        {
            buffer[p] = (byte)(value >> 8);
            buffer[p + 1] = (byte)value;
            return p + 2;
        }

        internal static int PutVariableByteInteger(byte[] buffer, int p, int value)
        {
            do
            {
                int digit = value & 0x7F;
                value >>= 7;
                buffer[p++] = (byte)(value > 0 ? digit | 0x80 : digit);
            }
            while (value > 0);
            return p;
        }

        internal static int PutField(byte[] buffer, int p, byte[] source, int sourceOffset, int sourceLength)
        {
            p = PutTwoByteInteger(buffer, p, sourceLength);
            if (sourceLength > 0)
            {
                System.Array.Copy(source, sourceOffset, buffer, p, sourceLength);
            }

            return p + sourceLength;
        }

        internal static int PutUtf8(byte[] buffer, int p, string value)
        {
            int len = value.Length;
            for (int i = 0; i < len; i++)
            {
                int c = value[i];
                if (c < 0x80)
                {
                    buffer[p++] = (byte)c;
                }
                else if (c < 0x800)
                {
                    buffer[p++] = (byte)(0xC0 | (c >> 6));
                    buffer[p++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (c >= 0xD800 && c <= 0xDBFF)
                {
                    // Validated pair (Utf8ByteCount): high surrogate + low surrogate -> one 4-byte code point.
                    int cp = 0x10000 + ((c - 0xD800) << 10) + (value[++i] - 0xDC00);
                    buffer[p++] = (byte)(0xF0 | (cp >> 18));
                    buffer[p++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                    buffer[p++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    buffer[p++] = (byte)(0x80 | (cp & 0x3F));
                }
                else
                {
                    buffer[p++] = (byte)(0xE0 | (c >> 12));
                    buffer[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    buffer[p++] = (byte)(0x80 | (c & 0x3F));
                }
            }

            return p;
        }

        /// <summary>Well-formed UTF-8 without U+0000 (ranges already checked).</summary>
        internal static MqttStatus CheckUtf8(byte[] buffer, int offset, int length)
        {
            int end = offset + length;
            int i = offset;
            while (i < end)
            {
                int b = buffer[i];
                if (b < 0x80)
                {
                    if (b == 0)
                    {
                        return MqttStatus.MalformedUtf8Null;
                    }

                    i++;
                    continue;
                }

                // Unicode 15 table 3-7: the lead byte fixes the sequence length and the range of the second byte.
                int more;
                int lo = 0x80;
                int hi = 0xBF;
                if (b >= 0xC2 && b <= 0xDF)
                {
                    more = 1;
                }
                else if (b >= 0xE0 && b <= 0xEF)
                {
                    more = 2;
                    if (b == 0xE0)
                    {
                        lo = 0xA0; // overlong below U+0800
                    }
                    else if (b == 0xED)
                    {
                        hi = 0x9F; // U+D800..U+DFFF are surrogates [MQTT-1.5.3-1]
                    }
                }
                else if (b >= 0xF0 && b <= 0xF4)
                {
                    more = 3;
                    if (b == 0xF0)
                    {
                        lo = 0x90; // overlong below U+10000
                    }
                    else if (b == 0xF4)
                    {
                        hi = 0x8F; // above U+10FFFF
                    }
                }
                else
                {
                    return MqttStatus.MalformedUtf8; // 80..C1 (continuation or overlong C0/C1) and F5..FF
                }

                if (i + more >= end)
                {
                    return MqttStatus.MalformedUtf8; // sequence cut by the end of the string
                }

                int b1 = buffer[i + 1];
                if (b1 < lo || b1 > hi)
                {
                    return MqttStatus.MalformedUtf8;
                }

                for (int k = 2; k <= more; k++)
                {
                    if ((buffer[i + k] & 0xC0) != 0x80)
                    {
                        return MqttStatus.MalformedUtf8;
                    }
                }

                i += more + 1;
            }

            return MqttStatus.Ok;
        }

        internal static bool IsRange(byte[] buffer, int offset, int count)
        {
            return buffer != null && offset >= 0 && count >= 0 && offset <= buffer.Length && count <= buffer.Length - offset;
        }

        internal static bool IsSourceRange(byte[] source, int offset, int length)
        {
            if (source == null)
            {
                return length == 0;
            }

            return offset >= 0 && length >= 0 && offset <= source.Length && length <= source.Length - offset;
        }
    }
}
