using NanoNode.Device.Json;

namespace NanoNode.Device.Config
{
    /// <summary>Outcome of a config patch, as published in the ack's <c>result</c> (DESIGN §5).</summary>
    public enum ConfigResult : byte
    {
        /// <summary><c>applied</c>: every key valid; the new config is effective (and persisted).</summary>
        Applied = 0,

        /// <summary><c>rejected</c>: at least one error; nothing changed.</summary>
        Rejected = 1,

        /// <summary><c>rolled_back</c>: applied, but the node could not reconnect in time and restored the last known-good config.</summary>
        RolledBack = 2,

        /// <summary><c>stale</c>: <c>rev</c> not greater than the current revision; nothing changed.</summary>
        Stale = 3,
    }

    /// <summary>
    /// Validates one <c>config/set</c> payload against the schema and stages it: every key is checked (type, range,
    /// length, characters, duplicates, unknown names), all errors are collected together, and the result is a
    /// complete candidate config (current values + patch) in the caller's staging object. Nothing is applied here.
    /// </summary>
    /// <remarks>
    /// Rules: the payload is one JSON object (at most <see cref="MaxPayload"/> bytes, no nesting used by schema v1);
    /// integers must be written without fraction or exponent; numbers are rounded to the key's decimals;
    /// <c>rev</c> is required and must be greater than the current revision (otherwise <see cref="ConfigResult.Stale"/>,
    /// which wins over other errors so that replays are recognised). Allocation-free after construction.
    /// Not thread-safe; one instance per node.
    /// </remarks>
    public sealed class ConfigPatch
    {
        /// <summary>Largest payload accepted, bytes.</summary>
        public const int MaxPayload = 2048;

        private readonly JsonReader _reader = new JsonReader();
        private readonly ConfigErrors _errors = new ConfigErrors();
        private long _changed;
        private bool _reconnect;
        private int _rev;

        /// <summary>Errors of the last <see cref="Validate"/>.</summary>
        public ConfigErrors Errors
        {
            get { return _errors; }
        }

        /// <summary>Bit i set: key i differs between the staged and the current config (last Validate).</summary>
        public long ChangedMask
        {
            get { return _changed; }
        }

        /// <summary>True when a changed key needs a reconnect (applied transactionally).</summary>
        public bool NeedsReconnect
        {
            get { return _reconnect; }
        }

        /// <summary>The payload's <c>rev</c>, or -1 when absent or invalid (for the ack).</summary>
        public int PatchRev
        {
            get { return _rev; }
        }

        /// <summary>
        /// Validates <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="count"/>) and writes the
        /// candidate into <paramref name="staged"/> (a copy of <paramref name="current"/> with the patch applied; only
        /// meaningful when the result is <see cref="ConfigResult.Applied"/>). With <paramref name="requireNewerRev"/>
        /// false (loading a persisted config over defaults) the rev rules are skipped.
        /// </summary>
        public ConfigResult Validate(byte[] buffer, int offset, int count, DeviceConfig current, DeviceConfig staged, bool requireNewerRev)
        {
            _errors.Clear();
            _changed = 0;
            _reconnect = false;
            _rev = -1;
            staged.CopyFrom(current);
            if (count > MaxPayload)
            {
                int slot = _errors.Add(null, ConfigReason.PayloadTooLarge);
                _errors.SetRange(slot, 0, MaxPayload);
                return ConfigResult.Rejected;
            }

            JsonReader r = _reader;
            r.Reset(buffer, offset, count, 2);
            JsonToken t = r.Next();
            if (t == JsonToken.Error)
            {
                return Malformed(r);
            }

            if (t != JsonToken.StartObject)
            {
                _errors.Add(null, ConfigReason.NotAnObject);
                return ConfigResult.Rejected;
            }

            long seen = 0;
            bool revValid = false;
            while (true)
            {
                t = r.Next();
                if (t == JsonToken.EndObject)
                {
                    break;
                }

                if (t != JsonToken.PropertyName)
                {
                    return Malformed(r);
                }

                int index = ConfigSchema.Find(r);
                int unknownSlot = -1;
                bool duplicate = false;
                if (index < 0)
                {
                    unknownSlot = _errors.AddName(r, ConfigReason.UnknownKey);
                }
                else if ((seen & (1L << index)) != 0)
                {
                    duplicate = true;
                }

                t = r.Next();
                if (t == JsonToken.Error)
                {
                    return Malformed(r);
                }

                if (index < 0)
                {
                    if (!r.SkipValue())
                    {
                        return Malformed(r);
                    }

                    continue;
                }

                ConfigKey key = ConfigSchema.Keys[index];
                if (duplicate)
                {
                    _errors.Add(key, ConfigReason.DuplicateKey);
                    if (!r.SkipValue())
                    {
                        return Malformed(r);
                    }

                    continue;
                }

                seen |= 1L << index;
                bool ok = Stage(r, key, staged);
                if (r.Token == JsonToken.Error || !r.SkipValue())
                {
                    return Malformed(r);
                }

                if (ok && index == ConfigSchema.Rev)
                {
                    revValid = true;
                    _rev = staged.GetInt(ConfigSchema.Rev);
                }
            }

            if (r.Next() != JsonToken.End)
            {
                return Malformed(r);
            }

            if (requireNewerRev)
            {
                if ((seen & (1L << ConfigSchema.Rev)) == 0)
                {
                    _errors.Add(ConfigSchema.Keys[ConfigSchema.Rev], ConfigReason.Missing);
                }
                else if (revValid && _rev <= current.Rev)
                {
                    int slot = _errors.Add(ConfigSchema.Keys[ConfigSchema.Rev], ConfigReason.Stale);
                    _errors.SetRange(slot, current.Rev + 1.0, 2147483647);
                    return ConfigResult.Stale;
                }
            }

            if (_errors.Count > 0 || _errors.Dropped > 0)
            {
                return ConfigResult.Rejected;
            }

            for (int i = 0; i < ConfigSchema.Count; i++)
            {
                if (i != ConfigSchema.Rev && !staged.SameValue(current, i))
                {
                    _changed |= 1L << i;
                    if (ConfigSchema.Keys[i].Reconnect)
                    {
                        _reconnect = true;
                    }
                }
            }

            return ConfigResult.Applied;
        }

        // Checks the value under the reader against the key; on success writes it into staged. Adds an error otherwise.
        private bool Stage(JsonReader r, ConfigKey key, DeviceConfig staged)
        {
            JsonToken t = r.Token;
            switch (key.Type)
            {
                case ConfigType.Boolean:
                    if (t != JsonToken.True && t != JsonToken.False)
                    {
                        _errors.Add(key, ConfigReason.ExpectedBoolean);
                        return false;
                    }

                    staged.SetNumber(key.Index, t == JsonToken.True ? 1 : 0);
                    return true;

                case ConfigType.Integer:
                    long v;
                    if (t != JsonToken.Number || !r.NumberIsInteger)
                    {
                        _errors.Add(key, ConfigReason.ExpectedInteger);
                        return false;
                    }

                    if (!r.TryGetInt64(out v) || v < key.Min || v > key.Max)
                    {
                        _errors.SetRange(_errors.Add(key, ConfigReason.OutOfRange), key.Min, key.Max);
                        return false;
                    }

                    staged.SetNumber(key.Index, v);
                    return true;

                case ConfigType.Number:
                    double d;
                    if (t != JsonToken.Number)
                    {
                        _errors.Add(key, ConfigReason.ExpectedNumber);
                        return false;
                    }

                    if (!r.TryGetDouble(out d) || d < key.Min || d > key.Max)
                    {
                        _errors.SetRange(_errors.Add(key, ConfigReason.OutOfRange), key.Min, key.Max);
                        return false;
                    }

                    staged.SetNumber(key.Index, Round(d, key.Decimals));
                    return true;

                default:
                    if (t != JsonToken.String)
                    {
                        _errors.Add(key, ConfigReason.ExpectedString);
                        return false;
                    }

                    byte[] dest = staged.GetStringBuffer(key.Index);
                    int n = r.CopyString(dest, 0, dest.Length);
                    if (n < 0 || n < key.Min)
                    {
                        _errors.SetRange(_errors.Add(key, ConfigReason.BadLength), key.Min, key.Max);
                        return false;
                    }

                    if (!CharsAllowed(key.Chars, dest, n))
                    {
                        _errors.Add(key, ConfigReason.InvalidCharacters);
                        return false;
                    }

                    if (key.Chars == ConfigChars.HostList && NanoNode.Device.Link.BrokerList.Count(dest, n) < 0)
                    {
                        _errors.SetRange(_errors.Add(key, ConfigReason.InvalidList), 0, NanoNode.Device.Link.BrokerList.MaxEntries);
                        return false;
                    }

                    staged.SetStringLength(key.Index, n);
                    return true;
            }
        }

        private ConfigResult Malformed(JsonReader r)
        {
            int slot = _errors.Add(null, ConfigReason.MalformedJson);
            _errors.SetJson(slot, r.Status, r.ErrorPosition);
            return ConfigResult.Rejected;
        }

        /// <summary>True when the UTF-8 text <paramref name="s"/>[0..<paramref name="n"/>) fits the character class.</summary>
        public static bool CharsAllowed(ConfigChars chars, byte[] s, int n)
        {
            for (int i = 0; i < n; i++)
            {
                int c = s[i];
                if (c == 0)
                {
                    return false;
                }

                if (chars == ConfigChars.Topic && (c == '+' || c == '#' || (c == '/' && (i == 0 || i == n - 1))))
                {
                    return false;
                }

                bool hostChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == ':';
                if (chars == ConfigChars.Host && !hostChar)
                {
                    return false;
                }

                if (chars == ConfigChars.HostList && !(hostChar || c == ',' || c == '[' || c == ']'))
                {
                    return false;
                }
            }

            return true;
        }

        private static double Round(double v, int decimals)
        {
            double scale = 1;
            for (int i = 0; i < decimals; i++)
            {
                scale *= 10;
            }

            double x = v * scale;
            long r = (long)(x < 0 ? x - 0.5 : x + 0.5);
            return r / scale;
        }
    }
}
