namespace NanoNode.Mqtt
{
    /// <summary>
    /// Decodes one MQTT 3.1.1 control packet from a buffer into a reusable <see cref="MqttPacket"/> view, for the
    /// client (<see cref="MqttRole.Client"/>) or the broker (<see cref="MqttRole.Server"/>). One dispatcher over the
    /// per-type decoders in Packets/. No allocation, no exceptions on bad input, stateless (thread-safe as long as each
    /// thread has its own <see cref="MqttPacket"/>).
    /// </summary>
    public static class MqttDecoder
    {
        /// <summary>
        /// Decodes the packet that starts at <paramref name="offset"/> within <paramref name="count"/> received bytes.
        /// On <see cref="MqttStatus.Ok"/> <paramref name="packet"/> holds views into <paramref name="buffer"/> and
        /// <see cref="MqttPacket.Length"/> is the number of bytes consumed (more bytes after it belong to the next packet).
        /// <list type="bullet">
        /// <item><see cref="MqttStatus.NeedMoreBytes"/>: the packet is not complete yet (see <see cref="MqttFrameReader.Check"/> for how many bytes are missing).</item>
        /// <item>Any status for which <see cref="MqttStatusInfo.IsMalformed"/> is true: close the connection [MQTT-4.8.0-1].
        /// A type the role never receives (e.g. a broker getting CONNACK) is <see cref="MqttStatus.MalformedPacketType"/>.</item>
        /// <item><see cref="MqttStatus.UnacceptableProtocolLevel"/> (server, CONNECT): answer CONNACK 0x01, then disconnect [MQTT-3.1.2-2].</item>
        /// </list>
        /// After a failure the packet's fields are partly filled and must not be used (except Type, ProtocolLevel).
        /// </summary>
        public static MqttStatus Decode(byte[] buffer, int offset, int count, MqttRole role, MqttPacket packet)
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

            status = FixedHeader.CheckFlags(type, flags); // [MQTT-2.2.2-1] [MQTT-2.2.2-2]
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (!FixedHeader.IsAccepted(role, type))
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
            packet.BodyOffset = offset + header;
            packet.BodyLength = remaining;
            int body = offset + header;
            switch ((MqttPacketType)type)
            {
                case MqttPacketType.Connect:
                    return ConnectPacket.DecodeBody(buffer, body, remaining, packet);
                case MqttPacketType.ConnAck:
                    return ConnAckPacket.DecodeBody(buffer, body, remaining, packet);
                case MqttPacketType.Publish:
                    return PublishPacket.DecodeBody(buffer, body, remaining, flags, packet);
                case MqttPacketType.PubAck:
                case MqttPacketType.PubRec:
                case MqttPacketType.PubRel:
                case MqttPacketType.PubComp:
                    return PubAckPacket.DecodeBody(buffer, body, remaining, packet);
                case MqttPacketType.Subscribe:
                    return SubscribePacket.DecodeBody(buffer, body, remaining, packet);
                case MqttPacketType.SubAck:
                    return SubAckPacket.DecodeBody(buffer, body, remaining, packet);
                case MqttPacketType.Unsubscribe:
                    return UnsubscribePacket.DecodeBody(buffer, body, remaining, packet);
                case MqttPacketType.UnsubAck:
                    return UnsubAckPacket.DecodeBody(buffer, body, remaining, packet);
                case MqttPacketType.PingReq:
                    return PingReqPacket.DecodeBody(remaining);
                case MqttPacketType.PingResp:
                    return PingRespPacket.DecodeBody(remaining);
                case MqttPacketType.Disconnect:
                    return DisconnectPacket.DecodeBody(remaining);
                default:
                    return MqttStatus.MalformedPacketType;
            }
        }
    }
}
