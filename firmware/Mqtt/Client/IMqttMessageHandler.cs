namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// Receives application messages whose topic matches the filter it was registered with
    /// (<see cref="MqttClient.Subscribe(string, int, IMqttMessageHandler)"/>). Called on the thread that runs
    /// <see cref="MqttClient.Poll"/>, from inside Poll.
    /// </summary>
    public interface IMqttMessageHandler
    {
        /// <summary>
        /// One inbound PUBLISH. <paramref name="buffer"/> is the client's receive buffer: the topic (UTF-8, no terminator) and
        /// payload are views into it, valid only during the call; copy what must outlive it. <paramref name="qos"/> is the
        /// delivered QoS (0..2); <paramref name="retain"/> is set when the broker sent a retained message for a new
        /// subscription [MQTT-3.3.1-9]. The handler must not throw and should return quickly; it may call Publish.
        /// </summary>
        void OnMessage(byte[] buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength, int qos, bool retain);
    }

    /// <summary>
    /// Optional second interface of an <see cref="IMqttMessageHandler"/>: told about an inbound PUBLISH that matched its
    /// filter but was larger than <c>Limits.MaxPacketSize</c>, so its payload was read and discarded, never delivered.
    /// The client checks for it with a type test at dispatch time (no allocation); a handler that does not implement it
    /// is not told (the message is only counted in <see cref="MqttClient.OversizedSkipped"/>).
    /// </summary>
    /// <remarks>
    /// Called from inside <see cref="MqttClient.Poll"/> once the whole packet has been read and before it is acknowledged,
    /// in the order and with the QoS rules of <see cref="IMqttMessageHandler.OnMessage"/>: QoS 1 is PUBACKed after the
    /// call, QoS 2 is recorded by packet id and PUBRECed after it, and a QoS 2 copy whose id is already held is not
    /// reported again [MQTT-4.3.3-2]. A QoS 0/1 message re-sent after the connection dropped mid-skip is reported again.
    /// </remarks>
    public interface IMqttOversizedMessageHandler
    {
        /// <summary>
        /// One skipped PUBLISH. <paramref name="buffer"/>[<paramref name="topicOffset"/>..+<paramref name="topicLength"/>]
        /// is the topic (UTF-8, checked by the codec), valid only during the call. <paramref name="payloadLength"/> is the
        /// payload's size in bytes as announced by the packet (nothing of it is kept); <paramref name="qos"/> and
        /// <paramref name="retain"/> as in <see cref="IMqttMessageHandler.OnMessage"/>. Must not throw; may call Publish.
        /// </summary>
        void OnOversizedMessage(byte[] buffer, int topicOffset, int topicLength, int payloadLength, int qos, bool retain);
    }

    /// <summary>
    /// Optional observer of connection events (<see cref="MqttClient.Listener"/>), called from inside
    /// <see cref="MqttClient.Poll"/>. Must not throw.
    /// </summary>
    public interface IMqttConnectionListener
    {
        /// <summary>A CONNACK accepted the connection; <paramref name="sessionPresent"/> as reported by the broker.</summary>
        void OnConnected(bool sessionPresent);

        /// <summary>
        /// The connection ended or a connect attempt failed; <paramref name="reason"/> says why (e.g.
        /// <see cref="MqttStatus.PingTimeout"/>, a CONNACK refusal, <see cref="MqttStatus.ConnectionLost"/>).
        /// </summary>
        void OnDisconnected(MqttStatus reason);

        /// <summary>
        /// A SUBACK granted <paramref name="grantedQos"/> (0..2, or 0x80 for failure [MQTT-3.9.3-2]) to subscription slot
        /// <paramref name="slot"/> (see <see cref="MqttClient.FindSubscription"/>).
        /// </summary>
        void OnSubscribed(int slot, int grantedQos);
    }
}
