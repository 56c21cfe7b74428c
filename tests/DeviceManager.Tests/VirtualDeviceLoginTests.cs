using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Hosting;
using NanoNode.BrokerHost.Mqtt;
using NanoNode.BrokerHost.Security;
using NanoNode.VirtualDevice;

namespace NanoNode.DeviceManager.Tests;

/// <summary>13: a virtual device logs in to NanoNode's broker (no anonymous access) with a JWT as its password; a forged token is refused and counted.</summary>
public sealed class VirtualDeviceLoginTests
{
    [Fact]
    public async Task VirtualDeviceLogsInWithAJwtPassword()
    {
        const string secret = "i13-test-secret-0123456789abcdef";
        string data = Path.Combine(Path.GetTempPath(), "nanonode-jwt-" + Guid.NewGuid().ToString("N"));
        var options = new BrokerOptions
        {
            TcpPort = 0, TlsPort = -1, HttpPort = 0, DataDirectory = data, SysIntervalSeconds = 0,
            DevelopmentMode = false, AllowAnonymous = false, JwtHmacSecret = secret,
        };
        await using var server = BrokerServer.Create(options, null, LogLevel.Warning);
        await server.StartAsync();
        try
        {
            string token = JwtValidator.CreateHs256(secret, "jwt-1", "device", DateTimeOffset.UtcNow.AddHours(1));
            string forged = JwtValidator.CreateHs256("another-secret-0123456789abcdef", "jwt-2", "device", DateTimeOffset.UtcNow.AddHours(1));
            var good = new VirtualNode("jwt-1", Path.Combine(data, "nodes"), "127.0.0.1", server.TcpPort, 60, null, false) { User = "jwt-1", Password = token };
            var bad = new VirtualNode("jwt-2", Path.Combine(data, "nodes"), "127.0.0.1", server.TcpPort, 60, null, false) { User = "jwt-2", Password = forged };
            var none = new VirtualNode("jwt-3", Path.Combine(data, "nodes"), "127.0.0.1", server.TcpPort, 60, null, false);
            good.Boot();
            bad.Boot();
            none.Boot();
            var watch = Stopwatch.StartNew();
            while (!(good.Link.IsConnected && good.Node.Telemetry.Sequence >= 1 && bad.Link.Stats.Failures >= 1 && none.Link.Stats.Failures >= 1))
            {
                Assert.True(watch.Elapsed.TotalSeconds < 30, "login outcomes not reached");
                good.Poll(1);
                bad.Poll(1);
                none.Poll(1);
            }

            Assert.True(token.Length > 64, "a JWT is longer than the old 64-byte password limit: " + token.Length);
            Assert.False(bad.Link.IsConnected);
            Assert.False(none.Link.IsConnected);
            Assert.Equal(bad.Link.Stats.Failures, bad.Link.Stats.CountOf("refused_bad_credentials") + bad.Link.Stats.CountOf("refused_not_authorized"));
            Assert.Equal(0, good.Link.Stats.Failures);
            good.Shutdown();
            bad.Shutdown();
            none.Shutdown();
        }
        finally
        {
            try
            {
                Directory.Delete(data, true);
            }
            catch (IOException)
            {
            }
        }
    }
}
