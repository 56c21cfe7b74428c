namespace System;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Object.cs@main
public class Object
{
    public Object() { }
    public virtual bool Equals(object obj) => throw null;
    public static bool Equals(object objA, object objB) => throw null;
    public static bool ReferenceEquals(object objA, object objB) => throw null;
    public virtual int GetHashCode() => throw null;
    public Type GetType() => throw null;
    protected object MemberwiseClone() => throw null;
    public virtual string ToString() => throw null;
    ~Object() { }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/ValueType.cs@main
[Serializable]
public abstract class ValueType
{
    // Equals only: GetHashCode is native (CLR_RT_HeapBlock::GetHashCode), ToString is Object's.
    public override bool Equals(object obj) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Enum.cs@main
// No GetNames/GetValues/IsDefined/Parse on 1.x (nanoframework.github.io simplifications-and-trade-offs.md).
[Serializable]
public abstract class Enum : ValueType
{
    public override string ToString() => throw null;
    public bool HasFlag(Enum flag) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Void.cs@main
[Serializable]
public struct Void { }

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/MarshalByRefObject.cs@main
[Serializable]
public abstract class MarshalByRefObject { }

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/IDisposable.cs@main
public interface IDisposable
{
    void Dispose();
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/IComparable.cs@main
public interface IComparable
{
    int CompareTo(object obj);
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/ICloneable.cs@main
public interface ICloneable
{
    object Clone();
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/IFormatProvider.cs@main
public interface IFormatProvider
{
    object GetFormat(Type formatType);
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/IFormattable.cs@main
public interface IFormattable
{
    string ToString(string format, IFormatProvider formatProvider);
}
