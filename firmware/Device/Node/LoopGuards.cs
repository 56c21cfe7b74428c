using System.Threading;

namespace NanoNode.Device.Node
{
    /// <summary>
    /// A software watchdog for the single-threaded main loop. nanoFramework 1.x has no managed hardware-watchdog API
    /// that we could verify, so the app feeds this from the loop and checks it from a <c>System.Threading.Timer</c>
    /// (another managed thread); the checker reboots the device when the loop made no progress for
    /// <see cref="StallLimit"/> consecutive checks. It catches managed stalls (a blocking call that never returns, a
    /// livelock); it cannot catch a hang of the whole interpreter.
    /// </summary>
    /// <remarks>
    /// Threads: <see cref="Feed"/> on the loop thread, <see cref="Check"/> on the timer thread; the shared state is one
    /// int changed with <see cref="Interlocked"/> (int-only on nanoFramework 1.x). No allocation.
    /// </remarks>
    public sealed class LoopWatchdog
    {
        private readonly int _stallLimit;
        private int _beats;
        private int _lastSeen;
        private int _stalls;

        /// <summary>Expires after <paramref name="stallLimit"/> (≥ 1) consecutive checks without a feed.</summary>
        public LoopWatchdog(int stallLimit)
        {
            if (stallLimit < 1)
            {
                throw new System.ArgumentOutOfRangeException("stallLimit");
            }

            _stallLimit = stallLimit;
        }

        /// <summary>Consecutive checks without progress that expire the watchdog.</summary>
        public int StallLimit
        {
            get { return _stallLimit; }
        }

        /// <summary>Consecutive checks without progress so far (checker thread's view).</summary>
        public int Stalls
        {
            get { return _stalls; }
        }

        /// <summary>Loop progress: call once per loop turn. Loop thread.</summary>
        public void Feed()
        {
            Interlocked.Increment(ref _beats);
        }

        /// <summary>
        /// One periodic check (checker thread): true when the loop has not fed since the last
        /// <see cref="StallLimit"/> checks. Keeps returning true until the loop feeds again.
        /// </summary>
        public bool Check()
        {
            int beats = Interlocked.CompareExchange(ref _beats, 0, 0);
            if (beats != _lastSeen)
            {
                _lastSeen = beats;
                _stalls = 0;
                return false;
            }

            _stalls++;
            return _stalls >= _stallLimit;
        }
    }

    /// <summary>
    /// Turns a long loss of the broker connection into a fatal condition: the ESP32 board reboots (a fresh Wi-Fi
    /// stack and socket layer) when the link has been down for <see cref="LimitMs"/>. The limit must exceed the
    /// largest <c>rollback_timeout_s</c> (600 s) so a config transaction can always finish first. Loop thread; no
    /// allocation.
    /// </summary>
    public sealed class OfflineGuard
    {
        private readonly long _limitMs;
        private long _downSinceMs = -1;

        /// <summary>Expires after <paramref name="limitMs"/> ms without a connection.</summary>
        public OfflineGuard(long limitMs)
        {
            _limitMs = limitMs;
        }

        /// <summary>The allowed offline time in ms.</summary>
        public long LimitMs
        {
            get { return _limitMs; }
        }

        /// <summary>
        /// Records the link state at <paramref name="nowMs"/> (monotonic); true when it has been down for at least
        /// <see cref="LimitMs"/> continuously (down since start-up counts from the first call).
        /// </summary>
        public bool Update(bool connected, long nowMs)
        {
            if (connected)
            {
                _downSinceMs = -1;
                return false;
            }

            if (_downSinceMs < 0)
            {
                _downSinceMs = nowMs;
            }

            return nowMs - _downSinceMs >= _limitMs;
        }
    }
}
