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
