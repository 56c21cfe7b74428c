namespace NanoNode.Mqtt
{
    /// <summary>
    /// Finds packet boundaries in a byte stream, for client and broker alike: given the bytes received so far, says
    /// "need N more", "a complete packet of N bytes" or "malformed / too large". Stateless, no allocation: call it again
    /// with the grown byte count.
    /// </summary>
    public static class MqttFrameReader
    {
        /// <summary>
        /// Examines <paramref name="count"/> received bytes at <paramref name="offset"/>.
        /// <list type="bullet">
        /// <item><see cref="MqttStatus.Ok"/>: a whole packet of <paramref name="frameLength"/> bytes starts at <paramref name="offset"/>
        /// (bytes after it belong to the next packet). Decode it with <see cref="MqttDecoder.Decode"/>.</item>
        /// <item><see cref="MqttStatus.NeedMoreBytes"/>: read at least <paramref name="missing"/> more bytes (exact once the
        /// fixed header is complete, i.e. <paramref name="headerLength"/> &gt; 0; a lower bound before).</item>
        /// <item><see cref="MqttStatus.TooLarge"/>: the packet (<paramref name="frameLength"/> bytes, header <paramref name="headerLength"/>)
        /// exceeds <paramref name="maxPacketSize"/> (0 = no limit beyond the protocol's); the caller may stream or skip
        /// the body, or disconnect.</item>
        /// <item><see cref="MqttStatus.MalformedRemainingLength"/> (5th length byte, §2.2.3), <see cref="MqttStatus.MalformedPacketType"/>
        /// (type 0/15), <see cref="MqttStatus.MalformedFlags"/> [MQTT-2.2.2-2], <see cref="MqttStatus.MalformedQos"/> [MQTT-3.3.1-4],
        /// <see cref="MqttStatus.MalformedDup"/> [MQTT-3.3.1-2]: close the connection [MQTT-4.8.0-1]. Checked as soon
        /// as the first bytes arrive, before the body is buffered.</item>
        /// </list>
        /// </summary>
        public static MqttStatus Check(byte[] buffer, int offset, int count, int maxPacketSize, out int frameLength, out int headerLength, out int missing)
        {
            frameLength = 0;
            headerLength = 0;
            missing = 0;
            int type;
            int flags;
            int remaining;
            int header;
            MqttStatus status = FixedHeader.Read(buffer, offset, count, out type, out flags, out remaining, out header);
            if (count >= 1 && (status == MqttStatus.Ok || status == MqttStatus.NeedMoreBytes))
            {
                // The first byte alone already tells a bad type or flags: reject before waiting for more.
                MqttStatus flagStatus = FixedHeader.CheckFlags(buffer[offset] >> 4, buffer[offset] & 0x0F);
                if (flagStatus != MqttStatus.Ok)
                {
                    return flagStatus;
                }
            }

            if (status == MqttStatus.NeedMoreBytes)
            {
                missing = count < 2 ? 2 - count : 1;
                return status;
            }

            if (status != MqttStatus.Ok)
            {
                return status;
            }

            headerLength = header;
            frameLength = header + remaining;
            if (maxPacketSize > 0 && frameLength > maxPacketSize)
            {
                return MqttStatus.TooLarge;
            }

            if (count < frameLength)
            {
                missing = frameLength - count;
                return MqttStatus.NeedMoreBytes;
            }

            return MqttStatus.Ok;
        }
    }
}
