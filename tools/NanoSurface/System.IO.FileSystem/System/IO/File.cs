namespace System.IO;

// nanoframework/System.IO.FileSystem: System.IO.FileSystem/File.cs@main
public static class File
{
    public static bool Exists(string path) => throw null;
    public static void Delete(string path) { }
    public static void Move(string sourceFileName, string destFileName) { }
    public static void Copy(string sourceFileName, string destFileName) { }
    public static void Copy(string sourceFileName, string destFileName, bool overwrite) { }
    public static byte[] ReadAllBytes(string path) => throw null;
    public static void WriteAllBytes(string path, byte[] bytes) { }
    public static string ReadAllText(string path) => throw null;
    public static void WriteAllText(string path, string contents) { }
    public static FileStream Create(string path) => throw null;
    public static FileStream Open(string path, FileMode mode) => throw null;
    public static FileStream Open(string path, FileMode mode, FileAccess access) => throw null;
    public static FileStream OpenRead(string path) => throw null;
    public static FileStream OpenWrite(string path) => throw null;
}

// nanoframework/System.IO.FileSystem: System.IO.FileSystem/FileStream.cs@main
public class FileStream : Stream
{
    public FileStream(string path, FileMode mode) { }
    public FileStream(string path, FileMode mode, FileAccess access) { }
    public FileStream(string path, FileMode mode, FileAccess access, FileShare share) { }
    public override bool CanRead => throw null;
    public override bool CanSeek => throw null;
    public override bool CanWrite => throw null;
    public override long Length => throw null;
    public override long Position { get => throw null; set => throw null; }
    public string Name => throw null;
    protected override void Dispose(bool disposing) { }
    public override void Flush() { }
    public override int Read(SpanByte buffer) => throw null;
    public override int Read(byte[] buffer, int offset, int count) => throw null;
    public override long Seek(long offset, SeekOrigin origin) => throw null;
    public override void SetLength(long value) { }
    public override void Write(byte[] buffer, int offset, int count) { }
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

// nanoframework/System.IO.FileSystem: System.IO.FileSystem/FileShare.cs@main
[Flags]
public enum FileShare
{
    None = 0,
    Read = 1,
    Write = 2,
    ReadWrite = 3,
}

// nanoframework/System.IO.FileSystem: System.IO.FileSystem/Directory.cs@main
public static class Directory
{
    public static bool Exists(string path) => throw null;
    public static DirectoryInfo CreateDirectory(string path) => throw null;
    public static void Delete(string path) { }
    public static void Delete(string path, bool recursive) { }
    public static string[] GetFiles(string path) => throw null;
    public static string[] GetDirectories(string path) => throw null;
}

// nanoframework/System.IO.FileSystem: System.IO.FileSystem/DirectoryInfo.cs@main
public sealed class DirectoryInfo
{
    public DirectoryInfo(string path) { }
    public string FullName => throw null; // [unverified]
    public bool Exists => throw null;
}

// nanoframework/System.IO.FileSystem: System.IO.FileSystem/Path.cs@main
public static class Path
{
    public static string Combine(string path1, string path2) => throw null;
    public static string GetDirectoryName(string path) => throw null;
    public static string GetFileName(string path) => throw null;
    public static string GetExtension(string path) => throw null;
    public static string GetFileNameWithoutExtension(string path) => throw null;
}
