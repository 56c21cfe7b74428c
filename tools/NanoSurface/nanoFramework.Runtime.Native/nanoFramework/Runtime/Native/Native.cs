using System;

namespace nanoFramework.Runtime.Native;

// nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/GC.cs@17c93f5c72ef1ac48d5f61895609152ff288e89a
public static class GC
{
    /// <summary>Runs a collection (compacting when asked); returns the free managed heap in bytes afterwards.</summary>
    public static uint Run(bool compactHeap) => throw null;
    public static void EnableGCMessages(bool enable) { }
}

// nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/Power.cs, the RebootOption version (managed PR
// nanoFramework.Runtime.Native#140; native side nf-interpreter PR #3028, 2024-10: NativeReboot(RebootOption), as in
// nf-interpreter src/nanoFramework.Runtime.Native/nf_rt_native.cpp@068c2b3c). The index's default Power.cs
// (@279c2de5/@bbeda144, RebootDevice() and RebootDevice(int) only) is the older 1.6-era file; 1.7.x is the line that
// added RebootOption. A non-static class there (public static members only). OnRebootEvent is not declared (unused).
public class Power
{
    public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) { }
    public static void RebootDevice(int exeConstraintTimeout, RebootOption rebootOption = RebootOption.NormalReboot) { }
}

// nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/RebootOption.cs@314973ea44e0a7fd531909a2bdab54787ffa8073
public enum RebootOption
{
    NormalReboot = 0,
    EnterNanoBooter = 1,
    ClrOnly = 2,
    EnterProprietaryBooter = 8,
}

// nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/RTC.cs@279c2de56c52fbd4cf2c05400c4d16ed84dc85e9
public static class Rtc
{
    public static bool SetSystemTime(DateTime time) => throw null;
}

// nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/SystemInfo.cs@279c2de56c52fbd4cf2c05400c4d16ed84dc85e9
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
