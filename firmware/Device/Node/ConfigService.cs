using NanoNode.Device.Config;
using NanoNode.Device.Json;
using NanoNode.Device.Storage;

namespace NanoNode.Device.Node
{
    /// <summary>Where the config protocol stands.</summary>
    public enum ConfigState : byte
    {
        /// <summary>No change in progress.</summary>
        Idle = 0,

        /// <summary>A reconnect-class change is applied; waiting for a new connection until the deadline.</summary>
        Trying = 1,

        /// <summary>The deadline passed; the last known-good config is restored and the node is reconnecting with it.</summary>
        RollingBack = 2,

        /// <summary>
        /// A live change is applied and acked; until the deadline the node watches that it keeps its connection (a
        /// broker may close it at what the change makes the node publish), and rolls the change back if it does not.
        /// </summary>
        Watching = 3,
    }

    /// <summary>Told when the effective config changed (live apply, transactional apply, rollback).</summary>
    public interface IConfigListener
    {
        /// <summary>Keys in <paramref name="changedMask"/> (bit i = <see cref="ConfigSchema"/> index i) changed. Called on the loop thread.</summary>
        void OnConfigChanged(long changedMask);
    }

    /// <summary>
    /// The config protocol of DESIGN §5: <c>config/set</c> (device and fleet topics) → validate every key (all errors
    /// reported, nothing applied if any is invalid) → apply → persist → retained <c>config</c> → <c>config/ack</c>
    /// (<c>applied | rejected | rolled_back | stale</c>).
    /// </summary>
    /// <remarks>
    /// Changes to reconnect-class keys (broker_*, keepalive_s, topic_prefix) are transactional: the previous config is
    /// kept as last known-good, the new one is applied and the link reconnects with it; only when a new connection is
    /// established before <c>rollback_timeout_s</c> is it persisted and acked <c>applied</c>. Otherwise the known-good
    /// config is restored, the link reconnects with it, and once connected the node acks <c>rolled_back</c> with the
    /// reason. Nothing is persisted for a change that is not confirmed, so a power loss mid-transaction boots the old
    /// config. The <c>rolled_back</c> ack says <c>"reason":"reconnect_timeout"</c>, the deadline (<c>timeout_s</c>) and, when a
    /// connect attempt with the new settings ended before it, why (<c>last_error</c>, see <see cref="IDeviceLink.LastError"/>).
    /// While a transaction runs, further patches are rejected with <c>busy</c>.
    /// Broker limits (<see cref="LinkStats.QosCap"/>): a patch raising telemetry_qos above the QoS the broker is known to
    /// take is <c>rejected</c> (<c>qos_not_granted</c>, <c>max</c> = the cap); an <c>applied</c> ack while the effective
    /// telemetry_qos is above the cap carries a <c>warnings</c> entry (<c>qos_capped</c>: publishes go at the cap). Every
    /// live change is watched until <c>rollback_timeout_s</c>: if the node then loses its connection
    /// <see cref="UnstableLosses"/> times (not counting losses a QoS cap found meanwhile explains, when the change did not
    /// touch telemetry_qos), or a telemetry_qos change turns out to be above what the broker takes, the previous config is
    /// restored and persisted and the node acks <c>rolled_back</c> (<c>reason</c> <c>qos_not_granted</c> or
    /// <c>connection_unstable</c>), like a reconnect-class change that did not connect. A new patch during the watch
    /// ends it (the watched change is kept).
    /// The ack and config documents are written into buffers allocated once; steady state allocates nothing.
    /// Threading: every method is called from the node's loop thread (Poll and the MQTT message handler).
    /// </remarks>
    public sealed class ConfigService
    {
        /// <summary>Size of the outgoing document buffer (config JSON, acks).</summary>
        public const int DocumentBuffer = 2560;

        /// <summary>Connections lost while a live publish change is watched that roll it back.</summary>
        public const int UnstableLosses = 2;


        private readonly DeviceConfig _effective;
        private readonly DeviceConfig _staged = new DeviceConfig();
        private readonly DeviceConfig _knownGood = new DeviceConfig();
        private readonly ConfigPatch _patch;
        private readonly ConfigStore _store;
        private readonly DeviceTopics _topics;
        private readonly IDeviceLink _link;
        private readonly IConfigListener _listener;
        private readonly byte[] _doc = new byte[DocumentBuffer];
        private readonly JsonWriter _writer = new JsonWriter();

        private ConfigState _state;
        private long _deadlineMs;
        private int _connectsAtStart;
        private int _txRev;
        private long _txMask;
        private int _txTimeoutS;
        private string _txError;
        private int _lossesAtStart;
        private int _capAtStart;

        /// <summary>
        /// A service managing <paramref name="effective"/> (the node's live config, changed in place).
        /// <paramref name="store"/> may be null (no persistence); <paramref name="listener"/> may be null.
        /// </summary>
        public ConfigService(DeviceConfig effective, ConfigPatch patch, ConfigStore store, DeviceTopics topics, IDeviceLink link, IConfigListener listener)
        {
            if (effective == null || patch == null || topics == null || link == null)
            {
                throw new System.ArgumentNullException();
            }

            _effective = effective;
            _patch = patch;
            _store = store;
            _topics = topics;
            _link = link;
            _listener = listener;
        }

        /// <summary>The effective config.</summary>
        public DeviceConfig Effective
        {
            get { return _effective; }
        }

        /// <summary>Protocol state.</summary>
        public ConfigState State
        {
            get { return _state; }
        }

        /// <summary>Patches acked applied.</summary>
        public int Applied;

        /// <summary>Patches acked rejected.</summary>
        public int Rejected;

        /// <summary>Patches acked stale.</summary>
        public int Stale;

        /// <summary>Patches acked rolled_back.</summary>
        public int RolledBack;

        /// <summary>Documents the link refused (config, acks).</summary>
        public int PublishDrops;

        /// <summary>Saves that failed (the change stays effective until reboot).</summary>
        public int PersistFailures;

        /// <summary>
        /// Handles one <c>config/set</c> payload (a view into the MQTT receive buffer, valid during the call).
        /// <paramref name="nowMs"/> is the monotonic clock. Publishes the ack (and config) before returning, except
        /// for a transactional change, whose ack follows from <see cref="Poll"/>.
        /// </summary>
        public void OnConfigSet(byte[] buffer, int offset, int count, long nowMs)
        {
            if (_state == ConfigState.Watching)
            {
                _state = ConfigState.Idle; // a new patch while the node stayed connected: the watched change is kept
            }

            if (_state != ConfigState.Idle)
            {
                _patch.Errors.Clear();
                _patch.Errors.Add(null, ConfigReason.Busy);
                Rejected++;
                PublishAck(-1, ConfigResult.Rejected, true, null);
                return;
            }

            ConfigResult result = _patch.Validate(buffer, offset, count, _effective, _staged, true);
            if (result == ConfigResult.Stale)
            {
                Stale++;
                PublishAck(_patch.PatchRev, result, true, null);
                return;
            }

            if (result != ConfigResult.Applied)
            {
                Rejected++;
                PublishAck(_patch.PatchRev, result, true, null);
                return;
            }

            long mask = _patch.ChangedMask | (1L << ConfigSchema.Rev);
            int cap = _link.Stats.QosCap;
            if ((mask & (1L << ConfigSchema.TelemetryQos)) != 0 && _staged.GetInt(ConfigSchema.TelemetryQos) > cap && !_patch.NeedsReconnect)
            {
                // Known beforehand: this broker does not take that QoS (a broker change may, so then it is tried).
                _patch.Errors.Clear();
                _patch.Errors.SetRange(_patch.Errors.Add(ConfigSchema.Keys[ConfigSchema.TelemetryQos], ConfigReason.QosNotGranted), 0, cap);
                Rejected++;
                PublishAck(_patch.PatchRev, ConfigResult.Rejected, true, null);
                return;
            }

            if (!_patch.NeedsReconnect)
            {
                _knownGood.CopyFrom(_effective);
                _effective.CopyFrom(_staged);
                Notify(mask);
                Persist();
                PublishConfig();
                Applied++;
                PublishAck(_effective.Rev, ConfigResult.Applied, false, null);
                _txRev = _effective.Rev;
                _txMask = mask;
                _txTimeoutS = _effective.GetInt(ConfigSchema.RollbackTimeoutS);
                _deadlineMs = nowMs + _txTimeoutS * 1000L;
                _lossesAtStart = _link.Stats.Losses;
                _capAtStart = _link.Stats.QosCap;
                _txError = null;
                _state = ConfigState.Watching;
                return;
            }

            _knownGood.CopyFrom(_effective);
            _effective.CopyFrom(_staged);
            _txRev = _effective.Rev;
            _txMask = mask;
            _txTimeoutS = _effective.GetInt(ConfigSchema.RollbackTimeoutS);
            _deadlineMs = nowMs + _txTimeoutS * 1000L;
            _connectsAtStart = _link.ConnectCount;
            _state = ConfigState.Trying;
            Notify(mask);
            _link.Reconnect(_effective);
        }

        /// <summary>
        /// Handles a <c>config/set</c> whose payload never reached the node: the MQTT client skipped it because the packet
        /// was larger than its maximum packet size (<see cref="NanoNode.Mqtt.Client.IMqttOversizedMessageHandler"/>).
        /// Acks <c>rejected</c> with <c>rev</c> null (unread) and one error <c>payload_too_large</c> whose <c>max</c> is
        /// the largest payload the node accepts: the smaller of <paramref name="maxPayload"/> (what fits in a packet on
        /// this topic) and <see cref="ConfigPatch.MaxPayload"/>. The config and a running transaction are not touched.
        /// </summary>
        public void OnConfigSetTooLarge(int maxPayload)
        {
            ConfigErrors errors = _patch.Errors;
            errors.Clear();
            int slot = errors.Add(null, ConfigReason.PayloadTooLarge);
            errors.SetRange(slot, 0, maxPayload < ConfigPatch.MaxPayload ? (maxPayload < 0 ? 0 : maxPayload) : ConfigPatch.MaxPayload);
            Rejected++;
            PublishAck(-1, ConfigResult.Rejected, true, null);
        }

        /// <summary>Advances a transaction: commit on a new connection, roll back at the deadline. Call every loop turn.</summary>
        public void Poll(long nowMs)
        {
            if (_state == ConfigState.Idle)
            {
                return;
            }

            if (_state == ConfigState.Watching)
            {
                Watch(nowMs);
                return;
            }

            bool fresh = _link.IsConnected && _link.ConnectCount != _connectsAtStart;
            if (_state == ConfigState.Trying)
            {
                if (fresh)
                {
                    _state = ConfigState.Idle;
                    Persist();
                    PublishConfig();
                    Applied++;
                    PublishAck(_txRev, ConfigResult.Applied, false, null);
                    return;
                }

                if (nowMs - _deadlineMs >= 0)
                {
                    _txError = _link.LastError; // why the new settings did not connect (null: still trying)
                    _effective.CopyFrom(_knownGood);
                    _connectsAtStart = _link.ConnectCount;
                    _state = ConfigState.RollingBack;
                    Notify(_txMask);
                    _link.Reconnect(_effective);
                }

                return;
            }

            if (fresh)
            {
                _state = ConfigState.Idle;
                PublishConfig();
                RolledBack++;
                bool watched = _txError == RollbackQos || _txError == RollbackUnstable;
                PublishAck(_txRev, ConfigResult.RolledBack, false, watched ? _txError : "reconnect_timeout");
            }
        }

        /// <summary>Rollback reason: the broker does not take the QoS the change asked for.</summary>
        public const string RollbackQos = "qos_not_granted";

        /// <summary>Rollback reason: the node kept losing its connection after the change.</summary>
        public const string RollbackUnstable = "connection_unstable";

        // A live publish change under watch: keep it at the deadline; roll it back (restore, persist, reconnect-style ack
        // once connected) when the broker proved it cannot take it.
        private void Watch(long nowMs)
        {
            LinkStats s = _link.Stats;
            bool qosChange = (_txMask & (1L << ConfigSchema.TelemetryQos)) != 0;
            bool qosRefused = qosChange && _effective.GetInt(ConfigSchema.TelemetryQos) > s.QosCap;
            // Losses that ended with a QoS cap found meanwhile are the old telemetry_qos's doing, not this change's.
            bool unstable = s.Losses - _lossesAtStart >= UnstableLosses && (qosChange || s.QosCap == _capAtStart);
            if (!qosRefused && !unstable)
            {
                if (nowMs - _deadlineMs >= 0)
                {
                    _state = ConfigState.Idle;
                }

                return;
            }

            _txError = qosRefused ? RollbackQos : RollbackUnstable;
            _effective.CopyFrom(_knownGood);
            Notify(_txMask);
            Persist();
            // The ack and config go out on the next connection (Poll sees `fresh` once ConnectCount moves on; when
            // connected now, at once).
            _connectsAtStart = _link.IsConnected ? _link.ConnectCount - 1 : _link.ConnectCount;
            _state = ConfigState.RollingBack;
        }

        /// <summary>Publishes the effective config (without secrets), retained, QoS 1, on <c>config</c>.</summary>
        public void PublishConfig()
        {
            _writer.Reset(_doc, 0, _doc.Length);
            _effective.WriteJson(_writer, false);
            Send(_topics.Config, true);
        }

        private void PublishAck(int rev, ConfigResult result, bool withErrors, string reason)
        {
            JsonWriter w = _writer;
            w.Reset(_doc, 0, _doc.Length);
            w.BeginObject();
            w.Name("rev");
            if (rev >= 0)
            {
                w.Number(rev);
            }
            else
            {
                w.Null();
            }

            w.Property("result", ResultName(result));
            if (withErrors)
            {
                _patch.Errors.WriteJson(w);
            }

            if (reason != null)
            {
                w.Property("reason", reason);
                w.Property("timeout_s", _txTimeoutS);
                if (reason == RollbackQos || reason == RollbackUnstable)
                {
                    WriteQosCap(w);
                }
                else if (_txError != null)
                {
                    w.Property("last_error", _txError);
                }
            }

            LinkStats stats = _link.Stats;
            if (result == ConfigResult.Applied && _effective.GetInt(ConfigSchema.TelemetryQos) > stats.QosCap)
            {
                w.Name("warnings");
                w.BeginArray();
                w.BeginObject();
                w.Property("key", ConfigSchema.Keys[ConfigSchema.TelemetryQos].Name);
                w.Property("reason", "qos_capped");
                w.Property("max", stats.QosCap);
                WriteQosCap(w);
                w.EndObject();
                w.EndArray();
            }

            w.EndObject();
            Send(_topics.ConfigAck, false);
        }

        private void WriteQosCap(JsonWriter w)
        {
            LinkStats stats = _link.Stats;
            w.Property("qos_cap", stats.QosCap);
            if (stats.QosCapCause != null)
            {
                w.Property("cause", stats.QosCapCause);
            }
        }

        /// <summary>The ack's <c>result</c> string.</summary>
        public static string ResultName(ConfigResult result)
        {
            switch (result)
            {
                case ConfigResult.Applied:
                    return "applied";
                case ConfigResult.Stale:
                    return "stale";
                case ConfigResult.RolledBack:
                    return "rolled_back";
                default:
                    return "rejected";
            }
        }

        private void Send(TopicName topic, bool retain)
        {
            if (!_writer.IsComplete || !_link.Publish(topic.Bytes, 0, topic.Length, _doc, 0, _writer.Length, 1, retain))
            {
                PublishDrops++;
            }
        }

        private void Persist()
        {
            if (_store != null && !_store.Save(_effective))
            {
                PersistFailures++;
            }
        }

        private void Notify(long mask)
        {
            if ((mask & (1L << ConfigSchema.TopicPrefix)) != 0)
            {
                _topics.Build(_effective);
            }

            if (_listener != null)
            {
                _listener.OnConfigChanged(mask);
            }
        }
    }
}
