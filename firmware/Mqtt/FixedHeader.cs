namespace NanoNode.Mqtt
{
    /// <summary>
    /// The fixed header present in every MQTT control packet (§2.2): first byte = type (high nibble) + flags (low
    /// nibble), then the remaining length as a variable byte integer (1..4 bytes). Pure functions over caller buffers,
    /// no allocation, no exceptions on bad input.
    /// </summary>
    public static class FixedHeader
    {
        /// <summary>Largest fixed header: 1 type/flags byte + 4 remaining-length bytes.</summary>
        public const int MaxSize = 5;

        /// <summary>Fixed header size (2..5) for <paramref name="remainingLength"/>; 0 when it is negative or above 268,435,455.</summary>
        public static int Size(int remainingLength)
        {
            int n = MqttWire.VariableByteIntegerSize(remainingLength);
            return n == 0 ? 0 : 1 + n;
        }

        /// <summary>
        /// Total packet size for a body of <paramref name="remainingLength"/> bytes (fixed header + body), or -1 when the
        /// body is over 268,435,455 bytes (§2.2.3) or negative. Takes a long so sums of field lengths cannot overflow.
        /// </summary>
        public static int PacketSize(long remainingLength)
        {
            if (remainingLength < 0 || remainingLength > MqttWire.MaxVariableByteInteger)
            {
                return -1;
            }

            int r = (int)remainingLength;
            return 1 + MqttWire.VariableByteIntegerSize(r) + r;
        }

        /// <summary>
        /// Reads the fixed header at <paramref name="offset"/> from <paramref name="count"/> available bytes:
        /// packet type 0..15, the 4 flag bits, the remaining length and the header's own length (2..5).
        /// <see cref="MqttStatus.NeedMoreBytes"/> while the remaining length is incomplete, <see cref="MqttStatus.MalformedRemainingLength"/>
        /// for a 5th length byte (§2.2.3). Does not check the type or flags (see <see cref="CheckFlags"/>).
        /// </summary>
        public static MqttStatus Read(byte[] buffer, int offset, int count, out int type, out int flags, out int remainingLength, out int headerLength)
        {
            type = 0;
            flags = 0;
            remainingLength = 0;
            headerLength = 0;
            if (!MqttWire.IsRange(buffer, offset, count))
            {
                return MqttStatus.InvalidArgument;
            }

            if (count < 2)
            {
                return MqttStatus.NeedMoreBytes;
            }

            int consumed;
            MqttStatus status = MqttWire.ReadVariableByteInteger(buffer, offset + 1, count - 1, out remainingLength, out consumed);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            type = buffer[offset] >> 4;
            flags = buffer[offset] & 0x0F;
            headerLength = 1 + consumed;
            return MqttStatus.Ok;
        }

        /// <summary>
        /// Checks a packet type and its fixed header flags: types 0 and 15 are reserved (<see cref="MqttStatus.MalformedPacketType"/>);
        /// PUBREL, SUBSCRIBE, UNSUBSCRIBE must carry 0010 and every other type except PUBLISH 0000 [MQTT-2.2.2-1]
        /// [MQTT-3.6.1-1] [MQTT-3.8.1-1] [MQTT-3.10.1-1], otherwise <see cref="MqttStatus.MalformedFlags"/> [MQTT-2.2.2-2];
        /// PUBLISH: QoS 3 is <see cref="MqttStatus.MalformedQos"/> [MQTT-3.3.1-4], DUP with QoS 0 <see cref="MqttStatus.MalformedDup"/> [MQTT-3.3.1-2].
        /// </summary>
        public static MqttStatus CheckFlags(int type, int flags)
        {
            if (type <= 0 || type >= 15)
            {
                return MqttStatus.MalformedPacketType;
            }

            if (type == (int)MqttPacketType.Publish)
            {
                int qos = (flags >> 1) & 3;
                if (qos == 3)
                {
                    return MqttStatus.MalformedQos;
                }

                return (flags & 0x08) != 0 && qos == 0 ? MqttStatus.MalformedDup : MqttStatus.Ok;
            }

            return flags == RequiredFlags(type) ? MqttStatus.Ok : MqttStatus.MalformedFlags;
        }

        /// <summary>The fixed flags of a packet type (§2.2.2 table 2.2): 2 for PUBREL, SUBSCRIBE, UNSUBSCRIBE, 0 otherwise; -1 for PUBLISH (flags carry DUP/QoS/RETAIN).</summary>
        public static int RequiredFlags(int type)
        {
            if (type == (int)MqttPacketType.Publish)
            {
                return -1;
            }

            return type == (int)MqttPacketType.PubRel || type == (int)MqttPacketType.Subscribe || type == (int)MqttPacketType.Unsubscribe ? 2 : 0;
        }

        /// <summary>True when a receiver in <paramref name="role"/> may get packets of <paramref name="type"/> (direction of flow, §2.2.1 table 2.1).</summary>
        public static bool IsAccepted(MqttRole role, int type)
        {
            if (role == MqttRole.Any)
            {
                return type > 0 && type < 15;
            }

            switch (type)
            {
                case (int)MqttPacketType.Publish:
                case (int)MqttPacketType.PubAck:
                case (int)MqttPacketType.PubRec:
                case (int)MqttPacketType.PubRel:
                case (int)MqttPacketType.PubComp:
                    return true;
                case (int)MqttPacketType.Connect:
                case (int)MqttPacketType.Subscribe:
                case (int)MqttPacketType.Unsubscribe:
                case (int)MqttPacketType.PingReq:
                case (int)MqttPacketType.Disconnect:
                    return role == MqttRole.Server;
                case (int)MqttPacketType.ConnAck:
                case (int)MqttPacketType.SubAck:
                case (int)MqttPacketType.UnsubAck:
                case (int)MqttPacketType.PingResp:
                    return role == MqttRole.Client;
                default:
                    return false;
            }
        }

        /// <summary>Writes type/flags byte + remaining length at <paramref name="p"/> (room checked by the caller); returns the next position.</summary>
        internal static int Put(byte[] buffer, int p, int type, int flags, int remainingLength)
        {
            buffer[p] = (byte)((type << 4) | flags);
            return MqttWire.PutVariableByteInteger(buffer, p + 1, remainingLength);
        }

        /// <summary>Common encoder preamble: range check of the destination and room for <paramref name="size"/> bytes (-1 = too large).</summary>
        internal static MqttStatus CheckRoom(byte[] buffer, int offset, int count, int size)
        {
            if (!MqttWire.IsRange(buffer, offset, count))
            {
                return MqttStatus.InvalidArgument;
            }

            if (size < 0)
            {
                return MqttStatus.TooLarge;
            }

            return size > count ? MqttStatus.BufferTooSmall : MqttStatus.Ok;
        }
    }
}
