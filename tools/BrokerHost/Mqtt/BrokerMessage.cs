using System.Text;

namespace NanoNode.BrokerHost.Mqtt;

/// <summary>
/// One application message as the broker routes it: immutable after construction and shared (never copied) by every
/// session it is delivered to. <see cref="Payload"/> is owned by the message; nobody writes to it.
/// </summary>
public sealed class BrokerMessage
{
    /// <summary>Creates a message; <paramref name="topicUtf8"/> and <paramref name="payload"/> are taken over, not copied.</summary>
    public BrokerMessage(string topic, byte[] topicUtf8, byte[] payload, byte qos, bool retain)
    {
        Topic = topic;
        TopicUtf8 = topicUtf8;
        Payload = payload;
        Qos = qos;
        Retain = retain;
    }

    /// <summary>Creates a message from a topic string (UTF-8 encoded once here).</summary>
    public BrokerMessage(string topic, byte[] payload, byte qos, bool retain)
        : this(topic, Encoding.UTF8.GetBytes(topic), payload, qos, retain)
    {
    }

    /// <summary>Topic name (no wildcards).</summary>
    public string Topic { get; }

    /// <summary>The topic as UTF-8 bytes, as written on the wire.</summary>
    public byte[] TopicUtf8 { get; }

    /// <summary>Application payload (may be empty).</summary>
    public byte[] Payload { get; }

    /// <summary>QoS the publisher used (0..2); each subscriber gets min(this, its granted QoS) [MQTT-3.8.4-6].</summary>
    public byte Qos { get; }

    /// <summary>The RETAIN flag as published.</summary>
    public bool Retain { get; }

    /// <summary>
    /// MQTT 5 application properties of the PUBLISH (content of a property section: payload format indicator, content
    /// type, response topic, correlation data, user properties, message expiry interval as received; never a topic
    /// alias or subscription identifier), forwarded to MQTT 5 subscribers and dropped toward 3.1.1 ones. Null = none.
    /// Owned by the message, never written after construction.
    /// </summary>
    public byte[]? Properties { get; init; }

    /// <summary>
    /// <see cref="Environment.TickCount64"/> at which the message expires (MQTT 5 Message Expiry Interval, §3.3.2.3.3);
    /// 0 = never. An expired message is not delivered (queued ones are dropped and counted).
    /// </summary>
    public long ExpiresAt { get; init; }

    /// <summary>True when the message has a Message Expiry Interval that has run out at <paramref name="now"/> (TickCount64 ms).</summary>
    public bool IsExpired(long now) => ExpiresAt != 0 && now >= ExpiresAt;

    /// <summary>Approximate memory cost, used by the per-session byte limits.</summary>
    public int Size => TopicUtf8.Length + Payload.Length + (Properties?.Length ?? 0) + 64;
}
