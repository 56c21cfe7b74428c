using NanoNode.Device.Json;

namespace NanoNode.Device.Config
{
    /// <summary>Why a key (or the whole payload) was refused. Published as the snake_case <c>reason</c> of an ack error.</summary>
    public enum ConfigReason : byte
    {
        /// <summary><c>unknown_key</c>: not a schema v1 key.</summary>
        UnknownKey = 0,

        /// <summary><c>duplicate_key</c>: the key appears twice in one payload.</summary>
        DuplicateKey = 1,

        /// <summary><c>expected_integer</c></summary>
        ExpectedInteger = 2,

        /// <summary><c>expected_boolean</c></summary>
        ExpectedBoolean = 3,

        /// <summary><c>expected_string</c></summary>
        ExpectedString = 4,

        /// <summary><c>expected_number</c></summary>
        ExpectedNumber = 5,

        /// <summary><c>out_of_range</c>: outside [min, max] (given in the error).</summary>
        OutOfRange = 6,

        /// <summary><c>bad_length</c>: string length outside [min, max] bytes (given in the error).</summary>
        BadLength = 7,

        /// <summary><c>invalid_characters</c>: characters the key's class does not allow.</summary>
        InvalidCharacters = 8,

        /// <summary><c>missing</c>: <c>rev</c> is required in every patch.</summary>
        Missing = 9,

        /// <summary><c>stale</c>: <c>rev</c> is not greater than the current revision (given as max).</summary>
        Stale = 10,

        /// <summary><c>malformed_json</c>: see detail and position.</summary>
        MalformedJson = 11,

        /// <summary><c>not_an_object</c>: the payload is valid JSON but not an object.</summary>
        NotAnObject = 12,

        /// <summary><c>payload_too_large</c>: larger than the node accepts (given as max).</summary>
        PayloadTooLarge = 13,

        /// <summary><c>busy</c>: a transactional change is still being tried; send again after its ack.</summary>
        Busy = 14,

        /// <summary>
        /// <c>invalid_list</c>: a broker list that is not 0..<c>max</c> comma-separated <c>host[:port]</c> entries (an entry
        /// empty, a port outside 1..65535 or not a number, an unclosed '[').
        /// </summary>
        InvalidList = 15,

        /// <summary>
        /// <c>qos_not_granted</c>: the broker this node is connected to does not take publishes at this QoS (it granted
        /// less in a SUBACK, or closed the connection at QoS 2 publishes); <c>max</c> is the highest QoS that works.
        /// </summary>
        QosNotGranted = 16,
    }

    /// <summary>
    /// The errors found in one payload, kept in preallocated slots (key name copied as UTF-8, reason, optional numbers).
    /// Up to <see cref="Capacity"/> are kept; further ones are counted in <see cref="Dropped"/>.
    /// </summary>
    public sealed class ConfigErrors
    {
        /// <summary>Errors kept per payload.</summary>
        public const int Capacity = 16;

        /// <summary>Bytes of a key name kept (longer unknown names are cut).</summary>
        public const int MaxKeyBytes = 40;

        private static readonly string[] ReasonNames =
        {
            "unknown_key", "duplicate_key", "expected_integer", "expected_boolean", "expected_string", "expected_number",
            "out_of_range", "bad_length", "invalid_characters", "missing", "stale", "malformed_json", "not_an_object",
            "payload_too_large", "busy", "invalid_list", "qos_not_granted",
        };

        private static readonly string[] JsonStatusNames =
        {
            "ok", "unexpected_end", "unexpected_character", "invalid_number", "invalid_escape", "invalid_surrogate",
            "control_character", "invalid_utf8", "too_deep", "trailing_data", "empty", "buffer_full", "invalid_state",
        };

        private readonly byte[][] _keys = new byte[Capacity][];
        private readonly int[] _keyLengths = new int[Capacity];
        private readonly ConfigReason[] _reasons = new ConfigReason[Capacity];
        private readonly bool[] _hasRange = new bool[Capacity];
        private readonly double[] _min = new double[Capacity];
        private readonly double[] _max = new double[Capacity];
        private readonly int[] _detail = new int[Capacity];
        private readonly int[] _position = new int[Capacity];
        private int _count;
        private int _dropped;

        /// <summary>Allocates the slots.</summary>
        public ConfigErrors()
        {
            for (int i = 0; i < Capacity; i++)
            {
                _keys[i] = new byte[MaxKeyBytes];
            }
        }

        /// <summary>Errors kept.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Errors found beyond <see cref="Capacity"/>.</summary>
        public int Dropped
        {
            get { return _dropped; }
        }

        /// <summary>Reason of error <paramref name="i"/>.</summary>
        public ConfigReason Reason(int i)
        {
            return _reasons[i];
        }

        /// <summary>True when error <paramref name="i"/>'s key equals <paramref name="name"/> (ASCII).</summary>
        public bool KeyIs(int i, string name)
        {
            if (_keyLengths[i] != name.Length)
            {
                return false;
            }

            for (int j = 0; j < name.Length; j++)
            {
                if (_keys[i][j] != (byte)name[j])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when some error has reason <paramref name="reason"/>.</summary>
        public bool Has(ConfigReason reason)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_reasons[i] == reason)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Forgets all errors.</summary>
        public void Clear()
        {
            _count = 0;
            _dropped = 0;
        }

        /// <summary>Adds an error for the schema key <paramref name="key"/> (or the empty key when null).</summary>
        public int Add(ConfigKey key, ConfigReason reason)
        {
            int slot = Take(reason);
            if (slot >= 0 && key != null)
            {
                string n = key.Name;
                int len = n.Length < MaxKeyBytes ? n.Length : MaxKeyBytes;
                for (int j = 0; j < len; j++)
                {
                    _keys[slot][j] = (byte)n[j];
                }

                _keyLengths[slot] = len;
            }

            return slot;
        }

        /// <summary>Adds an error for the member name under the reader (unknown keys), decoded and cut to <see cref="MaxKeyBytes"/>.</summary>
        public int AddName(JsonReader reader, ConfigReason reason)
        {
            int slot = Take(reason);
            if (slot >= 0)
            {
                int n = reader.CopyString(_keys[slot], 0, MaxKeyBytes);
                if (n < 0)
                {
                    // Longer than kept: keep the raw (escaped) prefix, cut at a UTF-8 boundary.
                    n = reader.TokenLength < MaxKeyBytes ? reader.TokenLength : MaxKeyBytes;
                    System.Array.Copy(reader.Buffer, reader.TokenOffset, _keys[slot], 0, n);
                    while (n > 0 && (_keys[slot][n - 1] & 0xC0) == 0x80)
                    {
                        n--;
                    }

                    if (n > 0 && _keys[slot][n - 1] >= 0xC0)
                    {
                        n--;
                    }
                }

                _keyLengths[slot] = n;
            }

            return slot;
        }

        /// <summary>Adds the range to error <paramref name="slot"/> (from Add); ignored for -1.</summary>
        public void SetRange(int slot, double min, double max)
        {
            if (slot >= 0)
            {
                _hasRange[slot] = true;
                _min[slot] = min;
                _max[slot] = max;
            }
        }

        /// <summary>Adds a JSON status and byte position to error <paramref name="slot"/>; ignored for -1.</summary>
        public void SetJson(int slot, JsonStatus status, int position)
        {
            if (slot >= 0)
            {
                _detail[slot] = (int)status;
                _position[slot] = position;
            }
        }

        /// <summary>
        /// Writes the <c>errors</c> array of an ack: <c>[{"key":..,"reason":..[,"min":..,"max":..][,"detail":..,"position":..]}]</c>,
        /// then <c>"errors_dropped":N</c> when some were not kept. Call inside the ack object.
        /// </summary>
        public void WriteJson(JsonWriter w)
        {
            w.Name("errors");
            w.BeginArray();
            for (int i = 0; i < _count; i++)
            {
                w.BeginObject();
                w.Name("key");
                w.StringUtf8(_keys[i], 0, _keyLengths[i]);
                w.Property("reason", ReasonNames[(int)_reasons[i]]);
                if (_hasRange[i])
                {
                    w.Name("min");
                    w.Real(_min[i], 3);
                    w.Name("max");
                    w.Real(_max[i], 3);
                }

                if (_reasons[i] == ConfigReason.MalformedJson)
                {
                    w.Property("detail", JsonStatusNames[_detail[i]]);
                    w.Property("position", _position[i]);
                }

                w.EndObject();
            }

            w.EndArray();
            if (_dropped > 0)
            {
                w.Property("errors_dropped", _dropped);
            }
        }

        private int Take(ConfigReason reason)
        {
            if (_count >= Capacity)
            {
                _dropped++;
                return -1;
            }

            int slot = _count++;
            _reasons[slot] = reason;
            _keyLengths[slot] = 0;
            _hasRange[slot] = false;
            return slot;
        }
    }
}
