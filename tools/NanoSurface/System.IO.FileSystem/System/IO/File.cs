namespace System.IO;

// nanoframework/System.IO.FileSystem: System.IO.FileSystem/File.cs@main
// Only the members present in every stored version of File.cs (Exists is what NanoNode calls). No File.Replace: write a
// temp file, Delete, Move. ReadAllBytes/WriteAllText/Open* are not declared: they are not in every version and unused.
public static class File
{
    public static bool Exists(string path) => throw null;
    public static void Delete(string path) { }
    public static void Move(string sourceFileName, string destFileName) { }
    public static void Copy(string sourceFileName, string destFileName) { }
    public static void Copy(string sourceFileName, string destFileName, bool overwrite) { }
    public static FileStream Create(string path) => throw null;
}

// nanoframework/System.IO.FileSystem: System.IO.FileSystem/FileStream.cs, the NativeFileStream version (FileSystemManager
// share records; Name = the full path, no FilePath). The older versions in the index (@bebc2daa, @0b4543a4: Name = file
// name, FilePath = directory) are the pre-NativeFileStream API. The (path, mode, access, share[, bufferSize]) constructors
// exist there but are not declared (unused; FileShare not mirrored). Read(SpanByte) is kept from the 1.x Stream surface:
// that FileStream source has no Read(SpanByte) override of its own [unverified which Stream.Read(SpanByte) it inherits].
public class FileStream : Stream
{
    public FileStream(string path, FileMode mode) { }
    public FileStream(string path, FileMode mode, FileAccess access) { }
    public override bool CanRead => throw null;
    public override bool CanSeek => throw null;
    public override bool CanWrite => throw null;
    public override long Length => throw null;
    public override long Position { get => throw null; set => throw null; }
    public string Name => throw null;
    public override void Close() { }
    protected override void Dispose(bool disposing) { }
    public override void Flush() { }
    public override int Read(SpanByte buffer) => throw null;
    public override int Read(byte[] buffer, int offset, int count) => throw null;
    public override int ReadByte() => throw null;
    public override long Seek(long offset, SeekOrigin origin) => throw null;
    public override void SetLength(long value) { }
    public override void Write(byte[] buffer, int offset, int count) { }
    public override void WriteByte(byte value) { }
}

// nanoframework/System.IO.FileSystem: System.IO.FileSystem/FileMode.cs@main
public enum FileMode
{
    CreateNew = 1,
    Create = 2,
    Open = 3,
    OpenOrCreate = 4,
    Truncate = 5,
    Append = 6,
}

// nanoframework/System.IO.FileSystem: System.IO.FileSystem/FileAccess.cs@main
[Flags]
public enum FileAccess
{
    Read = 1,
    Write = 2,
    ReadWrite = 3,
}
