namespace NanoNode.Mqtt
{
    /// <summary>
    /// The one status type of the MQTT hot path (STYLE §6): codec results and client results. Bad input and network
    /// trouble are statuses, never exceptions.
    /// </summary>
    /// <remarks>
    /// Numbering (explicit, so new values never shift old ones):
    /// <list type="bullet">
    /// <item>0..9: general results shared by codec and client (<see cref="Ok"/>, <see cref="NeedMoreBytes"/>, ...).</item>
    /// <item>10..69: codec "malformed packet" reasons. Each means the bytes (or the fields handed to an encoder) break an
    /// MQTT rule; a receiver closes the network connection (3.1.1 [MQTT-4.8.0-1]; in 5.0 after a DISCONNECT carrying
    /// Mqtt5ReasonCodes.ForStatus, §4.13). Use <see cref="MqttStatusInfo.IsMalformed"/> instead of comparing with
    /// <see cref="Malformed"/>. 36..46: MQTT 5.0 reasons (firmware/Mqtt/Mqtt5). Free for new codec reasons: 47..69.</item>
    /// <item>100..199: client results (owned by the client, firmware/Mqtt/Client). Free: 117..199.</item>
    /// <item>200..: CONNACK refusals, 200 + the CONNACK return code (§3.2.2.3).</item>
    /// </list>
    /// </remarks>
    public enum MqttStatus
    {
        // ---------------------------------------------------------------- general (0..9)

        /// <summary>Success / nothing to report.</summary>
        Ok = 0,

        /// <summary>Decoding: the buffer ends before the field or packet does; read more bytes and try again (not an error).</summary>
        NeedMoreBytes = 1,

        /// <summary>Encoding: the destination buffer (offset + count given by the caller) is too small; nothing was written past it.</summary>
        BufferTooSmall = 2,

        /// <summary>
        /// The bytes break the MQTT 3.1.1 format (the connection is closed). Generic reason, used where no more specific
        /// codec reason (10..69) applies; test with <see cref="MqttStatusInfo.IsMalformed"/>.
        /// </summary>
        Malformed = 3,

        /// <summary>
        /// Codec: the packet would exceed the protocol maximum (remaining length 268,435,455, §2.2.3) or the receiver's
        /// maximum packet size given to the frame reader. Client: the packet exceeds Limits.MaxPacketSize (or a record the outbox size).
        /// </summary>
        TooLarge = 4,

        /// <summary>
        /// Misuse of an API on the hot path: argument out of range (null buffer, offset/count outside the array, QoS, empty
        /// topic, wildcard in a topic name, invalid filter, field longer than 65,535 bytes).
        /// </summary>
        InvalidArgument = 5,

        // ---------------------------------------------------------------- codec: malformed packet reasons (10..69)

        /// <summary>Remaining length / variable byte integer with a continuation bit on its 4th byte (a 5th byte) (§2.2.3).</summary>
        MalformedRemainingLength = 10,

        /// <summary>Packet type 0 or 15 (reserved, §2.2.1), or a type the receiving role must never get (a client receiving CONNECT...).</summary>
        MalformedPacketType = 11,

        /// <summary>Fixed header flags other than those fixed for the packet type [MQTT-2.2.2-1] [MQTT-2.2.2-2].</summary>
        MalformedFlags = 12,

        /// <summary>
        /// The remaining length disagrees with the content: a field runs past the end of the packet, or bytes are left
        /// over that the packet type cannot carry (e.g. PUBACK longer than 2, PINGREQ with a body).
        /// </summary>
        MalformedLength = 13,

        /// <summary>Ill-formed UTF-8 in a UTF-8 string: invalid byte, overlong form, truncated sequence, UTF-16 surrogate
        /// code point U+D800..U+DFFF encoded in UTF-8, code point above U+10FFFF [MQTT-1.5.3-1]. Encoding: a lone surrogate in a .NET string.</summary>
        MalformedUtf8 = 14,

        /// <summary>A UTF-8 string contains U+0000 [MQTT-1.5.3-2] [MQTT-4.7.3-2].</summary>
        MalformedUtf8Null = 15,

        /// <summary>A string or binary field longer than 65,535 bytes (the two-byte length prefix cannot carry it, §1.5.3) [MQTT-4.7.3-3].</summary>
        StringTooLong = 16,

        /// <summary>PUBLISH QoS bits are 11 [MQTT-3.3.1-4]; or a QoS argument outside 0..2.</summary>
        MalformedQos = 17,

        /// <summary>PUBLISH with DUP set and QoS 0 [MQTT-3.3.1-2].</summary>
        MalformedDup = 18,

        /// <summary>Packet identifier 0 where a non-zero one is required [MQTT-2.3.1-1].</summary>
        MalformedPacketId = 19,

        /// <summary>Topic name empty [MQTT-4.7.3-1] or containing a wildcard '+' / '#' [MQTT-3.3.2-2] [MQTT-4.7.1-1].</summary>
        MalformedTopicName = 20,

        /// <summary>Topic filter empty [MQTT-4.7.3-1], '#' not alone as the last level [MQTT-4.7.1-2], '+' not a whole level [MQTT-4.7.1-3].</summary>
        MalformedTopicFilter = 21,

        /// <summary>SUBSCRIBE / UNSUBSCRIBE without any topic filter [MQTT-3.8.3-3] [MQTT-3.10.3-2].</summary>
        MalformedNoTopicFilter = 22,

        /// <summary>SUBSCRIBE requested QoS byte with reserved bits set or QoS 3 [MQTT-3-8.3-4].</summary>
        MalformedRequestedQos = 23,

        /// <summary>CONNECT protocol name is not "MQTT" [MQTT-3.1.2-1].</summary>
        MalformedProtocolName = 24,

        /// <summary>
        /// CONNECT protocol level is not 4 (3.1.1). Not a malformed packet: the server answers CONNACK return code 0x01
        /// (unacceptable protocol level) and then disconnects [MQTT-3.1.2-2]. The decoded view holds everything up to and
        /// including the protocol level (the rest of the packet may follow another version's rules and is not parsed).
        /// </summary>
        UnacceptableProtocolLevel = 25,

        /// <summary>CONNECT flags: reserved bit 0 is set [MQTT-3.1.2-3].</summary>
        MalformedConnectFlags = 26,

        /// <summary>CONNECT will flags: Will QoS 3 [MQTT-3.1.2-12], or Will QoS / Will Retain set without the Will Flag [MQTT-3.1.2-11] [MQTT-3.1.2-13].</summary>
        MalformedWillFlags = 27,

        /// <summary>CONNECT: password flag set without the user name flag [MQTT-3.1.2-22].</summary>
        MalformedCredentialFlags = 28,

        /// <summary>CONNACK: reserved bits of the acknowledge flags set (§3.2.2.1), or session present with a non-zero return code [MQTT-3.2.2-4].</summary>
        MalformedConnAck = 29,

        /// <summary>SUBACK return code other than 0x00, 0x01, 0x02, 0x80 [MQTT-3.9.3-2], or a SUBACK without return codes.</summary>
        MalformedSubAckReturnCode = 30,

        // ---------------------------------------------------------------- codec: MQTT 5.0 reasons (36..), issue 11
        // Each closes the connection like the 3.1.1 reasons above; an MQTT 5 receiver first sends DISCONNECT (or CONNACK)
        // with the reason code Mqtt5ReasonCodes.ForStatus gives: 0x81 Malformed Packet or 0x82 Protocol Error (§4.13).

        /// <summary>
        /// MQTT 5 property section (§2.2.2.1): its length runs past the packet, or a property value runs past the
        /// section's end (a truncated value). Malformed Packet (0x81).
        /// </summary>
        MalformedPropertyLength = 36,

        /// <summary>MQTT 5 property identifier not defined by §2.2.2.2 (table 2-4). Malformed Packet (0x81).</summary>
        MalformedPropertyId = 37,

        /// <summary>
        /// MQTT 5 property valid in general but not in this packet (or in the will properties) per §2.2.2.2: "a Control
        /// Packet which contains an Identifier which is not valid for its packet type ... is a Malformed Packet" (0x81).
        /// Also a Subscription Identifier in a PUBLISH sent by a client (§3.3.4).
        /// </summary>
        PropertyNotAllowed = 38,

        /// <summary>
        /// MQTT 5 property present twice where the spec allows it once (every property except User Property and, in a
        /// PUBLISH from the server, Subscription Identifier; §3.x.2.x "It is a Protocol Error to include ... more than once"). Protocol Error (0x82).
        /// </summary>
        DuplicateProperty = 39,

        /// <summary>
        /// MQTT 5 property value outside its allowed set: a byte property that must be 0 or 1; Receive Maximum,
        /// Maximum Packet Size, Topic Alias or Subscription Identifier 0; Maximum QoS other than 0/1; Response Topic with a
        /// wildcard; Authentication Data without Authentication Method (§3.1.2.11, §3.2.2.3, §3.3.2.3). Protocol Error (0x82).
        /// </summary>
        InvalidPropertyValue = 40,

        /// <summary>MQTT 5 reason code not allowed in this packet type (§2.4, the packet's reason code table). Malformed Packet (0x81).</summary>
        MalformedReasonCode = 41,

        /// <summary>
        /// MQTT 5 variable byte integer inside a packet (property identifier, property length, Subscription Identifier)
        /// not in the minimum number of bytes [MQTT-1.5.5-1] or longer than 4 bytes (§1.5.5). Malformed Packet (0x81).
        /// </summary>
        MalformedVariableByteInteger = 42,

        /// <summary>
        /// MQTT 5 SUBSCRIBE options byte: reserved bits 7..6 set or QoS 3 (malformed, §3.8.3.1), Retain Handling 3 or No
        /// Local on a shared subscription (the spec calls these a Protocol Error, §3.8.3.1). Answered with 0x81.
        /// </summary>
        MalformedSubscriptionOptions = 43,

        /// <summary>
        /// MQTT 5 PUBLISH with an empty topic name and no Topic Alias (§3.3.2.1, §3.3.2.3.4), a Protocol Error (0x82).
        /// </summary>
        MissingTopicAlias = 44,

        /// <summary>
        /// MQTT 5 shared subscription filter that breaks the syntax "$share/" + a share name of at least one character
        /// without '/', '+', '#', then "/" and a valid filter (§4.8.2). Protocol Error (0x82).
        /// </summary>
        MalformedSharedSubscription = 45,

        /// <summary>
        /// MQTT 5 Topic Alias above the receiver's Topic Alias Maximum, or an empty topic name with an alias the receiver
        /// has no topic for (§3.3.2.3.4). Connection state, found by <see cref="Mqtt5TopicAliases"/>, not by the
        /// stateless decoder. Answered with DISCONNECT 0x94 Topic Alias invalid.
        /// </summary>
        TopicAliasInvalid = 46,

        // ---------------------------------------------------------------- client (100..199), owned by the client

        /// <summary>Client: the PUBLISH / SUBSCRIBE was written to the transport.</summary>
        Sent = 100,

        /// <summary>Client: stored (outbox or subscription table), sent in order when connected.</summary>
        Queued = 101,

        /// <summary>Client: the outbox cannot take the message under its QoS policy.</summary>
        OutboxFull = 102,

        /// <summary>Client: offline and this QoS is not queued (policy DoNotQueue).</summary>
        NotConnected = 103,

        /// <summary>Client: a fixed-size table (subscriptions, inbound QoS 2 ids) is full.</summary>
        TableFull = 104,

        /// <summary>Client: no such subscription.</summary>
        NotFound = 105,

        /// <summary>Client: the transport could not connect (DNS, TCP, TLS).</summary>
        ConnectFailed = 106,

        /// <summary>Client: the transport failed or the broker closed the connection.</summary>
        ConnectionLost = 107,

        /// <summary>Client: no CONNACK within Timing.ConnackTimeoutMs.</summary>
        ConnackTimeout = 108,

        /// <summary>Client: no PINGRESP within Timing.PingTimeoutMs.</summary>
        PingTimeout = 109,

        /// <summary>Client: the broker sent a packet a server must not send in this state.</summary>
        ProtocolError = 110,

        // ---------------------------------------------------------------- CONNACK refusals (200 + return code)

        /// <summary>CONNACK return code 1: unacceptable protocol version.</summary>
        RefusedProtocolVersion = 201,

        /// <summary>CONNACK return code 2: identifier rejected.</summary>
        RefusedIdentifier = 202,

        /// <summary>CONNACK return code 3: server unavailable.</summary>
        RefusedServerUnavailable = 203,

        /// <summary>CONNACK return code 4: bad user name or password.</summary>
        RefusedBadCredentials = 204,

        /// <summary>CONNACK return code 5: not authorized.</summary>
        RefusedNotAuthorized = 205,
    }

    /// <summary>Classification helpers for <see cref="MqttStatus"/> (pure, no allocation).</summary>
    public static class MqttStatusInfo
    {
        /// <summary>
        /// True for <see cref="MqttStatus.Malformed"/> and every codec malformed reason (10..69). A receiver that gets one
        /// closes the network connection [MQTT-4.8.0-1]. <see cref="MqttStatus.UnacceptableProtocolLevel"/> is not
        /// "malformed": the server answers CONNACK 0x01 first [MQTT-3.1.2-2].
        /// </summary>
        public static bool IsMalformed(MqttStatus status)
        {
            int s = (int)status;
            return status == MqttStatus.Malformed || (s >= 10 && s < 70 && status != MqttStatus.UnacceptableProtocolLevel);
        }
    }
}
