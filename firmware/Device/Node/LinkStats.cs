using NanoNode.Device.Json;

namespace NanoNode.Device.Node
{
    /// <summary>
    /// What happened to the node's MQTT connection, for the <c>link</c> section of <c>info</c>: every way a connection or
    /// connect attempt ended (by reason: count, time of the last one), failovers, and the publish QoS cap with its cause.
    /// Written by the link (loop thread), read by the node. Fixed tables allocated once; recording allocates nothing.
    /// </summary>
    public sealed class LinkStats
    {
        /// <summary>Distinct reasons kept; further new reasons are counted in <see cref="OtherReasons"/>.</summary>
        public const int MaxReasons = 12;

        /// <summary>Shortest time between two log lines for the same reason, ms (the rest are counted as not logged).</summary>
        public const int LogIntervalMs = 10000;

        /// <summary>QoS cap cause: a SUBACK granted less than the QoS asked.</summary>
        public const string CauseSuback = "suback_granted_less";

        /// <summary>QoS cap cause: the broker closed the connection repeatedly while QoS 2 publishes waited for PUBREC.</summary>
        public const string CauseQos2Drop = "closed_on_qos2_publish";

        /// <summary>QoS cap cause: the broker answered a QoS 2 PUBLISH with PUBACK (it took it as QoS 1, as RabbitMQ does).</summary>
        public const string CauseQos2Puback = "puback_for_qos2";

        private readonly string[] _reasons = new string[MaxReasons];
        private readonly int[] _counts = new int[MaxReasons];
        private readonly long[] _lastMs = new long[MaxReasons];
        private readonly long[] _loggedMs = new long[MaxReasons];
        private readonly int[] _unlogged = new int[MaxReasons];
        private int _used;

        /// <summary>Connections or connect attempts that ended (all reasons).</summary>
        public int Failures;

        /// <summary>Established connections (CONNACK accepted) that were lost.</summary>
        public int Losses;

        /// <summary>Events with a reason beyond the <see cref="MaxReasons"/> kept.</summary>
        public int OtherReasons;

        /// <summary>Times the link moved on to the next broker of its list.</summary>
        public int Failovers;

        /// <summary>Highest QoS the node publishes with on this broker (2 until a limit is found).</summary>
        public int QosCap = 2;

        /// <summary>Why <see cref="QosCap"/> is below 2 (<see cref="CauseSuback"/>, <see cref="CauseQos2Drop"/>), or null.</summary>
        public string QosCapCause;

        /// <summary>Messages whose QoS was lowered when the cap was set (queued, or inflight without acknowledgement).</summary>
        public int QosDowngraded;

        /// <summary>Subscriptions the broker refused (SUBACK 0x80); a refusal at QoS 2 is retried once at QoS 1.</summary>
        public int SubscribeRefused;

        /// <summary>Publishes asked above the cap and sent at the cap.</summary>
        public int QosCapped;

        /// <summary>Distinct reasons recorded.</summary>
        public int ReasonCount
        {
            get { return _used; }
        }

        /// <summary>Reason <paramref name="i"/> (snake_case constant).</summary>
        public string Reason(int i)
        {
            return _reasons[i];
        }

        /// <summary>Times reason <paramref name="i"/> happened.</summary>
        public int Count(int i)
        {
            return _counts[i];
        }

        /// <summary>Count for <paramref name="reason"/> (0 when never recorded).</summary>
        public int CountOf(string reason)
        {
            int i = Find(reason);
            return i < 0 ? 0 : _counts[i];
        }

        /// <summary>
        /// Records one connection end with <paramref name="reason"/> at monotonic <paramref name="nowMs"/>. Returns the number
        /// of events of this reason to report in a log line now (this one plus those not logged since the last line), or 0
        /// when a line for this reason was written less than <see cref="LogIntervalMs"/> ago (rate limit).
        /// </summary>
        public int Record(string reason, long nowMs, bool wasConnected)
        {
            Failures++;
            if (wasConnected)
            {
                Losses++;
            }

            int i = Find(reason);
            if (i < 0)
            {
                if (_used == MaxReasons)
                {
                    OtherReasons++;
                    return 0;
                }

                i = _used++;
                _reasons[i] = reason;
                _loggedMs[i] = nowMs - LogIntervalMs;
            }

            _counts[i]++;
            _lastMs[i] = nowMs;
            _unlogged[i]++;
            if (nowMs - _loggedMs[i] < LogIntervalMs)
            {
                return 0;
            }

            int n = _unlogged[i];
            _unlogged[i] = 0;
            _loggedMs[i] = nowMs;
            return n;
        }

        /// <summary>
        /// Writes the <c>errors</c> array: per reason <c>reason</c>, <c>count</c>, <c>last_uptime_s</c> (seconds since
        /// <paramref name="startMs"/>) and, when <paramref name="unixNow"/> &gt; 0, <c>last_unix</c> (wall time in seconds).
        /// </summary>
        public void WriteErrors(JsonWriter w, long nowMs, long startMs, long unixNow)
        {
            w.Name("errors");
            w.BeginArray();
            for (int i = 0; i < _used; i++)
            {
                w.BeginObject();
                w.Property("reason", _reasons[i]);
                w.Property("count", _counts[i]);
                w.Property("last_uptime_s", (_lastMs[i] - startMs) / 1000);
                if (unixNow > 0)
                {
                    w.Property("last_unix", unixNow - (nowMs - _lastMs[i]) / 1000);
                }

                w.EndObject();
            }

            w.EndArray();
        }

        private int Find(string reason)
        {
            for (int i = 0; i < _used; i++)
            {
                if (string.Equals(_reasons[i], reason))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
