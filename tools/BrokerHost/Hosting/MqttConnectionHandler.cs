using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Mqtt;

namespace NanoNode.BrokerHost.Hosting;

/// <summary>Kestrel connection handler for MQTT over TCP and TLS (TLS is terminated by Kestrel's HTTPS/TLS middleware).</summary>
public sealed class MqttConnectionHandler : ConnectionHandler
{
    private readonly MqttBroker _broker;
    private readonly ILogger<MqttConnection> _log;

    /// <summary>Created by Kestrel's DI container.</summary>
    public MqttConnectionHandler(MqttBroker broker, ILogger<MqttConnection> log)
    {
        _broker = broker;
        _log = log;
    }

    /// <inheritdoc />
    public override Task OnConnectedAsync(ConnectionContext connection)
    {
        var remote = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        var mqtt = new MqttConnection(_broker, connection.Transport.Input, connection.Transport.Output, remote, _log);

        // Server shutdown only. Not ConnectionClosed: Kestrel fires that as soon as the peer's FIN is read, and
        // cancelling the read then would drop packets still in the input pipe (a DISCONNECT, so the will would be
        // published against [MQTT-3.14.4-3]; a last QoS 0 PUBLISH). A FIN or reset ends the read loop through the
        // input pipe itself, after everything received before it.
        var shutdown = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        // Returned, not awaited: no state machine kept per connection.
        return mqtt.RunAsync(shutdown);
    }
}
