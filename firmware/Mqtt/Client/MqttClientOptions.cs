using System;

namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// Everything that configures an <see cref="MqttClient"/>, grouped by concern (STYLE §10). The client reads the
    /// options once, in its constructor: changing them afterwards has no effect. Buffers are sized from
    /// <see cref="Limits"/> at construction; nothing grows later.
    /// </summary>
    public sealed class MqttClientOptions
    {
        /// <summary>Who connects and how: client id, credentials, last will.</summary>
        public readonly MqttConnectionOptions Connection = new MqttConnectionOptions();

        /// <summary>Session persistence and what happens to messages published while offline.</summary>
        public readonly MqttSessionOptions Session = new MqttSessionOptions();

        /// <summary>Sizes of every buffer and table (memory is allocated once from these).</summary>
        public readonly MqttLimitOptions Limits = new MqttLimitOptions();

        /// <summary>Keepalive, timeouts and reconnect backoff.</summary>
        public readonly MqttTimingOptions Timing = new MqttTimingOptions();
    }

    /// <summary>CONNECT contents (MQTT 3.1.1 §3.1.3).</summary>
    public sealed class MqttConnectionOptions
    {
        /// <summary>
        /// Client identifier, 1..23 characters of [0-9a-zA-Z] is what every broker must accept [MQTT-3.1.3-5]; longer ids
        /// work with most brokers. Default "nanonode". An empty id requires CleanSession = true [MQTT-3.1.3-7].
        /// </summary>
        public string ClientId = "nanonode";

        /// <summary>User name, or null (default) to send none [MQTT-3.1.2-18].</summary>
        public string UserName;

        /// <summary>Password bytes (owned by the options; copied at construction), or null (default). Needs a user name [MQTT-3.1.2-22].</summary>
        public byte[] Password;

        /// <summary>Last will topic, or null (default) for no will. Published by the broker on an abnormal close, not after DISCONNECT [MQTT-3.1.2-8] [MQTT-3.1.2-10].</summary>
        public string WillTopic;

        /// <summary>Last will payload (copied at construction); null = empty. Default null.</summary>
        public byte[] WillPayload;

        /// <summary>Last will QoS 0..2. Default 1 (DESIGN §5: status "offline" with QoS 1).</summary>
        public int WillQos = 1;

        /// <summary>Last will retain flag. Default true (DESIGN §5: the status topic is retained).</summary>
        public bool WillRetain = true;
    }

    /// <summary>Session state and offline queuing.</summary>
    public sealed class MqttSessionOptions
    {
        /// <summary>
        /// CONNECT's CleanSession flag. Default true: every connection starts a new session and the client re-sends its
        /// subscriptions. False keeps subscriptions and undelivered QoS 1/2 messages at the broker across disconnects
        /// [MQTT-3.1.2-4]; inflight messages are then re-sent with DUP after a reconnect [MQTT-4.4.0-1].
        /// </summary>
        public bool CleanSession = true;

        /// <summary>QoS 0 messages published while offline: queued, oldest dropped first when full. Default DropOldest.</summary>
        public MqttQueuePolicy Qos0 = MqttQueuePolicy.DropOldest;

        /// <summary>QoS 1 messages published while offline or with the inflight table full. Default RejectNew (OutboxFull).</summary>
        public MqttQueuePolicy Qos1 = MqttQueuePolicy.RejectNew;

        /// <summary>QoS 2 messages published while offline or with the inflight table full. Default RejectNew (OutboxFull).</summary>
        public MqttQueuePolicy Qos2 = MqttQueuePolicy.RejectNew;
    }

    /// <summary>Sizes. Memory allocated by the client ≈ 2 × MaxPacketSize + MaxInflight × MaxPacketSize + OutboxBytes + MaxSubscriptions × MaxFilterLength + 8 KB (inbound QoS 2 bitmap; 4 × MaxInboundQos2 bytes when smaller than 65535).</summary>
    public sealed class MqttLimitOptions
    {
        /// <summary>
        /// Largest MQTT packet in bytes, both directions (fixed header included). Default 1024. An outbound PUBLISH larger
        /// than this returns <see cref="MqttStatus.TooLarge"/>; a larger inbound PUBLISH is read and discarded in chunks
        /// (acknowledged, not delivered, counted); any other larger inbound packet closes the connection.
        /// </summary>
        public int MaxPacketSize = 1024;

        /// <summary>Outbound QoS 1/2 messages awaiting acknowledgement at once (each holds MaxPacketSize bytes). Default 4.</summary>
        public int MaxInflight = 4;

        /// <summary>Bytes of the outbox arena (each message costs 7 + topic + payload bytes). Default 4096.</summary>
        public int OutboxBytes = 4096;

        /// <summary>Messages in the outbox at once. Default 32.</summary>
        public int OutboxMessages = 32;

        /// <summary>Slots of the subscription/handler table. Default 8.</summary>
        public int MaxSubscriptions = 8;

        /// <summary>Longest topic filter in UTF-8 bytes. Default 128.</summary>
        public int MaxFilterLength = 128;

        /// <summary>Longest topic given as a string to Publish / the will (UTF-8 bytes; scratch buffer). Default 128.</summary>
        public int MaxTopicLength = 128;

        /// <summary>
        /// Inbound QoS 2 packet ids held between PUBREC and PUBREL. Default 65535: a bitmap over every packet id (8 KB),
        /// never full. A smaller value (1..65534) is a list of that many ids (4 bytes each); when it is full the client
        /// closes the connection rather than risk a double delivery, and a broker that keeps more QoS 2 messages unreleased
        /// than that (Mosquitto 2.0 does when it resumes a session with a backlog) makes the client reconnect again and again.
        /// </summary>
        public int MaxInboundQos2 = MqttInboundQos2Table.AllIds;
    }

    /// <summary>Timing, all in milliseconds unless named otherwise.</summary>
    public sealed class MqttTimingOptions
    {
        /// <summary>CONNECT keepalive in seconds (0 disables pings) [MQTT-3.1.2-23]. Default 60.</summary>
        public int KeepAliveSeconds = 60;

        /// <summary>Time allowed for PINGRESP after PINGREQ before the connection is closed and a reconnect starts. Default 10000.</summary>
        public int PingTimeoutMs = 10000;

        /// <summary>Time allowed for CONNACK after CONNECT. Default 10000.</summary>
        public int ConnackTimeoutMs = 10000;

        /// <summary>Smallest reconnect delay (first retry waits at least this). Default 1000.</summary>
        public int ReconnectFloorMs = 1000;

        /// <summary>
        /// Largest reconnect delay. Default 60000. Also the time a connection must stay up before the backoff starts again
        /// from the floor.
        /// </summary>
        public int ReconnectCeilingMs = 60000;

        /// <summary>Seed of the jitter PRNG; 0 (default) derives one from the clock at construction.</summary>
        public uint JitterSeed;
    }
}
