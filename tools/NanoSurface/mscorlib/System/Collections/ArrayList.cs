namespace System.Collections;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Collections/ArrayList.cs@main
// Holds object references: value types are boxed (one allocation per Add). ToArray()/ToArray(Type) exist only in the
// reflection-enabled mscorlib (the default package).
[Serializable]
public class ArrayList : IList, ICloneable
{
    public ArrayList() { }
    public virtual int Capacity { get => throw null; set => throw null; }
    public virtual int Count => throw null;
    public virtual bool IsFixedSize => throw null;
    public virtual bool IsReadOnly => throw null;
    public virtual bool IsSynchronized => throw null;
    public virtual object SyncRoot => throw null;
    public virtual object this[int index] { get => throw null; set => throw null; }
    public virtual int Add(object value) => throw null;
    public virtual int BinarySearch(object value, IComparer comparer) => throw null;
    public virtual void Clear() => throw null;
    public virtual object Clone() => throw null;
    public virtual bool Contains(object value) => throw null;
    public virtual void CopyTo(Array array) => throw null;
    public virtual void CopyTo(Array array, int arrayIndex) => throw null;
    public virtual IEnumerator GetEnumerator() => throw null;
    public virtual int IndexOf(object value) => throw null;
    public virtual int IndexOf(object value, int startIndex) => throw null;
    public virtual int IndexOf(object value, int startIndex, int count) => throw null;
    public virtual void Insert(int index, object value) => throw null;
    public virtual void Remove(object value) => throw null;
    public virtual void RemoveAt(int index) => throw null;
    public virtual object[] ToArray() => throw null;
    public virtual Array ToArray(Type type) => throw null;
}
