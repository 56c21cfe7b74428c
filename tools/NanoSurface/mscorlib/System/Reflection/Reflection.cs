namespace System.Reflection;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Reflection/MemberInfo.cs@main
[Serializable]
public abstract class MemberInfo
{
    public abstract string Name { get; }
    public abstract Type DeclaringType { get; }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Reflection/AssemblyAttributes.cs@main
[AttributeUsage(AttributeTargets.Assembly, Inherited = false)]
public sealed class AssemblyVersionAttribute : Attribute
{
    public AssemblyVersionAttribute(string version) { }
    public string Version => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Reflection/AssemblyAttributes.cs@main
[AttributeUsage(AttributeTargets.Assembly, Inherited = false)]
public sealed class AssemblyTitleAttribute : Attribute
{
    public AssemblyTitleAttribute(string title) { }
    public string Title => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Reflection/AssemblyAttributes.cs@main
[AttributeUsage(AttributeTargets.Assembly, Inherited = false)]
public sealed class AssemblyProductAttribute : Attribute
{
    public AssemblyProductAttribute(string product) { }
    public string Product => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Reflection/AssemblyAttributes.cs@main
[AttributeUsage(AttributeTargets.Assembly, Inherited = false)]
public sealed class AssemblyFileVersionAttribute : Attribute
{
    public AssemblyFileVersionAttribute(string version) { }
    public string Version => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Reflection/DefaultMemberAttribute.cs@main (emitted for indexers)
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface)]
[Serializable]
public sealed class DefaultMemberAttribute : Attribute
{
    public DefaultMemberAttribute(string memberName) { }
    public string MemberName => throw null;
}
