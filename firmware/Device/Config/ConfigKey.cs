namespace NanoNode.Device.Config
{
    /// <summary>JSON type of a config value.</summary>
    public enum ConfigType : byte
    {
        /// <summary>A JSON integer (no fraction, no exponent) within [Min, Max].</summary>
        Integer = 0,

        /// <summary><c>true</c> or <c>false</c>.</summary>
        Boolean = 1,

        /// <summary>A JSON string of at most MaxLength UTF-8 bytes, characters limited by its <see cref="ConfigChars"/> class.</summary>
        String = 2,

        /// <summary>A JSON number (fraction and exponent allowed) within [Min, Max].</summary>
        Number = 3,
    }

    /// <summary>Which characters a string key accepts (checked on the decoded UTF-8).</summary>
    public enum ConfigChars : byte
    {
        /// <summary>Any character except U+0000 (MQTT strings must not contain it, [MQTT-1.5.3-2]).</summary>
        Any = 0,

        /// <summary>A topic level prefix: no '+', '#' or U+0000 [MQTT-4.7.1-1], not starting or ending with '/'.</summary>
        Topic = 1,

        /// <summary>A host name or IP literal: ASCII letters, digits, '.', '-', '_' and ':'.</summary>
        Host = 2,

        /// <summary>
        /// A list of brokers, <c>host[:port]</c> separated by ',': the <see cref="Host"/> characters plus ',', '[' and ']',
        /// and the structure of <see cref="NanoNode.Device.Link.BrokerList"/> (at most 8 entries, none empty, ports 1..65535).
        /// </summary>
        HostList = 3,
    }

    /// <summary>
    /// One key of the config schema: its JSON name (public contract), type, range, default, whether a change applies
    /// live or needs a reconnect (applied transactionally, DESIGN §5), and whether it is secret (never echoed).
    /// Immutable; the schema's table (<see cref="ConfigSchema.Keys"/>) is built once at start-up.
    /// </summary>
    public sealed class ConfigKey
    {
        /// <summary>Position in <see cref="ConfigSchema.Keys"/> and in a <see cref="DeviceConfig"/>'s value arrays.</summary>
        public readonly int Index;

        /// <summary>The JSON member name, e.g. <c>interval_s</c>.</summary>
        public readonly string Name;

        /// <summary>JSON type.</summary>
        public readonly ConfigType Type;

        /// <summary>Smallest accepted value (Integer/Number) or length in bytes (String).</summary>
        public readonly double Min;

        /// <summary>Largest accepted value (Integer/Number) or length in bytes (String).</summary>
        public readonly double Max;

        /// <summary>Default of a numeric or boolean key (booleans: 0 or 1).</summary>
        public readonly double Default;

        /// <summary>Default of a string key.</summary>
        public readonly string DefaultText;

        /// <summary>Decimals written for a Number key.</summary>
        public readonly int Decimals;

        /// <summary>Character class of a String key.</summary>
        public readonly ConfigChars Chars;

        /// <summary>True when a change only takes effect on a new MQTT connection (broker, credentials, TLS,
        /// keepalive, topic prefix): such changes are applied transactionally with rollback.</summary>
        public readonly bool Reconnect;

        /// <summary>True for a secret (broker_password): accepted and persisted, never published.</summary>
        public readonly bool Secret;

        /// <summary>Describes a key; used only by <see cref="ConfigSchema"/>.</summary>
        public ConfigKey(int index, string name, ConfigType type, double min, double max, double defaultValue, string defaultText, int decimals, ConfigChars chars, bool reconnect, bool secret)
        {
            Index = index;
            Name = name;
            Type = type;
            Min = min;
            Max = max;
            Default = defaultValue;
            DefaultText = defaultText;
            Decimals = decimals;
            Chars = chars;
            Reconnect = reconnect;
            Secret = secret;
        }
    }
}
