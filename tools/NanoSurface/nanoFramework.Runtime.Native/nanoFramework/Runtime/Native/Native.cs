using System;

namespace nanoFramework.Runtime.Native;

// nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/GC.cs@main
public static class GC
{
    /// <summary>Runs a collection (compacting when asked); returns the free managed heap in bytes afterwards.</summary>
    public static uint Run(bool compactHeap) => throw null;
    public static void EnableGCMessages(bool enable) { }
}

// nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/Power.cs@main
// A non-static class there (public static members only). OnRebootEvent is not declared (unused).
public class Power
{
    public static void RebootDevice() { }
    public static void RebootDevice(int exeConstraintTimeout) { }
}

// nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/RTC.cs@main
public static class Rtc
{
    public static bool SetSystemTime(DateTime time) => throw null;
}

// nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/SystemInfo.cs@main
public static class SystemInfo
{
    public static string TargetName => throw null;
    public static string Platform => throw null;
    public static string OEMString => throw null;
    public static FloatingPoint FloatingPointSupport => throw null;

    // nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/SystemInfo.cs@main
    public enum FloatingPoint
    {
        None = 0,
        SinglePrecisionSoftware = 1,
        SinglePrecisionHardware = 2,
        DoublePrecisionSoftware = 3,
        DoublePrecisionHardware = 4,
    }
}
