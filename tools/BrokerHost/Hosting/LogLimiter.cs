using System.Collections.Concurrent;

namespace NanoNode.BrokerHost.Hosting;

/// <summary>
/// Rate limit for log lines that a client can trigger at will (refused CONNECTs, protocol violations, failed logins,
/// ACL refusals, malformed telemetry): at most one line per (subject, reason) per interval; the rest are counted in
/// <see cref="Suppressed"/> (published as $SYS/broker/log/suppressed) and the next line that is written says how many
/// of its kind were suppressed before it. Bounded: past <c>maxTracked</c> keys, those whose interval is over are
/// forgotten, and if that is not enough the table starts over (a flood of new keys then logs at most one line per key
/// per interval still, since every key is new). Thread-safe.
/// </summary>
public sealed class LogLimiter
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long _intervalMs;
    private readonly int _maxTracked;
    private readonly object _pruneGate = new();
    private long _suppressed;

    /// <summary>One line per key per <paramref name="interval"/>; <see cref="TimeSpan.Zero"/> lets every line through.</summary>
    public LogLimiter(TimeSpan interval, int maxTracked = 10_000)
    {
        _intervalMs = (long)interval.TotalMilliseconds;
        _maxTracked = Math.Max(1, maxTracked);
    }

    /// <summary>Lines suppressed since start.</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    /// <summary>Keys tracked (bounded by maxTracked).</summary>
    public int Tracked => _entries.Count;

    /// <summary>
    /// True when a line about <paramref name="subject"/> (a client id, else an address) for <paramref name="reason"/> may
    /// be written now; <paramref name="suppressedBefore"/> is then the number of such lines suppressed since the last one
    /// written. False: the caller writes nothing (counted here).
    /// </summary>
    public bool ShouldLog(string subject, string reason, out long suppressedBefore)
    {
        suppressedBefore = 0;
        if (_intervalMs <= 0)
        {
            return true;
        }

        long now = Environment.TickCount64;
        var entry = _entries.GetOrAdd(reason + "\n" + subject, static _ => new Entry { LoggedAt = long.MinValue });
        bool log;
        lock (entry)
        {
            log = entry.LoggedAt == long.MinValue || now - entry.LoggedAt >= _intervalMs;
            if (log)
            {
                entry.LoggedAt = now;
                suppressedBefore = entry.Suppressed;
                entry.Suppressed = 0;
            }
            else
            {
                entry.Suppressed++;
            }
        }

        if (!log)
        {
            Interlocked.Increment(ref _suppressed);
        }

        if (_entries.Count > _maxTracked)
        {
            Prune(now);
        }

        return log;
    }

    private void Prune(long now)
    {
        lock (_pruneGate)
        {
            if (_entries.Count <= _maxTracked)
            {
                return;
            }

            foreach (var kv in _entries)
            {
                long at;
                lock (kv.Value)
                {
                    at = kv.Value.LoggedAt;
                }

                if (now - at >= _intervalMs)
                {
                    _entries.TryRemove(kv);
                }
            }

            if (_entries.Count > _maxTracked)
            {
                _entries.Clear();
            }
        }
    }

    private sealed class Entry
    {
        public long LoggedAt;
        public long Suppressed;
    }
}
