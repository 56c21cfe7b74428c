namespace NanoNode.Mqtt
{
    /// <summary>
    /// Decodes one MQTT 5.0 control packet into a reusable <see cref="Mqtt5Packet"/> view, for the client
    /// (<see cref="MqttRole.Client"/>) or the broker (<see cref="MqttRole.Server"/>); also finds packet boundaries in a
    /// stream (<see cref="CheckFrame"/>). One dispatcher over the per-type decoders in Mqtt5/Packets. No allocation, no
    /// exceptions on bad input, stateless (thread-safe as long as each thread has its own <see cref="Mqtt5Packet"/>).
    /// </summary>
    /// <remarks>
    /// Differences from the 3.1.1 <see cref="MqttDecoder"/>: type 15 is AUTH (both directions); DISCONNECT flows both
    /// ways; property sections are validated per packet (<see cref="Mqtt5Properties.Validate"/>); variable byte
    /// integers must be minimal [MQTT-1.5.5-1], the remaining length included (<see cref="MqttStatus.MalformedVariableByteInteger"/>).
    /// </remarks>
    public static class Mqtt5Decoder
    {
        /// <summary>
        /// Decodes the packet at <paramref name="offset"/> within <paramref name="count"/> received bytes. On
        /// <see cref="MqttStatus.Ok"/> <paramref name="packet"/> holds views into <paramref name="buffer"/> and
        /// <see cref="Mqtt5Packet.Length"/> bytes were consumed.
        /// <list type="bullet">
        /// <item><see cref="MqttStatus.NeedMoreBytes"/>: not complete yet (see <see cref="CheckFrame"/>).</item>
        /// <item>A status with <see cref="MqttStatusInfo.IsMalformed"/> true: send DISCONNECT (or CONNACK during connect) with
        /// <see cref="Mqtt5ReasonCodes.ForStatus"/> and close (§4.13). A type the role never receives is <see cref="MqttStatus.MalformedPacketType"/>.</item>
        /// <item><see cref="MqttStatus.UnacceptableProtocolLevel"/> (server, CONNECT not version 5): hand the packet to the
        /// 3.1.1 decoder, or answer CONNACK 0x84 [MQTT-3.1.2-2].</item>
        /// </list>
        /// After a failure the packet's fields are partly filled and must not be used (except Type, ProtocolLevel).
        /// </summary>
        public static MqttStatus Decode(byte[] buffer, int offset, int count, MqttRole role, Mqtt5Packet packet)
        {
            if (packet == null)
            {
                return MqttStatus.InvalidArgument;
            }

            packet.Reset();
            int type;
            int flags;
            int remaining;
            int header;
            MqttStatus status = FixedHeader.Read(buffer, offset, count, out type, out flags, out remaining, out header);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (header > 2 && buffer[offset + header - 1] == 0)
            {
                return MqttStatus.MalformedVariableByteInteger; // non-minimal remaining length [MQTT-1.5.5-1]
            }

            status = CheckTypeAndFlags(type, flags);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (!IsAccepted(role, type))
            {
                return MqttStatus.MalformedPacketType;
            }

            if (count - header < remaining)
            {
                return MqttStatus.NeedMoreBytes;
            }

            packet.Buffer = buffer;
            packet.Type = (MqttPacketType)type;
            packet.Flags = flags;
            packet.Offset = offset;
            packet.Length = header + remaining;
            int body = offset + header;
            switch ((MqttPacketType)type)
            {
                case MqttPacketType.Connect:
                    return Mqtt5ConnectPacket.DecodeBody(buffer, body, remaining, packet);
                case MqttPacketType.ConnAck:
                    return Mqtt5ConnAckPacket.DecodeBody(buffer, body, remaining, role, packet);
                case MqttPacketType.Publish:
                    return Mqtt5PublishPacket.DecodeBody(buffer, body, remaining, flags, role, packet);
                case MqttPacketType.PubAck:
                case MqttPacketType.PubRec:
                case MqttPacketType.PubRel:
                case MqttPacketType.PubComp:
                    return Mqtt5PubAckPacket.DecodeBody(buffer, body, remaining, type, role, packet);
                case MqttPacketType.Subscribe:
                    return Mqtt5SubscribePacket.DecodeBody(buffer, body, remaining, role, packet);
                case MqttPacketType.SubAck:
                    return Mqtt5SubAckPacket.DecodeBody(buffer, body, remaining, role, packet);
                case MqttPacketType.Unsubscribe:
                    return Mqtt5UnsubscribePacket.DecodeBody(buffer, body, remaining, role, packet);
                case MqttPacketType.UnsubAck:
                    return Mqtt5UnsubAckPacket.DecodeBody(buffer, body, remaining, role, packet);
                case MqttPacketType.PingReq:
                case MqttPacketType.PingResp:
                    return remaining == 0 ? MqttStatus.Ok : MqttStatus.MalformedLength; // §3.12, §3.13: no variable header, no payload
                case MqttPacketType.Disconnect:
                    return Mqtt5DisconnectPacket.DecodeBody(buffer, body, remaining, role, packet);
                case MqttPacketType.Auth:
                    return Mqtt5AuthPacket.DecodeBody(buffer, body, remaining, role, packet);
                default:
                    return MqttStatus.MalformedPacketType;
            }
        }

        /// <summary>
        /// Finds packet boundaries in a byte stream, as <see cref="MqttFrameReader.Check"/> does for 3.1.1 but accepting
        /// AUTH (type 15, flags 0000). <see cref="MqttStatus.Ok"/>: a whole packet of <paramref name="frameLength"/> bytes;
        /// <see cref="MqttStatus.NeedMoreBytes"/>: at least <paramref name="missing"/> more; <see cref="MqttStatus.TooLarge"/>:
        /// over <paramref name="maxPacketSize"/> (0 = protocol limit only; for MQTT 5 the receiver's Maximum Packet Size,
        /// §3.1.2.11.4); malformed statuses for a bad first byte, a 5th remaining-length byte or a non-minimal remaining length,
        /// checked before the body arrives.
        /// </summary>
        public static MqttStatus CheckFrame(byte[] buffer, int offset, int count, int maxPacketSize, out int frameLength, out int headerLength, out int missing)
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
                MqttStatus first = CheckTypeAndFlags(buffer[offset] >> 4, buffer[offset] & 0x0F);
                if (first != MqttStatus.Ok)
                {
                    return first;
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

            if (header > 2 && buffer[offset + header - 1] == 0)
            {
                return MqttStatus.MalformedVariableByteInteger; // non-minimal remaining length [MQTT-1.5.5-1]
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

        /// <summary>Type 0 is reserved (<see cref="MqttStatus.MalformedPacketType"/>); AUTH carries flags 0000 (§3.15.1); the others as in 3.1.1 (§2.1.3 table 2-2).</summary>
        public static MqttStatus CheckTypeAndFlags(int type, int flags)
        {
            if (type == (int)MqttPacketType.Auth)
            {
                return flags == 0 ? MqttStatus.Ok : MqttStatus.MalformedFlags;
            }

            return FixedHeader.CheckFlags(type, flags);
        }

        /// <summary>True when a receiver in <paramref name="role"/> may get packets of <paramref name="type"/> in MQTT 5 (§2.1.2 table 2-1).</summary>
        public static bool IsAccepted(MqttRole role, int type)
        {
            if (type == (int)MqttPacketType.Auth || type == (int)MqttPacketType.Disconnect)
            {
                return true;
            }

            return FixedHeader.IsAccepted(role, type);
        }
    }
}
