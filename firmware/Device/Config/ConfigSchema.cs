namespace NanoNode.Device.Config
{
    /// <summary>
    /// Config schema v1: the table of every key the node accepts on <c>config/set</c>, publishes on <c>config</c> and
    /// persists. Key names, types and ranges are a public contract (documented in the README); add keys at the end.
    /// </summary>
    /// <remarks>
    /// Chips: <c>&lt;chip&gt;_enabled</c> (boolean) and <c>&lt;chip&gt;_address</c> (7-bit I2C address 0x08..0x77, the
    /// non-reserved range of UM10204 §3.1.12; the datasheet addresses are the defaults) for bme280, sht3x, aht20, bh1750,
    /// scd4x. Deadbands: <c>deadband_&lt;quantity&gt;</c> in the telemetry unit, 0 = publish every reading.
    /// </remarks>
    public static class ConfigSchema
    {
        /// <summary>Schema version written in persisted slots and the <c>info</c> document.</summary>
        public const int Version = 1;

        /// <summary>Index of <c>rev</c>: the config revision, monotonic; a patch must carry a larger one.</summary>
        public const int Rev = 0;

        /// <summary>Index of <c>interval_s</c>: seconds between sensor reads (1..86400, live).</summary>
        public const int IntervalS = 1;

        /// <summary>Index of <c>telemetry_qos</c>: QoS of telemetry publishes (0..2, live).</summary>
        public const int TelemetryQos = 2;

        /// <summary>Index of <c>telemetry_retain</c>: retain flag of telemetry (live).</summary>
        public const int TelemetryRetain = 3;

        /// <summary>Index of <c>keepalive_s</c>: MQTT keep alive (5..3600 s, reconnect).</summary>
        public const int KeepaliveS = 4;

        /// <summary>Index of <c>topic_prefix</c>: first topic level(s), default <c>nanonode</c> (reconnect).</summary>
        public const int TopicPrefix = 5;

        /// <summary>Index of <c>broker_host</c> (reconnect).</summary>
        public const int BrokerHost = 6;

        /// <summary>Index of <c>broker_port</c> (1..65535, reconnect).</summary>
        public const int BrokerPort = 7;

        /// <summary>Index of <c>broker_tls</c> (reconnect).</summary>
        public const int BrokerTls = 8;

        /// <summary>Index of <c>broker_user</c> (reconnect; empty = no user name).</summary>
        public const int BrokerUser = 9;

        /// <summary>Index of <c>broker_password</c> (reconnect, secret: never published).</summary>
        public const int BrokerPassword = 10;

        /// <summary>Index of <c>ha_discovery</c>: publish Home Assistant discovery documents (live).</summary>
        public const int HaDiscovery = 11;

        /// <summary>Index of <c>max_silence_s</c>: publish at least this often even inside the deadbands (0 = no limit; live).</summary>
        public const int MaxSilenceS = 12;

        /// <summary>Index of <c>rollback_timeout_s</c>: deadline for reconnecting after a reconnect-class change (5..600, live).</summary>
        public const int RollbackTimeoutS = 13;

        /// <summary>Index of <c>ha_prefix</c>: Home Assistant discovery prefix, default <c>homeassistant</c> (live).</summary>
        public const int HaPrefix = 14;

        /// <summary>Index of the first chip key (<c>bme280_enabled</c>); chip c has enabled at FirstChip + 2c, address at +1.</summary>
        public const int FirstChip = 15;

        /// <summary>Number of chips with keys.</summary>
        public const int ChipCount = 5;

        /// <summary>Index of the first deadband key; quantity q (see <see cref="Quantities"/>) at FirstDeadband + q.</summary>
        public const int FirstDeadband = FirstChip + 2 * ChipCount;

        /// <summary>Number of quantities.</summary>
        public const int QuantityCount = 5;

        /// <summary>
        /// Index of <c>broker_fallback</c>: further brokers tried in turn when broker_host:broker_port cannot be reached,
        /// comma-separated <c>host[:port]</c> entries (at most <see cref="NanoNode.Device.Link.BrokerList.MaxEntries"/>; an
        /// entry without a port uses broker_port; an IPv6 literal with a port is written <c>[addr]:port</c>). Same TLS
        /// setting, credentials and session options as the primary. Empty = none (reconnect).
        /// </summary>
        public const int BrokerFallback = FirstDeadband + QuantityCount;

        /// <summary>Number of keys.</summary>
        public const int Count = BrokerFallback + 1;

        /// <summary>Chip names in key order: bme280, sht3x, aht20, bh1750, scd4x.</summary>
        public static readonly string[] Chips = { "bme280", "sht3x", "aht20", "bh1750", "scd4x" };

        /// <summary>Default I2C address per chip (datasheets: BME280 §6.2 0x76, SHT3x §3 0x44, AHT20 §7.3 0x38, BH1750 0x23 with ADDR low, SCD4x §3.2 0x62).</summary>
        public static readonly int[] ChipDefaultAddress = { 0x76, 0x44, 0x38, 0x23, 0x62 };

        /// <summary>Telemetry keys of the quantities, units in the names (DESIGN §5).</summary>
        public static readonly string[] Quantities = { "temperature_c", "humidity_pct", "pressure_hpa", "illuminance_lx", "co2_ppm" };

        /// <summary>Decimals published per quantity.</summary>
        public static readonly int[] QuantityDecimals = { 2, 2, 2, 1, 0 };

        private static readonly double[] DeadbandMax = { 50, 100, 100, 100000, 10000 };

        /// <summary>The key table, indexed by the constants above.</summary>
        public static readonly ConfigKey[] Keys = Build();

        /// <summary>
        /// Index of the key named by the reader's current PropertyName token, or -1 for an unknown name. Linear over
        /// <see cref="Count"/> keys; allocation-free.
        /// </summary>
        public static int Find(NanoNode.Device.Json.JsonReader reader)
        {
            for (int i = 0; i < Keys.Length; i++)
            {
                if (reader.TokenEquals(Keys[i].Name))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Index of the key named <paramref name="name"/>, or -1.</summary>
        public static int Find(string name)
        {
            for (int i = 0; i < Keys.Length; i++)
            {
                if (Keys[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }

        private static ConfigKey[] Build()
        {
            ConfigKey[] k = new ConfigKey[Count];
            k[Rev] = Int(Rev, "rev", 0, 2147483647, 0, false);
            k[IntervalS] = Int(IntervalS, "interval_s", 1, 86400, 30, false);
            k[TelemetryQos] = Int(TelemetryQos, "telemetry_qos", 0, 2, 1, false);
            k[TelemetryRetain] = Bool(TelemetryRetain, "telemetry_retain", false, false);
            k[KeepaliveS] = Int(KeepaliveS, "keepalive_s", 5, 3600, 60, true);
            k[TopicPrefix] = Str(TopicPrefix, "topic_prefix", 1, 64, "nanonode", ConfigChars.Topic, true, false);
            k[BrokerHost] = Str(BrokerHost, "broker_host", 1, 64, "mqtt.local", ConfigChars.Host, true, false);
            k[BrokerPort] = Int(BrokerPort, "broker_port", 1, 65535, 1883, true);
            k[BrokerTls] = Bool(BrokerTls, "broker_tls", false, true);
            k[BrokerUser] = Str(BrokerUser, "broker_user", 0, 64, "", ConfigChars.Any, true, false);
            k[BrokerPassword] = Str(BrokerPassword, "broker_password", 0, 512, "", ConfigChars.Any, true, true); // 512: room for a JWT
            k[HaDiscovery] = Bool(HaDiscovery, "ha_discovery", false, false);
            k[MaxSilenceS] = Int(MaxSilenceS, "max_silence_s", 0, 86400, 300, false);
            k[RollbackTimeoutS] = Int(RollbackTimeoutS, "rollback_timeout_s", 5, 600, 30, false);
            k[HaPrefix] = Str(HaPrefix, "ha_prefix", 1, 64, "homeassistant", ConfigChars.Topic, false, false);
            for (int c = 0; c < ChipCount; c++)
            {
                int e = FirstChip + 2 * c;
                k[e] = Bool(e, Chips[c] + "_enabled", true, false);
                k[e + 1] = Int(e + 1, Chips[c] + "_address", 0x08, 0x77, ChipDefaultAddress[c], false);
            }

            for (int q = 0; q < QuantityCount; q++)
            {
                int i = FirstDeadband + q;
                k[i] = new ConfigKey(i, "deadband_" + Quantities[q], ConfigType.Number, 0, DeadbandMax[q], 0, null, QuantityDecimals[q] + 1, ConfigChars.Any, false, false);
            }

            k[BrokerFallback] = Str(BrokerFallback, "broker_fallback", 0, 240, "", ConfigChars.HostList, true, false);
            return k;
        }

        private static ConfigKey Int(int i, string name, double min, double max, double def, bool reconnect)
        {
            return new ConfigKey(i, name, ConfigType.Integer, min, max, def, null, 0, ConfigChars.Any, reconnect, false);
        }

        private static ConfigKey Bool(int i, string name, bool def, bool reconnect)
        {
            return new ConfigKey(i, name, ConfigType.Boolean, 0, 1, def ? 1 : 0, null, 0, ConfigChars.Any, reconnect, false);
        }

        private static ConfigKey Str(int i, string name, int minLength, int maxLength, string def, ConfigChars chars, bool reconnect, bool secret)
        {
            return new ConfigKey(i, name, ConfigType.String, minLength, maxLength, 0, def, 0, chars, reconnect, secret);
        }
    }
}
