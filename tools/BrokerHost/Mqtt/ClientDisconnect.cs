namespace NanoNode.BrokerHost.Mqtt;

/// <summary>Why a client's connection ended (<see cref="MqttConnection.CloseReason"/>, <see cref="ClientDisconnect.Reason"/>).</summary>
public static class CloseReasons
{
    /// <summary>The client sent DISCONNECT: no will [MQTT-3.14.4-3].</summary>
    public const string Clean = "clean";

    /// <summary>An MQTT 5 client sent DISCONNECT with reason 0x04 (Disconnect with Will Message, §3.14.2.1): the will is published.</summary>
    public const string CleanWithWill = "disconnect with will";

    /// <summary>Nothing received for 1.5 × the keep alive [MQTT-3.1.2-24]: the will is published.</summary>
    public const string KeepAliveTimeout = "keep-alive timeout";

    /// <summary>The peer closed the TCP/WebSocket stream without DISCONNECT: the will is published.</summary>
    public const string SocketClosed = "socket closed";

    /// <summary>The socket failed (reset, I/O error): the will is published.</summary>
    public const string SocketLost = "socket lost";

    /// <summary>The client broke the protocol and was closed: the will is published.</summary>
    public const string ProtocolError = "protocol error";

    /// <summary>Another connection took over the client id [MQTT-3.1.4-2]: the will is published.</summary>
    public const string TakenOver = "taken over";

    /// <summary>The broker host is shutting down.</summary>
    public const string ServerShutdown = "server shutdown";
}

/// <summary>
/// One ended client connection, raised by <see cref="MqttBroker.ClientDisconnected"/> before the will (if any) is
/// published, so a listener learns the reason before the will's message reaches any subscriber.
/// </summary>
/// <param name="ClientId">The client id of the session.</param>
/// <param name="UserName">The principal's name (a device user's login, or "(anonymous)").</param>
/// <param name="DeviceId">The device the principal owns (device users), else null.</param>
/// <param name="Reason">One of <see cref="CloseReasons"/>.</param>
/// <param name="WillPublished">True when the broker publishes the client's will now.</param>
public sealed record ClientDisconnect(string ClientId, string? UserName, string? DeviceId, string Reason, bool WillPublished);
