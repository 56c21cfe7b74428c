namespace System;

// nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/System/Environment.cs@main
public static class Environment
{
    /// <summary>Milliseconds since the device started (monotonic).</summary>
    public static long TickCount64 => throw null;
}
