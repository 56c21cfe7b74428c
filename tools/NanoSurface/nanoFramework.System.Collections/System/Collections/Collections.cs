namespace System.Collections;

// nanoframework/System.Collections: nanoFramework.System.Collections/Collections/Hashtable.cs@main
public class Hashtable : IDictionary, ICloneable
{
    public Hashtable() { }
    public Hashtable(int capacity) { }
    public object this[object key] { get => throw null; set => throw null; }
    public int Count => throw null;
    public bool IsFixedSize => throw null;
    public bool IsReadOnly => throw null;
    public bool IsSynchronized => throw null;
    public object SyncRoot => throw null;
    public ICollection Keys => throw null;
    public ICollection Values => throw null;
    public void Add(object key, object value) { }
    public void Clear() { }
    public object Clone() => throw null;
    public bool Contains(object key) => throw null;
    public bool ContainsKey(object key) => throw null;
    public void CopyTo(Array array, int arrayIndex) { }
    public IEnumerator GetEnumerator() => throw null;
    public void Remove(object key) { }
}

// nanoframework/System.Collections: nanoFramework.System.Collections/Collections/IDictionary.cs@main
public interface IDictionary : ICollection
{
    object this[object key] { get; set; }
    ICollection Keys { get; }
    ICollection Values { get; }
    bool Contains(object key);
    void Add(object key, object value);
    void Clear();
    bool IsReadOnly { get; }
    bool IsFixedSize { get; }
    void Remove(object key);
}

// nanoframework/System.Collections: nanoFramework.System.Collections/Collections/DictionaryEntry.cs@main
public class DictionaryEntry
{
    public object Key;
    public object Value;
    public DictionaryEntry(object key, object value) { }
}

// nanoframework/System.Collections: nanoFramework.System.Collections/Collections/Queue.cs@main
public class Queue : ICollection, ICloneable
{
    public Queue() { }
    public virtual int Count => throw null;
    public virtual bool IsSynchronized => throw null;
    public virtual object SyncRoot => throw null;
    public virtual object Clone() => throw null;
    public virtual void Clear() { }
    public virtual bool Contains(object obj) => throw null;
    public virtual void CopyTo(Array array, int index) { }
    public virtual object Dequeue() => throw null;
    public virtual void Enqueue(object obj) { }
    public virtual IEnumerator GetEnumerator() => throw null;
    public virtual object Peek() => throw null;
    public virtual object[] ToArray() => throw null;
}

// nanoframework/System.Collections: nanoFramework.System.Collections/Collections/Stack.cs@main
public class Stack : ICollection, ICloneable
{
    public Stack() { }
    public virtual int Count => throw null;
    public virtual bool IsSynchronized => throw null;
    public virtual object SyncRoot => throw null;
    public virtual object Clone() => throw null;
    public virtual void Clear() { }
    public virtual bool Contains(object obj) => throw null;
    public virtual void CopyTo(Array array, int index) { }
    public virtual IEnumerator GetEnumerator() => throw null;
    public virtual object Peek() => throw null;
    public virtual object Pop() => throw null;
    public virtual void Push(object obj) { }
    public virtual object[] ToArray() => throw null;
}
