namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 SUBACK (§3.9): server role encodes, client role decodes. Fixed header 0x90, packet id, properties
    /// (Reason String, User Property), then one reason code per filter of the SUBSCRIBE, in order (§3.9.3): granted QoS
    /// 0x00..0x02 or a failure code of the SUBACK table.
    /// </summary>
    public static class Mqtt5SubAckPacket
    {
        /// <summary>Total SUBACK size; -1 over the limit.</summary>
        public static int Size(int propertiesLength, int codeCount)
        {
            int section = Mqtt5Wire.PropertiesSize(propertiesLength);
            return codeCount < 0 || section < 0 ? -1 : FixedHeader.PacketSize(2L + section + codeCount);
        }

        /// <summary>
        /// Encodes SUBACK with the reason codes <paramref name="codes"/>[<paramref name="codesOffset"/>..+<paramref name="codeCount"/>):
        /// at least one, each valid for SUBACK (<see cref="MqttStatus.MalformedReasonCode"/>); properties valid for SUBACK.
        /// </summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, int packetId, byte[] properties, int propertiesOffset, int propertiesLength,
            byte[] codes, int codesOffset, int codeCount, out int written)
        {
            return Mqtt5UnsubAckPacket.EncodeList(buffer, offset, count, MqttPacketType.SubAck, packetId, properties, propertiesOffset, propertiesLength,
                codes, codesOffset, codeCount, out written);
        }

        /// <summary>
        /// Decodes a SUBACK body: packet id, properties valid for SUBACK, then at least one reason code valid for SUBACK
        /// (<see cref="MqttStatus.MalformedReasonCode"/>). The codes are the view <see cref="Mqtt5Packet.ItemsOffset"/> / <see cref="Mqtt5Packet.ItemCount"/>.
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttRole role, Mqtt5Packet packet)
        {
            return Mqtt5UnsubAckPacket.DecodeList(buffer, offset, length, MqttPacketType.SubAck, role, packet);
        }
    }
}
