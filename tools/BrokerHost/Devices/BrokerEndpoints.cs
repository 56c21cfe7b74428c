using NanoNode.Mqtt.Client;

namespace NanoNode.BrokerHost.Devices;

/// <summary>One MQTT broker address (plain TCP).</summary>
/// <param name="Host">Host name or IP address.</param>
/// <param name="Port">TCP port.</param>
public sealed record BrokerEndpoint(string Host, int Port)
{
    /// <summary><c>host:port</c> (IPv6 literals in brackets).</summary>
    public override string ToString() => (Host.Contains(':') ? "[" + Host + "]" : Host) + ":" + Port;
}

/// <summary>Parsing of <c>--broker</c> values: one URL or a comma-separated list of them (cluster nodes, tried in order).</summary>
public static class BrokerEndpoints
{
    /// <summary>
    /// Parses <paramref name="urls"/>: <c>mqtt://host[:port]</c>, or several separated by commas
    /// (<c>mqtt://a:1883,mqtt://b:1883</c>); the default port is 1883. False with a one-line message for anything else
    /// (mqtts:// is not supported by the host-side link).
    /// </summary>
    public static bool TryParse(string? urls, out IReadOnlyList<BrokerEndpoint> endpoints, out string error)
    {
        var list = new List<BrokerEndpoint>();
        endpoints = list;
        error = "";
        foreach (string raw in (urls ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme != "mqtt" || string.IsNullOrEmpty(uri.Host)
                || uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0)
            {
                error = $"--broker takes mqtt://host:port, or several separated by commas (got '{raw}')";
                return false;
            }

            list.Add(new BrokerEndpoint(uri.Host.Trim('[', ']'), uri.IsDefaultPort || uri.Port <= 0 ? 1883 : uri.Port));
        }

        return list.Count > 0;
    }
}

/// <summary>
/// A TCP transport over a list of brokers (the nodes of one cluster, or a primary and a standby): each
/// <see cref="Connect"/> tries the endpoints once each, starting with the one that worked last, and keeps the first that
/// accepts. The MQTT client above it reconnects with its own backoff and re-subscribes, so a stopped cluster node costs
/// one failed TCP connect (immediate on a refused port) and the next endpoint is used.
/// </summary>
/// <remarks>Threading: the owner's thread only (as <see cref="IMqttTransport"/>).</remarks>
public sealed class FailoverTransport : IMqttTransport
{
    private readonly IReadOnlyList<BrokerEndpoint> _endpoints;
    private readonly TcpTransport[] _transports;
    private int _current;
    private TcpTransport? _active;

    /// <summary>A transport over <paramref name="endpoints"/> (at least one).</summary>
    public FailoverTransport(IReadOnlyList<BrokerEndpoint> endpoints)
    {
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("at least one broker", nameof(endpoints));
        }

        _endpoints = endpoints;
        _transports = endpoints.Select(e => new TcpTransport(e.Host, e.Port)).ToArray();
    }

    /// <summary>The endpoint of the open connection, or of the next attempt.</summary>
    public BrokerEndpoint Current => _endpoints[Volatile.Read(ref _current)];

    /// <inheritdoc />
    public bool Connect()
    {
        Close();
        for (int i = 0; i < _endpoints.Count; i++)
        {
            int index = (_current + i) % _endpoints.Count;
            var t = _transports[index];
            if (t.Connect())
            {
                Volatile.Write(ref _current, index);
                _active = t;
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public int Send(byte[] buffer, int offset, int count) => _active?.Send(buffer, offset, count) ?? -1;

    /// <inheritdoc />
    public int Receive(byte[] buffer, int offset, int count, int timeoutMs) => _active?.Receive(buffer, offset, count, timeoutMs) ?? -1;

    /// <inheritdoc />
    public void Close()
    {
        _active?.Close();
        _active = null;
    }
}
