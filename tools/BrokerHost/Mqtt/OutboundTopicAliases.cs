namespace NanoNode.BrokerHost.Mqtt;

/// <summary>
/// Topic aliases broker → one MQTT 5 client for one network connection (§3.3.2.3.4): the aliases 1..<see cref="Maximum"/>
/// the broker binds to topic names it sends. An alias is bound the first time its topic is sent (that PUBLISH carries
/// the topic name and the alias) and is never rebound while the connection lasts: a later PUBLISH of the topic, a
/// retransmission with DUP included, carries the alias and an empty topic name, and the client always resolves it
/// to the same topic whatever was sent in between. Once every alias is bound, further topics are sent by name.
/// </summary>
/// <remarks>
/// Used by the connection's drain only (under its output lock), in the order packets reach the socket, so the client's
/// view of the map equals this one at every packet. Aliases are not part of the session: a new connection starts with
/// a new, empty map [MQTT-3.3.2-7]. Host-only (a Dictionary over the message's topic string); the device's client side
/// has <c>NanoNode.Mqtt.Mqtt5TopicAliases</c> for the allocation-free case. Holds at most Maximum topic references.
/// </remarks>
public sealed class OutboundTopicAliases
{
    private readonly Dictionary<string, int> _aliases = new(StringComparer.Ordinal);

    /// <summary>Creates an empty map of <paramref name="maximum"/> (1..65535) aliases.</summary>
    public OutboundTopicAliases(int maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximum, 65535);
        Maximum = maximum;
    }

    /// <summary>Highest alias used: never above the client's Topic Alias Maximum [MQTT-3.3.2-9].</summary>
    public int Maximum { get; }

    /// <summary>The alias bound to <paramref name="topic"/>, or 0 when it has none.</summary>
    public int Find(string topic) => _aliases.TryGetValue(topic, out int alias) ? alias : 0;

    /// <summary>The alias the next <see cref="Bind"/> would use, or 0 when every alias is bound.</summary>
    public int NextFree => _aliases.Count < Maximum ? _aliases.Count + 1 : 0;

    /// <summary>Binds <see cref="NextFree"/> to <paramref name="topic"/> (which has no alias yet): call once the PUBLISH carrying both is written.</summary>
    public void Bind(string topic, int alias)
    {
        if (alias != NextFree || alias == 0 || !_aliases.TryAdd(topic, alias))
        {
            throw new InvalidOperationException("topic alias " + alias + " is not the next free one or the topic is bound");
        }
    }
}
