using NanoNode.Device.Config;

namespace NanoNode.Device.Node
{
    /// <summary>
    /// The narrow view the device logic has of its MQTT connection (implemented over the MQTT client by the app, and
    /// by fakes in tests). All calls are made from the node's loop thread and must not block.
    /// </summary>
    public interface IDeviceLink
    {
        /// <summary>True while an MQTT session is established (CONNACK accepted, not yet lost).</summary>
        bool IsConnected { get; }

        /// <summary>Count of successful connections since start-up; grows by one at each CONNACK accepted.</summary>
        int ConnectCount { get; }

        /// <summary>
        /// Why the last connection or connect attempt since the last <see cref="Reconnect"/> ended, as a snake_case
        /// constant (<c>connect_failed</c>, <c>connack_timeout</c>, <c>refused_bad_credentials</c>, <c>refused_not_authorized</c>,
        /// <c>connection_lost</c>...), or null when none has ended since. Published in a <c>rolled_back</c> ack.
        /// Never allocates.
        /// </summary>
        string LastError { get; }

        /// <summary>
        /// The broker in use (or being tried) as <c>host:port</c>, or null before the first <see cref="Reconnect"/>. Changes
        /// when the link fails over to another broker of its list (broker_host:broker_port, then broker_fallback). Never allocates.
        /// </summary>
        string Broker { get; }

        /// <summary>
        /// Connection history and limits found (reasons the connection ended, failovers, publish QoS cap). Never null;
        /// the same object for the link's lifetime.
        /// </summary>
        LinkStats Stats { get; }

        /// <summary>
        /// Queues or sends one PUBLISH (topic and payload are copied or sent before returning; the caller reuses its
        /// buffers). Returns false when the message was dropped (not connected and no room to queue, payload too large);
        /// the caller counts drops. Never blocks on an acknowledgement. A <paramref name="qos"/>
        /// above <see cref="LinkStats.QosCap"/> is sent at the cap (counted in <see cref="LinkStats.QosCapped"/>).
        /// </summary>
        bool Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int payloadOffset, int payloadLength, int qos, bool retain);

        /// <summary>
        /// Drops the current connection (if any) and starts connecting with the broker settings of
        /// <paramref name="config"/> (broker_host/port/tls/user/password, keepalive_s, topic prefix for the will).
        /// Returns at once; progress is made by the app loop, and <see cref="ConnectCount"/> grows when it succeeds.
        /// </summary>
        void Reconnect(DeviceConfig config);
    }
}
