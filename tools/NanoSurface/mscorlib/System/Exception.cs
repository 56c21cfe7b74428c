namespace System;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Exception.cs@main
[Serializable]
public class Exception
{
    public Exception() { }
    public Exception(string message) { }
    public Exception(string message, Exception innerException) { }
    public virtual string Message => throw null;
    public Exception InnerException => throw null;
    public virtual string StackTrace => throw null;
    public override string ToString() => throw null;
}
