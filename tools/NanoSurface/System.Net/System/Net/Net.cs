using System.Net.Sockets;

namespace System.Net;

// nanoframework/System.Net: nanoFramework.System.Net/EndPoint.cs@main
// Its abstract Serialize()/Create(SocketAddress) are not declared (unused); it has no AddressFamily member.
[Serializable]
public abstract class EndPoint
{
}

// nanoframework/System.Net: nanoFramework.System.Net/IPAddress.cs@1168157b4ce3178f5b8349188c1c6d88c5b97a6a (the newest in
// the index): Equals(object comparand) plus Equals(IPAddress comparand) and ==/!= operators (not declared: unused). An older
// version names the parameter obj and has no GetHashCode override; issue 14 says 'other', which no version in the index has.
[Serializable]
public class IPAddress
{
    public static readonly IPAddress Any;
    public static readonly IPAddress Loopback;
    public IPAddress(long newAddress) { }
    public IPAddress(byte[] address) { }
    public AddressFamily AddressFamily => throw null;
    public byte[] GetAddressBytes() => throw null;
    public static IPAddress Parse(string ipString) => throw null;
    public override bool Equals(object comparand) => throw null;
    public override int GetHashCode() => throw null;
    public override string ToString() => throw null;
}

// nanoframework/System.Net: nanoFramework.System.Net/IPEndPoint.cs@a86584d2c88b6d206cb61ee1bce85a8f88784e6e
[Serializable]
public class IPEndPoint : EndPoint
{
    public const int MinPort = 0x00000000;
    public const int MaxPort = 0x0000FFFF;
    public IPEndPoint(long address, int port) { }
    public IPEndPoint(IPAddress address, int port) { }
    public IPAddress Address => throw null;
    public AddressFamily AddressFamily => throw null;
    public int Port => throw null;
    public override string ToString() => throw null;
    public override bool Equals(object obj) => throw null;
}

// nanoframework/System.Net: nanoFramework.System.Net/DNS.cs@95faa29aa0578d6fd748b236f19440a36bd21140 (the only DNS API)
public static class Dns
{
    public static IPHostEntry GetHostEntry(string hostNameOrAddress) => throw null;
}

// nanoframework/System.Net: nanoFramework.System.Net/IPHostEntry.cs@main
public class IPHostEntry
{
    public string HostName => throw null;
    public IPAddress[] AddressList => throw null;
}
