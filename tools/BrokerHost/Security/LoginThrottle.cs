using System.Collections.Concurrent;

namespace NanoNode.BrokerHost.Security;

/// <summary>
/// Throttles failed logins per key (the <see cref="Authenticator"/> keeps one throttle per (user name, address) and one
/// per address): after <c>maxFailures</c> failures within the window the key is locked out for the window, doubling
/// with every further failure (capped at 15 minutes). While locked out every CONNECT it covers is refused without
/// checking credentials. <see cref="Success"/> clears one key's record. Thread-safe.
/// The table is bounded: past <c>maxTracked</c> keys, records whose window and lockout are over are dropped, then
/// keys that are not locked out, then those whose lockout ends first, down to 90 % of the bound.
/// </summary>
public sealed class LoginThrottle<TKey>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly int _maxFailures;
    private readonly TimeSpan _window;
    private readonly int _maxTracked;
    private readonly object _pruneGate = new();

    /// <summary>Creates a throttle that tracks at most <paramref name="maxTracked"/> keys.</summary>
    public LoginThrottle(int maxFailures, TimeSpan window, int maxTracked = 10_000)
    {
        _maxFailures = Math.Max(1, maxFailures);
        _window = window;
        _maxTracked = Math.Max(1, maxTracked);
    }

    /// <summary>Keys with a failure record (bounded by maxTracked).</summary>
    public int TrackedAddresses => _entries.Count;

    /// <summary>True while <paramref name="key"/> is locked out.</summary>
    public bool IsLockedOut(TKey key, DateTime nowUtc)
        => _entries.TryGetValue(key, out var e) && e.LockedUntil > nowUtc;

    /// <summary>Records a failed login.</summary>
    public void Failure(TKey key, DateTime nowUtc)
    {
        var e = _entries.GetOrAdd(key, _ => new Entry());
        lock (e)
        {
            if (nowUtc - e.WindowStart > _window && e.LockedUntil <= nowUtc)
            {
                e.WindowStart = nowUtc;
                e.Failures = 0;
            }

            e.Failures++;
            if (e.Failures >= _maxFailures)
            {
                int extra = Math.Min(e.Failures - _maxFailures, 10);
                var lockFor = TimeSpan.FromTicks(Math.Min(_window.Ticks << extra, TimeSpan.FromMinutes(15).Ticks));
                e.LockedUntil = nowUtc + lockFor;
            }
        }

        if (_entries.Count > _maxTracked)
        {
            Prune(nowUtc);
        }
    }

    // Drops records down to 90 % of the bound: first those whose window and lockout are over, then the addresses that
    // are not locked out, then the lockouts that end first. Runs only when the table is over its bound.
    private void Prune(DateTime nowUtc)
    {
        lock (_pruneGate)
        {
            int target = _maxTracked - _maxTracked / 10;
            if (_entries.Count <= target)
            {
                return;
            }

            var candidates = new List<KeyValuePair<TKey, DateTime>>(_entries.Count);
            foreach (var kv in _entries)
            {
                Entry e = kv.Value;
                DateTime rank;
                lock (e)
                {
                    bool stale = e.LockedUntil <= nowUtc && nowUtc - e.WindowStart > _window;
                    rank = stale ? DateTime.MinValue : e.LockedUntil <= nowUtc ? DateTime.MinValue.AddTicks(1) : e.LockedUntil;
                }

                candidates.Add(new KeyValuePair<TKey, DateTime>(kv.Key, rank));
            }

            candidates.Sort((a, b) => a.Value.CompareTo(b.Value));
            int excess = _entries.Count - target;
            for (int i = 0; i < candidates.Count && excess > 0; i++)
            {
                if (_entries.TryRemove(candidates[i].Key, out _))
                {
                    excess--;
                }
            }
        }
    }

    /// <summary>Forgets the failures of <paramref name="key"/> (a successful login of that key).</summary>
    public void Success(TKey key) => _entries.TryRemove(key, out _);

    private sealed class Entry
    {
        public DateTime WindowStart;
        public int Failures;
        public DateTime LockedUntil;
    }
}
