namespace System.Net.Sockets;

// nanoframework/System.Net: nanoFramework.System.Net/Sockets/Socket.cs@main
// byte[] + offset + size only: no SpanByte overloads, no async. Timeouts are milliseconds (0 = infinite) and surface
// as SocketException.
public class Socket : IDisposable
{
    public Socket(AddressFamily addressFamily, SocketType socketType, ProtocolType protocolType) { }
    public int Available => throw null;
    public EndPoint LocalEndPoint => throw null;
    public EndPoint RemoteEndPoint => throw null;
    public int ReceiveTimeout { get => throw null; set => throw null; }
    public int SendTimeout { get => throw null; set => throw null; }
    public void Bind(EndPoint localEP) { }
    public void Connect(EndPoint remoteEP) { }
    public void Close() { }
    public void Listen(int backlog) { }
    public Socket Accept() => throw null;
    public int Send(byte[] buffer) => throw null;
    public int Send(byte[] buffer, SocketFlags socketFlags) => throw null;
    public int Send(byte[] buffer, int size, SocketFlags socketFlags) => throw null;
    public int Send(byte[] buffer, int offset, int size, SocketFlags socketFlags) => throw null;
    public int SendTo(byte[] buffer, int offset, int size, SocketFlags socketFlags, EndPoint remoteEP) => throw null;
    public int SendTo(byte[] buffer, EndPoint remoteEP) => throw null;
    public int Receive(byte[] buffer) => throw null;
    public int Receive(byte[] buffer, SocketFlags socketFlags) => throw null;
    public int Receive(byte[] buffer, int size, SocketFlags socketFlags) => throw null;
    public int Receive(byte[] buffer, int offset, int size, SocketFlags socketFlags) => throw null;
    public int ReceiveFrom(byte[] buffer, int offset, int size, SocketFlags socketFlags, ref EndPoint remoteEP) => throw null;
    public int ReceiveFrom(byte[] buffer, ref EndPoint remoteEP) => throw null;
    public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, int optionValue) { }
    public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, bool optionValue) { }
    public bool Poll(int microSeconds, SelectMode mode) => throw null;
    void IDisposable.Dispose() { } // explicit there: call Close()
}

// nanoframework/System.Net: nanoFramework.System.Net/Sockets/SocketFlags.cs@main
[Flags]
public enum SocketFlags
{
    None = 0x0000,
    OutOfBand = 0x0001,
    Peek = 0x0002,
    DontRoute = 0x0004,
    MaxIOVectorLength = 0x0010,
    Truncated = 0x0100,
    ControlDataTruncated = 0x0200,
    Broadcast = 0x0400,
    Multicast = 0x0800,
    Partial = 0x8000,
}

// nanoframework/System.Net: nanoFramework.System.Net/Sockets/SocketType.cs@main
public enum SocketType
{
    Stream = 1,
    Dgram = 2,
    Raw = 3,
    Rdm = 4,
    Seqpacket = 5,
    Unknown = -1,
}

// nanoframework/System.Net: nanoFramework.System.Net/Sockets/ProtocolType.cs@main (subset)
public enum ProtocolType
{
    IP = 0,
    Icmp = 1,
    Tcp = 6,
    Udp = 17,
    Unknown = -1,
}

// nanoframework/System.Net: nanoFramework.System.Net/Sockets/AddressFamily.cs@main (subset)
public enum AddressFamily
{
    Unknown = -1,
    Unspecified = 0,
    InterNetwork = 2,
    InterNetworkV6 = 23,
}

// nanoframework/System.Net: nanoFramework.System.Net/Sockets/SelectMode.cs@main
public enum SelectMode
{
    SelectRead = 0,
    SelectWrite = 1,
    SelectError = 2,
}

// nanoframework/System.Net: nanoFramework.System.Net/Sockets/SocketOptionLevel.cs@main
public enum SocketOptionLevel
{
    Socket = 0xffff,
    IP = 0,
    IPv6 = 41,
    Tcp = 6,
    Udp = 17,
}

// nanoframework/System.Net: nanoFramework.System.Net/Sockets/SocketOptionName.cs@main (subset)
public enum SocketOptionName
{
    Debug = 0x0001,
    AcceptConnection = 0x0002,
    ReuseAddress = 0x0004,
    KeepAlive = 0x0008,
    DontRoute = 0x0010,
    Broadcast = 0x0020,
    Linger = 0x0080,
    SendBuffer = 0x1001,
    ReceiveBuffer = 0x1002,
    SendTimeout = 0x1005,
    ReceiveTimeout = 0x1006,
    NoDelay = 1, // SocketOptionLevel.Tcp value, equal to Debug as in the source
}

// nanoframework/System.Net: nanoFramework.System.Net/SocketException.cs@a86584d2c88b6d206cb61ee1bce85a8f88784e6e (namespace System.Net.Sockets; no SocketErrorCode)
[Serializable]
public class SocketException : Exception
{
    public SocketException(SocketError errorCode) { }
    public int ErrorCode => throw null;
}

// nanoframework/System.Net: nanoFramework.System.Net/Sockets/SocketErrors.cs@main (subset)
public enum SocketError
{
    SocketError = -1,
    Success = 0,
    TimedOut = 10060,
    ConnectionRefused = 10061,
    ConnectionReset = 10054,
    NotConnected = 10057,
    HostNotFound = 11001,
}

// nanoframework/System.Net: nanoFramework.System.Net/Sockets/NetworkStream.cs@0c22f64d5cfb327daa74a1141ab518cdafe09c92
// Close(int timeout) (sleeps, then Stream.Close()); no Close() override. Read(SpanByte) throws NotImplementedException on
// the device: use Read(byte[], int, int).
public class NetworkStream : System.IO.Stream
{
    public NetworkStream(Socket socket) { }
    public NetworkStream(Socket socket, bool ownsSocket) { }
    public override bool CanRead => throw null;
    public override bool CanSeek => throw null;
    public override bool CanTimeout => throw null;
    public override bool CanWrite => throw null;
    public virtual bool DataAvailable => throw null;
    public override long Length => throw null;
    public override long Position { get => throw null; set => throw null; }
    public override int ReadTimeout { get => throw null; set => throw null; }
    public override int WriteTimeout { get => throw null; set => throw null; }
    public void Close(int timeout) { }
    protected override void Dispose(bool disposing) { }
    public override void Flush() { }
    public override int Read(SpanByte buffer) => throw null;
    public override int Read(byte[] buffer, int offset, int count) => throw null;
    public override long Seek(long offset, System.IO.SeekOrigin origin) => throw null;
    public override void SetLength(long value) { }
    public override void Write(byte[] buffer, int offset, int count) { }
}
