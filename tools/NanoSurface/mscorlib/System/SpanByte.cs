namespace System;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/SpanByte.cs@main
// A readonly ref struct over byte[] + start + length. On nanoCLR a SpanByte local is a heap allocation.
[Serializable, CLSCompliant(false)]
public readonly ref struct SpanByte
{
    private readonly byte[] _array;
    private readonly int _start;
    private readonly int _length;

    public SpanByte(byte[] array) { throw null; }
    public SpanByte(byte[] array, int start, int length) { throw null; }

    public byte this[int index] { get => throw null; set => throw null; }
    public static SpanByte Empty => throw null;
    public int Length => throw null;
    public bool IsEmpty => throw null;
    public void CopyTo(SpanByte destination) => throw null;
    public SpanByte Slice(int start) => throw null;
    public SpanByte Slice(int start, int length) => throw null;
    public byte[] ToArray() => throw null;
    public static implicit operator SpanByte(byte[] array) => throw null;
}
