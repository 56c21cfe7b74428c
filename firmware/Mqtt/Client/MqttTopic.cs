namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// Topic names and topic filters as UTF-8 bytes (views into caller buffers): validation and matching per MQTT 3.1.1
    /// §4.7. Pure functions, no allocation.
    /// </summary>
    public static class MqttTopic
    {
        private const byte Slash = (byte)'/';
        private const byte Plus = (byte)'+';
        private const byte Hash = (byte)'#';
        private const byte Dollar = (byte)'$';

        /// <summary>
        /// True when the topic name <paramref name="topic"/>[<paramref name="topicOffset"/>..+<paramref name="topicLength"/>]
        /// matches the filter <paramref name="filter"/>[<paramref name="filterOffset"/>..+<paramref name="filterLength"/>].
        /// '+' matches exactly one level (possibly empty), '#' the rest including the parent level [MQTT-4.7.1-2]
        /// ("a/#" matches "a"); a filter starting with '+' or '#' does not match a topic starting with '$' [MQTT-4.7.2-1].
        /// The filter is assumed valid (<see cref="IsValidFilter"/>).
        /// </summary>
        public static bool Matches(byte[] filter, int filterOffset, int filterLength, byte[] topic, int topicOffset, int topicLength)
        {
            if (topicLength > 0 && topic[topicOffset] == Dollar && filterLength > 0)
            {
                byte first = filter[filterOffset];
                if (first == Plus || first == Hash)
                {
                    return false;
                }
            }

            int f = 0;
            int t = 0;
            while (f < filterLength)
            {
                byte c = filter[filterOffset + f];
                if (c == Hash)
                {
                    return true;
                }

                if (c == Plus)
                {
                    while (t < topicLength && topic[topicOffset + t] != Slash)
                    {
                        t++;
                    }

                    f++;
                    continue;
                }

                if (t >= topicLength)
                {
                    // "a/#" also matches "a": the topic ended right where the filter has "/#".
                    return c == Slash && f + 2 == filterLength && filter[filterOffset + f + 1] == Hash;
                }

                if (topic[topicOffset + t] != c)
                {
                    return false;
                }

                f++;
                t++;
            }

            return t == topicLength;
        }

        /// <summary>
        /// A valid topic filter: 1..65535 bytes, no NUL [MQTT-4.7.3-2], '#' only as the whole last level [MQTT-4.7.1-2],
        /// '+' only as a whole level [MQTT-4.7.1-3].
        /// </summary>
        public static bool IsValidFilter(byte[] filter, int offset, int length)
        {
            if (length < 1 || length > 65535)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                byte c = filter[offset + i];
                if (c == 0)
                {
                    return false;
                }

                bool levelStart = i == 0 || filter[offset + i - 1] == Slash;
                bool levelEnd = i == length - 1 || filter[offset + i + 1] == Slash;
                if (c == Hash && (!levelStart || i != length - 1))
                {
                    return false;
                }

                if (c == Plus && (!levelStart || !levelEnd))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A valid topic name for PUBLISH: 1..65535 bytes, no NUL, no wildcard characters [MQTT-3.3.2-2].</summary>
        public static bool IsValidTopicName(byte[] topic, int offset, int length)
        {
            if (length < 1 || length > 65535)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                byte c = topic[offset + i];
                if (c == 0 || c == Plus || c == Hash)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Number of UTF-8 bytes of <paramref name="s"/> (a lone surrogate counts 3 bytes, as the encoder's replacement).
        /// Lets callers check a buffer's room before <c>Encoding.GetBytes(string, int, int, byte[], int)</c>.
        /// </summary>
        public static int Utf8Length(string s)
        {
            int n = 0;
            int len = s.Length;
            for (int i = 0; i < len; i++)
            {
                char c = s[i];
                if (c < 0x80)
                {
                    n += 1;
                }
                else if (c < 0x800)
                {
                    n += 2;
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < len && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                {
                    n += 4;
                    i++;
                }
                else
                {
                    n += 3;
                }
            }

            return n;
        }
    }
}
