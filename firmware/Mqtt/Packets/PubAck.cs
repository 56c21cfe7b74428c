namespace NanoNode.Mqtt
{
    /// <summary>
    /// PUBACK, PUBREC, PUBREL, PUBCOMP (§3.4..§3.7), both roles: the same 4-byte form, fixed header + packet id.
    /// Only the first byte differs: 0x40, 0x50, 0x62 (PUBREL carries flags 0010 [MQTT-3.6.1-1]), 0x70.
    /// </summary>
    public static class PubAckPacket
    {
        /// <summary>Size of each of these packets in bytes.</summary>
        public const int Size = 4;

        // ================================================================ both roles: encode

        /// <summary>
        /// Encodes a PUBACK / PUBREC / PUBREL / PUBCOMP (<paramref name="type"/>; any other type is
        /// <see cref="MqttStatus.InvalidArgument"/>) for <paramref name="packetId"/> 1..65535
        /// (<see cref="MqttStatus.MalformedPacketId"/>); <paramref name="written"/> = 4.
        /// </summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, MqttPacketType type, int packetId, out int written)
        {
            written = 0;
            if (type != MqttPacketType.PubAck && type != MqttPacketType.PubRec && type != MqttPacketType.PubRel && type != MqttPacketType.PubComp)
            {
                return MqttStatus.InvalidArgument;
            }

            return AckForm.Encode(buffer, offset, count, (int)type, FixedHeader.RequiredFlags((int)type), packetId, out written);
        }

        // ================================================================ both roles: decode

        /// <summary>
        /// Decodes the body: exactly 2 bytes (<see cref="MqttStatus.MalformedLength"/>), a packet id that is not 0
        /// (<see cref="MqttStatus.MalformedPacketId"/>: it must echo the non-zero id of the PUBLISH/PUBREC [MQTT-2.3.1-1] [MQTT-2.3.1-6]).
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttPacket packet)
        {
            return AckForm.Decode(buffer, offset, length, packet);
        }
    }

    /// <summary>The shared "fixed header + two-byte packet id" form of PUBACK, PUBREC, PUBREL, PUBCOMP and UNSUBACK.</summary>
    internal static class AckForm
    {
        internal static MqttStatus Encode(byte[] buffer, int offset, int count, int type, int flags, int packetId, out int written)
        {
            written = 0;
            if (packetId < 1 || packetId > 65535)
            {
                return MqttStatus.MalformedPacketId; // [MQTT-2.3.1-1]
            }

            MqttStatus status = FixedHeader.CheckRoom(buffer, offset, count, 4);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = FixedHeader.Put(buffer, offset, type, flags, 2);
            MqttWire.PutTwoByteInteger(buffer, p, packetId);
            written = 4;
            return MqttStatus.Ok;
        }

        internal static MqttStatus Decode(byte[] buffer, int offset, int length, MqttPacket packet)
        {
            if (length != 2)
            {
                return MqttStatus.MalformedLength;
            }

            packet.PacketId = (buffer[offset] << 8) | buffer[offset + 1];
            return packet.PacketId == 0 ? MqttStatus.MalformedPacketId : MqttStatus.Ok;
        }
    }
}
