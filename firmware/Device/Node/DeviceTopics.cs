using NanoNode.Device.Config;

namespace NanoNode.Device.Node
{
    /// <summary>One topic name as UTF-8 in a buffer allocated once (<see cref="DeviceTopics.MaxTopic"/> bytes).</summary>
    public sealed class TopicName
    {
        /// <summary>The bytes; valid up to <see cref="Length"/>.</summary>
        public readonly byte[] Bytes = new byte[DeviceTopics.MaxTopic];

        /// <summary>Length in bytes.</summary>
        public int Length;

        /// <summary>True when <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="count"/>) is this topic.</summary>
        public bool Matches(byte[] buffer, int offset, int count)
        {
            if (count != Length)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (buffer[offset + i] != Bytes[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The topic as a new string (connect time only: subscriptions, will).</summary>
        public override string ToString()
        {
            char[] c = new char[Length];
            for (int i = 0; i < Length; i++)
            {
                c[i] = (char)Bytes[i];
            }

            return new string(c);
        }
    }

    /// <summary>
    /// The node's topic names (DESIGN §5), built into preallocated buffers when the config (topic_prefix) or the device
    /// id is set, never per publish: <c>&lt;prefix&gt;/&lt;id&gt;/status|info|telemetry|config|config/ack|config/set|cmd/+|cmd/ack</c>
    /// and <c>&lt;prefix&gt;/all/config/set</c>. Command topics are <c>&lt;prefix&gt;/&lt;id&gt;/cmd/&lt;name&gt;</c>;
    /// replies go to <c>&lt;prefix&gt;/&lt;id&gt;/cmd/ack</c> (a command named "ack" is ignored, so the node never answers itself).
    /// </summary>
    public sealed class DeviceTopics
    {
        /// <summary>Largest topic built: prefix (64) + id (32) + the longest suffix, with room to spare.</summary>
        public const int MaxTopic = 160;

        /// <summary>Largest device id, bytes.</summary>
        public const int MaxDeviceId = 32;

        /// <summary>The topic level of the fleet: <c>&lt;prefix&gt;/all/config/set</c>; not a valid device id.</summary>
        public const string FleetId = "all";

        /// <summary><c>&lt;prefix&gt;/&lt;id&gt;/status</c>: retained online/offline (will).</summary>
        public readonly TopicName Status = new TopicName();

        /// <summary><c>&lt;prefix&gt;/&lt;id&gt;/info</c>: retained device information.</summary>
        public readonly TopicName Info = new TopicName();

        /// <summary><c>&lt;prefix&gt;/&lt;id&gt;/telemetry</c>.</summary>
        public readonly TopicName Telemetry = new TopicName();

        /// <summary><c>&lt;prefix&gt;/&lt;id&gt;/config</c>: retained effective config.</summary>
        public readonly TopicName Config = new TopicName();

        /// <summary><c>&lt;prefix&gt;/&lt;id&gt;/config/ack</c>.</summary>
        public readonly TopicName ConfigAck = new TopicName();

        /// <summary><c>&lt;prefix&gt;/&lt;id&gt;/config/set</c> (subscribed).</summary>
        public readonly TopicName ConfigSet = new TopicName();

        /// <summary><c>&lt;prefix&gt;/all/config/set</c> (subscribed; the fleet topic).</summary>
        public readonly TopicName FleetConfigSet = new TopicName();

        /// <summary><c>&lt;prefix&gt;/&lt;id&gt;/cmd/+</c> (subscription filter).</summary>
        public readonly TopicName CommandFilter = new TopicName();

        /// <summary><c>&lt;prefix&gt;/&lt;id&gt;/cmd/</c>: the prefix of every command topic.</summary>
        public readonly TopicName CommandPrefix = new TopicName();

        /// <summary><c>&lt;prefix&gt;/&lt;id&gt;/cmd/ack</c>: command replies.</summary>
        public readonly TopicName CommandAck = new TopicName();

        /// <summary><c>&lt;prefix&gt;/all/cmd/announce</c>: the fleet asks every node to republish status, config and info.</summary>
        public readonly TopicName FleetAnnounce = new TopicName();

        private readonly byte[] _id = new byte[MaxDeviceId];
        private int _idLength;

        /// <summary>The device id as given to <see cref="SetDeviceId"/>.</summary>
        public string DeviceId;

        /// <summary>
        /// Sets the device id (1..32 of A-Z a-z 0-9 '-' '_'). Throws for an invalid id (misuse at construction).
        /// </summary>
        public void SetDeviceId(string id)
        {
            if (!IsValidDeviceId(id))
            {
                throw new System.ArgumentException("device id: 1..32 of A-Z a-z 0-9 - _, not \"all\"");
            }

            for (int i = 0; i < id.Length; i++)
            {
                _id[i] = (byte)id[i];
            }

            _idLength = id.Length;
            DeviceId = id;
        }

        /// <summary>
        /// True for 1..32 characters of A-Z a-z 0-9 '-' '_' (safe as a topic level and an HA object id), except
        /// <see cref="FleetId"/>: a node named <c>all</c> would own the fleet topic <c>&lt;prefix&gt;/all/config/set</c>
        /// (with a broker ACL that gives a device its own subtree, it could reconfigure every node).
        /// </summary>
        public static bool IsValidDeviceId(string id)
        {
            if (id == null || id.Length < 1 || id.Length > MaxDeviceId || id == FleetId)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The device id bytes (ASCII).</summary>
        public byte[] IdBytes
        {
            get { return _id; }
        }

        /// <summary>Length of the device id.</summary>
        public int IdLength
        {
            get { return _idLength; }
        }

        /// <summary>Rebuilds every topic from <paramref name="config"/>'s topic_prefix and the device id. Allocation-free.</summary>
        public void Build(DeviceConfig config)
        {
            byte[] prefix = config.GetStringBuffer(ConfigSchema.TopicPrefix);
            int prefixLength = config.GetStringLength(ConfigSchema.TopicPrefix);
            Make(Status, prefix, prefixLength, true, "/status");
            Make(Info, prefix, prefixLength, true, "/info");
            Make(Telemetry, prefix, prefixLength, true, "/telemetry");
            Make(Config, prefix, prefixLength, true, "/config");
            Make(ConfigAck, prefix, prefixLength, true, "/config/ack");
            Make(ConfigSet, prefix, prefixLength, true, "/config/set");
            Make(FleetConfigSet, prefix, prefixLength, false, "/" + FleetId + "/config/set");
            Make(CommandFilter, prefix, prefixLength, true, "/cmd/+");
            Make(CommandPrefix, prefix, prefixLength, true, "/cmd/");
            Make(CommandAck, prefix, prefixLength, true, "/cmd/ack");
            Make(FleetAnnounce, prefix, prefixLength, false, "/" + FleetId + "/cmd/announce");
        }

        private void Make(TopicName t, byte[] prefix, int prefixLength, bool withId, string suffix)
        {
            int n = 0;
            byte[] b = t.Bytes;
            System.Array.Copy(prefix, 0, b, 0, prefixLength);
            n = prefixLength;
            if (withId)
            {
                b[n++] = (byte)'/';
                System.Array.Copy(_id, 0, b, n, _idLength);
                n += _idLength;
            }

            for (int i = 0; i < suffix.Length; i++)
            {
                b[n++] = (byte)suffix[i];
            }

            t.Length = n;
        }
    }
}
