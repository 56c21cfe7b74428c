using System;

namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// Monotonic time for keepalive, timeouts and reconnect backoff. Injected so tests move time explicitly instead of
    /// sleeping. <see cref="NowMs"/> never goes backwards; its origin is arbitrary.
    /// </summary>
    public interface IMqttClock
    {
        /// <summary>Milliseconds since an arbitrary origin, monotonic.</summary>
        long NowMs { get; }
    }

    /// <summary>
    /// The device clock: <c>Environment.TickCount64</c> (nanoFramework.Runtime.Native on the device, the BCL on host),
    /// milliseconds since start-up. Allocation-free.
    /// </summary>
    public sealed class SystemClock : IMqttClock
    {
        /// <summary>One shared instance (the clock has no state).</summary>
        public static readonly SystemClock Instance = new SystemClock();

        /// <inheritdoc />
        public long NowMs
        {
            get { return Environment.TickCount64; }
        }
    }

    /// <summary>A clock moved by hand (tests, simulations): starts at <see cref="NowMs"/> = 0 unless set.</summary>
    public sealed class ManualClock : IMqttClock
    {
        private long _now;

        /// <summary>Current time in milliseconds; settable.</summary>
        public long NowMs
        {
            get { return _now; }
            set { _now = value; }
        }

        /// <summary>Moves the clock forward by <paramref name="ms"/> milliseconds.</summary>
        public void Advance(long ms)
        {
            _now += ms;
        }
    }
}
