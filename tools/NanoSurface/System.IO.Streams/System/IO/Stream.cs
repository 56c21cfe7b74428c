namespace System.IO;

// nanoframework/System.IO.Streams: System.IO.Streams/Stream.cs@main (1.x: Read(SpanByte), not Read(Span<byte>))
[Serializable]
public abstract class Stream : MarshalByRefObject, IDisposable
{
    public abstract bool CanRead { get; }
    public abstract bool CanSeek { get; }
    public virtual bool CanTimeout => throw null;
    public abstract bool CanWrite { get; }
    public abstract long Length { get; }
    public abstract long Position { get; set; }
    public virtual int ReadTimeout { get => throw null; set => throw null; }
    public virtual int WriteTimeout { get => throw null; set => throw null; }
    public virtual void Close() { }
    public void CopyTo(Stream destination) { }
    public void Dispose() { }
    protected virtual void Dispose(bool disposing) { }
    public abstract void Flush();
    public abstract long Seek(long offset, SeekOrigin origin);
    public abstract void SetLength(long value);
    public abstract int Read(SpanByte buffer); // the stored source is the 2.0 one (Read(Span<byte>), abstract); 1.x has SpanByte (facts file)
    public abstract int Read(byte[] buffer, int offset, int count);
    public virtual int ReadByte() => throw null;
    public abstract void Write(byte[] buffer, int offset, int count);
    public virtual void WriteByte(byte value) { }
}

// nanoframework/System.IO.Streams: System.IO.Streams/SeekOrigin.cs@main
[Serializable]
public enum SeekOrigin
{
    Begin = 0,
    Current = 1,
    End = 2,
}
