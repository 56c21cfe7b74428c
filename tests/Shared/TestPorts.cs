using System.Net;
using System.Net.Sockets;

namespace NanoNode.Tests.Shared;

/// <summary>Ports for servers started by tests: chosen free at run time, on loopback (never a fixed port).</summary>
public static class TestPorts
{
    /// <summary>
    /// A TCP port free on 127.0.0.1 at the time of the call (the OS picks it; the listener is closed again, so another
    /// process could take it before the caller binds: callers that start external servers retry or fail clearly).
    /// </summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
