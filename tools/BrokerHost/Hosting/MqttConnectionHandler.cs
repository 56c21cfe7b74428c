using System.Net;
using Microsoft.AspNetCore.Connections;
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
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var remote = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        var mqtt = new MqttConnection(_broker, connection.Transport.Input, connection.Transport.Output, remote, _log);
        await mqtt.RunAsync(connection.ConnectionClosed).ConfigureAwait(false);
    }
}
