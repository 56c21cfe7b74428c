namespace NanoNode.Mqtt
{
    /// <summary>
    /// CONNECT (§3.1): client role encodes, server role decodes. Variable header: protocol name "MQTT", level 4,
    /// connect flags, keep alive; payload: client id, [will topic, will message], [user name], [password] [MQTT-3.1.3-1].
    /// </summary>
    public static class ConnectPacket
    {
        /// <summary>The protocol level of MQTT 3.1.1 (§3.1.2.2).</summary>
        public const int ProtocolLevel311 = 4;

        private const int VariableHeaderLength = 10; // 00 04 'M' 'Q' 'T' 'T', level, flags, keep alive (2)

        private const int FlagCleanSession = 0x02;
        private const int FlagWill = 0x04;
        private const int FlagWillRetain = 0x20;
        private const int FlagPassword = 0x40;
        private const int FlagUserName = 0x80;

        // ================================================================ client role: size + encode

        /// <summary>
        /// Total CONNECT size in bytes for the given field lengths; a negative <paramref name="willTopicLength"/>,
        /// <paramref name="userNameLength"/> or <paramref name="passwordLength"/> means "absent" (the will message is
        /// then ignored). -1 when a field is over 65,535 bytes.
        /// </summary>
        public static int Size(int clientIdLength, int willTopicLength, int willMessageLength, int userNameLength, int passwordLength)
        {
            int remaining = RemainingLength(clientIdLength, willTopicLength, willMessageLength, userNameLength, passwordLength);
            return remaining < 0 ? -1 : FixedHeader.PacketSize(remaining);
        }

        private static int RemainingLength(int clientIdLength, int willTopicLength, int willMessageLength, int userNameLength, int passwordLength)
        {
            if (clientIdLength < 0 || clientIdLength > MqttWire.MaxStringLength || willTopicLength > MqttWire.MaxStringLength
                || userNameLength > MqttWire.MaxStringLength || passwordLength > MqttWire.MaxStringLength)
            {
                return -1;
            }

            int remaining = VariableHeaderLength + 2 + clientIdLength;
            if (willTopicLength >= 0)
            {
                if (willMessageLength < 0 || willMessageLength > MqttWire.MaxStringLength)
                {
                    return -1;
                }

                remaining += 2 + willTopicLength + 2 + willMessageLength;
            }

            if (userNameLength >= 0)
            {
                remaining += 2 + userNameLength;
            }

            if (passwordLength >= 0)
            {
                remaining += 2 + passwordLength;
            }

            return remaining;
        }

        /// <summary>
        /// Encodes CONNECT at <paramref name="offset"/> within <paramref name="count"/> bytes; <paramref name="written"/> = its size.
        /// Arrays are used whole; null <paramref name="willTopic"/> / <paramref name="userName"/> / <paramref name="password"/>
        /// leave the field and its flag out (a null <paramref name="willMessage"/> with a will topic is an empty message).
        /// Checks before writing (nothing written on failure): client id and user name UTF-8 [MQTT-3.1.3-4]
        /// [MQTT-3.1.3-11], will topic a valid topic name [MQTT-3.1.3-10], <paramref name="willQos"/> 0..2 [MQTT-3.1.2-12]
        /// (<see cref="MqttStatus.MalformedWillFlags"/>), password only with a user name [MQTT-3.1.2-22]
        /// (<see cref="MqttStatus.MalformedCredentialFlags"/>), <paramref name="keepAliveSeconds"/> 0..65535
        /// (<see cref="MqttStatus.InvalidArgument"/>), fields at most 65,535 bytes.
        /// </summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, byte[] clientId, byte[] willTopic, byte[] willMessage, int willQos, bool willRetain,
            byte[] userName, byte[] password, bool cleanSession, int keepAliveSeconds, out int written)
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

            int flags = cleanSession ? FlagCleanSession : 0;
            int willTopicLength = -1;
            int willMessageLength = 0;
            if (willTopic != null)
            {
                status = Topic.ValidateName(willTopic, 0, willTopic.Length);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                if (willQos < 0 || willQos > 2)
                {
                    return MqttStatus.MalformedWillFlags;
                }

                willTopicLength = willTopic.Length;
                willMessageLength = willMessage == null ? 0 : willMessage.Length;
                flags |= FlagWill | (willQos << 3) | (willRetain ? FlagWillRetain : 0);
            }

            int userNameLength = -1;
            if (userName != null)
            {
                status = MqttWire.ValidateUtf8(userName, 0, userName.Length);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                userNameLength = userName.Length;
                flags |= FlagUserName;
            }

            int passwordLength = -1;
            if (password != null)
            {
                if (userName == null)
                {
                    return MqttStatus.MalformedCredentialFlags; // [MQTT-3.1.2-22]
                }

                passwordLength = password.Length;
                flags |= FlagPassword;
            }

            int remaining = RemainingLength(clientId.Length, willTopicLength, willMessageLength, userNameLength, passwordLength);
            if (remaining < 0)
            {
                return MqttStatus.StringTooLong;
            }

            status = FixedHeader.CheckRoom(buffer, offset, count, FixedHeader.PacketSize(remaining));
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = FixedHeader.Put(buffer, offset, (int)MqttPacketType.Connect, 0, remaining);
            p = MqttWire.PutTwoByteInteger(buffer, p, 4);
            buffer[p++] = (byte)'M';
            buffer[p++] = (byte)'Q';
            buffer[p++] = (byte)'T';
            buffer[p++] = (byte)'T';
            buffer[p++] = ProtocolLevel311;
            buffer[p++] = (byte)flags;
            p = MqttWire.PutTwoByteInteger(buffer, p, keepAliveSeconds);
            p = MqttWire.PutField(buffer, p, clientId, 0, clientId.Length);
            if (willTopic != null)
            {
                p = MqttWire.PutField(buffer, p, willTopic, 0, willTopicLength);
                p = MqttWire.PutField(buffer, p, willMessage, 0, willMessageLength);
            }

            if (userName != null)
            {
                p = MqttWire.PutField(buffer, p, userName, 0, userNameLength);
            }

            if (password != null)
            {
                p = MqttWire.PutField(buffer, p, password, 0, passwordLength);
            }

            written = p - offset;
            return MqttStatus.Ok;
        }

        // ================================================================ server role: decode

        /// <summary>
        /// Decodes a CONNECT body (<paramref name="length"/> bytes at <paramref name="offset"/>) into <paramref name="packet"/>.
        /// Statuses: <see cref="MqttStatus.MalformedProtocolName"/> [MQTT-3.1.2-1]; <see cref="MqttStatus.UnacceptableProtocolLevel"/>
        /// for a level other than 4 and for MQTT 3.1's "MQIsdp" name, so the server can answer CONNACK 0x01 [MQTT-3.1.2-2];
        /// <see cref="MqttStatus.MalformedConnectFlags"/> [MQTT-3.1.2-3]; <see cref="MqttStatus.MalformedWillFlags"/>
        /// [MQTT-3.1.2-11] [MQTT-3.1.2-12] [MQTT-3.1.2-13]; <see cref="MqttStatus.MalformedCredentialFlags"/> [MQTT-3.1.2-22];
        /// UTF-8 statuses for client id / user name [MQTT-3.1.3-4] [MQTT-3.1.3-11], topic statuses for the will topic;
        /// <see cref="MqttStatus.MalformedLength"/> when a present field is missing [MQTT-3.1.2-9] [MQTT-3.1.2-19] [MQTT-3.1.2-21]
        /// or bytes are left over.
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttPacket packet)
        {
            int end = offset + length;
            int nameOffset;
            int nameLength;
            MqttStatus status = MqttWire.ReadBinary(buffer, offset, length, out nameOffset, out nameLength);
            if (status != MqttStatus.Ok)
            {
                return MqttStatus.MalformedLength;
            }

            int p = nameOffset + nameLength;
            if (p >= end)
            {
                return MqttStatus.MalformedLength;
            }

            packet.ProtocolLevel = buffer[p++];
            bool isMqtt = nameLength == 4 && buffer[nameOffset] == 'M' && buffer[nameOffset + 1] == 'Q' && buffer[nameOffset + 2] == 'T' && buffer[nameOffset + 3] == 'T';
            if (!isMqtt)
            {
                bool isMqIsdp = nameLength == 6 && buffer[nameOffset] == 'M' && buffer[nameOffset + 1] == 'Q' && buffer[nameOffset + 2] == 'I'
                    && buffer[nameOffset + 3] == 's' && buffer[nameOffset + 4] == 'd' && buffer[nameOffset + 5] == 'p';
                return isMqIsdp ? MqttStatus.UnacceptableProtocolLevel : MqttStatus.MalformedProtocolName;
            }

            if (packet.ProtocolLevel != ProtocolLevel311)
            {
                return MqttStatus.UnacceptableProtocolLevel; // [MQTT-3.1.2-2]
            }

            int flags;
            int keepAlive;
            status = ReadFlags(buffer, ref p, end, out flags, out keepAlive);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            packet.KeepAliveSeconds = keepAlive;
            packet.CleanSession = (flags & FlagCleanSession) != 0;
            packet.WillFlag = (flags & FlagWill) != 0;
            packet.WillQos = (flags >> 3) & 3;
            packet.WillRetain = (flags & FlagWillRetain) != 0;
            packet.HasUserName = (flags & FlagUserName) != 0;
            packet.HasPassword = (flags & FlagPassword) != 0;

            if (packet.HasPassword && !packet.HasUserName)
            {
                return MqttStatus.MalformedCredentialFlags; // [MQTT-3.1.2-22]
            }

            // Payload fields in the order of [MQTT-3.1.3-1]; each present flag requires its field.
            status = ReadString(buffer, p, end, out packet.ClientIdOffset, out packet.ClientIdLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            p = packet.ClientIdOffset + packet.ClientIdLength;
            if (packet.WillFlag)
            {
                status = ReadWill(buffer, ref p, end, out packet.WillTopicOffset, out packet.WillTopicLength, out packet.WillMessageOffset, out packet.WillMessageLength);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }
            }

            status = ReadCredentials(buffer, ref p, end, packet.HasUserName, packet.HasPassword, out packet.UserNameOffset, out packet.UserNameLength,
                out packet.PasswordOffset, out packet.PasswordLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            return p == end ? MqttStatus.Ok : MqttStatus.MalformedLength;
        }

        /// <summary>
        /// Reads the Connect Flags byte and the Keep Alive that follow the protocol level (3.1.1 §3.1.2.3-10, 5.0
        /// §3.1.2.3-10; the bit layout is the same in both) from <paramref name="p"/>; on Ok <paramref name="p"/> is past
        /// them. <see cref="MqttStatus.MalformedConnectFlags"/> for the reserved bit [MQTT-3.1.2-3];
        /// <see cref="MqttStatus.MalformedWillFlags"/> for will QoS 3, or will QoS/retain without the will flag
        /// [MQTT-3.1.2-11] [MQTT-3.1.2-12] [MQTT-3.1.2-13]. Shared by the 3.1.1 and 5.0 decoders.
        /// </summary>
        internal static MqttStatus ReadFlags(byte[] buffer, ref int p, int end, out int flags, out int keepAliveSeconds)
        {
            flags = 0;
            keepAliveSeconds = 0;
            if (end - p < 3)
            {
                return MqttStatus.MalformedLength;
            }

            flags = buffer[p];
            keepAliveSeconds = (buffer[p + 1] << 8) | buffer[p + 2];
            p += 3;
            if ((flags & 0x01) != 0)
            {
                return MqttStatus.MalformedConnectFlags;
            }

            int willQos = (flags >> 3) & 3;
            bool will = (flags & FlagWill) != 0;
            if (willQos == 3 || (!will && (willQos != 0 || (flags & FlagWillRetain) != 0)))
            {
                return MqttStatus.MalformedWillFlags;
            }

            return MqttStatus.Ok;
        }

        /// <summary>
        /// Reads the will topic (a valid topic name) and the will message (binary) of a CONNECT payload from
        /// <paramref name="p"/> (3.1.1 §3.1.3.2-3; 5.0 §3.1.3.3-4, after the will properties); on Ok <paramref name="p"/>
        /// is past both. A field running past <paramref name="end"/> is <see cref="MqttStatus.MalformedLength"/>. Shared by
        /// the 3.1.1 and 5.0 decoders.
        /// </summary>
        internal static MqttStatus ReadWill(byte[] buffer, ref int p, int end, out int topicOffset, out int topicLength, out int messageOffset, out int messageLength)
        {
            messageOffset = 0;
            messageLength = 0;
            if (MqttWire.ReadBinary(buffer, p, end - p, out topicOffset, out topicLength) != MqttStatus.Ok)
            {
                return MqttStatus.MalformedLength;
            }

            MqttStatus status = Topic.ValidateName(buffer, topicOffset, topicLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            p = topicOffset + topicLength;
            if (MqttWire.ReadBinary(buffer, p, end - p, out messageOffset, out messageLength) != MqttStatus.Ok)
            {
                return MqttStatus.MalformedLength;
            }

            p = messageOffset + messageLength;
            return MqttStatus.Ok;
        }

        /// <summary>
        /// Reads the user name (UTF-8) and the password (binary) of a CONNECT payload from <paramref name="p"/>, each only
        /// when its flag is set (3.1.1 §3.1.3.4-5; 5.0 §3.1.3.5-6); on Ok <paramref name="p"/> is past them. Absent fields
        /// leave offset and length 0. Shared by the 3.1.1 and 5.0 decoders.
        /// </summary>
        internal static MqttStatus ReadCredentials(byte[] buffer, ref int p, int end, bool hasUserName, bool hasPassword, out int userNameOffset, out int userNameLength,
            out int passwordOffset, out int passwordLength)
        {
            userNameOffset = 0;
            userNameLength = 0;
            passwordOffset = 0;
            passwordLength = 0;
            if (hasUserName)
            {
                MqttStatus status = ReadString(buffer, p, end, out userNameOffset, out userNameLength);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                p = userNameOffset + userNameLength;
            }

            if (hasPassword)
            {
                if (MqttWire.ReadBinary(buffer, p, end - p, out passwordOffset, out passwordLength) != MqttStatus.Ok)
                {
                    return MqttStatus.MalformedLength;
                }

                p = passwordOffset + passwordLength;
            }

            return MqttStatus.Ok;
        }

        // A UTF-8 string field inside a complete packet: running past the end is MalformedLength, not NeedMoreBytes.
        internal static MqttStatus ReadString(byte[] buffer, int p, int end, out int stringOffset, out int stringLength)
        {
            MqttStatus status = MqttWire.ReadUtf8String(buffer, p, end - p, out stringOffset, out stringLength);
            return status == MqttStatus.NeedMoreBytes ? MqttStatus.MalformedLength : status;
        }
    }
}
