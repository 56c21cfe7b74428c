namespace NanoNode.Mqtt
{
    /// <summary>
    /// What a server does to the properties of a PUBLISH it forwards to a subscriber (§3.3.2.3, §3.3.4), as one
    /// allocation-free copy into a <see cref="Mqtt5PropertyWriter"/>: the application's properties go through unaltered,
    /// the per-hop ones are dropped or recomputed.
    /// </summary>
    public static class Mqtt5Forwarding
    {
        /// <summary>
        /// Copies the validated PUBLISH properties <paramref name="source"/>[<paramref name="offset"/>..+<paramref name="length"/>)
        /// into <paramref name="writer"/> (appending), in their original order:
        /// <list type="bullet">
        /// <item>kept unaltered: Payload Format Indicator (§3.3.2.3.2), Content Type (§3.3.2.3.9), Response Topic
        /// (§3.3.2.3.5), Correlation Data (§3.3.2.3.6), every User Property in order (§3.3.2.3.7);</item>
        /// <item>Message Expiry Interval: written as <paramref name="remainingExpirySeconds"/>, the received value minus the
        /// time the message waited in the server (§3.3.2.3.3); a negative value keeps the received one;</item>
        /// <item>dropped: Topic Alias (it belongs to one connection, §3.3.2.3.4) and Subscription Identifiers (the server
        /// adds those of the receiving subscription with <see cref="AddSubscriptionIdentifier"/>, §3.3.4).</item>
        /// </list>
        /// Statuses: the reader's format status for bad bytes, <see cref="MqttStatus.BufferTooSmall"/> when the writer is
        /// full (the writer keeps what was copied so far: reset it before retrying).
        /// </summary>
        public static MqttStatus CopyPublishProperties(byte[] source, int offset, int length, long remainingExpirySeconds, Mqtt5PropertyWriter writer)
        {
            if (writer == null || writer.Buffer == null || !MqttWire.IsRange(source, offset, length))
            {
                return MqttStatus.InvalidArgument;
            }

            int end = offset + length;
            int p = offset;
            while (p < end)
            {
                int start = p;
                int id;
                long value;
                int vo;
                int vl;
                int po;
                int pl;
                MqttStatus status = Mqtt5Properties.ReadOne(source, p, end, out id, out value, out vo, out vl, out po, out pl, out p);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                if (id == Mqtt5Properties.TopicAlias || id == Mqtt5Properties.SubscriptionIdentifier)
                {
                    continue;
                }

                if (id == Mqtt5Properties.MessageExpiryInterval && remainingExpirySeconds >= 0)
                {
                    status = writer.AddFourByteInteger(id, remainingExpirySeconds > Mqtt5Wire.MaxFourByteInteger ? Mqtt5Wire.MaxFourByteInteger : remainingExpirySeconds);
                }
                else
                {
                    status = writer.AddRaw(source, start, p - start);
                }

                if (status != MqttStatus.Ok)
                {
                    return status;
                }
            }

            return MqttStatus.Ok;
        }

        /// <summary>Appends one Subscription Identifier (1..268,435,455) of the subscription the message matched (§3.3.4).</summary>
        public static MqttStatus AddSubscriptionIdentifier(Mqtt5PropertyWriter writer, int identifier)
        {
            if (writer == null || identifier < 1)
            {
                return MqttStatus.InvalidArgument;
            }

            return writer.AddVariableByteInteger(Mqtt5Properties.SubscriptionIdentifier, identifier);
        }
    }
}
