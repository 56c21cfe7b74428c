using System.Collections.Concurrent;
using System.Text;
using NanoNode.Mqtt;

namespace NanoNode.BrokerHost.Mqtt;

/// <summary>
/// Retained messages by topic [MQTT-3.3.1-5]: one per topic, replaced by the next retained PUBLISH, removed by a
/// retained PUBLISH with an empty payload [MQTT-3.3.1-10] [MQTT-3.3.1-11]. Thread-safe.
/// </summary>
public sealed class RetainedStore
{
    private readonly ConcurrentDictionary<string, BrokerMessage> _byTopic = new(StringComparer.Ordinal);

    /// <summary>Number of retained messages.</summary>
    public int Count => _byTopic.Count;

    /// <summary>Stores, replaces or (empty payload) clears the retained message of <paramref name="message"/>'s topic.</summary>
    public void Set(BrokerMessage message)
    {
        if (message.Payload.Length == 0)
        {
            _byTopic.TryRemove(message.Topic, out _);
        }
        else
        {
            _byTopic[message.Topic] = message;
        }
    }

    /// <summary>The retained message of <paramref name="topic"/>, or null.</summary>
    public BrokerMessage? Get(string topic) => _byTopic.TryGetValue(topic, out var m) ? m : null;

    /// <summary>Retained messages whose topic matches <paramref name="filter"/> (valid filter), '$' rule included [MQTT-4.7.2-1].</summary>
    public List<BrokerMessage> Match(string filter)
    {
        var result = new List<BrokerMessage>();
        if (filter.IndexOf('+') < 0 && filter.IndexOf('#') < 0)
        {
            if (_byTopic.TryGetValue(filter, out var exact))
            {
                result.Add(exact);
            }

            return result;
        }

        byte[] f = Encoding.UTF8.GetBytes(filter);
        foreach (var m in _byTopic.Values)
        {
            if (Topic.Matches(f, 0, f.Length, m.TopicUtf8, 0, m.TopicUtf8.Length))
            {
                result.Add(m);
            }
        }

        return result;
    }

    /// <summary>
    /// Removes the retained messages whose Message Expiry Interval has run out at <paramref name="now"/>
    /// (Environment.TickCount64; MQTT 5 §3.3.2.3.3: an expired retained message is no longer sent) and returns them;
    /// one replaced meanwhile by a newer message stays.
    /// </summary>
    public List<BrokerMessage> RemoveExpired(long now)
    {
        var removed = new List<BrokerMessage>();
        foreach (var kv in _byTopic)
        {
            if (kv.Value.IsExpired(now) && _byTopic.TryRemove(kv))
            {
                removed.Add(kv.Value);
            }
        }

        return removed;
    }

    /// <summary>All retained messages (snapshot).</summary>
    public ICollection<BrokerMessage> All => _byTopic.Values;
}
