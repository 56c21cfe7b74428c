namespace NanoNode.Mqtt
{
    /// <summary>
    /// PUBLISH (§3.3), both roles. Fixed header flags DUP (bit 3), QoS (bits 2..1), RETAIN (bit 0); variable header:
    /// topic name, packet identifier when QoS &gt; 0; payload: the rest of the packet.
    /// </summary>
    /// <remarks>
    /// Large messages: <see cref="EncodeHeader"/> writes only the fixed header, topic and packet id for a payload of a
    /// given length, so the caller sends header and payload as two writes without copying the payload (STYLE §4).
    /// </remarks>
    public static class PublishPacket
    {
        /// <summary>Bit of the DUP flag in the first byte (§3.3.1.1).</summary>
        public const int DupFlag = 0x08;

        // ================================================================ both roles: size + encode

        /// <summary>Total PUBLISH size for a topic and payload of the given lengths and QoS; -1 over the protocol limit (§2.2.3) or for a negative length.</summary>
        public static int Size(int topicLength, int qos, int payloadLength)
        {
            if (topicLength < 0 || payloadLength < 0)
            {
                return -1;
            }

            return FixedHeader.PacketSize(2L + topicLength + (qos > 0 ? 2 : 0) + payloadLength);
        }

        /// <summary>Bytes written by <see cref="EncodeHeader"/>: fixed header + topic + packet id (QoS &gt; 0); -1 over the protocol limit.</summary>
        public static int HeaderSize(int topicLength, int qos, int payloadLength)
        {
            int size = Size(topicLength, qos, payloadLength);
            return size < 0 ? -1 : size - payloadLength;
        }

        /// <summary>
        /// Writes the fixed header, topic name and packet id of a PUBLISH whose <paramref name="payloadLength"/> payload
        /// bytes the caller sends right after (or copies to <paramref name="offset"/> + <paramref name="written"/>);
        /// only the header needs to fit in <paramref name="count"/>. Checks: topic name [MQTT-3.3.2-2] [MQTT-4.7.3-1]
        /// (<see cref="Topic.ValidateName"/>), QoS 0..2 (<see cref="MqttStatus.MalformedQos"/>), DUP only with QoS &gt; 0
        /// [MQTT-3.3.1-2] (<see cref="MqttStatus.MalformedDup"/>), packet id 1..65535 for QoS &gt; 0 [MQTT-2.3.1-1]
        /// (<see cref="MqttStatus.MalformedPacketId"/>; ignored for QoS 0 [MQTT-2.3.1-5]), size within the protocol
        /// limit (<see cref="MqttStatus.TooLarge"/>). Nothing is written on failure.
        /// </summary>
        public static MqttStatus EncodeHeader(byte[] buffer, int offset, int count, byte[] topic, int topicOffset, int topicLength,
            int qos, bool retain, bool dup, int packetId, int payloadLength, out int written)
        {
            written = 0;
            if (payloadLength < 0)
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = CheckFields(topic, topicOffset, topicLength, qos, dup, packetId);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int size = Size(topicLength, qos, payloadLength);
            status = FixedHeader.CheckRoom(buffer, offset, count, size < 0 ? -1 : size - payloadLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            written = PutHeader(buffer, offset, topic, topicOffset, topicLength, qos, retain, dup, packetId, payloadLength) - offset;
            return MqttStatus.Ok;
        }

        /// <summary>
        /// Encodes a whole PUBLISH (header as <see cref="EncodeHeader"/>, then a copy of
        /// <paramref name="payload"/>[<paramref name="payloadOffset"/>..+<paramref name="payloadLength"/>); null payload = empty).
        /// The whole packet must fit in <paramref name="count"/>.
        /// </summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, byte[] topic, int topicOffset, int topicLength,
            int qos, bool retain, bool dup, int packetId, byte[] payload, int payloadOffset, int payloadLength, out int written)
        {
            written = 0;
            if (!MqttWire.IsSourceRange(payload, payloadOffset, payloadLength))
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = CheckFields(topic, topicOffset, topicLength, qos, dup, packetId);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            status = FixedHeader.CheckRoom(buffer, offset, count, Size(topicLength, qos, payloadLength));
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = PutHeader(buffer, offset, topic, topicOffset, topicLength, qos, retain, dup, packetId, payloadLength);
            if (payloadLength > 0)
            {
                System.Array.Copy(payload, payloadOffset, buffer, p, payloadLength);
            }

            written = p + payloadLength - offset;
            return MqttStatus.Ok;
        }

        /// <summary>
        /// Sets the DUP flag of an already encoded PUBLISH starting at <paramref name="offset"/>, for a re-delivery
        /// [MQTT-3.3.1-1]. <see cref="MqttStatus.InvalidArgument"/> unless the byte there is a PUBLISH with QoS &gt; 0.
        /// </summary>
        public static MqttStatus SetDup(byte[] buffer, int offset)
        {
            if (!MqttWire.IsRange(buffer, offset, 1) || offset >= buffer.Length)
            {
                return MqttStatus.InvalidArgument;
            }

            int b = buffer[offset];
            if ((b >> 4) != (int)MqttPacketType.Publish || (b & 0x06) == 0)
            {
                return MqttStatus.InvalidArgument;
            }

            buffer[offset] = (byte)(b | DupFlag);
            return MqttStatus.Ok;
        }

        // ================================================================ both roles: decode

        /// <summary>
        /// Decodes a PUBLISH body (the flags were checked by <see cref="FixedHeader.CheckFlags"/>): topic name (a field
        /// running past the body is <see cref="MqttStatus.MalformedLength"/>; UTF-8 / topic statuses of
        /// <see cref="Topic.ValidateName"/> [MQTT-3.3.2-1] [MQTT-3.3.2-2] [MQTT-4.7.3-1]), packet id for QoS &gt; 0
        /// (missing: MalformedLength, 0: <see cref="MqttStatus.MalformedPacketId"/> [MQTT-2.3.1-1]); payload = the rest.
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, int flags, MqttPacket packet)
        {
            int end = offset + length;
            packet.Dup = (flags & DupFlag) != 0;
            packet.Qos = (flags >> 1) & 3;
            packet.Retain = (flags & 1) != 0;
            if (MqttWire.ReadBinary(buffer, offset, length, out packet.TopicOffset, out packet.TopicLength) != MqttStatus.Ok)
            {
                return MqttStatus.MalformedLength;
            }

            MqttStatus status = Topic.ValidateName(buffer, packet.TopicOffset, packet.TopicLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = packet.TopicOffset + packet.TopicLength;
            if (packet.Qos > 0)
            {
                if (end - p < 2)
                {
                    return MqttStatus.MalformedLength;
                }

                packet.PacketId = (buffer[p] << 8) | buffer[p + 1];
                p += 2;
                if (packet.PacketId == 0)
                {
                    return MqttStatus.MalformedPacketId; // [MQTT-2.3.1-1]
                }
            }

            packet.PayloadOffset = p;
            packet.PayloadLength = end - p;
            return MqttStatus.Ok;
        }

        private static MqttStatus CheckFields(byte[] topic, int topicOffset, int topicLength, int qos, bool dup, int packetId)
        {
            MqttStatus status = Topic.ValidateName(topic, topicOffset, topicLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (qos < 0 || qos > 2)
            {
                return MqttStatus.MalformedQos; // [MQTT-3.3.1-4]
            }

            if (dup && qos == 0)
            {
                return MqttStatus.MalformedDup; // [MQTT-3.3.1-2]
            }

            if (qos > 0 && (packetId < 1 || packetId > 65535))
            {
                return MqttStatus.MalformedPacketId; // [MQTT-2.3.1-1]
            }

            return MqttStatus.Ok;
        }

        private static int PutHeader(byte[] buffer, int offset, byte[] topic, int topicOffset, int topicLength, int qos, bool retain, bool dup, int packetId, int payloadLength)
        {
            int remaining = 2 + topicLength + (qos > 0 ? 2 : 0) + payloadLength;
            int flags = (dup ? DupFlag : 0) | (qos << 1) | (retain ? 1 : 0);
            int p = FixedHeader.Put(buffer, offset, (int)MqttPacketType.Publish, flags, remaining);
            p = MqttWire.PutField(buffer, p, topic, topicOffset, topicLength);
            if (qos > 0)
            {
                p = MqttWire.PutTwoByteInteger(buffer, p, packetId);
            }

            return p;
        }
    }
}
