namespace NanoNode.Mqtt
{
    /// <summary>
    /// The one status type of the MQTT hot path (STYLE §6): codec results and client results. Bad input and network
    /// trouble are statuses, never exceptions.
    /// </summary>
    public enum MqttStatus
    {
        /// <summary>Success / nothing to report.</summary>
        Ok = 0,

        /// <summary>Decoding: the buffer ends before the packet does; read more bytes.</summary>
        NeedMoreBytes,

        /// <summary>Encoding: the destination buffer is too small.</summary>
        BufferTooSmall,

        /// <summary>The bytes break the MQTT 3.1.1 format (the connection is closed).</summary>
        Malformed,

        /// <summary>Client: the PUBLISH / SUBSCRIBE was written to the transport.</summary>
        Sent,

        /// <summary>Client: stored (outbox or subscription table), sent in order when connected.</summary>
        Queued,

        /// <summary>Client: the outbox cannot take the message under its QoS policy.</summary>
        OutboxFull,

        /// <summary>Client: the packet exceeds Limits.MaxPacketSize (or a record the outbox size).</summary>
        TooLarge,

        /// <summary>Client: offline and this QoS is not queued (policy DoNotQueue).</summary>
        NotConnected,

        /// <summary>Client: argument out of range (QoS, empty topic, wildcard in a topic name, invalid filter).</summary>
        InvalidArgument,

        /// <summary>Client: a fixed-size table (subscriptions, inbound QoS 2 ids) is full.</summary>
        TableFull,

        /// <summary>Client: no such subscription.</summary>
        NotFound,

        /// <summary>Client: the transport could not connect (DNS, TCP, TLS).</summary>
        ConnectFailed,

        /// <summary>Client: the transport failed or the broker closed the connection.</summary>
        ConnectionLost,

        /// <summary>Client: no CONNACK within Timing.ConnackTimeoutMs.</summary>
        ConnackTimeout,

        /// <summary>Client: no PINGRESP within Timing.PingTimeoutMs.</summary>
        PingTimeout,

        /// <summary>Client: the broker sent a packet a server must not send in this state.</summary>
        ProtocolError,

        /// <summary>CONNACK return code 1: unacceptable protocol version.</summary>
        RefusedProtocolVersion,

        /// <summary>CONNACK return code 2: identifier rejected.</summary>
        RefusedIdentifier,

        /// <summary>CONNACK return code 3: server unavailable.</summary>
        RefusedServerUnavailable,

        /// <summary>CONNACK return code 4: bad user name or password.</summary>
        RefusedBadCredentials,

        /// <summary>CONNACK return code 5: not authorized.</summary>
        RefusedNotAuthorized,
    }
}
