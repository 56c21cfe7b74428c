namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 DISCONNECT (§3.14), both roles (in 5.0 the server may send it, with a reason code). Fixed header 0xE0,
    /// then optionally a reason code and a property section (Session Expiry Interval, Reason String, Server Reference,
    /// User Property). Remaining length 0 means reason 0x00 Normal disconnection (§3.14.2.1).
    /// </summary>
    public static class Mqtt5DisconnectPacket
    {
        /// <summary>
        /// Encodes DISCONNECT in the shortest form (2 bytes for 0x00 without properties). The reason code must be in the
        /// DISCONNECT table (<see cref="MqttStatus.MalformedReasonCode"/>); properties valid for DISCONNECT. Who may send
        /// which code (0x04 only from a client, most others only from a server) is the caller's rule.
        /// </summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, int reasonCode, byte[] properties, int propertiesOffset, int propertiesLength, out int written)
        {
            return ReasonForm.Encode(buffer, offset, count, (int)MqttPacketType.Disconnect, 0, -1, reasonCode, properties, propertiesOffset, propertiesLength, out written);
        }

        /// <summary>Decodes the body: optional reason code in the DISCONNECT table, optional properties valid for DISCONNECT, nothing after them.</summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttRole role, Mqtt5Packet packet)
        {
            return Mqtt5PubAckPacket.DecodeReason(buffer, offset, offset + length, (int)MqttPacketType.Disconnect, role, packet);
        }
    }
}
