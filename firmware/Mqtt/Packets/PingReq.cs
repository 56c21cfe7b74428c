namespace NanoNode.Mqtt
{
    /// <summary>PINGREQ (§3.12): client role encodes (keep alive, §3.1.2.10), server role decodes. Always 2 bytes: C0 00, no variable header, no payload.</summary>
    public static class PingReqPacket
    {
        /// <summary>Size of every PINGREQ in bytes.</summary>
        public const int Size = 2;

        // ================================================================ client role: encode

        /// <summary>Encodes PINGREQ; <paramref name="written"/> = 2.</summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, out int written)
        {
            return EmptyForm.Encode(buffer, offset, count, (int)MqttPacketType.PingReq, out written);
        }

        // ================================================================ server role: decode

        /// <summary>Decodes the body: it must be empty (remaining length 0), else <see cref="MqttStatus.MalformedLength"/>.</summary>
        internal static MqttStatus DecodeBody(int length)
        {
            return length == 0 ? MqttStatus.Ok : MqttStatus.MalformedLength;
        }
    }

    /// <summary>The shared two-byte form of PINGREQ, PINGRESP and DISCONNECT: type byte + remaining length 0.</summary>
    internal static class EmptyForm
    {
        internal static MqttStatus Encode(byte[] buffer, int offset, int count, int type, out int written)
        {
            written = 0;
            MqttStatus status = FixedHeader.CheckRoom(buffer, offset, count, 2);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            buffer[offset] = (byte)(type << 4);
            buffer[offset + 1] = 0;
            written = 2;
            return MqttStatus.Ok;
        }
    }
}
