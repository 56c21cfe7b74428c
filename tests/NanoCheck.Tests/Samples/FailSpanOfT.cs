// Must fail: Span<T> is 2.0-preview only; 1.x has SpanByte.
using System;

public class Buffers
{
    public static int Length(Span<byte> data) => data.Length;
}
