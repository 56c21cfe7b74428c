namespace NanoNode.Mqtt
{
    /// <summary>
    /// SUBSCRIBE (§3.8): client role encodes, server role decodes. Fixed header 0x82 (flags 0010 [MQTT-3.8.1-1]),
    /// packet id, then one or more entries "topic filter (UTF-8 string) + requested QoS byte" [MQTT-3.8.3-3].
    /// </summary>
    /// <remarks>
    /// Encoding several filters without an intermediate list, size first (coreMQTT style):
    /// sum <see cref="EntrySize"/> over the filters, <see cref="EncodeHeader"/> with that sum, then
    /// <see cref="EncodeEntry"/> once per filter right after. <see cref="Encode"/> does all three for one filter.
    /// </remarks>
    public static class SubscribePacket
    {
        // ================================================================ client role: size + encode

        /// <summary>Bytes one entry takes: 2 + <paramref name="filterLength"/> + 1 (QoS byte).</summary>
        public static int EntrySize(int filterLength)
        {
            return 3 + filterLength;
        }

        /// <summary>Total SUBSCRIBE size for entries summing to <paramref name="entriesLength"/> bytes; -1 over the protocol limit.</summary>
        public static int Size(int entriesLength)
        {
            return entriesLength < 0 ? -1 : FixedHeader.PacketSize(2L + entriesLength);
        }

        /// <summary>
        /// Writes the fixed header and packet id of a SUBSCRIBE whose entries (<paramref name="entriesLength"/> bytes, at
        /// least one entry) the caller writes next with <see cref="EncodeEntry"/>; <paramref name="written"/> = header bytes
        /// (fixed header + 2). Packet id 1..65535 [MQTT-2.3.1-1] (<see cref="MqttStatus.MalformedPacketId"/>); no entries
        /// (<paramref name="entriesLength"/> &lt; 4) is <see cref="MqttStatus.MalformedNoTopicFilter"/> [MQTT-3.8.3-3].
        /// The caller must then write exactly <paramref name="entriesLength"/> bytes of entries.
        /// </summary>
        public static MqttStatus EncodeHeader(byte[] buffer, int offset, int count, int packetId, int entriesLength, out int written)
        {
            return ListForm.EncodeHeader(buffer, offset, count, (int)MqttPacketType.Subscribe, packetId, entriesLength, 4, out written);
        }

        /// <summary>
        /// Writes one entry (filter + requested QoS) at <paramref name="offset"/>; <paramref name="written"/> = <see cref="EntrySize"/>.
        /// The filter must pass <see cref="Topic.ValidateFilter"/>; <paramref name="requestedQos"/> 0..2 (<see cref="MqttStatus.MalformedRequestedQos"/> [MQTT-3-8.3-4]).
        /// </summary>
        public static MqttStatus EncodeEntry(byte[] buffer, int offset, int count, byte[] filter, int filterOffset, int filterLength, int requestedQos, out int written)
        {
            written = 0;
            if (requestedQos < 0 || requestedQos > 2)
            {
                return MqttStatus.MalformedRequestedQos;
            }

            MqttStatus status = ListForm.CheckEntry(buffer, offset, count, filter, filterOffset, filterLength, 3);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = MqttWire.PutField(buffer, offset, filter, filterOffset, filterLength);
            buffer[p] = (byte)requestedQos;
            written = 3 + filterLength;
            return MqttStatus.Ok;
        }

        /// <summary>Encodes a SUBSCRIBE with one filter (header + one entry); the whole packet must fit in <paramref name="count"/>. Nothing is written on failure.</summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, int packetId, byte[] filter, int filterOffset, int filterLength, int requestedQos, out int written)
        {
            written = 0;
            if (requestedQos < 0 || requestedQos > 2)
            {
                return MqttStatus.MalformedRequestedQos;
            }

            MqttStatus status = MqttWire.IsSourceRange(filter, filterOffset, filterLength) && filter != null
                ? Topic.ValidateFilter(filter, filterOffset, filterLength) : MqttStatus.InvalidArgument;
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            status = FixedHeader.CheckRoom(buffer, offset, count, Size(EntrySize(filterLength)));
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int header;
            int entry;
            status = EncodeHeader(buffer, offset, count, packetId, EntrySize(filterLength), out header);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            status = EncodeEntry(buffer, offset + header, count - header, filter, filterOffset, filterLength, requestedQos, out entry);
            written = status == MqttStatus.Ok ? header + entry : 0;
            return status;
        }

        // ================================================================ server role: decode

        /// <summary>
        /// Reads the entry at <paramref name="position"/> of a decoded SUBSCRIBE (start at <see cref="MqttPacket.ItemsOffset"/>);
        /// returns the next entry's position (stop at <see cref="MqttPacket.ItemsOffset"/> + <see cref="MqttPacket.ItemsLength"/>).
        /// Only for packets <see cref="MqttDecoder.Decode"/> accepted: the entries were validated there.
        /// </summary>
        public static int ReadFilter(byte[] buffer, int position, out int filterOffset, out int filterLength, out int requestedQos)
        {
            filterLength = (buffer[position] << 8) | buffer[position + 1];
            filterOffset = position + 2;
            requestedQos = buffer[filterOffset + filterLength];
            return filterOffset + filterLength + 1;
        }

        /// <summary>
        /// Decodes a SUBSCRIBE body: packet id (missing: <see cref="MqttStatus.MalformedLength"/>; 0: <see cref="MqttStatus.MalformedPacketId"/>
        /// [MQTT-2.3.1-1]); at least one entry [MQTT-3.8.3-3] (<see cref="MqttStatus.MalformedNoTopicFilter"/>); each filter
        /// UTF-8 [MQTT-3.8.3-1] and valid (<see cref="Topic.ValidateFilter"/>); each QoS byte with reserved bits 0 and QoS
        /// 0..2 [MQTT-3-8.3-4] (<see cref="MqttStatus.MalformedRequestedQos"/>); an entry cut by the end: MalformedLength.
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttPacket packet)
        {
            MqttStatus status = ListForm.DecodePacketId(buffer, offset, length, packet);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int end = offset + length;
            int p = offset + 2;
            while (p < end)
            {
                int filterOffset;
                int filterLength;
                status = ListForm.ReadFilter(buffer, p, end, out filterOffset, out filterLength);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                p = filterOffset + filterLength;
                if (p >= end)
                {
                    return MqttStatus.MalformedLength;
                }

                if (buffer[p++] > 2)
                {
                    return MqttStatus.MalformedRequestedQos; // reserved bits 7..2 set, or QoS 3 [MQTT-3-8.3-4]
                }

                packet.ItemCount++;
            }

            return ListForm.Finish(offset, length, packet);
        }
    }

    /// <summary>Shared parts of SUBSCRIBE and UNSUBSCRIBE: packet id + a list of topic filter entries.</summary>
    internal static class ListForm
    {
        internal static MqttStatus EncodeHeader(byte[] buffer, int offset, int count, int type, int packetId, int entriesLength, int minEntry, out int written)
        {
            written = 0;
            if (packetId < 1 || packetId > 65535)
            {
                return MqttStatus.MalformedPacketId; // [MQTT-2.3.1-1]
            }

            if (entriesLength < minEntry)
            {
                return MqttStatus.MalformedNoTopicFilter; // [MQTT-3.8.3-3] [MQTT-3.10.3-2]
            }

            int size = FixedHeader.PacketSize(2L + entriesLength);
            MqttStatus status = FixedHeader.CheckRoom(buffer, offset, count, size < 0 ? -1 : size - entriesLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int p = FixedHeader.Put(buffer, offset, type, 2, 2 + entriesLength);
            written = MqttWire.PutTwoByteInteger(buffer, p, packetId) - offset;
            return MqttStatus.Ok;
        }

        internal static MqttStatus CheckEntry(byte[] buffer, int offset, int count, byte[] filter, int filterOffset, int filterLength, int overhead)
        {
            if (!MqttWire.IsRange(buffer, offset, count) || filter == null || !MqttWire.IsSourceRange(filter, filterOffset, filterLength))
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = Topic.ValidateFilter(filter, filterOffset, filterLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            return overhead + filterLength > count ? MqttStatus.BufferTooSmall : MqttStatus.Ok;
        }

        internal static MqttStatus DecodePacketId(byte[] buffer, int offset, int length, MqttPacket packet)
        {
            if (length < 2)
            {
                return MqttStatus.MalformedLength;
            }

            packet.PacketId = (buffer[offset] << 8) | buffer[offset + 1];
            return packet.PacketId == 0 ? MqttStatus.MalformedPacketId : MqttStatus.Ok; // [MQTT-2.3.1-1]
        }

        internal static MqttStatus ReadFilter(byte[] buffer, int p, int end, out int filterOffset, out int filterLength)
        {
            MqttStatus status = ConnectPacket.ReadString(buffer, p, end, out filterOffset, out filterLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            return Topic.ValidateFilter(buffer, filterOffset, filterLength);
        }

        internal static MqttStatus Finish(int offset, int length, MqttPacket packet)
        {
            if (packet.ItemCount == 0)
            {
                return MqttStatus.MalformedNoTopicFilter; // [MQTT-3.8.3-3] [MQTT-3.10.3-2]
            }

            packet.ItemsOffset = offset + 2;
            packet.ItemsLength = length - 2;
            return MqttStatus.Ok;
        }
    }
}
