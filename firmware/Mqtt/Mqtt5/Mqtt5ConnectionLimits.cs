namespace NanoNode.Mqtt
{
    /// <summary>
    /// What one side of an MQTT 5 connection announced in CONNECT or CONNACK, with the spec's value for each property
    /// that is absent (§3.1.2.11, §3.2.2.3). The receiver must respect these for the whole connection: never send more
    /// unacknowledged QoS 1/2 PUBLISHes than <see cref="ReceiveMaximum"/>, never a packet larger than
    /// <see cref="MaximumPacketSize"/>, never a Topic Alias above <see cref="TopicAliasMaximum"/>.
    /// Allocate once per connection; <see cref="ReadConnect"/> / <see cref="ReadConnAck"/> overwrite every field.
    /// Public fields for nanoCLR; not thread-safe.
    /// </summary>
    public class Mqtt5ConnectionLimits
    {
        /// <summary>Session Expiry Interval in seconds (§3.1.2.11.2; absent: 0 = ends with the connection; 0xFFFFFFFF = never).</summary>
        public long SessionExpirySeconds;

        /// <summary>Receive Maximum: QoS 1/2 PUBLISHes the announcer accepts unacknowledged (§3.1.2.11.3; absent: 65,535).</summary>
        public int ReceiveMaximum;

        /// <summary>Maximum Packet Size in bytes the announcer accepts (§3.1.2.11.4); 0 when absent (only the protocol's limit).</summary>
        public long MaximumPacketSize;

        /// <summary>Topic Alias Maximum: highest alias the announcer accepts (§3.1.2.11.5; absent: 0 = no aliases).</summary>
        public int TopicAliasMaximum;

        /// <summary>CONNECT: Request Response Information (§3.1.2.11.6; absent: false).</summary>
        public bool RequestResponseInformation;

        /// <summary>CONNECT: Request Problem Information (§3.1.2.11.7; absent: true). False: the server sends Reason String and User Property only in PUBLISH, CONNACK and DISCONNECT.</summary>
        public bool RequestProblemInformation;

        /// <summary>CONNACK: Maximum QoS the server accepts in PUBLISH (§3.2.2.3.4; absent: 2).</summary>
        public int MaximumQos;

        /// <summary>CONNACK: Retain Available (§3.2.2.3.5; absent: true).</summary>
        public bool RetainAvailable;

        /// <summary>CONNACK: Wildcard Subscription Available (§3.2.2.3.11; absent: true).</summary>
        public bool WildcardSubscriptionAvailable;

        /// <summary>CONNACK: Subscription Identifiers Available (§3.2.2.3.12; absent: true).</summary>
        public bool SubscriptionIdentifiersAvailable;

        /// <summary>CONNACK: Shared Subscription Available (§3.2.2.3.13; absent: true).</summary>
        public bool SharedSubscriptionAvailable;

        /// <summary>CONNACK: Server Keep Alive in seconds, replacing the client's keep alive (§3.2.2.3.14); -1 when absent.</summary>
        public int ServerKeepAliveSeconds;

        /// <summary>
        /// Fills every field from a decoded CONNECT (<see cref="Mqtt5Packet.Properties"/>); absent properties take their
        /// defaults, the CONNACK-only fields take theirs too.
        /// </summary>
        public void ReadConnect(Mqtt5Packet connect)
        {
            Read(connect.Properties);
        }

        /// <summary>Fills every field from a decoded CONNACK; absent properties take their defaults.</summary>
        public void ReadConnAck(Mqtt5Packet connAck)
        {
            Read(connAck.Properties);
        }

        /// <summary>True when a packet of <paramref name="packetSize"/> bytes may be sent to the announcer (§3.1.2.11.4, §3.2.2.3.6).</summary>
        public bool Allows(int packetSize)
        {
            return MaximumPacketSize == 0 || packetSize <= MaximumPacketSize;
        }

        /// <summary>
        /// Server side: writes the CONNACK properties that announce the server's capabilities and limits, leaving out
        /// each value equal to the spec's default (an absent property means the default, §3.2.2.3).
        /// <paramref name="receiveMaximum"/> 1..65535, <paramref name="maximumPacketSize"/> 0 = none, <paramref name="maximumQos"/> 0..2.
        /// </summary>
        public static MqttStatus WriteServerCapabilities(Mqtt5PropertyWriter writer, int receiveMaximum, long maximumPacketSize, int topicAliasMaximum,
            int maximumQos, bool retainAvailable, bool wildcardSubscriptionAvailable, bool subscriptionIdentifiersAvailable, bool sharedSubscriptionAvailable)
        {
            if (writer == null || receiveMaximum < 1 || receiveMaximum > 65535 || maximumPacketSize < 0 || maximumQos < 0 || maximumQos > 2)
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = MqttStatus.Ok;
            if (receiveMaximum != 65535)
            {
                status = writer.AddTwoByteInteger(Mqtt5Properties.ReceiveMaximum, receiveMaximum);
            }

            if (status == MqttStatus.Ok && maximumPacketSize > 0)
            {
                status = writer.AddFourByteInteger(Mqtt5Properties.MaximumPacketSize, maximumPacketSize);
            }

            if (status == MqttStatus.Ok && topicAliasMaximum > 0)
            {
                status = writer.AddTwoByteInteger(Mqtt5Properties.TopicAliasMaximum, topicAliasMaximum);
            }

            if (status == MqttStatus.Ok && maximumQos < 2)
            {
                status = writer.AddByte(Mqtt5Properties.MaximumQos, maximumQos);
            }

            status = status == MqttStatus.Ok && !retainAvailable ? writer.AddByte(Mqtt5Properties.RetainAvailable, 0) : status;
            status = status == MqttStatus.Ok && !wildcardSubscriptionAvailable ? writer.AddByte(Mqtt5Properties.WildcardSubscriptionAvailable, 0) : status;
            status = status == MqttStatus.Ok && !subscriptionIdentifiersAvailable ? writer.AddByte(Mqtt5Properties.SubscriptionIdentifiersAvailable, 0) : status;
            return status == MqttStatus.Ok && !sharedSubscriptionAvailable ? writer.AddByte(Mqtt5Properties.SharedSubscriptionAvailable, 0) : status;
        }

        private void Read(Mqtt5PropertySet p)
        {
            SessionExpirySeconds = p.Get(Mqtt5Properties.SessionExpiryInterval, 0);
            ReceiveMaximum = (int)p.Get(Mqtt5Properties.ReceiveMaximum, 65535);
            MaximumPacketSize = p.Get(Mqtt5Properties.MaximumPacketSize, 0);
            TopicAliasMaximum = (int)p.Get(Mqtt5Properties.TopicAliasMaximum, 0);
            RequestResponseInformation = p.Get(Mqtt5Properties.RequestResponseInformation, 0) == 1;
            RequestProblemInformation = p.Get(Mqtt5Properties.RequestProblemInformation, 1) == 1;
            MaximumQos = (int)p.Get(Mqtt5Properties.MaximumQos, 2);
            RetainAvailable = p.Get(Mqtt5Properties.RetainAvailable, 1) == 1;
            WildcardSubscriptionAvailable = p.Get(Mqtt5Properties.WildcardSubscriptionAvailable, 1) == 1;
            SubscriptionIdentifiersAvailable = p.Get(Mqtt5Properties.SubscriptionIdentifiersAvailable, 1) == 1;
            SharedSubscriptionAvailable = p.Get(Mqtt5Properties.SharedSubscriptionAvailable, 1) == 1;
            ServerKeepAliveSeconds = (int)p.Get(Mqtt5Properties.ServerKeepAlive, -1);
        }
    }
}
