using System.Net;
using System.Net.Sockets;
using NanoNode.Mqtt.Client;
using Xunit;

namespace NanoNode.Mqtt.Client.HostTests;

/// <summary>A peer that accepts and never reads: Send fails after the send timeout instead of blocking Publish forever.</summary>
public sealed class TransportTests
{
    [Fact]
    public async Task SendToAPeerThatNeverReadsFailsInsteadOfBlocking()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var transport = new TcpTransport("127.0.0.1", port) { SendTimeoutMs = 300 };
            Assert.True(transport.Connect());
            using Socket peer = listener.AcceptSocket();
            peer.ReceiveBufferSize = 4096;
            var chunk = new byte[64 * 1024];
            int result = 0;
            long sent = 0;
            // Watchdog only (no timing is asserted): without a send timeout the loop would block for good.
            var worker = Task.Run(() =>
            {
                while (sent < 1L << 30 && (result = transport.Send(chunk, 0, chunk.Length)) == chunk.Length)
                {
                    sent += chunk.Length;
                }
            });
            Task finished = await Task.WhenAny(worker, Task.Delay(TimeSpan.FromSeconds(120)));
            Assert.True(finished == worker, "Send still blocked");
            await worker;
            Assert.Equal(-1, result);
            Assert.True(sent < 1L << 30, "the peer never read, yet 1 GiB was accepted");
            transport.Close();
        }
        finally
        {
            listener.Stop();
        }
    }
}
