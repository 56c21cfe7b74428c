namespace NanoNode.Mqtt
{
    /// <summary>
    /// SUBACK (§3.9): server role encodes, client role decodes. Fixed header 0x90, packet id, then one return code per
    /// filter of the SUBSCRIBE, in order [MQTT-3.8.4-5]: 0x00/0x01/0x02 (granted QoS) or 0x80 (failure) [MQTT-3.9.3-2].
    /// </summary>
    public static class SubAckPacket
    {
        /// <summary>Return code: the subscription failed (§3.9.3).</summary>
        public const int Failure = 0x80;

        // ================================================================ server role: size + encode

        /// <summary>Total SUBACK size for <paramref name="codeCount"/> return codes; -1 over the protocol limit or for a negative count.</summary>
        public static int Size(int codeCount)
        {
            return codeCount < 0 ? -1 : FixedHeader.PacketSize(2L + codeCount);
        }

        /// <summary>
        /// Encodes SUBACK for <paramref name="packetId"/> (1..65535, <see cref="MqttStatus.MalformedPacketId"/>) with the
        /// return codes <paramref name="codes"/>[<paramref name="codesOffset"/>..+<paramref name="codeCount"/>); at least one
        /// code, each 0, 1, 2 or 0x80 [MQTT-3.9.3-2] (<see cref="MqttStatus.MalformedSubAckReturnCode"/>).
        /// </summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, int packetId, byte[] codes, int codesOffset, int codeCount, out int written)
        {
            written = 0;
            if (codes == null || !MqttWire.IsSourceRange(codes, codesOffset, codeCount))
            {
                return MqttStatus.InvalidArgument;
            }

            if (packetId < 1 || packetId > 65535)
            {
                return MqttStatus.MalformedPacketId;
            }

            MqttStatus status = CheckCodes(codes, codesOffset, codeCount);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            status = FixedHeader.CheckRoom(buffer, offset, count, Size(codeCount));
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = FixedHeader.Put(buffer, offset, (int)MqttPacketType.SubAck, 0, 2 + codeCount);
            p = MqttWire.PutTwoByteInteger(buffer, p, packetId);
            System.Array.Copy(codes, codesOffset, buffer, p, codeCount);
            written = p + codeCount - offset;
            return MqttStatus.Ok;
        }

        // ================================================================ client role: decode

        /// <summary>
        /// Decodes a SUBACK body: packet id (missing: <see cref="MqttStatus.MalformedLength"/>, 0: <see cref="MqttStatus.MalformedPacketId"/>),
        /// then at least one return code, each 0, 1, 2 or 0x80 [MQTT-3.9.3-2] (<see cref="MqttStatus.MalformedSubAckReturnCode"/>).
        /// The codes are the view <see cref="MqttPacket.ItemsOffset"/> / <see cref="MqttPacket.ItemCount"/>.
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttPacket packet)
        {
            MqttStatus status = ListForm.DecodePacketId(buffer, offset, length, packet);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            status = CheckCodes(buffer, offset + 2, length - 2);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            packet.ItemsOffset = offset + 2;
            packet.ItemsLength = length - 2;
            packet.ItemCount = length - 2;
            return MqttStatus.Ok;
        }

        private static MqttStatus CheckCodes(byte[] codes, int offset, int count)
        {
            if (count < 1)
            {
                return MqttStatus.MalformedSubAckReturnCode;
            }

            for (int i = offset; i < offset + count; i++)
            {
                int c = codes[i];
                if (c > 2 && c != Failure)
                {
                    return MqttStatus.MalformedSubAckReturnCode; // [MQTT-3.9.3-2]
                }
            }

            return MqttStatus.Ok;
        }
    }
}
