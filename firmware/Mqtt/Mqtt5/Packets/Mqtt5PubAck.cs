namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 PUBACK, PUBREC, PUBREL, PUBCOMP (§3.4..§3.7), both roles: fixed header (PUBREL flags 0010), packet id,
    /// then optionally a reason code and a property section. Short forms: remaining length 2 means reason 0x00 and no
    /// properties; remaining length 3 means no properties (§3.4.2.1, §3.4.2.2 and the same for the other three).
    /// </summary>
    public static class Mqtt5PubAckPacket
    {
        /// <summary>
        /// Encodes one of the four acknowledgements (<paramref name="type"/>; another type is <see cref="MqttStatus.InvalidArgument"/>)
        /// in the shortest form: 4 bytes for reason 0x00 without properties. The reason code must be valid for the type
        /// (PUBACK/PUBREC §3.4.2.1 / §3.5.2.1; PUBREL/PUBCOMP: 0x00 or 0x92) else <see cref="MqttStatus.MalformedReasonCode"/>;
        /// packet id 1..65535; properties valid for the type (Reason String, User Property).
        /// </summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, MqttPacketType type, int packetId, int reasonCode,
            byte[] properties, int propertiesOffset, int propertiesLength, out int written)
        {
            written = 0;
            if (type != MqttPacketType.PubAck && type != MqttPacketType.PubRec && type != MqttPacketType.PubRel && type != MqttPacketType.PubComp)
            {
                return MqttStatus.InvalidArgument;
            }

            if (packetId < 1)
            {
                return MqttStatus.MalformedPacketId;
            }

            return ReasonForm.Encode(buffer, offset, count, (int)type, FixedHeader.RequiredFlags((int)type), packetId, reasonCode,
                properties, propertiesOffset, propertiesLength, out written);
        }

        /// <summary>
        /// Decodes the body: packet id (missing: <see cref="MqttStatus.MalformedLength"/>, 0: <see cref="MqttStatus.MalformedPacketId"/>),
        /// optional reason code valid for the type (<see cref="MqttStatus.MalformedReasonCode"/>), optional properties
        /// valid for the type ending exactly at the end of the packet.
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, int type, MqttRole role, Mqtt5Packet packet)
        {
            MqttStatus status = Mqtt5ListForm.DecodePacketId(buffer, offset, length, packet);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            return DecodeReason(buffer, offset + 2, offset + length, type, role, packet);
        }

        /// <summary>Optional reason code + optional properties from <paramref name="p"/> to <paramref name="end"/> (also DISCONNECT and AUTH).</summary>
        internal static MqttStatus DecodeReason(byte[] buffer, int p, int end, int type, MqttRole role, Mqtt5Packet packet)
        {
            packet.PropertiesOffset = p;
            if (p == end)
            {
                packet.ReasonCode = Mqtt5ReasonCodes.Success;
                return MqttStatus.Ok;
            }

            packet.ReasonCode = buffer[p];
            if (!Mqtt5ReasonCodes.IsValidFor((MqttPacketType)type, packet.ReasonCode))
            {
                return MqttStatus.MalformedReasonCode;
            }

            return ReasonForm.DecodeProperties(buffer, p + 1, end, type, role, packet);
        }
    }
}
