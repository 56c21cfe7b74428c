namespace System.Threading;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/ThreadStart.cs@main
public delegate void ThreadStart();

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/Thread.cs@main
public sealed class Thread
{
    public Thread(ThreadStart start) { }
    public void Start() { }
    public void Abort() { }
    public void Suspend() { }
    public void Resume() { }
    public ThreadPriority Priority { get => throw null; set => throw null; }
    public int ManagedThreadId => throw null;
    public bool IsAlive => throw null;
    public void Join() { }
    public bool Join(int millisecondsTimeout) => throw null;
    public bool Join(TimeSpan timeout) => throw null;
    public static void Sleep(int millisecondsTimeout) { }
    public static void Sleep(TimeSpan timeout) { }
    public static void SpinWait(int iterations) { }
    public static Thread CurrentThread => throw null;
    public ThreadState ThreadState => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/ThreadPriority.cs@main
[Serializable]
public enum ThreadPriority
{
    Lowest = 0,
    BelowNormal = 1,
    Normal = 2,
    AboveNormal = 3,
    Highest = 4,
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/ThreadState.cs@main
[Flags, Serializable]
public enum ThreadState
{
    Running = 0,
    StopRequested = 1,
    SuspendRequested = 2,
    Background = 4,
    Unstarted = 8,
    Stopped = 16,
    WaitSleepJoin = 32,
    Suspended = 64,
    AbortRequested = 128,
    Aborted = 256,
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/ThreadAbortException.cs@main
[Serializable]
public sealed class ThreadAbortException : SystemException
{
    private ThreadAbortException() { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Threading/Timeout.cs@main
public static class Timeout
{
    public const int Infinite = -1;
    public static readonly TimeSpan InfiniteTimeSpan;
}
