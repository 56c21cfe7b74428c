// Development mode admits anonymous clients from loopback addresses only: the authenticator (called directly, as the
// tests bind 127.0.0.1 only) refuses one from 192.0.2.7 or ::ffff:192.0.2.7 (5) and accepts 127.0.0.1, ::1 and
// ::ffff:127.0.0.1; with --production even loopback is refused; --allow-anonymous admits any address.
namespace NanoNode.Broker.Tests;

using System.Net;
using NanoNode.BrokerHost.Mqtt;
using NanoNode.BrokerHost.Security;

public sealed class Anonymous_RefusedFromNonLoopbackInDevelopment
{
    [Fact]
    public async Task Test()
    {
        var development = Create(new BrokerOptions());
        Assert.True(new BrokerOptions().DevelopmentMode);
        Assert.False(new BrokerOptions().AllowAnonymous);
        Assert.Equal(5, (await development.AuthenticateAsync(null, null, IPAddress.Parse("192.0.2.7"))).ReturnCode);
        Assert.Equal(5, (await development.AuthenticateAsync(null, null, IPAddress.Parse("::ffff:192.0.2.7"))).ReturnCode);
        Assert.Equal(5, (await development.AuthenticateAsync(null, null, null)).ReturnCode);
        Assert.Equal(0, (await development.AuthenticateAsync(null, null, IPAddress.Loopback)).ReturnCode);
        Assert.Equal(0, (await development.AuthenticateAsync(null, null, IPAddress.IPv6Loopback)).ReturnCode);
        Assert.Equal(0, (await development.AuthenticateAsync(null, null, IPAddress.Parse("::ffff:127.0.0.1"))).ReturnCode);

        var production = Create(new BrokerOptions { DevelopmentMode = false });
        Assert.Equal(5, (await production.AuthenticateAsync(null, null, IPAddress.Loopback)).ReturnCode);

        var open = Create(new BrokerOptions { DevelopmentMode = false, AllowAnonymous = true });
        Assert.Equal(0, (await open.AuthenticateAsync(null, null, IPAddress.Parse("192.0.2.7"))).ReturnCode);
    }

    private static Authenticator Create(BrokerOptions options) => new(options, null, new JwtValidator(null, null, null, null));
}
