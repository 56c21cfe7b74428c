// The HTTP listener (dashboard, REST API, WebSocket) has its own bind option, loopback by default: `--bind` moves the
// MQTT listeners only, `--http-bind` the HTTP one; a server with MQTT on 127.0.0.2 keeps HTTP on 127.0.0.1.
namespace NanoNode.Broker.Tests;

using System.Net;
using NanoNode.BrokerHost.Cli;

public sealed class Settings_HttpBindSeparateFromMqttBind
{
    [Fact]
    public async Task Test()
    {
        string data = BrokerFixture.NewDataDirectory();
        try
        {
            var o = BrokerCli.OptionsFor(new[] { "serve", "--bind", "any", "--data", data });
            Assert.Equal("any", o.Bind);
            Assert.Equal("loopback", o.HttpBind);
            Assert.False(o.JwtAllowNoExpiry);
            var h = BrokerCli.OptionsFor(new[] { "serve", "--http-bind", "192.0.2.7", "--jwt-allow-no-expiry", "--https-port", "8443", "--data", data });
            Assert.Equal("loopback", h.Bind);
            Assert.Equal("192.0.2.7", h.HttpBind);
            Assert.True(h.JwtAllowNoExpiry);
            Assert.Equal(8443, h.HttpsPort);
        }
        finally
        {
            BrokerFixture.TryDelete(data);
        }

        await using var broker = await BrokerFixture.StartAsync(o => o.Bind = "127.0.0.2");
        Assert.Equal(IPAddress.Parse("127.0.0.2"), broker.Server.TcpEndPoint!.Address);
        Assert.Equal(IPAddress.Loopback, broker.Server.HttpEndPoint!.Address);
    }
}
