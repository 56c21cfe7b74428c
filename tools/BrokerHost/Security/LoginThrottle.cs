using System.Collections.Concurrent;
using System.Net;

namespace NanoNode.BrokerHost.Security;

/// <summary>
/// Throttles failed logins per remote address: after <c>maxFailures</c> failures within the window the address is
/// locked out for the window, doubling with every further failure (capped at 15 minutes). While locked out every
/// CONNECT from it is refused without checking credentials. A successful login clears the record. Thread-safe.
/// </summary>
public sealed class LoginThrottle
{
    private readonly ConcurrentDictionary<IPAddress, Entry> _entries = new();
    private readonly int _maxFailures;
    private readonly TimeSpan _window;

    /// <summary>Creates a throttle.</summary>
    public LoginThrottle(int maxFailures, TimeSpan window)
    {
        _maxFailures = Math.Max(1, maxFailures);
        _window = window;
    }

    /// <summary>True while <paramref name="address"/> is locked out.</summary>
    public bool IsLockedOut(IPAddress address, DateTime nowUtc)
        => _entries.TryGetValue(address, out var e) && e.LockedUntil > nowUtc;

    /// <summary>Records a failed login.</summary>
    public void Failure(IPAddress address, DateTime nowUtc)
    {
        var e = _entries.GetOrAdd(address, _ => new Entry());
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
    }

    /// <summary>Forgets the failures of <paramref name="address"/> (successful login).</summary>
    public void Success(IPAddress address) => _entries.TryRemove(address, out _);

    private sealed class Entry
    {
        public DateTime WindowStart;
        public int Failures;
        public DateTime LockedUntil;
    }
}
