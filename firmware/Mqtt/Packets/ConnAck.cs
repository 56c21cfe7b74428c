namespace NanoNode.Mqtt
{
    /// <summary>CONNACK (§3.2): server role encodes, client role decodes. Always 4 bytes: 20 02 &lt;ack flags&gt; &lt;return code&gt;.</summary>
    public static class ConnAckPacket
    {
        /// <summary>Size of every CONNACK in bytes.</summary>
        public const int Size = 4;

        /// <summary>Return code 0x00: connection accepted (§3.2.2.3).</summary>
        public const int Accepted = 0;

        /// <summary>Return code 0x01: unacceptable protocol version [MQTT-3.1.2-2].</summary>
        public const int UnacceptableProtocolVersion = 1;

        /// <summary>Return code 0x02: identifier rejected [MQTT-3.1.3-9].</summary>
        public const int IdentifierRejected = 2;

        /// <summary>Return code 0x03: server unavailable.</summary>
        public const int ServerUnavailable = 3;

        /// <summary>Return code 0x04: bad user name or password.</summary>
        public const int BadUserNameOrPassword = 4;

        /// <summary>Return code 0x05: not authorized.</summary>
        public const int NotAuthorized = 5;

        // ================================================================ server role: encode

        /// <summary>
        /// Encodes CONNACK; <paramref name="written"/> = 4. <paramref name="returnCode"/> must be 0..5
        /// (<see cref="MqttStatus.InvalidArgument"/>); session present with a non-zero code is
        /// <see cref="MqttStatus.MalformedConnAck"/> [MQTT-3.2.2-4].
        /// </summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, bool sessionPresent, int returnCode, out int written)
        {
            written = 0;
            if (returnCode < 0 || returnCode > NotAuthorized)
            {
                return MqttStatus.InvalidArgument;
            }

            if (sessionPresent && returnCode != Accepted)
            {
                return MqttStatus.MalformedConnAck; // [MQTT-3.2.2-4]
            }

            MqttStatus status = FixedHeader.CheckRoom(buffer, offset, count, Size);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = FixedHeader.Put(buffer, offset, (int)MqttPacketType.ConnAck, 0, 2);
            buffer[p] = (byte)(sessionPresent ? 1 : 0);
            buffer[p + 1] = (byte)returnCode;
            written = Size;
            return MqttStatus.Ok;
        }

        // ================================================================ client role: decode

        /// <summary>
        /// Decodes a CONNACK body: exactly 2 bytes (<see cref="MqttStatus.MalformedLength"/>); acknowledge flags bits 7..1
        /// reserved, 0 (§3.2.2.1) and session present only with return code 0 [MQTT-3.2.2-4] (<see cref="MqttStatus.MalformedConnAck"/>).
        /// Return codes 6..255 (reserved) are passed through in <see cref="MqttPacket.ReturnCode"/>: the client treats
        /// any non-zero code as a refusal.
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttPacket packet)
        {
            if (length != 2)
            {
                return MqttStatus.MalformedLength;
            }

            int ackFlags = buffer[offset];
            packet.ReturnCode = buffer[offset + 1];
            packet.SessionPresent = (ackFlags & 1) != 0;
            if ((ackFlags & 0xFE) != 0 || (packet.SessionPresent && packet.ReturnCode != Accepted))
            {
                return MqttStatus.MalformedConnAck;
            }

            return MqttStatus.Ok;
        }
    }
}
