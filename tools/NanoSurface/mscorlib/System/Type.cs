namespace System;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Type.cs@main (abstract, over System.Reflection.MemberInfo)
[Serializable]
public abstract class Type : System.Reflection.MemberInfo
{
    public abstract string FullName { get; }
    public abstract Type BaseType { get; }
    public static Type GetTypeFromHandle(RuntimeTypeHandle handle) => throw null;
    public static Type GetType(string typeName) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/RuntimeType.cs@main [unverified path] (handles used by typeof/ldtoken)
[Serializable]
public struct RuntimeTypeHandle { }

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/RuntimeFieldHandle.cs@main [unverified path]
[Serializable]
public struct RuntimeFieldHandle { }

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/RuntimeMethodHandle.cs@main [unverified path]
[Serializable]
public struct RuntimeMethodHandle { }
