namespace System.Threading;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/Monitor.cs@main
// Enter(object)/Exit(object) only: no TryEnter, Wait, Pulse. `lock` compiles to Enter/Exit.
public static class Monitor
{
    public static void Enter(object obj) { }
    public static void Exit(object obj) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/Interlocked.cs@main (int only)
public static class Interlocked
{
    public static int Increment(ref int location) => throw null;
    public static int Decrement(ref int location) => throw null;
    public static int Exchange(ref int location1, int value) => throw null;
    public static int CompareExchange(ref int location1, int value, int comparand) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/WaitHandle.cs@main
// No WaitOne(int): use WaitOne(millisecondsTimeout, exitContext: false).
public abstract class WaitHandle : MarshalByRefObject
{
    public const int WaitTimeout = 0x102;
    public virtual bool WaitOne(int millisecondsTimeout, bool exitContext) => throw null;
    public virtual bool WaitOne() => throw null;
    public static bool WaitAll(WaitHandle[] waitHandles, int millisecondsTimeout, bool exitContext) => throw null;
    public static bool WaitAll(WaitHandle[] waitHandles) => throw null;
    public static int WaitAny(WaitHandle[] waitHandles, int millisecondsTimeout, bool exitContext) => throw null;
    public static int WaitAny(WaitHandle[] waitHandles) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/AutoResetEvent.cs@main
public sealed class AutoResetEvent : WaitHandle
{
    public AutoResetEvent(bool initialState) { }
    public bool Reset() => throw null;
    public bool Set() => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/ManualResetEvent.cs@main
public sealed class ManualResetEvent : WaitHandle
{
    public ManualResetEvent(bool initialState) { }
    public bool Reset() => throw null;
    public bool Set() => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/Timer.cs@main
public delegate void TimerCallback(object state);

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/Timer.cs@main
public sealed class Timer : MarshalByRefObject, IDisposable
{
    public Timer(TimerCallback callback, object state, int dueTime, int period) { }
    public Timer(TimerCallback callback, object state, TimeSpan dueTime, TimeSpan period) { }
    public bool Change(int dueTime, int period) => throw null;
    public bool Change(TimeSpan dueTime, TimeSpan period) => throw null;
    public void Dispose() { }
}
