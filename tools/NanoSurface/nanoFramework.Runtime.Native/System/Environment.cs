namespace System;

// nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/System/Environment.cs@17c93f5c72ef1ac48d5f61895609152ff288e89a
public static class Environment
{
    /// <summary>Milliseconds since the device started (monotonic).</summary>
    public static long TickCount64 => throw null;
}
