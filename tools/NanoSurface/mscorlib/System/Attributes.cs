namespace System;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Attribute.cs@main
[Serializable, AttributeUsage(AttributeTargets.All, Inherited = true, AllowMultiple = false)]
public abstract class Attribute
{
    protected Attribute() { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/AttributeTargets.cs@main
[Flags, Serializable]
public enum AttributeTargets
{
    Assembly = 0x0001,
    Module = 0x0002,
    Class = 0x0004,
    Struct = 0x0008,
    Enum = 0x0010,
    Constructor = 0x0020,
    Method = 0x0040,
    Property = 0x0080,
    Field = 0x0100,
    Event = 0x0200,
    Interface = 0x0400,
    Parameter = 0x0800,
    Delegate = 0x1000,
    ReturnValue = 0x2000,
    GenericParameter = 0x4000,
    All = Assembly | Module | Class | Struct | Enum | Constructor | Method | Property | Field | Event | Interface | Parameter | Delegate | ReturnValue | GenericParameter,
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/AttributeUsageAttribute.cs@main
[AttributeUsage(AttributeTargets.Class, Inherited = true), Serializable]
public sealed class AttributeUsageAttribute : Attribute
{
    public AttributeUsageAttribute(AttributeTargets validOn) { }
    public AttributeTargets ValidOn => throw null;
    public bool AllowMultiple { get => throw null; set => throw null; }
    public bool Inherited { get => throw null; set => throw null; }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/FlagsAttribute.cs@main
[AttributeUsage(AttributeTargets.Enum), Serializable]
public class FlagsAttribute : Attribute
{
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/ParamArrayAttribute.cs@main
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ParamArrayAttribute : Attribute
{
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/ObsoleteAttribute.cs@main
[Serializable, AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Constructor | AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Event | AttributeTargets.Interface | AttributeTargets.Delegate, Inherited = false)]
public sealed class ObsoleteAttribute : Attribute
{
    public ObsoleteAttribute() { }
    public ObsoleteAttribute(string message) { }
    public ObsoleteAttribute(string message, bool error) { }
    public string Message => throw null;
    public bool IsError => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/CLSCompliantAttribute.cs@main
[Serializable, AttributeUsage(AttributeTargets.All, Inherited = true, AllowMultiple = false)]
public sealed class CLSCompliantAttribute : Attribute
{
    public CLSCompliantAttribute(bool isCompliant) { }
    public bool IsCompliant => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/SerializableAttribute.cs@main [unverified path]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Delegate, Inherited = false)]
public sealed class SerializableAttribute : Attribute
{
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/NonSerializedAttribute.cs@main
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class NonSerializedAttribute : Attribute
{
}
