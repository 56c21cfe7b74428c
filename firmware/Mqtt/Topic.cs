namespace NanoNode.Mqtt
{
    /// <summary>
    /// Topic names and topic filters (§4.7) as UTF-8 byte views: validation with a status, and matching with '+', '#'
    /// and the '$' rule. Pure functions, no allocation, safe from any thread.
    /// </summary>
    public static class Topic
    {
        private const byte Slash = (byte)'/';
        private const byte Plus = (byte)'+';
        private const byte Hash = (byte)'#';
        private const byte Dollar = (byte)'$';

        /// <summary>
        /// Checks a topic name (PUBLISH, will topic): at least one byte [MQTT-4.7.3-1], at most 65,535 [MQTT-4.7.3-3],
        /// well-formed UTF-8 without U+0000 [MQTT-1.5.3-1] [MQTT-1.5.3-2] [MQTT-4.7.3-2], no '+' or '#' [MQTT-3.3.2-2] [MQTT-4.7.1-1].
        /// </summary>
        /// <returns>Ok, <see cref="MqttStatus.MalformedTopicName"/>, <see cref="MqttStatus.MalformedUtf8"/>,
        /// <see cref="MqttStatus.MalformedUtf8Null"/>, <see cref="MqttStatus.StringTooLong"/>, <see cref="MqttStatus.InvalidArgument"/>.</returns>
        public static MqttStatus ValidateName(byte[] buffer, int offset, int length)
        {
            MqttStatus status = MqttWire.ValidateUtf8(buffer, offset, length);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (length == 0)
            {
                return MqttStatus.MalformedTopicName;
            }

            // '+' and '#' are ASCII: they never occur inside a multi-byte UTF-8 sequence.
            int end = offset + length;
            for (int i = offset; i < end; i++)
            {
                byte c = buffer[i];
                if (c == Plus || c == Hash)
                {
                    return MqttStatus.MalformedTopicName;
                }
            }

            return MqttStatus.Ok;
        }

        /// <summary>
        /// Checks a topic filter (SUBSCRIBE, UNSUBSCRIBE): 1..65,535 bytes of well-formed UTF-8 without U+0000; '#' only
        /// as the whole last level [MQTT-4.7.1-2]; '+' only as a whole level [MQTT-4.7.1-3].
        /// </summary>
        /// <returns>Ok, <see cref="MqttStatus.MalformedTopicFilter"/>, or the UTF-8 / length statuses of <see cref="ValidateName"/>.</returns>
        public static MqttStatus ValidateFilter(byte[] buffer, int offset, int length)
        {
            MqttStatus status = MqttWire.ValidateUtf8(buffer, offset, length);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (length == 0)
            {
                return MqttStatus.MalformedTopicFilter;
            }

            int end = offset + length;
            for (int i = offset; i < end; i++)
            {
                byte c = buffer[i];
                if (c != Plus && c != Hash)
                {
                    continue;
                }

                bool levelStart = i == offset || buffer[i - 1] == Slash;
                bool levelEnd = i == end - 1 || buffer[i + 1] == Slash;
                if (!levelStart || !levelEnd || (c == Hash && i != end - 1))
                {
                    return MqttStatus.MalformedTopicFilter;
                }
            }

            return MqttStatus.Ok;
        }

        /// <summary>
        /// True when topic name <paramref name="topic"/>[<paramref name="topicOffset"/>..+<paramref name="topicLength"/>)
        /// matches <paramref name="filter"/>[<paramref name="filterOffset"/>..+<paramref name="filterLength"/>) (§4.7.1):
        /// levels compare byte for byte (case-sensitive, §4.7.3); '+' matches exactly one level, possibly empty;
        /// '#' matches the rest including the parent level ("a/#" matches "a") [MQTT-4.7.1-2]. A filter starting with a
        /// wildcard never matches a topic starting with '$' [MQTT-4.7.2-1]. Both inputs are assumed valid
        /// (<see cref="ValidateFilter"/>, <see cref="ValidateName"/>).
        /// </summary>
        public static bool Matches(byte[] filter, int filterOffset, int filterLength, byte[] topic, int topicOffset, int topicLength)
        {
            if (filterLength <= 0 || topicLength <= 0)
            {
                return false;
            }

            if (topic[topicOffset] == Dollar && (filter[filterOffset] == Plus || filter[filterOffset] == Hash))
            {
                return false;
            }

            int f = filterOffset;
            int fEnd = filterOffset + filterLength;
            int t = topicOffset;
            int tEnd = topicOffset + topicLength;
            while (true)
            {
                int fe = f;
                while (fe < fEnd && filter[fe] != Slash)
                {
                    fe++;
                }

                bool single = fe - f == 1;
                if (single && filter[f] == Hash)
                {
                    return true;
                }

                int te = t;
                while (te < tEnd && topic[te] != Slash)
                {
                    te++;
                }

                if (!(single && filter[f] == Plus))
                {
                    if (fe - f != te - t)
                    {
                        return false;
                    }

                    for (int k = 0; k < fe - f; k++)
                    {
                        if (filter[f + k] != topic[t + k])
                        {
                            return false;
                        }
                    }
                }

                bool filterMore = fe < fEnd;
                bool topicMore = te < tEnd;
                if (!topicMore)
                {
                    // Topic ended: a match unless the filter goes on, except for a final "/#" (parent level).
                    return !filterMore || (fe + 2 == fEnd && filter[fe + 1] == Hash);
                }

                if (!filterMore)
                {
                    return false;
                }

                f = fe + 1;
                t = te + 1;
            }
        }
    }
}
