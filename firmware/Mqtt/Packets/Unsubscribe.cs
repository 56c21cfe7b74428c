namespace NanoNode.Mqtt
{
    /// <summary>
    /// UNSUBSCRIBE (§3.10): client role encodes, server role decodes. Fixed header 0xA2 (flags 0010 [MQTT-3.10.1-1]),
    /// packet id, then one or more topic filters (UTF-8 strings) [MQTT-3.10.3-2]. Several filters: sum
    /// <see cref="EntrySize"/>, <see cref="EncodeHeader"/>, then <see cref="EncodeEntry"/> per filter.
    /// </summary>
    public static class UnsubscribePacket
    {
        // ================================================================ client role: size + encode

        /// <summary>Bytes one entry takes: 2 + <paramref name="filterLength"/>.</summary>
        public static int EntrySize(int filterLength)
        {
            return 2 + filterLength;
        }

        /// <summary>Total UNSUBSCRIBE size for entries summing to <paramref name="entriesLength"/> bytes; -1 over the protocol limit.</summary>
        public static int Size(int entriesLength)
        {
            return entriesLength < 0 ? -1 : FixedHeader.PacketSize(2L + entriesLength);
        }

        /// <summary>
        /// Writes the fixed header and packet id; <paramref name="written"/> = header bytes. Packet id 1..65535
        /// [MQTT-2.3.1-1]; no entries (<paramref name="entriesLength"/> &lt; 3) is <see cref="MqttStatus.MalformedNoTopicFilter"/>
        /// [MQTT-3.10.3-2]. The caller must then write exactly <paramref name="entriesLength"/> bytes of entries.
        /// </summary>
        public static MqttStatus EncodeHeader(byte[] buffer, int offset, int count, int packetId, int entriesLength, out int written)
        {
            return ListForm.EncodeHeader(buffer, offset, count, (int)MqttPacketType.Unsubscribe, packetId, entriesLength, 3, out written);
        }

        /// <summary>Writes one filter entry; the filter must pass <see cref="Topic.ValidateFilter"/>; <paramref name="written"/> = <see cref="EntrySize"/>.</summary>
        public static MqttStatus EncodeEntry(byte[] buffer, int offset, int count, byte[] filter, int filterOffset, int filterLength, out int written)
        {
            written = 0;
            MqttStatus status = ListForm.CheckEntry(buffer, offset, count, filter, filterOffset, filterLength, 2);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            written = MqttWire.PutField(buffer, offset, filter, filterOffset, filterLength) - offset;
            return MqttStatus.Ok;
        }

        /// <summary>Encodes an UNSUBSCRIBE with one filter; the whole packet must fit in <paramref name="count"/>. Nothing is written on failure.</summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, int packetId, byte[] filter, int filterOffset, int filterLength, out int written)
        {
            written = 0;
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

            EncodeEntry(buffer, offset + header, count - header, filter, filterOffset, filterLength, out entry);
            written = header + entry;
            return MqttStatus.Ok;
        }

        // ================================================================ server role: decode

        /// <summary>
        /// Reads the filter at <paramref name="position"/> of a decoded UNSUBSCRIBE (start at <see cref="MqttPacket.ItemsOffset"/>);
        /// returns the next position (stop at <see cref="MqttPacket.ItemsOffset"/> + <see cref="MqttPacket.ItemsLength"/>).
        /// </summary>
        public static int ReadFilter(byte[] buffer, int position, out int filterOffset, out int filterLength)
        {
            filterLength = (buffer[position] << 8) | buffer[position + 1];
            filterOffset = position + 2;
            return filterOffset + filterLength;
        }

        /// <summary>
        /// Decodes an UNSUBSCRIBE body: packet id (MalformedLength / <see cref="MqttStatus.MalformedPacketId"/> [MQTT-2.3.1-1]),
        /// at least one filter [MQTT-3.10.3-2] (<see cref="MqttStatus.MalformedNoTopicFilter"/>), each UTF-8 [MQTT-3.10.3-1]
        /// and a valid filter; a filter cut by the end: <see cref="MqttStatus.MalformedLength"/>.
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
                packet.ItemCount++;
            }

            return ListForm.Finish(offset, length, packet);
        }
    }
}
