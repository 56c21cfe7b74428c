namespace System.Runtime.InteropServices;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Runtime/InteropServices/Attributes.cs@main
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class StructLayoutAttribute : Attribute
{
    public StructLayoutAttribute(LayoutKind layoutKind) { }
    public StructLayoutAttribute(short layoutKind) { }
    public LayoutKind Value => throw null;
    public int Pack;
    public int Size;
    public CharSet CharSet;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Runtime/InteropServices/LayoutKind.cs@main
[Serializable]
public enum LayoutKind
{
    Sequential = 0,
    Explicit = 2,
    Auto = 3,
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Runtime/InteropServices/CharSet.cs@main
[Serializable]
public enum CharSet
{
    None = 1,
    Ansi = 2,
    Unicode = 3,
    Auto = 4,
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Runtime/InteropServices/InAttribute.cs@main
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class InAttribute : Attribute
{
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Runtime/InteropServices/Attributes.cs@main
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class OutAttribute : Attribute
{
}
