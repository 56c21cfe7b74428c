namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// The client's only contact with the wire format: every encode/decode the client needs, over caller-owned buffers,
    /// returning lengths/offsets (views) and never allocating. Negative or zero results mean "does not fit" / malformed,
    /// as documented per member.
    /// </summary>
    internal static class MqttClientWire
    {
        /// <summary>SUBSCRIBE control packet type.</summary>
        public const int Subscribe = 8;

        /// <summary>UNSUBSCRIBE control packet type.</summary>
        public const int Unsubscribe = 10;

        // Room reserved before a SUBSCRIBE/UNSUBSCRIBE body for the fixed header (1 byte + up to 4 length bytes).
        private const int Reserve = 5;

        /// <summary>
        /// Reads a fixed header at <paramref name="offset"/> from <paramref name="count"/> available bytes: returns its length
        /// (2..5), 0 when more bytes are needed, -1 when the remaining length is malformed (more than 4 bytes, §2.2.3).
        /// </summary>
        public static int ReadFixedHeader(byte[] buffer, int offset, int count, out int type, out int flags, out int remaining)
        {
            type = 0;
            flags = 0;
            remaining = 0;
            if (count < 2)
            {
                return 0;
            }

            int value = 0;
            int multiplier = 1;
            for (int i = 1; i <= 4; i++)
            {
                if (i >= count)
                {
                    return 0;
                }

                byte b = buffer[offset + i];
                value += (b & 0x7F) * multiplier;
                if ((b & 0x80) == 0)
                {
                    type = buffer[offset] >> 4;
                    flags = buffer[offset] & 0x0F;
                    remaining = value;
                    return i + 1;
                }

                multiplier *= 128;
            }

            return -1;
        }

        /// <summary>Total size in bytes of a PUBLISH with the given topic and payload lengths, -1 past the protocol limit.</summary>
        public static int PublishSize(int topicLength, int payloadLength, int qos)
        {
            long remaining = 2L + topicLength + (qos > 0 ? 2 : 0) + payloadLength;
            if (remaining > 268435455)
            {
                return -1;
            }

            return 1 + LengthBytes((int)remaining) + (int)remaining;
        }

        /// <summary>
        /// Writes a PUBLISH fixed header, topic and packet id (QoS &gt; 0) for a payload of <paramref name="payloadLength"/>
        /// bytes that the caller writes right after; returns the header length, -1 when it does not fit in
        /// <paramref name="capacity"/> bytes together with the payload.
        /// </summary>
        public static int EncodePublishHeader(byte[] buffer, int offset, int capacity, byte[] topic, int topicOffset, int topicLength, int qos, bool retain, bool dup, int packetId, int payloadLength)
        {
            int remaining = 2 + topicLength + (qos > 0 ? 2 : 0) + payloadLength;
            int total = 1 + LengthBytes(remaining) + remaining;
            if (total > capacity)
            {
                return -1;
            }

            int p = offset;
            buffer[p++] = (byte)(0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0));
            p = WriteLength(buffer, p, remaining);
            p = WriteBytes(buffer, p, topic, topicOffset, topicLength);
            if (qos > 0)
            {
                buffer[p++] = (byte)(packetId >> 8);
                buffer[p++] = (byte)packetId;
            }

            return p - offset;
        }

        /// <summary>
        /// Writes CONNECT (protocol "MQTT" level 4, §3.1) into <paramref name="buffer"/>; returns its length or -1 when it
        /// does not fit. Null <paramref name="userName"/>/<paramref name="password"/>/<paramref name="willTopic"/> leave the
        /// corresponding flag clear.
        /// </summary>
        public static int EncodeConnect(byte[] buffer, int offset, int capacity, byte[] clientId, byte[] userName, byte[] password, byte[] willTopic, byte[] willPayload, int willQos, bool willRetain, bool cleanSession, int keepAliveSeconds)
        {
            int remaining = 10 + 2 + clientId.Length;
            int flags = cleanSession ? 0x02 : 0;
            if (willTopic != null)
            {
                remaining += 2 + willTopic.Length + 2 + willPayload.Length;
                flags |= 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
            }

            if (userName != null)
            {
                remaining += 2 + userName.Length;
                flags |= 0x80;
            }

            if (password != null)
            {
                remaining += 2 + password.Length;
                flags |= 0x40;
            }

            if (1 + LengthBytes(remaining) + remaining > capacity)
            {
                return -1;
            }

            int p = offset;
            buffer[p++] = 0x10;
            p = WriteLength(buffer, p, remaining);
            buffer[p++] = 0;
            buffer[p++] = 4;
            buffer[p++] = (byte)'M';
            buffer[p++] = (byte)'Q';
            buffer[p++] = (byte)'T';
            buffer[p++] = (byte)'T';
            buffer[p++] = 4;
            buffer[p++] = (byte)flags;
            buffer[p++] = (byte)(keepAliveSeconds >> 8);
            buffer[p++] = (byte)keepAliveSeconds;
            p = WriteBytes(buffer, p, clientId, 0, clientId.Length);
            if (willTopic != null)
            {
                p = WriteBytes(buffer, p, willTopic, 0, willTopic.Length);
                p = WriteBytes(buffer, p, willPayload, 0, willPayload.Length);
            }

            if (userName != null)
            {
                p = WriteBytes(buffer, p, userName, 0, userName.Length);
            }

            if (password != null)
            {
                p = WriteBytes(buffer, p, password, 0, password.Length);
            }

            return p - offset;
        }

        /// <summary>Writes PUBACK/PUBREC/PUBREL/PUBCOMP (type 4..7) for <paramref name="packetId"/>; returns 4.</summary>
        public static int EncodeAck(byte[] buffer, int offset, int type, int packetId)
        {
            // [MQTT-3.6.1-1]: PUBREL carries flags 0010.
            buffer[offset] = (byte)((type << 4) | (type == 6 ? 2 : 0));
            buffer[offset + 1] = 2;
            buffer[offset + 2] = (byte)(packetId >> 8);
            buffer[offset + 3] = (byte)packetId;
            return 4;
        }

        /// <summary>Writes PINGREQ; returns 2.</summary>
        public static int EncodePingreq(byte[] buffer, int offset)
        {
            buffer[offset] = 0xC0;
            buffer[offset + 1] = 0;
            return 2;
        }

        /// <summary>Writes DISCONNECT; returns 2.</summary>
        public static int EncodeDisconnect(byte[] buffer, int offset)
        {
            buffer[offset] = 0xE0;
            buffer[offset + 1] = 0;
            return 2;
        }

        /// <summary>Starts a SUBSCRIBE/UNSUBSCRIBE at <paramref name="offset"/>: writes the packet id after room for the fixed header; returns the write position.</summary>
        public static int BeginSubscribe(byte[] buffer, int offset, int packetId)
        {
            buffer[offset + Reserve] = (byte)(packetId >> 8);
            buffer[offset + Reserve + 1] = (byte)packetId;
            return offset + Reserve + 2;
        }

        /// <summary>Appends a SUBSCRIBE topic filter + requested QoS at <paramref name="position"/>; returns the new position or -1 when the packet would exceed <paramref name="capacity"/>.</summary>
        public static int AddSubscribeFilter(byte[] buffer, int position, int capacity, byte[] filter, int filterOffset, int filterLength, int qos)
        {
            if (position + 2 + filterLength + 1 > capacity)
            {
                return -1;
            }

            int p = WriteBytes(buffer, position, filter, filterOffset, filterLength);
            buffer[p++] = (byte)qos;
            return p;
        }

        /// <summary>Appends an UNSUBSCRIBE topic filter at <paramref name="position"/>; returns the new position or -1 when it does not fit.</summary>
        public static int AddUnsubscribeFilter(byte[] buffer, int position, int capacity, byte[] filter, int filterOffset, int filterLength)
        {
            if (position + 2 + filterLength > capacity)
            {
                return -1;
            }

            return WriteBytes(buffer, position, filter, filterOffset, filterLength);
        }

        /// <summary>
        /// Finishes a packet begun with <see cref="BeginSubscribe"/> and ending at <paramref name="end"/>: writes the fixed
        /// header (type <see cref="Subscribe"/> or <see cref="Unsubscribe"/>, flags 0010 [MQTT-3.8.1-1] [MQTT-3.10.1-1]) just
        /// before the body; returns the packet's first byte offset (the packet is [start, end)).
        /// </summary>
        public static int EndSubscribe(byte[] buffer, int offset, int end, int type)
        {
            int remaining = end - (offset + Reserve);
            int start = offset + Reserve - 1 - LengthBytes(remaining);
            buffer[start] = (byte)((type << 4) | 2);
            WriteLength(buffer, start + 1, remaining);
            return start;
        }

        /// <summary>Decodes a CONNACK body (§3.2): false when malformed.</summary>
        public static bool DecodeConnack(byte[] buffer, int offset, int length, out bool sessionPresent, out int returnCode)
        {
            sessionPresent = false;
            returnCode = 0;
            if (length != 2 || (buffer[offset] & 0xFE) != 0)
            {
                return false;
            }

            sessionPresent = (buffer[offset] & 1) != 0;
            returnCode = buffer[offset + 1];
            return true;
        }

        /// <summary>Decodes a PUBLISH body into views (§3.3): false when malformed (topic past the end, packet id 0 for QoS &gt; 0).</summary>
        public static bool DecodePublish(byte[] buffer, int offset, int length, int qos, out int topicOffset, out int topicLength, out int packetId, out int payloadOffset, out int payloadLength)
        {
            topicOffset = offset + 2;
            topicLength = 0;
            packetId = 0;
            payloadOffset = 0;
            payloadLength = 0;
            if (length < 2)
            {
                return false;
            }

            topicLength = (buffer[offset] << 8) | buffer[offset + 1];
            int p = 2 + topicLength;
            if (qos > 0)
            {
                if (p + 2 > length)
                {
                    return false;
                }

                packetId = (buffer[offset + p] << 8) | buffer[offset + p + 1];
                if (packetId == 0)
                {
                    return false;
                }

                p += 2;
            }

            if (p > length || topicLength == 0)
            {
                return false;
            }

            payloadOffset = offset + p;
            payloadLength = length - p;
            return true;
        }

        /// <summary>Decodes the 2-byte packet id body of PUBACK/PUBREC/PUBREL/PUBCOMP/UNSUBACK: false when malformed.</summary>
        public static bool DecodeAck(byte[] buffer, int offset, int length, out int packetId)
        {
            packetId = 0;
            if (length != 2)
            {
                return false;
            }

            packetId = (buffer[offset] << 8) | buffer[offset + 1];
            return true;
        }

        /// <summary>Decodes a SUBACK body (§3.9): packet id and the return codes as a view; false when malformed.</summary>
        public static bool DecodeSuback(byte[] buffer, int offset, int length, out int packetId, out int codesOffset, out int codeCount)
        {
            packetId = 0;
            codesOffset = offset + 2;
            codeCount = 0;
            if (length < 3)
            {
                return false;
            }

            packetId = (buffer[offset] << 8) | buffer[offset + 1];
            codeCount = length - 2;
            for (int i = 0; i < codeCount; i++)
            {
                byte c = buffer[codesOffset + i];
                if (c > 2 && c != 0x80)
                {
                    return false;
                }
            }

            return true;
        }

        private static int LengthBytes(int remaining)
        {
            if (remaining < 128)
            {
                return 1;
            }

            if (remaining < 16384)
            {
                return 2;
            }

            return remaining < 2097152 ? 3 : 4;
        }

        private static int WriteLength(byte[] buffer, int p, int value)
        {
            do
            {
                int b = value % 128;
                value /= 128;
                buffer[p++] = (byte)(value > 0 ? b | 0x80 : b);
            }
            while (value > 0);
            return p;
        }

        private static int WriteBytes(byte[] buffer, int p, byte[] source, int offset, int length)
        {
            buffer[p++] = (byte)(length >> 8);
            buffer[p++] = (byte)length;
            System.Array.Copy(source, offset, buffer, p, length);
            return p + length;
        }
    }
}
