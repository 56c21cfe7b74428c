namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 UNSUBSCRIBE (§3.10): client role encodes, server role decodes. Fixed header 0xA2, packet id, properties
    /// (User Property only), then one or more topic filters (UTF-8 strings).
    /// </summary>
    public static class Mqtt5UnsubscribePacket
    {
        /// <summary>Bytes one entry takes: 2 + filter length.</summary>
        public static int EntrySize(int filterLength)
        {
            return 2 + filterLength;
        }

        /// <summary>Total UNSUBSCRIBE size; -1 over the limit.</summary>
        public static int Size(int propertiesLength, int entriesLength)
        {
            return Mqtt5SubscribePacket.Size(propertiesLength, entriesLength);
        }

        /// <summary>Writes fixed header, packet id and properties; the caller then writes exactly <paramref name="entriesLength"/> bytes of entries (at least one).</summary>
        public static MqttStatus EncodeHeader(byte[] buffer, int offset, int count, int packetId, byte[] properties, int propertiesOffset, int propertiesLength,
            int entriesLength, out int written)
        {
            return Mqtt5ListForm.EncodeHeader(buffer, offset, count, (int)MqttPacketType.Unsubscribe, packetId, properties, propertiesOffset, propertiesLength,
                entriesLength, 3, out written);
        }

        /// <summary>Writes one filter (valid per <see cref="Topic.ValidateFilter"/> and §4.8.2 for a shared one).</summary>
        public static MqttStatus EncodeEntry(byte[] buffer, int offset, int count, byte[] filter, int filterOffset, int filterLength, out int written)
        {
            written = 0;
            if (!MqttWire.IsRange(buffer, offset, count) || filter == null || !MqttWire.IsSourceRange(filter, filterOffset, filterLength))
            {
                return MqttStatus.InvalidArgument;
            }

            int inner;
            MqttStatus status = Mqtt5ListForm.ValidateFilter(filter, filterOffset, filterLength, out inner);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            if (2 + filterLength > count)
            {
                return MqttStatus.BufferTooSmall;
            }

            written = MqttWire.PutField(buffer, offset, filter, filterOffset, filterLength) - offset;
            return MqttStatus.Ok;
        }

        /// <summary>Encodes an UNSUBSCRIBE with one filter; the whole packet must fit. Nothing is written on failure.</summary>
        public static MqttStatus Encode(byte[] buffer, int offset, int count, int packetId, byte[] properties, int propertiesOffset, int propertiesLength,
            byte[] filter, int filterOffset, int filterLength, out int written)
        {
            written = 0;
            if (filter == null || !MqttWire.IsSourceRange(filter, filterOffset, filterLength))
            {
                return MqttStatus.InvalidArgument;
            }

            int inner;
            MqttStatus status = Mqtt5ListForm.ValidateFilter(filter, filterOffset, filterLength, out inner);
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
            status = EncodeHeader(buffer, offset, count, packetId, properties, propertiesOffset, propertiesLength, EntrySize(filterLength), out header);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int entry;
            status = EncodeEntry(buffer, offset + header, count - header, filter, filterOffset, filterLength, out entry);
            written = status == MqttStatus.Ok ? header + entry : 0;
            return status;
        }

        /// <summary>Reads the filter at <paramref name="position"/> of a decoded UNSUBSCRIBE; returns the next position. Only for packets the decoder accepted.</summary>
        public static int ReadEntry(byte[] buffer, int position, out int filterOffset, out int filterLength)
        {
            filterLength = (buffer[position] << 8) | buffer[position + 1];
            filterOffset = position + 2;
            return filterOffset + filterLength;
        }

        /// <summary>
        /// Decodes an UNSUBSCRIBE body: packet id, properties valid for UNSUBSCRIBE, at least one filter (§3.10.3,
        /// <see cref="MqttStatus.MalformedNoTopicFilter"/>), each UTF-8 and a valid filter (shared form per §4.8.2).
        /// </summary>
        internal static MqttStatus DecodeBody(byte[] buffer, int offset, int length, MqttRole role, Mqtt5Packet packet)
        {
            int end = offset + length;
            MqttStatus status = Mqtt5ListForm.DecodeHead(buffer, offset, length, (int)MqttPacketType.Unsubscribe, role, packet);
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

                int inner;
                status = Mqtt5ListForm.ValidateFilter(buffer, filterOffset, filterLength, out inner);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                p = filterOffset + filterLength;
                packet.ItemCount++;
            }

            return packet.ItemCount == 0 ? MqttStatus.MalformedNoTopicFilter : MqttStatus.Ok;
        }
    }
}
