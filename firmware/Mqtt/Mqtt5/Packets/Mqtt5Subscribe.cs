namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 SUBSCRIBE (§3.8): client role encodes, server role decodes. Fixed header 0x82, packet id, properties
    /// (Subscription Identifier, User Property), then one or more entries "topic filter + subscription options byte".
    /// Options byte (§3.8.3.1): bits 1..0 maximum QoS, bit 2 No Local, bit 3 Retain As Published, bits 5..4 Retain
    /// Handling (0 send retained, 1 only for a new subscription, 2 never), bits 7..6 reserved.
    /// </summary>
    /// <remarks>
    /// Several filters without an intermediate list (size first): sum <see cref="EntrySize"/>, <see cref="EncodeHeader"/>,
    /// then <see cref="EncodeEntry"/> per filter. <see cref="Encode"/> does all three for one filter.
    /// </remarks>
    public static class Mqtt5SubscribePacket
    {
        /// <summary>Options bit 2: No Local (do not send the subscriber its own messages).</summary>
        public const int NoLocal = 0x04;

        /// <summary>Options bit 3: Retain As Published (keep the RETAIN flag when forwarding).</summary>
        public const int RetainAsPublished = 0x08;

        /// <summary>Options bits 5..4 shift: Retain Handling 0..2.</summary>
        public const int RetainHandlingShift = 4;

        /// <summary>Builds an options byte from its parts (no check; <see cref="EncodeEntry"/> checks).</summary>
        public static int Options(int maximumQos, bool noLocal, bool retainAsPublished, int retainHandling)
        {
            return maximumQos | (noLocal ? NoLocal : 0) | (retainAsPublished ? RetainAsPublished : 0) | (retainHandling << RetainHandlingShift);
        }

        /// <summary>Bytes one entry takes: 2 + filter length + 1.</summary>
        public static int EntrySize(int filterLength)
        {
            return 3 + filterLength;
        }

        /// <summary>Total SUBSCRIBE size for entries summing to <paramref name="entriesLength"/> bytes; -1 over the limit.</summary>
        public static int Size(int propertiesLength, int entriesLength)
        {
            int section = Mqtt5Wire.PropertiesSize(propertiesLength);
            return entriesLength < 0 || section < 0 ? -1 : FixedHeader.PacketSize(2L + section + entriesLength);
        }

        /// <summary>
        /// Writes fixed header, packet id and properties (valid for SUBSCRIBE); the caller then writes exactly
        /// <paramref name="entriesLength"/> bytes of entries (at least one entry, else <see cref="MqttStatus.MalformedNoTopicFilter"/>).
        /// </summary>
        public static MqttStatus EncodeHeader(byte[] buffer, int offset, int count, int packetId, byte[] properties, int propertiesOffset, int propertiesLength,
            int entriesLength, out int written)
        {
            return Mqtt5ListForm.EncodeHeader(buffer, offset, count, (int)MqttPacketType.Subscribe, packetId, properties, propertiesOffset, propertiesLength,
                entriesLength, 4, out written);
        }

        /// <summary>
        /// Writes one entry; the filter must be valid (<see cref="Topic.ValidateFilter"/>, and the shared form
        /// "$share/name/filter" of §4.8.2 when it starts with "$share/"); options checked as the decoder does
        /// (<see cref="MqttStatus.MalformedSubscriptionOptions"/>).
        /// </summary>
        public static MqttStatus EncodeEntry(byte[] buffer, int offset, int count, byte[] filter, int filterOffset, int filterLength, int options, out int written)
        {
            written = 0;
            if (!MqttWire.IsRange(buffer, offset, count) || filter == null || !MqttWire.IsSourceRange(filter, filterOffset, filterLength) || options < 0 || options > 255)
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = CheckEntry(filter, filterOffset, filterLength, options);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (3 + filterLength > count)
            {
                return MqttStatus.BufferTooSmall;
            }

            int p = MqttWire.PutField(buffer, offset, filter, filterOffset, filterLength);
            buffer[p] = (byte)options;
            written = 3 + filterLength;
            return MqttStatus.Ok;
        }

        /// <summary>Encodes a SUBSCRIBE with one filter; the whole packet must fit. Nothing is written on failure.</summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, int packetId, byte[] properties, int propertiesOffset, int propertiesLength,
            byte[] filter, int filterOffset, int filterLength, int options, out int written)
        {
            written = 0;
            if (filter == null || !MqttWire.IsSourceRange(filter, filterOffset, filterLength) || options < 0 || options > 255)
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = CheckEntry(filter, filterOffset, filterLength, options);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            status = FixedHeader.CheckRoom(buffer, offset, count, Size(propertiesLength, EntrySize(filterLength)));
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int header;
            int entry;
            status = EncodeHeader(buffer, offset, count, packetId, properties, propertiesOffset, propertiesLength, EntrySize(filterLength), out header);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            status = EncodeEntry(buffer, offset + header, count - header, filter, filterOffset, filterLength, options, out entry);
            written = status == MqttStatus.Ok ? header + entry : 0;
            return status;
        }

        /// <summary>
        /// Reads the entry at <paramref name="position"/> of a decoded SUBSCRIBE (start at <see cref="Mqtt5Packet.ItemsOffset"/>);
        /// returns the next position. Only for packets the decoder accepted.
        /// </summary>
        public static int ReadEntry(byte[] buffer, int position, out int filterOffset, out int filterLength, out int options)
        {
            filterLength = (buffer[position] << 8) | buffer[position + 1];
            filterOffset = position + 2;
            options = buffer[filterOffset + filterLength];
            return filterOffset + filterLength + 1;
        }

        /// <summary>
        /// Decodes a SUBSCRIBE body: packet id, properties valid for SUBSCRIBE (one Subscription Identifier at most,
        /// not 0), at least one entry (§3.8.3) (<see cref="MqttStatus.MalformedNoTopicFilter"/>),
        /// each filter UTF-8 and valid (shared form per §4.8.2, <see cref="MqttStatus.MalformedSharedSubscription"/>),
        /// each options byte valid (<see cref="MqttStatus.MalformedSubscriptionOptions"/>).
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttRole role, Mqtt5Packet packet)
        {
            int end = offset + length;
            MqttStatus status = Mqtt5ListForm.DecodeHead(buffer, offset, length, (int)MqttPacketType.Subscribe, role, packet);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = packet.ItemsOffset;
            while (p < end)
            {
                int filterOffset;
                int filterLength;
                status = ConnectPacket.ReadString(buffer, p, end, out filterOffset, out filterLength);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                p = filterOffset + filterLength;
                if (p >= end)
                {
                    return MqttStatus.MalformedLength;
                }

                status = CheckEntry(buffer, filterOffset, filterLength, buffer[p++]);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                packet.ItemCount++;
            }

            return packet.ItemCount == 0 ? MqttStatus.MalformedNoTopicFilter : MqttStatus.Ok;
        }

        /// <summary>
        /// Checks a filter and its options: options bits 7..6 zero and QoS 0..2 (malformed), Retain Handling not 3 and
        /// No Local not on a shared subscription (Protocol Errors, §3.8.3.1); the filter valid, shared ones per §4.8.2.
        /// </summary>
        internal static MqttStatus CheckEntry(byte[] buffer, int filterOffset, int filterLength, int options)
        {
            if ((options & 0xC0) != 0 || (options & 3) == 3 || ((options >> RetainHandlingShift) & 3) == 3)
            {
                return MqttStatus.MalformedSubscriptionOptions;
            }

            int inner;
            MqttStatus status = Mqtt5ListForm.ValidateFilter(buffer, filterOffset, filterLength, out inner);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            return inner > filterOffset && (options & NoLocal) != 0 ? MqttStatus.MalformedSubscriptionOptions : MqttStatus.Ok;
        }
    }

    /// <summary>Shared parts of the MQTT 5 SUBSCRIBE, UNSUBSCRIBE, SUBACK, UNSUBACK: packet id + properties + a list.</summary>
    internal static class Mqtt5ListForm
    {
        internal static MqttStatus DecodePacketId(byte[] buffer, int offset, int length, Mqtt5Packet packet)
        {
            if (length < 2)
            {
                return MqttStatus.MalformedLength;
            }

            packet.PacketId = (buffer[offset] << 8) | buffer[offset + 1];
            return packet.PacketId == 0 ? MqttStatus.MalformedPacketId : MqttStatus.Ok;
        }

        /// <summary>Packet id + property section; the list starts after it (<see cref="Mqtt5Packet.ItemsOffset"/>, <see cref="Mqtt5Packet.ItemsLength"/>).</summary>
        internal static MqttStatus DecodeHead(byte[] buffer, int offset, int length, int type, MqttRole role, Mqtt5Packet packet)
        {
            MqttStatus status = DecodePacketId(buffer, offset, length, packet);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int end = offset + length;
            status = Mqtt5Properties.DecodeSection(buffer, offset + 2, end, type, role, packet.Properties, out packet.PropertiesOffset, out packet.PropertiesLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            packet.ItemsOffset = packet.PropertiesOffset + packet.PropertiesLength;
            packet.ItemsLength = end - packet.ItemsOffset;
            return MqttStatus.Ok;
        }

        internal static MqttStatus EncodeHeader(byte[] buffer, int offset, int count, int type, int packetId, byte[] properties, int propertiesOffset, int propertiesLength,
            int entriesLength, int minEntry, out int written)
        {
            written = 0;
            if (packetId < 1 || packetId > 65535)
            {
                return MqttStatus.MalformedPacketId;
            }

            if (entriesLength < minEntry)
            {
                return type == (int)MqttPacketType.SubAck || type == (int)MqttPacketType.UnsubAck ? MqttStatus.MalformedReasonCode : MqttStatus.MalformedNoTopicFilter;
            }

            MqttStatus status = Mqtt5Properties.CheckForEncode(properties, propertiesOffset, propertiesLength, type);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int section = Mqtt5Wire.PropertiesSize(propertiesLength);
            int size = FixedHeader.PacketSize(2L + section + entriesLength);
            status = FixedHeader.CheckRoom(buffer, offset, count, size < 0 ? -1 : size - entriesLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = FixedHeader.Put(buffer, offset, type, FixedHeader.RequiredFlags(type), 2 + section + entriesLength);
            p = MqttWire.PutTwoByteInteger(buffer, p, packetId);
            written = Mqtt5Wire.PutProperties(buffer, p, properties, propertiesOffset, propertiesLength) - offset;
            return MqttStatus.Ok;
        }

        /// <summary>
        /// Validates a topic filter, including the shared form "$share/{ShareName}/{filter}" (§4.8.2): ShareName at least
        /// one character without '/', '+', '#', followed by '/' and a valid filter. <paramref name="inner"/> = start of the
        /// filter proper (= <paramref name="offset"/> for a non-shared filter).
        /// </summary>
        internal static MqttStatus ValidateFilter(byte[] buffer, int offset, int length, out int inner)
        {
            inner = offset;
            MqttStatus status = Topic.ValidateFilter(buffer, offset, length);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (length < 7 || buffer[offset] != '$' || buffer[offset + 1] != 's' || buffer[offset + 2] != 'h' || buffer[offset + 3] != 'a'
                || buffer[offset + 4] != 'r' || buffer[offset + 5] != 'e' || buffer[offset + 6] != '/')
            {
                return MqttStatus.Ok;
            }

            int end = offset + length;
            int p = offset + 7;
            while (p < end && buffer[p] != '/')
            {
                if (buffer[p] == '+' || buffer[p] == '#')
                {
                    return MqttStatus.MalformedSharedSubscription;
                }

                p++;
            }

            if (p == offset + 7 || p + 1 >= end)
            {
                return MqttStatus.MalformedSharedSubscription; // empty share name, or no filter after it
            }

            inner = p + 1;
            return Topic.ValidateFilter(buffer, inner, end - inner) == MqttStatus.Ok ? MqttStatus.Ok : MqttStatus.MalformedSharedSubscription;
        }

        /// <summary>Checks a SUBACK / UNSUBACK reason code list: at least one, each valid for the type.</summary>
        internal static MqttStatus CheckCodes(byte[] codes, int offset, int count, MqttPacketType type)
        {
            if (count < 1)
            {
                return MqttStatus.MalformedReasonCode;
            }

            for (int i = offset; i < offset + count; i++)
            {
                if (!Mqtt5ReasonCodes.IsValidFor(type, codes[i]))
                {
                    return MqttStatus.MalformedReasonCode;
                }
            }

            return MqttStatus.Ok;
        }
    }
}
