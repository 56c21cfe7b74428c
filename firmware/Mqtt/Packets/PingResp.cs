namespace NanoNode.Mqtt
{
    /// <summary>PINGRESP (§3.13): server role encodes, client role decodes. Always 2 bytes: D0 00, no variable header, no payload.</summary>
    public static class PingRespPacket
    {
        /// <summary>Size of every PINGRESP in bytes.</summary>
        public const int Size = 2;

        // ================================================================ server role: encode

        /// <summary>Encodes PINGRESP; <paramref name="written"/> = 2.</summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, out int written)
        {
            return EmptyForm.Encode(buffer, offset, count, (int)MqttPacketType.PingResp, out written);
        }

        // ================================================================ client role: decode

        /// <summary>Decodes the body: it must be empty (remaining length 0), else <see cref="MqttStatus.MalformedLength"/>.</summary>
        internal static MqttStatus DecodeBody(int length)
        {
            return length == 0 ? MqttStatus.Ok : MqttStatus.MalformedLength;
        }
    }
}
