namespace System;

// The common exceptions of mscorlib, one small group. Constructors as nanoFramework declares them.

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/SystemException.cs@main
[Serializable]
public class SystemException : Exception
{
    public SystemException() { }
    public SystemException(string message) { }
    public SystemException(string message, Exception innerException) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/ApplicationException.cs@main
[Serializable]
public class ApplicationException : Exception
{
    public ApplicationException() { }
    public ApplicationException(string message) { }
    public ApplicationException(string message, Exception innerException) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/ArgumentException.cs@main
[Serializable]
public class ArgumentException : SystemException
{
    public ArgumentException() { }
    public ArgumentException(string message) { }
    public ArgumentException(string message, Exception innerException) { }
    public ArgumentException(string message, string paramName, Exception innerException) { }
    public ArgumentException(string message, string paramName) { }
    public override string Message => throw null;
    public virtual string ParamName => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/ArgumentNullException.cs@main
// ThrowIfNull is not declared: [unverified] whether CoreLibrary 1.17.11 (not only main/develop) has it.
[Serializable]
public class ArgumentNullException : ArgumentException
{
    public ArgumentNullException() { }
    public ArgumentNullException(string paramName) { }
    public ArgumentNullException(string paramName, string message) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/ArgumentOutOfRangeException.cs@main
[Serializable]
public class ArgumentOutOfRangeException : ArgumentException
{
    public ArgumentOutOfRangeException() { }
    public ArgumentOutOfRangeException(string paramName) { }
    public ArgumentOutOfRangeException(string paramName, string message) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/IndexOutOfRangeException.cs@main
[Serializable]
public class IndexOutOfRangeException : SystemException
{
    public IndexOutOfRangeException() { }
    public IndexOutOfRangeException(string message) { }
    public IndexOutOfRangeException(string message, Exception innerException) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/InvalidCastException.cs@main
[Serializable]
public class InvalidCastException : SystemException
{
    public InvalidCastException() { }
    public InvalidCastException(string message) { }
    public InvalidCastException(string message, Exception innerException) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/InvalidOperationException.cs@main
[Serializable]
public class InvalidOperationException : SystemException
{
    public InvalidOperationException() { }
    public InvalidOperationException(string message) { }
    public InvalidOperationException(string message, Exception innerException) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/NotImplementedException.cs@main
[Serializable]
public class NotImplementedException : SystemException
{
    public NotImplementedException() { }
    public NotImplementedException(string message) { }
    public NotImplementedException(string message, Exception innerException) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/NotSupportedException.cs@main
[Serializable]
public class NotSupportedException : SystemException
{
    public NotSupportedException() { }
    public NotSupportedException(string message) { }
    public NotSupportedException(string message, Exception innerException) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/NullReferenceException.cs@main
[Serializable]
public class NullReferenceException : SystemException
{
    public NullReferenceException() { }
    public NullReferenceException(string message) { }
    public NullReferenceException(string message, Exception innerException) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/ObjectDisposedException.cs@main
// Derives from SystemException (not InvalidOperationException as on .NET): a catch (InvalidOperationException) does
// not catch it on the device.
[Serializable]
public class ObjectDisposedException : SystemException
{
    public ObjectDisposedException() { }
    public ObjectDisposedException(string message) { }
    public ObjectDisposedException(string message, Exception innerException) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/OutOfMemoryException.cs@main
[Serializable]
public class OutOfMemoryException : SystemException
{
    public OutOfMemoryException() { }
    public OutOfMemoryException(string message) { }
    public OutOfMemoryException(string message, Exception innerException) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/FormatException.cs@main
[Serializable]
public class FormatException : SystemException
{
    public FormatException() { }
    public FormatException(string message) { }
    public FormatException(string message, Exception innerException) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/TimeoutException.cs@main
[Serializable]
public class TimeoutException : SystemException
{
    public TimeoutException() { }
    public TimeoutException(string message) { }
    public TimeoutException(string message, Exception innerException) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/PlatformNotSupportedException.cs@main
[Serializable]
public class PlatformNotSupportedException : NotSupportedException
{
    // The parameterless constructor is the only one nanoFramework declares.
    public PlatformNotSupportedException() { }
}
