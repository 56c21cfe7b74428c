namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 CONNECT (§3.1): client role encodes, server role decodes. Variable header: protocol name "MQTT",
    /// version 5, connect flags, keep alive, properties; payload: client id, [will properties, will topic, will
    /// payload], [user name], [password] (§3.1.3).
    /// </summary>
    /// <remarks>
    /// A broker that speaks 3.1.1 and 5.0 reads the protocol version first with <see cref="PeekProtocolLevel"/> and hands
    /// the packet to the matching decoder. Properties are built by the caller with <see cref="Mqtt5PropertyWriter"/> and
    /// passed as (array, offset, length); null with length 0 = none.
    /// </remarks>
    public static class Mqtt5ConnectPacket
    {
        /// <summary>The protocol version of MQTT 5.0 (§3.1.2.2).</summary>
        public const int ProtocolLevel5 = 5;

        private const int FlagCleanStart = 0x02;
        private const int FlagWill = 0x04;
        private const int FlagWillRetain = 0x20;
        private const int FlagPassword = 0x40;
        private const int FlagUserName = 0x80;

        /// <summary>
        /// Reads the protocol name and version of a CONNECT whose body starts at <paramref name="offset"/> (after the fixed
        /// header), without checking the rest. <paramref name="level"/> = 4 (3.1.1), 5 (5.0), 3 for "MQIsdp" (3.1) or
        /// whatever byte follows "MQTT". <see cref="MqttStatus.NeedMoreBytes"/> when the bytes end first,
        /// <see cref="MqttStatus.MalformedProtocolName"/> for another name [MQTT-3.1.2-1].
        /// </summary>
        public static MqttStatus PeekProtocolLevel(byte[] buffer, int offset, int count, out int level)
        {
            level = 0;
            int nameOffset;
            int nameLength;
            MqttStatus status = MqttWire.ReadBinary(buffer, offset, count, out nameOffset, out nameLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (nameOffset + nameLength >= offset + count)
            {
                return MqttStatus.NeedMoreBytes;
            }

            bool isMqtt = nameLength == 4 && buffer[nameOffset] == 'M' && buffer[nameOffset + 1] == 'Q' && buffer[nameOffset + 2] == 'T' && buffer[nameOffset + 3] == 'T';
            bool isMqIsdp = nameLength == 6 && buffer[nameOffset] == 'M' && buffer[nameOffset + 1] == 'Q' && buffer[nameOffset + 2] == 'I'
                && buffer[nameOffset + 3] == 's' && buffer[nameOffset + 4] == 'd' && buffer[nameOffset + 5] == 'p';
            if (!isMqtt && !isMqIsdp)
            {
                return MqttStatus.MalformedProtocolName;
            }

            level = buffer[nameOffset + nameLength];
            return MqttStatus.Ok;
        }

        // ================================================================ client role: encode

        /// <summary>
        /// Encodes an MQTT 5 CONNECT; arrays are used whole. <paramref name="willTopic"/> null = no will (will properties
        /// and payload ignored); <paramref name="userName"/> / <paramref name="password"/> null = absent (a password
        /// without user name is allowed in 5.0, §3.1.2.9). Checks before writing (nothing written on failure): client id
        /// and user name UTF-8 [MQTT-1.5.4-1] [MQTT-1.5.4-2], will topic a valid topic name, will QoS 0..2
        /// (<see cref="MqttStatus.MalformedWillFlags"/>), keep alive 0..65535, properties valid for CONNECT and will
        /// properties valid as such (<see cref="Mqtt5Properties.Validate"/>), fields within 65,535 bytes.
        /// </summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, byte[] clientId, bool cleanStart, int keepAliveSeconds,
            byte[] properties, int propertiesOffset, int propertiesLength,
            byte[] willTopic, byte[] willMessage, int willQos, bool willRetain, byte[] willProperties, int willPropertiesOffset, int willPropertiesLength,
            byte[] userName, byte[] password, out int written)
        {
            written = 0;
            if (clientId == null || keepAliveSeconds < 0 || keepAliveSeconds > 65535)
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = MqttWire.ValidateUtf8(clientId, 0, clientId.Length);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            status = Mqtt5Properties.CheckForEncode(properties, propertiesOffset, propertiesLength, (int)MqttPacketType.Connect);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            long remaining = 10 + Mqtt5Wire.PropertiesSize(propertiesLength) + 2L + clientId.Length;
            int flags = cleanStart ? FlagCleanStart : 0;
            int willMessageLength = 0;
            if (willTopic != null)
            {
                status = Topic.ValidateName(willTopic, 0, willTopic.Length);
                if (status == MqttStatus.Ok)
                {
                    status = Mqtt5Properties.CheckForEncode(willProperties, willPropertiesOffset, willPropertiesLength, Mqtt5Properties.WillContext);
                }

                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                if (willQos < 0 || willQos > 2)
                {
                    return MqttStatus.MalformedWillFlags;
                }

                willMessageLength = willMessage == null ? 0 : willMessage.Length;
                if (willMessageLength > MqttWire.MaxStringLength)
                {
                    return MqttStatus.StringTooLong;
                }

                flags |= FlagWill | (willQos << 3) | (willRetain ? FlagWillRetain : 0);
                remaining += Mqtt5Wire.PropertiesSize(willPropertiesLength) + 2L + willTopic.Length + 2L + willMessageLength;
            }

            if (userName != null)
            {
                status = MqttWire.ValidateUtf8(userName, 0, userName.Length);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                flags |= FlagUserName;
                remaining += 2L + userName.Length;
            }

            if (password != null)
            {
                if (password.Length > MqttWire.MaxStringLength)
                {
                    return MqttStatus.StringTooLong;
                }

                flags |= FlagPassword;
                remaining += 2L + password.Length;
            }

            status = FixedHeader.CheckRoom(buffer, offset, count, FixedHeader.PacketSize(remaining));
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = FixedHeader.Put(buffer, offset, (int)MqttPacketType.Connect, 0, (int)remaining);
            p = MqttWire.PutTwoByteInteger(buffer, p, 4);
            buffer[p++] = (byte)'M';
            buffer[p++] = (byte)'Q';
            buffer[p++] = (byte)'T';
            buffer[p++] = (byte)'T';
            buffer[p++] = ProtocolLevel5;
            buffer[p++] = (byte)flags;
            p = MqttWire.PutTwoByteInteger(buffer, p, keepAliveSeconds);
            p = Mqtt5Wire.PutProperties(buffer, p, properties, propertiesOffset, propertiesLength);
            p = MqttWire.PutField(buffer, p, clientId, 0, clientId.Length);
            if (willTopic != null)
            {
                p = Mqtt5Wire.PutProperties(buffer, p, willProperties, willPropertiesOffset, willPropertiesLength);
                p = MqttWire.PutField(buffer, p, willTopic, 0, willTopic.Length);
                p = MqttWire.PutField(buffer, p, willMessage, 0, willMessageLength);
            }

            if (userName != null)
            {
                p = MqttWire.PutField(buffer, p, userName, 0, userName.Length);
            }

            if (password != null)
            {
                p = MqttWire.PutField(buffer, p, password, 0, password.Length);
            }

            written = p - offset;
            return MqttStatus.Ok;
        }

        // ================================================================ server role: decode

        /// <summary>
        /// Decodes an MQTT 5 CONNECT body. Statuses: <see cref="MqttStatus.MalformedProtocolName"/> [MQTT-3.1.2-1];
        /// <see cref="MqttStatus.UnacceptableProtocolLevel"/> for a version other than 5 (the server may answer CONNACK
        /// 0x84 Unsupported Protocol Version, [MQTT-3.1.2-2]); <see cref="MqttStatus.MalformedConnectFlags"/> reserved
        /// flag set [MQTT-3.1.2-3]; <see cref="MqttStatus.MalformedWillFlags"/> will QoS 3 or will QoS/retain without the
        /// will flag (§3.1.2.6, §3.1.2.7); property statuses of <see cref="Mqtt5Properties.Validate"/> for the CONNECT
        /// and will properties; UTF-8 statuses for client id and user name; topic statuses for the will topic;
        /// <see cref="MqttStatus.MalformedLength"/> for a missing field or bytes left over.
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, Mqtt5Packet packet)
        {
            int end = offset + length;
            int level;
            MqttStatus status = PeekProtocolLevel(buffer, offset, length, out level);
            if (status != MqttStatus.Ok)
            {
                return status == MqttStatus.NeedMoreBytes ? MqttStatus.MalformedLength : status;
            }

            packet.ProtocolLevel = level;
            int nameLength = (buffer[offset] << 8) | buffer[offset + 1];
            if (level != ProtocolLevel5 || nameLength != 4)
            {
                return MqttStatus.UnacceptableProtocolLevel; // [MQTT-3.1.2-2]
            }

            int p = offset + 7;
            int flags;
            int keepAlive;
            status = ConnectPacket.ReadFlags(buffer, ref p, end, out flags, out keepAlive); // reserved bit, will QoS/retain (§3.1.2.3-7)
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            packet.KeepAliveSeconds = keepAlive;
            packet.CleanStart = (flags & FlagCleanStart) != 0;
            packet.WillFlag = (flags & FlagWill) != 0;
            packet.WillQos = (flags >> 3) & 3;
            packet.WillRetain = (flags & FlagWillRetain) != 0;
            packet.HasUserName = (flags & FlagUserName) != 0;
            packet.HasPassword = (flags & FlagPassword) != 0;

            status = Mqtt5Properties.DecodeSection(buffer, p, end, (int)MqttPacketType.Connect, MqttRole.Server, packet.Properties,
                out packet.PropertiesOffset, out packet.PropertiesLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            p = packet.PropertiesOffset + packet.PropertiesLength;
            status = ConnectPacket.ReadString(buffer, p, end, out packet.ClientIdOffset, out packet.ClientIdLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            p = packet.ClientIdOffset + packet.ClientIdLength;
            if (packet.WillFlag)
            {
                status = Mqtt5Properties.DecodeSection(buffer, p, end, Mqtt5Properties.WillContext, MqttRole.Server, packet.WillProperties,
                    out packet.WillPropertiesOffset, out packet.WillPropertiesLength);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                p = packet.WillPropertiesOffset + packet.WillPropertiesLength;
                status = ConnectPacket.ReadWill(buffer, ref p, end, out packet.WillTopicOffset, out packet.WillTopicLength, out packet.WillMessageOffset, out packet.WillMessageLength);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }
            }

            status = ConnectPacket.ReadCredentials(buffer, ref p, end, packet.HasUserName, packet.HasPassword, out packet.UserNameOffset, out packet.UserNameLength,
                out packet.PasswordOffset, out packet.PasswordLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            return p == end ? MqttStatus.Ok : MqttStatus.MalformedLength;
        }
    }
}
