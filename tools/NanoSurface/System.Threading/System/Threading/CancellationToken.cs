namespace System.Threading;

// nanoframework/System.Threading: nanoFramework.System.Threading/Threading/CancellationToken.cs@2ba518553182959cc63839260c592fd31f5817df
public struct CancellationToken
{
    public CancellationToken(bool canceled) { throw null; }
    public static CancellationToken None => throw null;
    public bool IsCancellationRequested => throw null;
    public bool CanBeCanceled => throw null;
    public WaitHandle WaitHandle => throw null;
    public void ThrowIfCancellationRequested() { }
}

// nanoframework/System.Threading: nanoFramework.System.Threading/Threading/CancellationTokenSource.cs@main
public class CancellationTokenSource : IDisposable
{
    public CancellationTokenSource() { }
    public CancellationTokenSource(int millisecondsDelay) { }
    public CancellationTokenSource(TimeSpan delay) { }
    public bool IsCancellationRequested => throw null;
    public CancellationToken Token => throw null;
    public void Cancel() { }
    public void CancelAfter(int millisecondsDelay) { }
    public void Dispose() { }
}

// nanoframework/System.Threading: nanoFramework.System.Threading/Threading/OperationCanceledException.cs@main
[Serializable]
public class OperationCanceledException : SystemException
{
    public OperationCanceledException() { }
    public OperationCanceledException(string message) { }
    public OperationCanceledException(string message, Exception innerException) { }
}
