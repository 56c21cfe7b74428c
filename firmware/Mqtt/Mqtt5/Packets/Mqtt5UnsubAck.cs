namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 UNSUBACK (§3.11): server role encodes, client role decodes. Fixed header 0xB0, packet id, properties
    /// (Reason String, User Property), then one reason code per filter of the UNSUBSCRIBE, in order (§3.11.3).
    /// </summary>
    public static class Mqtt5UnsubAckPacket
    {
        /// <summary>Total UNSUBACK size; -1 over the limit.</summary>
        public static int Size(int propertiesLength, int codeCount)
        {
            return Mqtt5SubAckPacket.Size(propertiesLength, codeCount);
        }

        /// <summary>Encodes UNSUBACK; as <see cref="Mqtt5SubAckPacket.Encode"/> with the UNSUBACK reason codes (0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91).</summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, int packetId, byte[] properties, int propertiesOffset, int propertiesLength,
            byte[] codes, int codesOffset, int codeCount, out int written)
        {
            return EncodeList(buffer, offset, count, MqttPacketType.UnsubAck, packetId, properties, propertiesOffset, propertiesLength,
                codes, codesOffset, codeCount, out written);
        }

        /// <summary>Decodes an UNSUBACK body; as SUBACK with the UNSUBACK reason codes.</summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttRole role, Mqtt5Packet packet)
        {
            return DecodeList(buffer, offset, length, MqttPacketType.UnsubAck, role, packet);
        }

        internal static MqttStatus EncodeList(byte[] buffer, int offset, int count, MqttPacketType type, int packetId, byte[] properties, int propertiesOffset, int propertiesLength,
            byte[] codes, int codesOffset, int codeCount, out int written)
        {
            written = 0;
            if (codes == null || !MqttWire.IsSourceRange(codes, codesOffset, codeCount))
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = Mqtt5ListForm.CheckCodes(codes, codesOffset, codeCount, type);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            status = FixedHeader.CheckRoom(buffer, offset, count, Mqtt5SubAckPacket.Size(propertiesLength, codeCount));
            if (status != MqttStatus.Ok)
            {
                return MqttWire.IsRange(buffer, offset, count) && Mqtt5SubAckPacket.Size(propertiesLength, codeCount) < 0 ? MqttStatus.TooLarge : status;
            }

            int header;
            status = Mqtt5ListForm.EncodeHeader(buffer, offset, count, (int)type, packetId, properties, propertiesOffset, propertiesLength, codeCount, 1, out header);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            System.Array.Copy(codes, codesOffset, buffer, offset + header, codeCount);
            written = header + codeCount;
            return MqttStatus.Ok;
        }

        internal static MqttStatus DecodeList(byte[] buffer, int offset, int length, MqttPacketType type, MqttRole role, Mqtt5Packet packet)
        {
            MqttStatus status = Mqtt5ListForm.DecodeHead(buffer, offset, length, (int)type, role, packet);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            status = Mqtt5ListForm.CheckCodes(buffer, packet.ItemsOffset, packet.ItemsLength, type);
            packet.ItemCount = status == MqttStatus.Ok ? packet.ItemsLength : 0;
            return status;
        }
    }
}
