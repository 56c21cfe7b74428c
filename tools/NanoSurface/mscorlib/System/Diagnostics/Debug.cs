namespace System.Diagnostics;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Diagnostics/Debug.cs@main
// Every member is [Conditional("DEBUG")]: calls vanish from Release builds.
public static class Debug
{
    [Conditional("DEBUG")]
    public static void Assert(bool condition) { }
    [Conditional("DEBUG")]
    public static void Assert(bool condition, string message) { }
    [Conditional("DEBUG")]
    public static void Assert(bool condition, string message, string detailedMessage) { }
    [Conditional("DEBUG")]
    public static void Write(string message) { }
    [Conditional("DEBUG")]
    public static void WriteLine(string message) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Diagnostics/ConditionalAttribute.cs@main
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
[Serializable]
public sealed class ConditionalAttribute : Attribute
{
    public ConditionalAttribute(string conditionString) { }
    public string ConditionString => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Diagnostics/Debugger.cs@main
public static class Debugger
{
    public static bool IsAttached => throw null;
    public static void Break() { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Diagnostics/DebuggerAttributes.cs@main
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Module, AllowMultiple = false)]
public sealed class DebuggableAttribute : Attribute
{
    [Flags]
    public enum DebuggingModes
    {
        None = 0x0,
        Default = 0x1,
        DisableOptimizations = 0x100,
        IgnoreSymbolStoreSequencePoints = 0x2,
        EnableEditAndContinue = 0x4,
    }

    public DebuggableAttribute(bool isJITTrackingEnabled, bool isJITOptimizerDisabled) { }
    public DebuggableAttribute(DebuggingModes modes) { }
}
