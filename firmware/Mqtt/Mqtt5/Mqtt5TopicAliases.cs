namespace NanoNode.Mqtt
{
    /// <summary>
    /// The topic alias map of one direction of one connection (§3.3.2.3.4): alias 1..<see cref="Maximum"/> → topic name.
    /// A receiver resolves incoming aliases with <see cref="Resolve"/>; a sender picks aliases with <see cref="Assign"/>.
    /// All storage is allocated in the constructor (maximum × maxTopicLength bytes); nothing afterwards.
    /// </summary>
    /// <remarks>
    /// Aliases live as long as the network connection and are not part of the session: <see cref="Clear"/> on every new
    /// connection (§3.3.2.3.4). Not thread-safe: one instance per connection and direction, used by that connection's
    /// reader (inbound) or writer (outbound). Public fields for nanoCLR.
    /// </remarks>
    public class Mqtt5TopicAliases
    {
        /// <summary>Highest alias (the Topic Alias Maximum announced for this direction); 0 = aliases not used.</summary>
        public readonly int Maximum;

        /// <summary>Longest topic name a slot stores, in bytes.</summary>
        public readonly int MaxTopicLength;

        private readonly byte[] _topics;
        private readonly int[] _lengths;
        private int _next;

        /// <summary>Allocates room for <paramref name="maximum"/> (0..65535) topics of up to <paramref name="maxTopicLength"/> bytes.</summary>
        public Mqtt5TopicAliases(int maximum, int maxTopicLength)
        {
            if (maximum < 0 || maximum > 65535 || maxTopicLength < 1 || maxTopicLength > MqttWire.MaxStringLength)
            {
                throw new System.ArgumentOutOfRangeException("maximum");
            }

            Maximum = maximum;
            MaxTopicLength = maxTopicLength;
            _topics = new byte[maximum * maxTopicLength];
            _lengths = new int[maximum + 1];
        }

        /// <summary>The storage the views of <see cref="Resolve"/> point into when a topic came from the map.</summary>
        public byte[] Storage
        {
            get { return _topics; }
        }

        /// <summary>Forgets every alias (new network connection).</summary>
        public void Clear()
        {
            for (int i = 0; i <= Maximum; i++)
            {
                _lengths[i] = 0;
            }

            _next = 0;
        }

        /// <summary>
        /// Receiver side, for a decoded PUBLISH (topic view <paramref name="topicOffset"/>/<paramref name="topicLength"/> in
        /// <paramref name="buffer"/>, <paramref name="alias"/> = its Topic Alias property or 0 when absent). Results:
        /// no alias: the topic as is; alias with a topic: the alias is (re)bound to that topic and the topic returned as
        /// is; alias with an empty topic: the bound topic, as a view into <see cref="Storage"/>.
        /// <see cref="MqttStatus.TopicAliasInvalid"/>: alias 0 or above <see cref="Maximum"/>, or an empty topic whose
        /// alias is unbound (§3.3.2.3.4). <see cref="MqttStatus.TooLarge"/>: the topic is longer than a slot (the caller
        /// may refuse it like a Topic Alias Maximum of 0).
        /// </summary>
        public MqttStatus Resolve(byte[] buffer, int topicOffset, int topicLength, int alias, out byte[] topicBuffer, out int resolvedOffset, out int resolvedLength)
        {
            topicBuffer = buffer;
            resolvedOffset = topicOffset;
            resolvedLength = topicLength;
            if (alias == 0)
            {
                return topicLength > 0 ? MqttStatus.Ok : MqttStatus.MissingTopicAlias;
            }

            if (alias < 0 || alias > Maximum)
            {
                return MqttStatus.TopicAliasInvalid;
            }

            if (topicLength == 0)
            {
                int n = _lengths[alias];
                if (n == 0)
                {
                    return MqttStatus.TopicAliasInvalid;
                }

                topicBuffer = _topics;
                resolvedOffset = (alias - 1) * MaxTopicLength;
                resolvedLength = n;
                return MqttStatus.Ok;
            }

            if (topicLength > MaxTopicLength)
            {
                return MqttStatus.TooLarge;
            }

            System.Array.Copy(buffer, topicOffset, _topics, (alias - 1) * MaxTopicLength, topicLength);
            _lengths[alias] = topicLength;
            return MqttStatus.Ok;
        }

        /// <summary>
        /// Sender side: the alias to use for <paramref name="topic"/>[<paramref name="offset"/>..+<paramref name="length"/>).
        /// Returns 0 when aliases are off (<see cref="Maximum"/> 0) or the topic does not fit a slot: send the topic
        /// without an alias. Otherwise 1..Maximum with <paramref name="known"/> = true when the receiver already has it
        /// (send an empty topic name + the alias) or false when it was just bound (send the topic + the alias). When all
        /// slots are taken, the oldest binding is replaced (round robin). Linear search: keep Maximum small on a device.
        /// </summary>
        public int Assign(byte[] topic, int offset, int length, out bool known)
        {
            known = false;
            if (Maximum == 0 || length < 1 || length > MaxTopicLength)
            {
                return 0;
            }

            for (int a = 1; a <= Maximum; a++)
            {
                if (_lengths[a] == length && SameBytes(topic, offset, (a - 1) * MaxTopicLength, length))
                {
                    known = true;
                    return a;
                }
            }

            int alias = 1 + _next;
            _next = (_next + 1) % Maximum;
            System.Array.Copy(topic, offset, _topics, (alias - 1) * MaxTopicLength, length);
            _lengths[alias] = length;
            return alias;
        }

        private bool SameBytes(byte[] topic, int offset, int slot, int length)
        {
            for (int i = 0; i < length; i++)
            {
                if (_topics[slot + i] != topic[offset + i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
