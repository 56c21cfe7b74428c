namespace System.Collections;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Collections/IEnumerable.cs@main
public interface IEnumerable
{
    IEnumerator GetEnumerator();
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Collections/IEnumerator.cs@main
public interface IEnumerator
{
    bool MoveNext();
    object Current { get; }
    void Reset();
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Collections/ICollection.cs@main
public interface ICollection : IEnumerable
{
    void CopyTo(Array array, int index);
    int Count { get; }
    object SyncRoot { get; }
    bool IsSynchronized { get; }
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Collections/IList.cs@main
public interface IList : ICollection
{
    object this[int index] { get; set; }
    int Add(object value);
    bool Contains(object value);
    void Clear();
    bool IsReadOnly { get; }
    bool IsFixedSize { get; }
    int IndexOf(object value);
    void Insert(int index, object value);
    void Remove(object value);
    void RemoveAt(int index);
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Collections/IComparer.cs@main
public interface IComparer
{
    int Compare(object x, object y);
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Collections/IEqualityComparer.cs@main
public interface IEqualityComparer
{
    new bool Equals(object x, object y);
    int GetHashCode(object obj);
}
