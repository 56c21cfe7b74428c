namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 AUTH (§3.15), both roles: extended authentication exchange. Fixed header 0xF0 (flags 0000, §3.15.1),
    /// then optionally a reason code (0x00 Success, 0x18 Continue authentication, 0x19 Re-authenticate) and properties
    /// (Authentication Method, Authentication Data, Reason String, User Property). Remaining length 0 means 0x00 without
    /// properties (§3.15.2.1).
    /// </summary>
    public static class Mqtt5AuthPacket
    {
        /// <summary>
        /// Encodes AUTH in the shortest form. Reason code 0x00, 0x18 or 0x19 (<see cref="MqttStatus.MalformedReasonCode"/>);
        /// properties valid for AUTH (Authentication Data only with an Authentication Method). The spec requires the
        /// Authentication Method in every AUTH that is not the short form (§3.15.2.2.2); that is the caller's to include.
        /// </summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, int reasonCode, byte[] properties, int propertiesOffset, int propertiesLength, out int written)
        {
            return ReasonForm.Encode(buffer, offset, count, (int)MqttPacketType.Auth, 0, -1, reasonCode, properties, propertiesOffset, propertiesLength, out written);
        }

        /// <summary>Decodes the body: optional reason code (0x00, 0x18, 0x19), optional properties valid for AUTH, nothing after them.</summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttRole role, Mqtt5Packet packet)
        {
            return Mqtt5PubAckPacket.DecodeReason(buffer, offset, offset + length, (int)MqttPacketType.Auth, role, packet);
        }
    }
}
