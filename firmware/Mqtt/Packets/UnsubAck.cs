namespace NanoNode.Mqtt
{
    /// <summary>UNSUBACK (§3.11): server role encodes, client role decodes. Always 4 bytes: B0 02 &lt;packet id&gt;.</summary>
    public static class UnsubAckPacket
    {
        /// <summary>Size of every UNSUBACK in bytes.</summary>
        public const int Size = 4;

        // ================================================================ server role: encode

        /// <summary>Encodes UNSUBACK for <paramref name="packetId"/> 1..65535 (the UNSUBSCRIBE's id [MQTT-3.10.4-4]); <paramref name="written"/> = 4.</summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, int packetId, out int written)
        {
            return AckForm.Encode(buffer, offset, count, (int)MqttPacketType.UnsubAck, 0, packetId, out written);
        }

        // ================================================================ client role: decode

        /// <summary>Decodes the body: exactly 2 bytes (<see cref="MqttStatus.MalformedLength"/>), packet id not 0 (<see cref="MqttStatus.MalformedPacketId"/>).</summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttPacket packet)
        {
            return AckForm.Decode(buffer, offset, length, packet);
        }
    }
}
