namespace NanoNode.BrokerHost.Mqtt;

/// <summary>
/// Shared subscriptions (MQTT 5 §4.8.2, also accepted from 3.1.1 clients as Mosquitto does): a filter
/// <c>$share/{ShareName}/{filter}</c> joins the session to the group (ShareName, filter); each matching message goes
/// to one session of the group. Choice: round-robin over the members, skipping the offline ones; when every member is
/// offline the message goes (round-robin) to a persistent member, which queues it; a group without any is skipped.
/// Thread-safety: a group's members and cursor are under the group's own lock; groups are created and dropped under
/// the broker's <see cref="Registry"/> lock.
/// </summary>
internal static class SharedSubscriptions
{
    private const string Prefix = "$share/";

    /// <summary>True when <paramref name="filter"/> is a shared subscription filter (starts with "$share/").</summary>
    public static bool IsShared(string filter) => filter.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// Splits <c>$share/{ShareName}/{filter}</c>; false when malformed: the ShareName must be at least one character
    /// without '/', '+' or '#' [MQTT-4.8.2-1] [MQTT-4.8.2-2] and the filter must not be empty.
    /// </summary>
    public static bool TrySplit(string sharedFilter, out string shareName, out string filter)
    {
        shareName = filter = string.Empty;
        if (!IsShared(sharedFilter))
        {
            return false;
        }

        int slash = sharedFilter.IndexOf('/', Prefix.Length);
        if (slash <= Prefix.Length || slash == sharedFilter.Length - 1)
        {
            return false;
        }

        shareName = sharedFilter[Prefix.Length..slash];
        if (shareName.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            return false;
        }

        filter = sharedFilter[(slash + 1)..];
        return true;
    }

    /// <summary>The filter that matches topics: the part after the ShareName for a shared filter, else the filter itself.</summary>
    public static string RealFilter(string filter) => TrySplit(filter, out _, out var real) ? real : filter;

    /// <summary>One group (ShareName, filter) and its member sessions with their granted QoS.</summary>
    public sealed class Group
    {
        private readonly List<Session> _members = new();
        private readonly List<byte> _qos = new();
        private int _next;

        public Group(string key) => Key = key;

        /// <summary>The full "$share/{ShareName}/{filter}" string.</summary>
        public string Key { get; }

        public int Count
        {
            get
            {
                lock (_members)
                {
                    return _members.Count;
                }
            }
        }

        /// <summary>Adds or updates a member; returns true when it was new.</summary>
        public bool Set(Session session, byte qos)
        {
            lock (_members)
            {
                int i = _members.IndexOf(session);
                if (i >= 0)
                {
                    _qos[i] = qos;
                    return false;
                }

                _members.Add(session);
                _qos.Add(qos);
                return true;
            }
        }

        /// <summary>Removes a member; returns true when it was one.</summary>
        public bool Remove(Session session)
        {
            lock (_members)
            {
                int i = _members.IndexOf(session);
                if (i < 0)
                {
                    return false;
                }

                _members.RemoveAt(i);
                _qos.RemoveAt(i);
                return true;
            }
        }

        /// <summary>
        /// The member that gets the next message: the next online one after the previous choice, else the next
        /// persistent one (it queues), else none. Reads each session's connection without its lock: a member that goes
        /// offline at that instant gets the message queued (persistent) or loses it (clean), as with any session.
        /// </summary>
        public bool TryPick(out Session session, out byte qos)
        {
            lock (_members)
            {
                int n = _members.Count;
                for (int pass = 0; pass < 2; pass++)
                {
                    for (int k = 0; k < n; k++)
                    {
                        int i = (_next + k) % n;
                        var s = _members[i];
                        if (s.Discarded || (pass == 0 ? s.Connection == null : !s.Persistent))
                        {
                            continue;
                        }

                        _next = (i + 1) % n;
                        session = s;
                        qos = _qos[i];
                        return true;
                    }
                }

                session = null!;
                qos = 0;
                return false;
            }
        }
    }

    /// <summary>The groups of one broker: a trie of the real filters to their groups.</summary>
    public sealed class Registry
    {
        private readonly TopicTrie<Group> _trie = new();
        private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
        private int _members;

        /// <summary>Number of (shared filter, session) subscriptions.</summary>
        public int Count => Volatile.Read(ref _members);

        /// <summary>Adds <paramref name="session"/> to the group of the valid shared filter <paramref name="sharedFilter"/>.</summary>
        public void Add(string sharedFilter, Session session, byte qos)
        {
            TrySplit(sharedFilter, out _, out var filter);
            lock (_groups)
            {
                if (!_groups.TryGetValue(sharedFilter, out var group))
                {
                    group = new Group(sharedFilter);
                    _groups[sharedFilter] = group;
                    _trie.Add(filter, group, 0);
                }

                if (group.Set(session, qos))
                {
                    _members++;
                }
            }
        }

        /// <summary>Removes <paramref name="session"/> from the group; an empty group is dropped.</summary>
        public void Remove(string sharedFilter, Session session)
        {
            TrySplit(sharedFilter, out _, out var filter);
            lock (_groups)
            {
                if (_groups.TryGetValue(sharedFilter, out var group) && group.Remove(session))
                {
                    _members--;
                    if (group.Count == 0)
                    {
                        _groups.Remove(sharedFilter);
                        _trie.Remove(filter, group);
                    }
                }
            }
        }

        /// <summary>Adds the groups whose filter matches <paramref name="topic"/> to <paramref name="result"/> (cleared by the caller).</summary>
        public void Match(string topic, Dictionary<Group, byte> result) => _trie.Match(topic, result);
    }
}
