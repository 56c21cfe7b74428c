namespace NanoNode.Mqtt
{
    /// <summary>
    /// A decoded MQTT 5.0 packet as views into the receive buffer (offsets and lengths, never copies), filled by
    /// <see cref="Mqtt5Decoder.Decode"/>. Allocate one per connection at start-up (the constructor allocates the two
    /// property sets) and reuse it; each decode resets every field first.
    /// </summary>
    /// <remarks>
    /// Ownership: <see cref="Buffer"/> is the caller's receive buffer, referenced, not copied; views stay valid until the
    /// caller overwrites or shifts it. Offsets are absolute indexes into <see cref="Buffer"/>. Fields a packet type does
    /// not have are 0 / false. Properties: <see cref="PropertiesOffset"/>/<see cref="PropertiesLength"/> is the content of
    /// the property section (validated for the packet type); <see cref="Properties"/> holds the first occurrence of each
    /// identifier; walk repeatable ones (User Property, Subscription Identifier) with <see cref="Mqtt5PropertyReader"/>.
    /// Public fields (not properties): nanoCLR interprets each property call. Not thread-safe.
    /// </remarks>
    public class Mqtt5Packet
    {
        // ------------------------------------------------------------ every packet

        /// <summary>The buffer the views point into.</summary>
        public byte[] Buffer;

        /// <summary>Packet type; <see cref="MqttPacketType.None"/> when nothing was decoded.</summary>
        public MqttPacketType Type;

        /// <summary>The fixed header's 4 flag bits.</summary>
        public int Flags;

        /// <summary>First byte of the packet in <see cref="Buffer"/>.</summary>
        public int Offset;

        /// <summary>Whole packet length (fixed header + remaining length).</summary>
        public int Length;

        /// <summary>Packet identifier (PUBLISH QoS &gt; 0, PUBACK..PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK); 0 otherwise.</summary>
        public int PacketId;

        /// <summary>
        /// Reason code: CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, DISCONNECT, AUTH (0x00 when the packet used the short
        /// form without one, §3.4.2.1, §3.14.2.1, §3.15.2.1). SUBACK / UNSUBACK carry a list: <see cref="ItemsOffset"/>.
        /// </summary>
        public int ReasonCode;

        /// <summary>Start of the property section's content (after the property length); valid with <see cref="PropertiesLength"/>.</summary>
        public int PropertiesOffset;

        /// <summary>Bytes of properties (0 = none, also for the short forms without a property section).</summary>
        public int PropertiesLength;

        /// <summary>What the property section holds (first occurrence of each identifier, counts).</summary>
        public readonly Mqtt5PropertySet Properties = new Mqtt5PropertySet();

        // ------------------------------------------------------------ PUBLISH (§3.3)

        /// <summary>PUBLISH: QoS 0..2.</summary>
        public int Qos;

        /// <summary>PUBLISH: RETAIN flag.</summary>
        public bool Retain;

        /// <summary>PUBLISH: DUP flag.</summary>
        public bool Dup;

        /// <summary>PUBLISH: topic name view; may be empty when a Topic Alias property stands for it (§3.3.2.3.4).</summary>
        public int TopicOffset;

        /// <summary>PUBLISH: topic name length in bytes.</summary>
        public int TopicLength;

        /// <summary>PUBLISH: payload view (the rest of the packet).</summary>
        public int PayloadOffset;

        /// <summary>PUBLISH: payload length in bytes.</summary>
        public int PayloadLength;

        // ------------------------------------------------------------ CONNECT (§3.1)

        /// <summary>CONNECT: protocol version (5; filled also when it is not 5).</summary>
        public int ProtocolLevel;

        /// <summary>CONNECT: Clean Start flag (§3.1.2.4).</summary>
        public bool CleanStart;

        /// <summary>CONNECT: keep alive in seconds (0 = off).</summary>
        public int KeepAliveSeconds;

        /// <summary>CONNECT: client identifier view (may be empty: the server assigns one, §3.1.3.1).</summary>
        public int ClientIdOffset;

        /// <summary>CONNECT: client identifier length.</summary>
        public int ClientIdLength;

        /// <summary>CONNECT: Will Flag; the will fields are valid only when true.</summary>
        public bool WillFlag;

        /// <summary>CONNECT: Will QoS 0..2.</summary>
        public int WillQos;

        /// <summary>CONNECT: Will Retain.</summary>
        public bool WillRetain;

        /// <summary>CONNECT: will properties content view (§3.1.3.2).</summary>
        public int WillPropertiesOffset;

        /// <summary>CONNECT: will properties length in bytes.</summary>
        public int WillPropertiesLength;

        /// <summary>CONNECT: what the will properties hold.</summary>
        public readonly Mqtt5PropertySet WillProperties = new Mqtt5PropertySet();

        /// <summary>CONNECT: will topic view.</summary>
        public int WillTopicOffset;

        /// <summary>CONNECT: will topic length.</summary>
        public int WillTopicLength;

        /// <summary>CONNECT: will payload view (binary).</summary>
        public int WillMessageOffset;

        /// <summary>CONNECT: will payload length.</summary>
        public int WillMessageLength;

        /// <summary>CONNECT: User Name Flag.</summary>
        public bool HasUserName;

        /// <summary>CONNECT: user name view.</summary>
        public int UserNameOffset;

        /// <summary>CONNECT: user name length.</summary>
        public int UserNameLength;

        /// <summary>CONNECT: Password Flag (in 5.0 allowed without a user name, §3.1.2.9).</summary>
        public bool HasPassword;

        /// <summary>CONNECT: password view (binary).</summary>
        public int PasswordOffset;

        /// <summary>CONNECT: password length.</summary>
        public int PasswordLength;

        // ------------------------------------------------------------ CONNACK (§3.2)

        /// <summary>CONNACK: Session Present flag.</summary>
        public bool SessionPresent;

        // ------------------------------------------------------------ SUBSCRIBE / UNSUBSCRIBE / SUBACK / UNSUBACK

        /// <summary>
        /// SUBSCRIBE / UNSUBSCRIBE: first entry (walk with <see cref="Mqtt5SubscribePacket.ReadEntry"/> /
        /// <see cref="Mqtt5UnsubscribePacket.ReadEntry"/> while below <see cref="ItemsOffset"/> + <see cref="ItemsLength"/>).
        /// SUBACK / UNSUBACK: first reason code (one byte each).
        /// </summary>
        public int ItemsOffset;

        /// <summary>Length in bytes of the entry / reason code list.</summary>
        public int ItemsLength;

        /// <summary>Number of entries / reason codes (&gt;= 1).</summary>
        public int ItemCount;

        /// <summary>Clears every field (the decoder calls it first).</summary>
        public void Reset()
        {
            Buffer = null;
            Type = MqttPacketType.None;
            Flags = 0;
            Offset = 0;
            Length = 0;
            PacketId = 0;
            ReasonCode = 0;
            PropertiesOffset = 0;
            PropertiesLength = 0;
            Properties.Clear();
            Qos = 0;
            Retain = false;
            Dup = false;
            TopicOffset = 0;
            TopicLength = 0;
            PayloadOffset = 0;
            PayloadLength = 0;
            ProtocolLevel = 0;
            CleanStart = false;
            KeepAliveSeconds = 0;
            ClientIdOffset = 0;
            ClientIdLength = 0;
            WillFlag = false;
            WillQos = 0;
            WillRetain = false;
            WillPropertiesOffset = 0;
            WillPropertiesLength = 0;
            WillProperties.Clear();
            WillTopicOffset = 0;
            WillTopicLength = 0;
            WillMessageOffset = 0;
            WillMessageLength = 0;
            HasUserName = false;
            UserNameOffset = 0;
            UserNameLength = 0;
            HasPassword = false;
            PasswordOffset = 0;
            PasswordLength = 0;
            SessionPresent = false;
            ItemsOffset = 0;
            ItemsLength = 0;
            ItemCount = 0;
        }
    }
}
