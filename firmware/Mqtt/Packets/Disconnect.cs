namespace NanoNode.Mqtt
{
    /// <summary>DISCONNECT (§3.14): client role encodes (the last packet; the server then discards the will [MQTT-3.14.4-3]), server role decodes. Always 2 bytes: E0 00, no variable header, no payload.</summary>
    public static class DisconnectPacket
    {
        /// <summary>Size of every DISCONNECT in bytes.</summary>
        public const int Size = 2;

        // ================================================================ client role: encode

        /// <summary>Encodes DISCONNECT; <paramref name="written"/> = 2.</summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, out int written)
        {
            return EmptyForm.Encode(buffer, offset, count, (int)MqttPacketType.Disconnect, out written);
        }

        // ================================================================ server role: decode

        /// <summary>Decodes the body: it must be empty (remaining length 0), else <see cref="MqttStatus.MalformedLength"/>.</summary>
        internal static MqttStatus DecodeBody(int length)
        {
            return length == 0 ? MqttStatus.Ok : MqttStatus.MalformedLength;
        }
    }
}
