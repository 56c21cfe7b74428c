namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 PUBLISH (§3.3), both roles. Flags as in 3.1.1 (DUP, QoS, RETAIN); variable header: topic name, packet
    /// identifier when QoS &gt; 0, properties; payload: the rest of the packet.
    /// </summary>
    /// <remarks>
    /// The topic name may be empty when the properties carry a Topic Alias (§3.3.2.3.4); the decoder accepts that and
    /// leaves alias resolution to the connection (the codec keeps no state). <see cref="EncodeHeader"/> writes everything
    /// but the payload, so a large payload is sent as a second write without copying (STYLE §4).
    /// </remarks>
    public static class Mqtt5PublishPacket
    {
        // ================================================================ both roles: size + encode

        /// <summary>Total PUBLISH size; -1 over the protocol limit (§2.2.3) or for a negative length.</summary>
        public static int Size(int topicLength, int qos, int propertiesLength, int payloadLength)
        {
            int section = Mqtt5Wire.PropertiesSize(propertiesLength);
            if (topicLength < 0 || payloadLength < 0 || section < 0)
            {
                return -1;
            }

            return FixedHeader.PacketSize(2L + topicLength + (qos > 0 ? 2 : 0) + section + payloadLength);
        }

        /// <summary>
        /// Writes fixed header, topic, packet id and properties of a PUBLISH whose <paramref name="payloadLength"/> payload
        /// bytes the caller sends next; only the header must fit in <paramref name="count"/>. Checks (nothing written on
        /// failure): topic name valid, or empty with a Topic Alias in the properties (<see cref="MqttStatus.MissingTopicAlias"/>);
        /// QoS 0..2; DUP only with QoS &gt; 0; packet id 1..65535 for QoS &gt; 0; properties valid for PUBLISH
        /// (Subscription Identifiers may repeat: the server's form, §3.3.4).
        /// </summary>
        public static MqttStatus EncodeHeader(byte[] buffer, int offset, int count, byte[] topic, int topicOffset, int topicLength,
            int qos, bool retain, bool dup, int packetId, byte[] properties, int propertiesOffset, int propertiesLength, int payloadLength, out int written)
        {
            written = 0;
            if (payloadLength < 0)
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = CheckFields(topic, topicOffset, topicLength, qos, dup, packetId, properties, propertiesOffset, propertiesLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int size = Size(topicLength, qos, propertiesLength, payloadLength);
            status = FixedHeader.CheckRoom(buffer, offset, count, size < 0 ? -1 : size - payloadLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            written = PutHeader(buffer, offset, topic, topicOffset, topicLength, qos, retain, dup, packetId, properties, propertiesOffset, propertiesLength, payloadLength) - offset;
            return MqttStatus.Ok;
        }

        /// <summary>Encodes a whole PUBLISH (<see cref="EncodeHeader"/> + a copy of the payload; null payload = empty); the whole packet must fit.</summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, byte[] topic, int topicOffset, int topicLength,
            int qos, bool retain, bool dup, int packetId, byte[] properties, int propertiesOffset, int propertiesLength,
            byte[] payload, int payloadOffset, int payloadLength, out int written)
        {
            written = 0;
            if (!MqttWire.IsSourceRange(payload, payloadOffset, payloadLength))
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = CheckFields(topic, topicOffset, topicLength, qos, dup, packetId, properties, propertiesOffset, propertiesLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            status = FixedHeader.CheckRoom(buffer, offset, count, Size(topicLength, qos, propertiesLength, payloadLength));
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = PutHeader(buffer, offset, topic, topicOffset, topicLength, qos, retain, dup, packetId, properties, propertiesOffset, propertiesLength, payloadLength);
            if (payloadLength > 0)
            {
                System.Array.Copy(payload, payloadOffset, buffer, p, payloadLength);
            }

            written = p + payloadLength - offset;
            return MqttStatus.Ok;
        }

        // ================================================================ both roles: decode

        /// <summary>
        /// Decodes a PUBLISH body (flags already checked): topic name (UTF-8, no wildcards; empty only with a Topic Alias,
        /// else <see cref="MqttStatus.MissingTopicAlias"/>), packet id for QoS &gt; 0 (0: <see cref="MqttStatus.MalformedPacketId"/>),
        /// properties valid for PUBLISH as received by <paramref name="role"/> (a server refuses Subscription Identifiers,
        /// §3.3.4); payload = the rest. A field running past the body: <see cref="MqttStatus.MalformedLength"/>.
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, int flags, MqttRole role, Mqtt5Packet packet)
        {
            int end = offset + length;
            packet.Dup = (flags & PublishPacket.DupFlag) != 0;
            packet.Qos = (flags >> 1) & 3;
            packet.Retain = (flags & 1) != 0;
            if (MqttWire.ReadBinary(buffer, offset, length, out packet.TopicOffset, out packet.TopicLength) != MqttStatus.Ok)
            {
                return MqttStatus.MalformedLength;
            }

            MqttStatus status = packet.TopicLength == 0 ? MqttStatus.Ok : Topic.ValidateName(buffer, packet.TopicOffset, packet.TopicLength);
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
                    return MqttStatus.MalformedPacketId;
                }
            }

            status = Mqtt5Properties.DecodeSection(buffer, p, end, (int)MqttPacketType.Publish, role, packet.Properties, out packet.PropertiesOffset, out packet.PropertiesLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (packet.TopicLength == 0 && !packet.Properties.Has(Mqtt5Properties.TopicAlias))
            {
                return MqttStatus.MissingTopicAlias; // §3.3.2.1, §3.3.2.3.4
            }

            packet.PayloadOffset = packet.PropertiesOffset + packet.PropertiesLength;
            packet.PayloadLength = end - packet.PayloadOffset;
            return MqttStatus.Ok;
        }

        private static MqttStatus CheckFields(byte[] topic, int topicOffset, int topicLength, int qos, bool dup, int packetId,
            byte[] properties, int propertiesOffset, int propertiesLength)
        {
            if (!MqttWire.IsSourceRange(topic, topicOffset, topicLength))
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = Mqtt5Properties.CheckForEncode(properties, propertiesOffset, propertiesLength, (int)MqttPacketType.Publish);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (topicLength == 0)
            {
                if (propertiesLength == 0 || !HasTopicAlias(properties, propertiesOffset, propertiesLength))
                {
                    return MqttStatus.MissingTopicAlias;
                }
            }
            else
            {
                status = topic == null ? MqttStatus.InvalidArgument : Topic.ValidateName(topic, topicOffset, topicLength);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }
            }

            if (qos < 0 || qos > 2)
            {
                return MqttStatus.MalformedQos;
            }

            if (dup && qos == 0)
            {
                return MqttStatus.MalformedDup;
            }

            return qos > 0 && (packetId < 1 || packetId > 65535) ? MqttStatus.MalformedPacketId : MqttStatus.Ok;
        }

        private static bool HasTopicAlias(byte[] properties, int offset, int length)
        {
            int end = offset + length;
            int p = offset;
            while (p < end)
            {
                int id;
                long value;
                int a;
                int b;
                int c;
                int d;
                if (Mqtt5Properties.ReadOne(properties, p, end, out id, out value, out a, out b, out c, out d, out p) != MqttStatus.Ok)
                {
                    return false;
                }

                if (id == Mqtt5Properties.TopicAlias)
                {
                    return true;
                }
            }

            return false;
        }

        private static int PutHeader(byte[] buffer, int offset, byte[] topic, int topicOffset, int topicLength, int qos, bool retain, bool dup, int packetId,
            byte[] properties, int propertiesOffset, int propertiesLength, int payloadLength)
        {
            int remaining = 2 + topicLength + (qos > 0 ? 2 : 0) + Mqtt5Wire.PropertiesSize(propertiesLength) + payloadLength;
            int flags = (dup ? PublishPacket.DupFlag : 0) | (qos << 1) | (retain ? 1 : 0);
            int p = FixedHeader.Put(buffer, offset, (int)MqttPacketType.Publish, flags, remaining);
            p = MqttWire.PutField(buffer, p, topic, topicOffset, topicLength);
            if (qos > 0)
            {
                p = MqttWire.PutTwoByteInteger(buffer, p, packetId);
            }

            return Mqtt5Wire.PutProperties(buffer, p, properties, propertiesOffset, propertiesLength);
        }
    }
}
