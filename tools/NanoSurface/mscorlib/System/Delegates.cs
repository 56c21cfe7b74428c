namespace System;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Delegate.cs@main
// Not ICloneable, no Clone, no GetHashCode override. Target exists only in the reflection-enabled mscorlib
// (NANOCLR_REFLECTION, the default nanoFramework.CoreLibrary package; not the .NoReflection one).
[Serializable]
public abstract class Delegate
{
    public override bool Equals(object obj) => throw null;
    public static Delegate Combine(Delegate a, Delegate b) => throw null;
    public static Delegate Remove(Delegate source, Delegate value) => throw null;
    public static bool operator ==(Delegate d1, Delegate d2) => throw null;
    public static bool operator !=(Delegate d1, Delegate d2) => throw null;
    public object Target => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/MulticastDelegate.cs@main
[Serializable]
public abstract class MulticastDelegate : Delegate
{
    public static bool operator ==(MulticastDelegate d1, MulticastDelegate d2) => throw null;
    public static bool operator !=(MulticastDelegate d1, MulticastDelegate d2) => throw null;
    public override bool Equals(object obj) => throw null;
    public override int GetHashCode() => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Action.cs@main
public delegate void Action();

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/AsyncCallback.cs@main
public delegate void AsyncCallback(IAsyncResult ar);

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/IAsyncResult.cs@main
public interface IAsyncResult
{
    bool IsCompleted { get; }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/EventArgs.cs@main
[Serializable]
public class EventArgs
{
    public static readonly EventArgs Empty;
    public EventArgs() { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/EventHandler.cs@main
[Serializable]
public delegate void EventHandler(object sender, EventArgs e);
