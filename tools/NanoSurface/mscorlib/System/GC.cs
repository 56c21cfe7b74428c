namespace System;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/GC.cs@main
// No GetTotalMemory on nanoFramework: use nanoFramework.Runtime.Native.GC.Run(bool) (free bytes after a collection).
public static class GC
{
    public static void WaitForPendingFinalizers() { }
    public static void SuppressFinalize(object obj) { }
    public static void ReRegisterForFinalize(object obj) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Random.cs@main
public class Random
{
    public Random() { }
    public Random(int seed) { }
    public virtual int Next() => throw null;
    public virtual int Next(int maxValue) => throw null;
    public virtual double NextDouble() => throw null;
    public virtual void NextBytes(byte[] buffer) { }
}
