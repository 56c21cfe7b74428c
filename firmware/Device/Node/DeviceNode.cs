using NanoNode.Device.Config;
using NanoNode.Device.Json;
using NanoNode.Device.Storage;
using NanoNode.Drivers.Sensors;

namespace NanoNode.Device.Node
{
    /// <summary>
    /// The node's device logic, composed: config protocol (<see cref="ConfigService"/>), telemetry
    /// (<see cref="Telemetry"/>), birth (<c>status</c> retained <c>online</c> after each connect; the link's last will
    /// publishes <c>offline</c>), <c>info</c> (retained), commands (<c>cmd/reboot|read|scan|identify</c>, answered on
    /// <c>cmd/ack</c>) and Home Assistant discovery (optional, retained, availability bound to <c>status</c>).
    /// </summary>
    /// <remarks>
    /// Driving it: the app's loop calls <see cref="Poll"/> every turn (after the MQTT client's own poll) and routes
    /// every inbound message to <see cref="OnMessage"/>; the link subscribes to <see cref="SubscriptionFilters"/>
    /// (<c>config/set</c>, the fleet <c>all/config/set</c>, <c>cmd/+</c>) and sets its will to <c>status</c> =
    /// <c>offline</c> (retained, QoS 1). All calls on one thread. Steady state (telemetry, config patches) allocates
    /// nothing; drivers and subscription strings are created at start-up and on config changes.
    /// </remarks>
    public sealed class DeviceNode : IConfigListener
    {
        /// <summary><c>online</c> payload of the status topic.</summary>
        public static readonly byte[] Online = { (byte)'o', (byte)'n', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };

        /// <summary><c>offline</c> payload of the status topic (the will).</summary>
        public static readonly byte[] Offline = { (byte)'o', (byte)'f', (byte)'f', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };

        /// <summary>Milliseconds between refreshes of the retained <c>info</c> (uptime, memory, counters).</summary>
        public const int InfoRefreshMs = 300000;

        /// <summary>Longest command name echoed in a <c>cmd/ack</c>, bytes (longer unknown names are cut).</summary>
        public const int MaxCommandEcho = 32;

        /// <summary>Delay between the reboot ack and the reboot, so the ack can leave.</summary>
        public const int RebootDelayMs = 500;

        /// <summary>
        /// Largest random delay before answering a fleet <c>all/cmd/announce</c>, ms (spreads a fleet's answers: the
        /// delay is uniform in 0..AnnounceJitterMs).
        /// </summary>
        public const int AnnounceJitterMs = 2000;

        /// <summary>A fleet announce is answered at most once per this many ms; requests in between are ignored (counted).</summary>
        public const int AnnounceMinIntervalMs = 10000;

        private static readonly string[] HaNames = { "Temperature", "Humidity", "Pressure", "Illuminance", "CO2" };
        private static readonly string[] HaUnits = { "\u00b0C", "%", "hPa", "lx", "ppm" };
        private static readonly string[] HaClasses = { "temperature", "humidity", "atmospheric_pressure", "illuminance", "carbon_dioxide" };
        private static readonly int[] ChipQuantities =
        {
            SensorQuantity.Temperature | SensorQuantity.Humidity | SensorQuantity.Pressure,
            SensorQuantity.Temperature | SensorQuantity.Humidity,
            SensorQuantity.Temperature | SensorQuantity.Humidity,
            SensorQuantity.Illuminance,
            SensorQuantity.Co2 | SensorQuantity.Temperature | SensorQuantity.Humidity,
        };

        private readonly DeviceConfig _config;
        private readonly DeviceTopics _topics = new DeviceTopics();
        private readonly IDeviceLink _link;
        private readonly IDeviceClock _clock;
        private readonly IBoard _board;
        private readonly ISensorFactory _sensors;
        private readonly ConfigService _configService;
        private readonly Telemetry _telemetry;
        private readonly byte[] _doc = new byte[2048]; // info with a full link section
        private readonly JsonWriter _writer = new JsonWriter();
        private readonly TopicName _scratchTopic = new TopicName();
        private readonly byte[] _scan = new byte[16];
        private readonly long _startMs;
        private int _scanCount = -1;
        private int _seenConnects;
        private long _infoDueMs;
        private long _rebootAtMs = -1;
        private long _announceAtMs = -1;
        private long _lastAnnounceMs;
        private bool _announcedOnce;
        private int _random;
        private int _haPublishedMask;
        private readonly byte[] _haPublishedPrefix = new byte[64]; // ha_prefix the documents in _haPublishedMask are under
        private int _haPublishedPrefixLength;

        /// <summary>
        /// A node named <paramref name="deviceId"/> (1..32 of A-Z a-z 0-9 - _) running <paramref name="config"/>
        /// (as loaded from <paramref name="store"/> at boot; changed in place). <paramref name="store"/> may be null.
        /// Throws for an invalid id or null collaborators (misuse at construction).
        /// </summary>
        public DeviceNode(string deviceId, DeviceConfig config, ConfigStore store, ConfigPatch patch, IDeviceLink link, IDeviceClock clock, IBoard board, ISensorFactory sensors)
        {
            if (config == null || patch == null || link == null || clock == null || board == null)
            {
                throw new System.ArgumentNullException();
            }

            _config = config;
            _link = link;
            _clock = clock;
            _board = board;
            _sensors = sensors;
            _topics.SetDeviceId(deviceId);
            _topics.Build(config);
            _configService = new ConfigService(config, patch, store, _topics, link, this);
            _telemetry = new Telemetry(sensors, config, _topics, link, clock);
            _startMs = clock.NowMs;
            int seed = (int)_startMs;
            for (int i = 0; i < _topics.IdLength; i++)
            {
                seed = seed * 31 + _topics.IdBytes[i];
            }

            _random = seed;
        }

        /// <summary>The topics (rebuilt when topic_prefix changes).</summary>
        public DeviceTopics Topics
        {
            get { return _topics; }
        }

        /// <summary>The effective config.</summary>
        public DeviceConfig Config
        {
            get { return _config; }
        }

        /// <summary>The config protocol.</summary>
        public ConfigService ConfigService
        {
            get { return _configService; }
        }

        /// <summary>The telemetry scheduler.</summary>
        public Telemetry Telemetry
        {
            get { return _telemetry; }
        }

        /// <summary>Messages (status, info, command acks, discovery) the link refused.</summary>
        public int PublishDrops;

        /// <summary>Commands handled (known or not).</summary>
        public int Commands;

        /// <summary>Announces made (fleet or own <c>cmd/announce</c>): status, config and info republished.</summary>
        public int Announces;

        /// <summary>Fleet announce requests ignored because one was answered less than <see cref="AnnounceMinIntervalMs"/> before, or one is pending.</summary>
        public int AnnouncesIgnored;

        /// <summary>Incremented when the topic prefix changed and the link must subscribe to the new filters.</summary>
        public int SubscriptionGeneration;

        /// <summary>
        /// The filters to subscribe to (new strings: call at connect time): own <c>config/set</c>, fleet
        /// <c>all/config/set</c>, own <c>cmd/+</c>, fleet <c>all/cmd/announce</c>.
        /// </summary>
        public string[] SubscriptionFilters()
        {
            return new string[] { _topics.ConfigSet.ToString(), _topics.FleetConfigSet.ToString(), _topics.CommandFilter.ToString(), _topics.FleetAnnounce.ToString() };
        }

        /// <summary>
        /// One inbound message: topic and payload are views into the MQTT receive buffer, valid during the call.
        /// Unknown topics are ignored. Never throws on bad payloads (they are acked with reasons).
        /// </summary>
        public void OnMessage(byte[] buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength)
        {
            long now = _clock.NowMs;
            if (_topics.ConfigSet.Matches(buffer, topicOffset, topicLength) || _topics.FleetConfigSet.Matches(buffer, topicOffset, topicLength))
            {
                _configService.OnConfigSet(buffer, payloadOffset, payloadLength, now);
                return;
            }

            if (_topics.FleetAnnounce.Matches(buffer, topicOffset, topicLength))
            {
                OnFleetAnnounce(now);
                return;
            }

            TopicName prefix = _topics.CommandPrefix;
            if (topicLength <= prefix.Length)
            {
                return;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (buffer[topicOffset + i] != prefix.Bytes[i])
                {
                    return;
                }
            }

            OnCommand(buffer, topicOffset + prefix.Length, topicLength - prefix.Length, now);
        }

        /// <summary>
        /// An inbound message the MQTT client skipped because it was larger than its maximum packet size (only the topic
        /// is known, a view valid during the call). A <c>config/set</c> (own or fleet) is acked <c>rejected</c> with
        /// <c>payload_too_large</c> and <paramref name="maxPayload"/> (see <see cref="ConfigService.OnConfigSetTooLarge"/>);
        /// other topics (commands) are ignored, as a command with a payload that large has no meaning.
        /// </summary>
        public void OnOversizedMessage(byte[] buffer, int topicOffset, int topicLength, int maxPayload)
        {
            if (_topics.ConfigSet.Matches(buffer, topicOffset, topicLength) || _topics.FleetConfigSet.Matches(buffer, topicOffset, topicLength))
            {
                _configService.OnConfigSetTooLarge(maxPayload);
            }
        }

        /// <summary>Runs birth after a new connection, the config protocol, telemetry and the info refresh. Call every loop turn.</summary>
        public void Poll()
        {
            long now = _clock.NowMs;
            if (_link.IsConnected && _link.ConnectCount != _seenConnects)
            {
                _seenConnects = _link.ConnectCount;
                _configService.Poll(now);
                Birth();
            }
            else
            {
                _configService.Poll(now);
            }

            _telemetry.Poll();
            if (_link.IsConnected && _seenConnects > 0 && DiscoveryWanted() != _haPublishedMask)
            {
                PublishDiscovery(); // a sensor started or stopped working
            }

            if (_announceAtMs >= 0 && now - _announceAtMs >= 0 && _link.IsConnected && _seenConnects > 0)
            {
                _announceAtMs = -1;
                Announce();
            }

            if (_link.IsConnected && now - _infoDueMs >= 0 && _seenConnects > 0)
            {
                PublishInfo();
            }

            if (_rebootAtMs >= 0 && now - _rebootAtMs >= 0)
            {
                _rebootAtMs = -1;
                _board.Reboot();
            }
        }

        /// <inheritdoc />
        public void OnConfigChanged(long changedMask)
        {
            long chipMask = 0;
            for (int i = ConfigSchema.FirstChip; i < ConfigSchema.FirstDeadband; i++)
            {
                chipMask |= 1L << i;
            }

            _telemetry.ApplyConfig();
            if ((changedMask & (1L << ConfigSchema.TopicPrefix)) != 0)
            {
                SubscriptionGeneration++;
            }

            long timing = (1L << ConfigSchema.IntervalS) | (1L << ConfigSchema.MaxSilenceS); // expire_after follows them
            for (int q = 0; q < ConfigSchema.QuantityCount; q++)
            {
                timing |= 1L << (ConfigSchema.FirstDeadband + q);
            }

            if (_link.IsConnected && (changedMask & (chipMask | timing | (1L << ConfigSchema.HaDiscovery) | (1L << ConfigSchema.HaPrefix))) != 0)
            {
                PublishDiscovery();
            }

            _infoDueMs = _clock.NowMs; // config rev is in info
        }

        private void Birth()
        {
            Send(_topics.Status, Online, Online.Length, 1, true);
            _configService.PublishConfig();
            if (_scanCount < 0)
            {
                Scan();
            }

            PublishInfo();
            PublishDiscovery();
        }

        // A fleet announce (the device manager builds its registry without retained wildcard delivery): answered after a
        // random 0..AnnounceJitterMs delay so a fleet does not answer at once, at most once per AnnounceMinIntervalMs.
        private void OnFleetAnnounce(long now)
        {
            if (_announceAtMs >= 0 || (_announcedOnce && now - _lastAnnounceMs < AnnounceMinIntervalMs))
            {
                AnnouncesIgnored++;
                return;
            }

            _announcedOnce = true;
            _lastAnnounceMs = now;
            _random = _random * 1103515245 + 12345;
            int jitter = ((_random >> 16) & 0x7FFF) % (AnnounceJitterMs + 1);
            _announceAtMs = now + jitter;
        }

        /// <summary>Republishes <c>status</c> (online), the retained <c>config</c> and <c>info</c> now (an announce answer).</summary>
        public void Announce()
        {
            Announces++;
            Send(_topics.Status, Online, Online.Length, 1, true);
            _configService.PublishConfig();
            PublishInfo();
        }

        private void Scan()
        {
            _scanCount = _sensors == null || _sensors.Bus == null ? 0 : _sensors.Bus.Scan(_scan, 0);
        }

        /// <summary>Publishes the retained <c>info</c> document now.</summary>
        public void PublishInfo()
        {
            long now = _clock.NowMs;
            _infoDueMs = now + InfoRefreshMs;
            JsonWriter w = _writer;
            w.Reset(_doc, 0, _doc.Length);
            w.BeginObject();
            w.Property("device_id", _topics.DeviceId);
            w.Property("firmware", _board.FirmwareVersion);
            w.Property("board", _board.Name);
            w.Property("schema", ConfigSchema.Version);
            w.Property("config_rev", _config.Rev);
            w.Property("uptime_s", (now - _startMs) / 1000);
            w.Name("free_memory");
            long free = _board.FreeMemory();
            if (free >= 0)
            {
                w.Number(free);
            }
            else
            {
                w.Null();
            }

            w.Name("bus_scan");
            w.BeginArray();
            int shown = _scanCount < _scan.Length ? _scanCount : _scan.Length;
            for (int i = 0; i < shown; i++)
            {
                w.Number(_scan[i]);
            }

            w.EndArray();
            w.Name("sensors");
            w.BeginArray();
            for (int c = 0; c < ConfigSchema.ChipCount; c++)
            {
                if (!_config.GetBool(ConfigSchema.FirstChip + 2 * c))
                {
                    continue;
                }

                int address = _config.GetInt(ConfigSchema.FirstChip + 2 * c + 1);
                w.BeginObject();
                w.Property("chip", ConfigSchema.Chips[c]);
                w.Property("address", address);
                w.Property("found", Found(address));
                w.Property("status", _telemetry.Sensor(c) == null ? "unsupported" : Telemetry.StatusName(_telemetry.Status(c)));
                w.EndObject();
            }

            w.EndArray();
            w.Name("counters");
            w.BeginObject();
            w.Property("telemetry_seq", _telemetry.Sequence);
            w.Property("telemetry_suppressed", _telemetry.Suppressed);
            w.Property("telemetry_dropped", _telemetry.Drops);
            w.Property("sensor_errors", _telemetry.SensorErrors);
            w.Property("other_dropped", PublishDrops + _configService.PublishDrops);
            w.Property("config_applied", _configService.Applied);
            w.Property("config_rejected", _configService.Rejected);
            w.Property("config_stale", _configService.Stale);
            w.Property("config_rolled_back", _configService.RolledBack);
            w.Property("persist_failures", _configService.PersistFailures);
            w.Property("announces", Announces);
            w.Property("announces_ignored", AnnouncesIgnored);
            w.EndObject();
            WriteLink(w, now);
            w.EndObject();
            Send(_topics.Info, _doc, w.Length, 1, true);
        }

        // The "link" section of info: broker in use, connection history by reason, failovers, the publish QoS cap.
        private void WriteLink(JsonWriter w, long now)
        {
            LinkStats s = _link.Stats;
            w.Name("link");
            w.BeginObject();
            w.Name("broker");
            string broker = _link.Broker;
            if (broker != null)
            {
                w.String(broker);
            }
            else
            {
                w.Null();
            }

            w.Property("connects", _link.ConnectCount);
            w.Property("failures", s.Failures);
            w.Property("losses", s.Losses);
            w.Property("failovers", s.Failovers);
            w.Property("qos_cap", s.QosCap);
            w.Name("qos_cap_cause");
            if (s.QosCapCause != null)
            {
                w.String(s.QosCapCause);
            }
            else
            {
                w.Null();
            }

            w.Property("qos_capped", s.QosCapped);
            w.Property("qos_downgraded", s.QosDowngraded);
            w.Property("subscribe_refused", s.SubscribeRefused);
            s.WriteErrors(w, now, _startMs, _clock.UnixSeconds);
            if (s.OtherReasons > 0)
            {
                w.Property("other_errors", s.OtherReasons);
            }

            w.EndObject();
        }

        private bool Found(int address)
        {
            int shown = _scanCount < _scan.Length ? _scanCount : _scan.Length;
            for (int i = 0; i < shown; i++)
            {
                if (_scan[i] == address)
                {
                    return true;
                }
            }

            return false;
        }

        private void OnCommand(byte[] b, int nameOffset, int nameLength, long now)
        {
            if (Is(b, nameOffset, nameLength, "ack"))
            {
                return; // our own reply topic
            }

            Commands++;
            string result = "ok";
            if (Is(b, nameOffset, nameLength, "reboot"))
            {
                _rebootAtMs = now + RebootDelayMs;
            }
            else if (Is(b, nameOffset, nameLength, "read"))
            {
                _telemetry.ReadNow();
            }
            else if (Is(b, nameOffset, nameLength, "scan"))
            {
                Scan();
                _infoDueMs = now;
            }
            else if (Is(b, nameOffset, nameLength, "identify"))
            {
                _board.Identify(10);
            }
            else if (Is(b, nameOffset, nameLength, "announce"))
            {
                Announce();
            }
            else
            {
                result = "unknown_command";
            }

            JsonWriter w = _writer;
            w.Reset(_doc, 0, _doc.Length);
            w.BeginObject();
            w.Name("cmd");
            w.StringUtf8(b, nameOffset, EchoLength(b, nameOffset, nameLength));
            w.Property("result", result);
            if (Is(b, nameOffset, nameLength, "scan"))
            {
                w.Name("found");
                w.BeginArray();
                int shown = _scanCount < _scan.Length ? _scanCount : _scan.Length;
                for (int i = 0; i < shown; i++)
                {
                    w.Number(_scan[i]);
                }

                w.EndArray();
            }

            w.EndObject();
            Send(_topics.CommandAck, _doc, w.Length, 1, false);
        }

        /// <summary>
        /// Quantities that get a discovery document now: with ha_discovery on, those of the enabled chips that were found
        /// and work (<see cref="NanoNode.Device.Node.Telemetry.Works"/>); bit q = quantity q.
        /// </summary>
        public int DiscoveryWanted()
        {
            int wanted = 0;
            if (_config.GetBool(ConfigSchema.HaDiscovery))
            {
                for (int c = 0; c < ConfigSchema.ChipCount; c++)
                {
                    if (_config.GetBool(ConfigSchema.FirstChip + 2 * c) && _telemetry.Works(c))
                    {
                        wanted |= ChipQuantities[c];
                    }
                }
            }

            return wanted;
        }

        /// <summary>
        /// Home Assistant's <c>expire_after</c> for the current config, seconds, or 0 when telemetry may stay silent without
        /// bound (a deadband set and max_silence_s 0): the longest time between two telemetry messages of a working node
        /// (one interval without deadbands, else max_silence_s plus the interval that finds it passed), plus two intervals
        /// of grace for a late or lost message.
        /// </summary>
        public int ExpireAfterS()
        {
            int interval = _config.GetInt(ConfigSchema.IntervalS);
            bool deadband = false;
            for (int q = 0; q < ConfigSchema.QuantityCount; q++)
            {
                deadband |= _config.GetNumber(ConfigSchema.FirstDeadband + q) > 0;
            }

            int silence = _config.GetInt(ConfigSchema.MaxSilenceS);
            int longest;
            if (!deadband)
            {
                longest = interval;
            }
            else if (silence > 0)
            {
                longest = silence + interval;
            }
            else
            {
                return 0;
            }

            return longest + 2 * interval;
        }

        /// <summary>
        /// Publishes one retained discovery document per quantity in <see cref="DiscoveryWanted"/> —
        /// <c>&lt;ha_prefix&gt;/sensor/&lt;id&gt;/&lt;quantity&gt;/config</c>, with <c>expire_after</c> (see
        /// <see cref="ExpireAfterS"/>) and <c>origin</c> — and clears (empty retained message, which Home Assistant takes
        /// as removal) the documents of quantities no longer wanted: a sensor that stopped working or was disabled, or
        /// ha_discovery turned off.
        /// </summary>
        public void PublishDiscovery()
        {
            if (_haPublishedMask != 0 && !SamePrefix())
            {
                // ha_prefix changed: clear what was published under the old one, so Home Assistant keeps no stale entity.
                for (int q = 0; q < ConfigSchema.QuantityCount; q++)
                {
                    if ((_haPublishedMask & (1 << q)) != 0)
                    {
                        BuildDiscoveryTopic(_haPublishedPrefix, _haPublishedPrefixLength, q);
                        Send(_scratchTopic, _doc, 0, 1, true);
                    }
                }

                _haPublishedMask = 0;
            }

            _haPublishedPrefixLength = _config.GetStringLength(ConfigSchema.HaPrefix);
            System.Array.Copy(_config.GetStringBuffer(ConfigSchema.HaPrefix), 0, _haPublishedPrefix, 0, _haPublishedPrefixLength);
            int wanted = DiscoveryWanted();
            int expire = ExpireAfterS();
            for (int q = 0; q < ConfigSchema.QuantityCount; q++)
            {
                int flag = 1 << q;
                bool want = (wanted & flag) != 0;
                if (!want && (_haPublishedMask & flag) == 0)
                {
                    continue;
                }

                BuildDiscoveryTopic(q);
                if (!want)
                {
                    Send(_scratchTopic, _doc, 0, 1, true);
                    _haPublishedMask &= ~flag;
                    continue;
                }

                JsonWriter w = _writer;
                w.Reset(_doc, 0, _doc.Length);
                w.BeginObject();
                w.Property("name", HaNames[q]);
                w.Name("unique_id");
                w.StringStart();
                w.StringPartUtf8(_topics.IdBytes, 0, _topics.IdLength);
                w.StringPart("_");
                w.StringPart(ConfigSchema.Quantities[q]);
                w.StringEnd();
                w.Name("state_topic");
                w.StringUtf8(_topics.Telemetry.Bytes, 0, _topics.Telemetry.Length);
                w.Name("value_template");
                w.StringStart();
                w.StringPart("{{ value_json.");
                w.StringPart(ConfigSchema.Quantities[q]);
                w.StringPart(" }}");
                w.StringEnd();
                w.Property("unit_of_measurement", HaUnits[q]);
                w.Property("device_class", HaClasses[q]);
                w.Property("state_class", "measurement");
                w.Name("availability_topic");
                w.StringUtf8(_topics.Status.Bytes, 0, _topics.Status.Length);
                w.Property("payload_available", "online");
                w.Property("payload_not_available", "offline");
                if (expire > 0)
                {
                    w.Property("expire_after", expire);
                }

                w.Name("origin");
                w.BeginObject();
                w.Property("name", "NanoNode");
                w.Property("sw_version", _board.FirmwareVersion);
                w.EndObject();
                w.Name("device");
                w.BeginObject();
                w.Name("identifiers");
                w.BeginArray();
                w.StringStart();
                w.StringPart("nanonode_");
                w.StringPartUtf8(_topics.IdBytes, 0, _topics.IdLength);
                w.StringEnd();
                w.EndArray();
                w.Property("name", _topics.DeviceId);
                w.Property("manufacturer", "NanoNode");
                w.Property("model", _board.Name);
                w.Property("sw_version", _board.FirmwareVersion);
                w.EndObject();
                w.EndObject();
                Send(_scratchTopic, _doc, w.Length, 1, true);
                _haPublishedMask |= flag;
            }
        }

        private bool SamePrefix()
        {
            int n = _config.GetStringLength(ConfigSchema.HaPrefix);
            if (n != _haPublishedPrefixLength)
            {
                return false;
            }

            byte[] current = _config.GetStringBuffer(ConfigSchema.HaPrefix);
            for (int i = 0; i < n; i++)
            {
                if (current[i] != _haPublishedPrefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        private void BuildDiscoveryTopic(int q)
        {
            BuildDiscoveryTopic(_config.GetStringBuffer(ConfigSchema.HaPrefix), _config.GetStringLength(ConfigSchema.HaPrefix), q);
        }

        private void BuildDiscoveryTopic(byte[] prefix, int prefixLength, int q)
        {
            byte[] t = _scratchTopic.Bytes;
            int n = prefixLength;
            System.Array.Copy(prefix, 0, t, 0, n);
            n = Append(t, n, "/sensor/");
            System.Array.Copy(_topics.IdBytes, 0, t, n, _topics.IdLength);
            n += _topics.IdLength;
            n = Append(t, n, "/");
            n = Append(t, n, ConfigSchema.Quantities[q]);
            n = Append(t, n, "/config");
            _scratchTopic.Length = n;
        }

        private static int Append(byte[] t, int n, string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                t[n++] = (byte)s[i];
            }

            return n;
        }

        // Bytes of a command name echoed in the ack: at most MaxCommandEcho, cut before a UTF-8 continuation byte so an
        // unknown long name never leaves half a character (invalid UTF-8) in the JSON.
        private static int EchoLength(byte[] b, int offset, int length)
        {
            if (length <= MaxCommandEcho)
            {
                return length;
            }

            int n = MaxCommandEcho;
            while (n > 0 && (b[offset + n] & 0xC0) == 0x80)
            {
                n--;
            }

            return n;
        }

        private static bool Is(byte[] b, int offset, int length, string name)
        {
            if (length != name.Length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (b[offset + i] != (byte)name[i])
                {
                    return false;
                }
            }

            return true;
        }

        private void Send(TopicName topic, byte[] payload, int length, int qos, bool retain)
        {
            if (!_link.Publish(topic.Bytes, 0, topic.Length, payload, 0, length, qos, retain))
            {
                PublishDrops++;
            }
        }
    }
}
