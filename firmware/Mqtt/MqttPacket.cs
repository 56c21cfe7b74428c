namespace NanoNode.Mqtt
{
    /// <summary>
    /// A decoded packet as views into the receive buffer: offsets and lengths, never copies. Allocate one per connection
    /// at start-up and pass it to <see cref="MqttDecoder.Decode"/> again and again; each decode resets every field first.
    /// </summary>
    /// <remarks>
    /// Ownership: <see cref="Buffer"/> is the caller's receive buffer, referenced, not copied. The views stay valid only
    /// until the caller overwrites or shifts that buffer. Offsets are absolute indexes into <see cref="Buffer"/>.
    /// Fields that a packet type does not have are 0 / false. Not thread-safe: one decoder thread per instance.
    /// Public fields (not properties) on purpose: nanoCLR interprets each property call.
    /// </remarks>
    public class MqttPacket
    {
        // ------------------------------------------------------------ every packet

        /// <summary>The buffer the views point into (the one given to the decoder).</summary>
        public byte[] Buffer;

        /// <summary>Packet type; <see cref="MqttPacketType.None"/> when nothing was decoded.</summary>
        public MqttPacketType Type;

        /// <summary>The fixed header's 4 flag bits (§2.2.2).</summary>
        public int Flags;

        /// <summary>First byte of the packet in <see cref="Buffer"/>.</summary>
        public int Offset;

        /// <summary>Whole packet length in bytes (fixed header + remaining length).</summary>
        public int Length;

        /// <summary>First byte after the fixed header (variable header).</summary>
        public int BodyOffset;

        /// <summary>Remaining length (§2.2.3): bytes after the fixed header.</summary>
        public int BodyLength;

        /// <summary>Packet identifier 1..65535 (PUBLISH QoS &gt; 0, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK); 0 otherwise.</summary>
        public int PacketId;

        // ------------------------------------------------------------ PUBLISH (§3.3)

        /// <summary>PUBLISH: QoS 0..2 from the flags.</summary>
        public int Qos;

        /// <summary>PUBLISH: RETAIN flag.</summary>
        public bool Retain;

        /// <summary>PUBLISH: DUP flag (a re-delivery).</summary>
        public bool Dup;

        /// <summary>PUBLISH: topic name view (validated UTF-8, no wildcards, not empty).</summary>
        public int TopicOffset;

        /// <summary>PUBLISH: topic name length in bytes.</summary>
        public int TopicLength;

        /// <summary>PUBLISH: application message view (the rest of the packet; may be empty).</summary>
        public int PayloadOffset;

        /// <summary>PUBLISH: application message length in bytes.</summary>
        public int PayloadLength;

        // ------------------------------------------------------------ CONNECT (§3.1)

        /// <summary>CONNECT: protocol level (4 for 3.1.1; filled also when it is unacceptable).</summary>
        public int ProtocolLevel;

        /// <summary>CONNECT: Clean Session flag.</summary>
        public bool CleanSession;

        /// <summary>CONNECT: keep alive in seconds (0 = off).</summary>
        public int KeepAliveSeconds;

        /// <summary>CONNECT: client identifier view (may be empty: the server then decides, [MQTT-3.1.3-6..8]).</summary>
        public int ClientIdOffset;

        /// <summary>CONNECT: client identifier length in bytes.</summary>
        public int ClientIdLength;

        /// <summary>CONNECT: Will Flag; the will fields below are valid only when true.</summary>
        public bool WillFlag;

        /// <summary>CONNECT: Will QoS 0..2.</summary>
        public int WillQos;

        /// <summary>CONNECT: Will Retain.</summary>
        public bool WillRetain;

        /// <summary>CONNECT: will topic view (a valid topic name).</summary>
        public int WillTopicOffset;

        /// <summary>CONNECT: will topic length in bytes.</summary>
        public int WillTopicLength;

        /// <summary>CONNECT: will message view (binary).</summary>
        public int WillMessageOffset;

        /// <summary>CONNECT: will message length in bytes.</summary>
        public int WillMessageLength;

        /// <summary>CONNECT: User Name Flag.</summary>
        public bool HasUserName;

        /// <summary>CONNECT: user name view (UTF-8).</summary>
        public int UserNameOffset;

        /// <summary>CONNECT: user name length in bytes.</summary>
        public int UserNameLength;

        /// <summary>CONNECT: Password Flag.</summary>
        public bool HasPassword;

        /// <summary>CONNECT: password view (binary).</summary>
        public int PasswordOffset;

        /// <summary>CONNECT: password length in bytes.</summary>
        public int PasswordLength;

        // ------------------------------------------------------------ CONNACK (§3.2)

        /// <summary>CONNACK: Session Present flag.</summary>
        public bool SessionPresent;

        /// <summary>CONNACK: return code (0 accepted, 1..5 refusals, 6..255 reserved and passed through).</summary>
        public int ReturnCode;

        // ------------------------------------------------------------ SUBSCRIBE / UNSUBSCRIBE / SUBACK

        /// <summary>
        /// SUBSCRIBE / UNSUBSCRIBE: start of the filter list (validated). Walk it with
        /// <see cref="SubscribePacket.ReadFilter"/> / <see cref="UnsubscribePacket.ReadFilter"/> from this position while
        /// the position is below <see cref="ItemsOffset"/> + <see cref="ItemsLength"/>.
        /// SUBACK: the first return code (one byte each).
        /// </summary>
        public int ItemsOffset;

        /// <summary>SUBSCRIBE / UNSUBSCRIBE / SUBACK: length in bytes of the filter list / return code list.</summary>
        public int ItemsLength;

        /// <summary>SUBSCRIBE / UNSUBSCRIBE: number of topic filters (&gt;= 1). SUBACK: number of return codes (&gt;= 1).</summary>
        public int ItemCount;

        /// <summary>Clears every field (the decoder calls it first).</summary>
        public void Reset()
        {
            Buffer = null;
            Type = MqttPacketType.None;
            Flags = 0;
            Offset = 0;
            Length = 0;
            BodyOffset = 0;
            BodyLength = 0;
            PacketId = 0;
            Qos = 0;
            Retain = false;
            Dup = false;
            TopicOffset = 0;
            TopicLength = 0;
            PayloadOffset = 0;
            PayloadLength = 0;
            ProtocolLevel = 0;
            CleanSession = false;
            KeepAliveSeconds = 0;
            ClientIdOffset = 0;
            ClientIdLength = 0;
            WillFlag = false;
            WillQos = 0;
            WillRetain = false;
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
            ReturnCode = 0;
            ItemsOffset = 0;
            ItemsLength = 0;
            ItemCount = 0;
        }
    }
}
