namespace NanoNode.BrokerHost.Mqtt;

/// <summary>
/// Subscriptions by topic filter, one trie level per topic level (MQTT 3.1.1 §4.7). '+' matches one level, '#' the
/// rest including the parent level [MQTT-4.7.1-2]; filters starting with a wildcard do not match topics starting with
/// '$' [MQTT-4.7.2-1]. Thread-safe: many concurrent matchers, writers serialized (reader/writer lock).
/// </summary>
public sealed class TopicTrie<T>
    where T : class
{
    private readonly Node _root = new();
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private int _count;

    /// <summary>Number of (filter, subscriber) pairs.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Adds or replaces the subscription of <paramref name="subscriber"/> to <paramref name="filter"/> (valid filter).</summary>
    public void Add(string filter, T subscriber, byte qos)
    {
        _lock.EnterWriteLock();
        try
        {
            var map = Leaf(filter, create: true)!;
            if (!map.ContainsKey(subscriber))
            {
                _count++;
            }

            map[subscriber] = qos;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes the subscription; returns false when there was none.</summary>
    public bool Remove(string filter, T subscriber)
    {
        _lock.EnterWriteLock();
        try
        {
            var map = Leaf(filter, create: false);
            if (map != null && map.Remove(subscriber))
            {
                _count--;
                return true;
            }

            return false;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Adds every subscriber whose filter matches <paramref name="topic"/> to <paramref name="result"/> with the highest
    /// QoS of its matching filters (one delivery per subscriber for overlapping filters).
    /// </summary>
    public void Match(string topic, Dictionary<T, byte> result)
    {
        bool dollar = topic.Length > 0 && topic[0] == '$';
        _lock.EnterReadLock();
        try
        {
            Match(_root, topic.AsSpan(), 0, dollar, result);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private static void Match(Node node, ReadOnlySpan<char> rest, int depth, bool dollar, Dictionary<T, byte> result)
    {
        bool root = depth == 0 && dollar;
        if (node.Hash != null && !root)
        {
            AddAll(node.Hash, result);
        }

        int slash = rest.IndexOf('/');
        var level = slash < 0 ? rest : rest[..slash];
        bool last = slash < 0;
        if (node.Children != null && node.Children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(level, out var child))
        {
            Visit(child, rest, slash, last, depth, dollar, result);
        }

        if (node.Plus != null && !root)
        {
            Visit(node.Plus, rest, slash, last, depth, dollar, result);
        }
    }

    private static void Visit(Node child, ReadOnlySpan<char> rest, int slash, bool last, int depth, bool dollar, Dictionary<T, byte> result)
    {
        if (last)
        {
            if (child.Exact != null)
            {
                AddAll(child.Exact, result);
            }

            // "a/#" matches "a" [MQTT-4.7.1-2].
            if (child.Hash != null)
            {
                AddAll(child.Hash, result);
            }
        }
        else
        {
            Match(child, rest[(slash + 1)..], depth + 1, dollar, result);
        }
    }

    private static void AddAll(Dictionary<T, byte> from, Dictionary<T, byte> result)
    {
        foreach (var kv in from)
        {
            if (!result.TryGetValue(kv.Key, out byte q) || q < kv.Value)
            {
                result[kv.Key] = kv.Value;
            }
        }
    }

    private Dictionary<T, byte>? Leaf(string filter, bool create)
    {
        var node = _root;
        var rest = filter.AsSpan();
        while (true)
        {
            int slash = rest.IndexOf('/');
            var level = slash < 0 ? rest : rest[..slash];
            if (level.Length == 1 && level[0] == '#')
            {
                return node.Hash ??= create ? new Dictionary<T, byte>(ReferenceEqualityComparer.Instance as IEqualityComparer<T>) : null;
            }

            Node? next;
            if (level.Length == 1 && level[0] == '+')
            {
                next = node.Plus ??= create ? new Node() : null;
            }
            else
            {
                node.Children ??= create ? new Dictionary<string, Node>(StringComparer.Ordinal) : null;
                if (node.Children == null)
                {
                    return null;
                }

                var lookup = node.Children.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!lookup.TryGetValue(level, out next) && create)
                {
                    next = new Node();
                    node.Children[level.ToString()] = next;
                }
            }

            if (next == null)
            {
                return null;
            }

            node = next;
            if (slash < 0)
            {
                return node.Exact ??= create ? new Dictionary<T, byte>(ReferenceEqualityComparer.Instance as IEqualityComparer<T>) : null;
            }

            rest = rest[(slash + 1)..];
        }
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public Node? Plus;

        // Subscribers whose filter ends at this node.
        public Dictionary<T, byte>? Exact;

        // Subscribers of "<this node>/#".
        public Dictionary<T, byte>? Hash;
    }
}
