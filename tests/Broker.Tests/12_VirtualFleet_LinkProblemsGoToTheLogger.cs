// The broker host's virtual devices report connection problems through the host's logger (with the device id), not on
// stderr beside it: a fleet pointed at a port where nothing listens logs a "link:" warning for its device.
namespace NanoNode.Broker.Tests;

using System.Net;
using System.Net.Sockets;
using NanoNode.BrokerHost.Devices;

public sealed class VirtualFleet_LinkProblemsGoToTheLogger
{
    [Fact]
    public async Task Test()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int deadPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var logs = new LogCapture();
        var dir = Directory.CreateTempSubdirectory("nanonode-fleet-");
        var stderr = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            using (var fleet = new VirtualFleet(1, dir.FullName, "127.0.0.1", deadPort, 5, logs.CreateLogger("VirtualFleet")))
            {
                fleet.Start();
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (!logs.Lines.Any(l => l.Contains("[virtual-1] link:")) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }

            Assert.Contains(logs.Lines, l => l.Contains("[virtual-1] link:"));
            var line = logs.Lines.First(l => l.Contains("[virtual-1] link:"));
            Assert.StartsWith("Warning VirtualFleet:", line);
            Assert.Contains($"127.0.0.1:{deadPort}", line);
            Assert.DoesNotContain("link:", captured.ToString());
        }
        finally
        {
            Console.SetError(stderr);
            dir.Delete(recursive: true);
        }
    }
}
