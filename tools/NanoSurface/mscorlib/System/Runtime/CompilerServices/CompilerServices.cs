namespace System.Runtime.CompilerServices;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Runtime/CompilerServices/RuntimeHelpers.cs@main
public static class RuntimeHelpers
{
    public static void InitializeArray(Array array, RuntimeFieldHandle fldHandle) { }
    public static object GetObjectValue(object obj) => throw null;
    public static int OffsetToStringData => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Runtime/CompilerServices/ExtensionAttribute.cs@main
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Assembly)]
public sealed class ExtensionAttribute : Attribute
{
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Runtime/CompilerServices/IndexerNameAttribute.cs@main
[AttributeUsage(AttributeTargets.Property)]
[Serializable]
public sealed class IndexerNameAttribute : Attribute
{
    public IndexerNameAttribute(string indexerName) { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Runtime/CompilerServices/InternalsVisibleToAttribute.cs@main
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class InternalsVisibleToAttribute : Attribute
{
    public InternalsVisibleToAttribute(string assemblyName) { }
    public string AssemblyName => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Runtime/CompilerServices/MethodImplAttribute.cs@main
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
[Serializable]
public sealed class MethodImplAttribute : Attribute
{
    public MethodImplAttribute(MethodImplOptions methodImplOptions) { }
    public MethodImplAttribute(short value) { }
    public MethodImplAttribute() { }
    public MethodImplOptions Value => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Runtime/CompilerServices/MethodImplOptions.cs@main
[Flags]
[Serializable]
public enum MethodImplOptions
{
    Unmanaged = 0x0004,
    ForwardRef = 0x0010,
    PreserveSig = 0x0080,
    InternalCall = 0x1000,
    Synchronized = 0x0020,
    NoInlining = 0x0008,
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Runtime/CompilerServices/CallerMemberNameAttribute.cs@main
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class CallerMemberNameAttribute : Attribute
{
    public CallerMemberNameAttribute() { }
}

// CompilerGeneratedAttribute is deliberately absent: the index holds one version of CoreLibrary's
// CompilerGeneratedAttribute.cs and it is not in the 1.x CoreLibrary.nfproj compile list; the C# compiler emits it only
// when the type exists, so its absence changes nothing for device code.

// IsExternalInit (needed by `init` accessors) is deliberately absent: CoreLibrary main has it, but [unverified]
// whether 1.17.11 ships it.

// CallerArgumentExpressionAttribute is deliberately absent from mscorlib: CoreLibrary main has one, but
// [unverified] whether 1.17.11 ships it; nanoFramework.TestFramework 3.x declares its own internal copy.
