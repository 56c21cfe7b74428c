namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 CONNACK (§3.2): server role encodes, client role decodes. Variable header: acknowledge flags (bit 0
    /// Session Present, bits 7..1 reserved), Connect Reason Code, properties; no payload.
    /// </summary>
    public static class Mqtt5ConnAckPacket
    {
        // ================================================================ server role: encode

        /// <summary>Total CONNACK size for <paramref name="propertiesLength"/> bytes of properties; -1 when too long.</summary>
        public static int Size(int propertiesLength)
        {
            int section = Mqtt5Wire.PropertiesSize(propertiesLength);
            return section < 0 ? -1 : FixedHeader.PacketSize(2L + section);
        }

        /// <summary>
        /// Encodes a CONNACK. <paramref name="reasonCode"/> must be a CONNACK reason code (§3.2.2.2,
        /// <see cref="Mqtt5ReasonCodes.IsValidFor"/>, else <see cref="MqttStatus.MalformedReasonCode"/>); session present
        /// only with 0x00 (§3.2.2.1.1, <see cref="MqttStatus.MalformedConnAck"/>); properties valid for CONNACK.
        /// </summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, bool sessionPresent, int reasonCode,
            byte[] properties, int propertiesOffset, int propertiesLength, out int written)
        {
            written = 0;
            if (!Mqtt5ReasonCodes.IsValidFor(MqttPacketType.ConnAck, reasonCode))
            {
                return MqttStatus.MalformedReasonCode;
            }

            if (sessionPresent && reasonCode != Mqtt5ReasonCodes.Success)
            {
                return MqttStatus.MalformedConnAck;
            }

            MqttStatus status = Mqtt5Properties.CheckForEncode(properties, propertiesOffset, propertiesLength, (int)MqttPacketType.ConnAck);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int size = Size(propertiesLength);
            status = FixedHeader.CheckRoom(buffer, offset, count, size);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = FixedHeader.Put(buffer, offset, (int)MqttPacketType.ConnAck, 0, 2 + Mqtt5Wire.PropertiesSize(propertiesLength));
            buffer[p++] = (byte)(sessionPresent ? 1 : 0);
            buffer[p++] = (byte)reasonCode;
            p = Mqtt5Wire.PutProperties(buffer, p, properties, propertiesOffset, propertiesLength);
            written = p - offset;
            return MqttStatus.Ok;
        }

        // ================================================================ client role: decode

        /// <summary>
        /// Decodes a CONNACK body: acknowledge flags with bits 7..1 zero and Session Present only with reason 0x00
        /// (<see cref="MqttStatus.MalformedConnAck"/>, §3.2.2.1); a CONNACK reason code (<see cref="MqttStatus.MalformedReasonCode"/>);
        /// a property section valid for CONNACK. A body of 2 bytes (no property length) is accepted as "no properties"
        /// (§2.2.2.1 requires the length; being lenient loses nothing). Bytes left over: <see cref="MqttStatus.MalformedLength"/>.
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttRole role, Mqtt5Packet packet)
        {
            if (length < 2)
            {
                return MqttStatus.MalformedLength;
            }

            int ackFlags = buffer[offset];
            packet.ReasonCode = buffer[offset + 1];
            packet.SessionPresent = (ackFlags & 1) != 0;
            if ((ackFlags & 0xFE) != 0 || (packet.SessionPresent && packet.ReasonCode != Mqtt5ReasonCodes.Success))
            {
                return MqttStatus.MalformedConnAck;
            }

            if (!Mqtt5ReasonCodes.IsValidFor(MqttPacketType.ConnAck, packet.ReasonCode))
            {
                return MqttStatus.MalformedReasonCode;
            }

            return ReasonForm.DecodeProperties(buffer, offset + 2, offset + length, (int)MqttPacketType.ConnAck, role, packet);
        }
    }

    /// <summary>Shared decoding of "optional property section that ends the variable header" for the MQTT 5 packets.</summary>
    internal static class ReasonForm
    {
        /// <summary>Properties at <paramref name="p"/> up to exactly <paramref name="end"/>; nothing there = no properties.</summary>
        internal static MqttStatus DecodeProperties(byte[] buffer, int p, int end, int context, MqttRole role, Mqtt5Packet packet)
        {
            if (p == end)
            {
                packet.PropertiesOffset = p;
                return MqttStatus.Ok;
            }

            MqttStatus status = Mqtt5Properties.DecodeSection(buffer, p, end, context, role, packet.Properties, out packet.PropertiesOffset, out packet.PropertiesLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            return packet.PropertiesOffset + packet.PropertiesLength == end ? MqttStatus.Ok : MqttStatus.MalformedLength;
        }

        /// <summary>
        /// Writes "fixed header [+ packet id] + reason code + properties", omitting what the short forms allow to omit:
        /// the properties when empty, and the reason code too when it is 0x00 and there are no properties (§3.4.2.1,
        /// §3.14.2.1, §3.15.2.1). <paramref name="packetId"/> &lt; 0 = the packet has none.
        /// </summary>
        internal static MqttStatus Encode(byte[] buffer, int offset, int count, int type, int flags, int packetId, int reasonCode,
            byte[] properties, int propertiesOffset, int propertiesLength, out int written)
        {
            written = 0;
            if (!Mqtt5ReasonCodes.IsValidFor((MqttPacketType)type, reasonCode))
            {
                return MqttStatus.MalformedReasonCode;
            }

            if (packetId == 0 || packetId > 65535)
            {
                return MqttStatus.MalformedPacketId;
            }

            MqttStatus status = Mqtt5Properties.CheckForEncode(properties, propertiesOffset, propertiesLength, type);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int remaining = Size(packetId, reasonCode, propertiesLength);
            status = FixedHeader.CheckRoom(buffer, offset, count, FixedHeader.PacketSize(remaining));
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = FixedHeader.Put(buffer, offset, type, flags, remaining);
            if (packetId > 0)
            {
                p = MqttWire.PutTwoByteInteger(buffer, p, packetId);
            }

            if (propertiesLength > 0 || reasonCode != 0)
            {
                buffer[p++] = (byte)reasonCode;
            }

            if (propertiesLength > 0)
            {
                p = Mqtt5Wire.PutProperties(buffer, p, properties, propertiesOffset, propertiesLength);
            }

            written = p - offset;
            return MqttStatus.Ok;
        }

        /// <summary>Remaining length of the short/long form (see <see cref="Encode"/>).</summary>
        internal static int Size(int packetId, int reasonCode, int propertiesLength)
        {
            int n = packetId > 0 ? 2 : 0;
            if (propertiesLength > 0)
            {
                return n + 1 + Mqtt5Wire.PropertiesSize(propertiesLength);
            }

            return reasonCode != 0 ? n + 1 : n;
        }
    }
}
