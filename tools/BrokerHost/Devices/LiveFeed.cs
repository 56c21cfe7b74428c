using System.Threading.Channels;

namespace NanoNode.BrokerHost.Devices;

/// <summary>
/// Fan-out of live device updates to Server-Sent Events clients (<c>GET /api/stream</c>). Each subscriber has its own
/// bounded queue of ready-made SSE frames; a subscriber that does not keep up loses the oldest frames (counted), never
/// slows the device manager. Thread-safe.
/// </summary>
public sealed class LiveFeed
{
    /// <summary>Frames queued per subscriber before the oldest are dropped.</summary>
    public const int SubscriberQueue = 1000;

    private readonly object _gate = new();
    private Subscriber[] _subscribers = Array.Empty<Subscriber>();
    private long _sequence;

    /// <summary>True when at least one client listens (producers skip building frames otherwise).</summary>
    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0;

    /// <summary>Number of listening clients.</summary>
    public int Count => Volatile.Read(ref _subscribers).Length;

    /// <summary>Queues one SSE event (<c>event: name</c>, <c>id</c>, <c>data: json</c>) for every subscriber.</summary>
    public void Publish(string eventName, string json)
    {
        var subs = Volatile.Read(ref _subscribers);
        if (subs.Length == 0)
        {
            return;
        }

        long id = Interlocked.Increment(ref _sequence);
        string frame = "event: " + eventName + "\nid: " + id + "\ndata: " + json + "\n\n";
        foreach (var s in subs)
        {
            s.Channel.Writer.TryWrite(frame);
        }
    }

    /// <summary>Adds a subscriber; dispose it to leave.</summary>
    public Subscriber Subscribe()
    {
        var s = new Subscriber(this);
        lock (_gate)
        {
            _subscribers = _subscribers.Append(s).ToArray();
        }

        return s;
    }

    private void Remove(Subscriber s)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Where(x => !ReferenceEquals(x, s)).ToArray();
        }

        s.Channel.Writer.TryComplete();
    }

    /// <summary>One listening client: read frames from <see cref="Channel"/>.</summary>
    public sealed class Subscriber : IDisposable
    {
        private readonly LiveFeed _feed;

        internal Subscriber(LiveFeed feed)
        {
            _feed = feed;
            Channel = System.Threading.Channels.Channel.CreateBounded<string>(new BoundedChannelOptions(SubscriberQueue)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            });
        }

        /// <summary>SSE frames, ready to write.</summary>
        public Channel<string> Channel { get; }

        /// <inheritdoc />
        public void Dispose() => _feed.Remove(this);
    }
}
