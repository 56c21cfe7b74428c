namespace NanoNode.BrokerHost.Mqtt;

/// <summary>Broker counters (Interlocked), published under $SYS/broker/ and read by tests and the bench.</summary>
public sealed class BrokerStats
{
    /// <summary>PUBLISH packets received from clients.</summary>
    public long Received;

    /// <summary>PUBLISH packets queued to connections (all QoS, retries included).</summary>
    public long Sent;

    /// <summary>Outbound QoS 1/2 flows completed by the subscriber.</summary>
    public long Delivered;

    /// <summary>Messages dropped: QoS 0 to an offline session or a full connection queue, QoS 1/2 past a session's queue limits.</summary>
    public long Dropped;

    /// <summary>Re-sent unacknowledged PUBLISH/PUBREL on a live connection.</summary>
    public long Retries;

    /// <summary>Connections currently open (before or after CONNECT).</summary>
    public long Connections;

    /// <summary>Clients currently connected (CONNACK 0 sent).</summary>
    public long ClientsConnected;

    /// <summary>Of <see cref="ClientsConnected"/>, those connected with MQTT 3.1.1 (protocol level 4).</summary>
    public long ClientsConnectedMqtt311;

    /// <summary>Of <see cref="ClientsConnected"/>, those connected with MQTT 5.0 (protocol level 5).</summary>
    public long ClientsConnectedMqtt5;

    /// <summary>Connections refused by CONNACK with a non-zero return code.</summary>
    public long ConnectionsRefused;

    /// <summary>Failed logins (bad credentials or lock-out).</summary>
    public long LoginFailures;

    /// <summary>Connections closed for a malformed packet or a protocol violation.</summary>
    public long ProtocolErrors;

    /// <summary>
    /// Times a connection's reader stopped reading because more than <see cref="MqttConnection.ReaderPauseAbove"/> replies
    /// waited in its own outbound queue (a client that sends and does not read; TCP then holds its sender back).
    /// </summary>
    public long ReaderPauses;

    /// <summary>
    /// Connections closed for acknowledging a delivery with the wrong packet type (PUBREC/PUBCOMP for a QoS 1 delivery,
    /// PUBACK for a QoS 2 one); also counted in <see cref="ProtocolErrors"/>.
    /// </summary>
    public long WrongAckType;

    /// <summary>
    /// MQTT 5 connections closed with DISCONNECT 0x93 for sending more unacknowledged QoS 1/2 PUBLISHes than the Receive
    /// Maximum the broker announced [MQTT-3.3.4-9]; also counted in <see cref="ProtocolErrors"/>.
    /// </summary>
    public long ReceiveMaximumExceeded;

    /// <summary>CONNECTs refused (CONNACK 5) because the client id's session belongs to another, non-admin principal.</summary>
    public long SessionTakeoversRefused;

    /// <summary>Deliveries dropped because the receiving principal's ACL does not cover the topic (checked at delivery).</summary>
    public long AclDeliveriesDenied;

    /// <summary>PUBLISH packets dropped because the publisher's ACL does not cover the topic.</summary>
    public long AclPublishesDenied;

    /// <summary>Logins refused with CONNACK 3 because too many password checks were already waiting.</summary>
    public long PasswordChecksRejected;

    /// <summary>Connections closed by keepalive expiry.</summary>
    public long KeepaliveExpired;

    /// <summary>Will messages published.</summary>
    public long WillsPublished;

    /// <summary>Bytes received on all connections.</summary>
    public long BytesReceived;

    /// <summary>Bytes written to all connections.</summary>
    public long BytesSent;

    /// <summary>Messages not delivered because their MQTT 5 Message Expiry Interval ran out while queued.</summary>
    public long Expired;

    /// <summary>Messages not delivered because they exceed the receiving MQTT 5 client's Maximum Packet Size.</summary>
    public long TooLargeForClient;
}
