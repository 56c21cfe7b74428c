namespace NanoNode.Broker.Tests.Infrastructure;

/// <summary>
/// Messages one client received (added from the client library's callback thread); <see cref="Next"/> waits, bounded,
/// for the first one that matches and takes it out, so a test can await messages in any arrival order.
/// </summary>
public sealed class Inbox<T>
{
    private readonly List<T> _items = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly TimeSpan _wait;

    /// <summary>An empty inbox whose <see cref="Next"/> waits at most <paramref name="wait"/>.</summary>
    public Inbox(TimeSpan wait) => _wait = wait;

    /// <summary>Adds a received message (any thread).</summary>
    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }

        _signal.Release();
    }

    /// <summary>Forgets everything received so far.</summary>
    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    /// <summary>The first message matching <paramref name="match"/>, taken out; fails the test when none comes in time.</summary>
    public async Task<T> Next(Func<T, bool> match)
    {
        var deadline = DateTime.UtcNow + _wait;
        while (true)
        {
            lock (_items)
            {
                int i = _items.FindIndex(x => match(x));
                if (i >= 0)
                {
                    var r = _items[i];
                    _items.RemoveAt(i);
                    return r;
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _signal.WaitAsync(left))
            {
                throw new Xunit.Sdk.XunitException("no matching message received");
            }
        }
    }
}
