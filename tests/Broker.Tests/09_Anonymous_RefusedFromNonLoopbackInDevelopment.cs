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
    public void Test()
    {
        var development = Create(new BrokerOptions());
        Assert.True(new BrokerOptions().DevelopmentMode);
        Assert.False(new BrokerOptions().AllowAnonymous);
        Assert.Equal(5, development.AuthenticateAsync(null, null, IPAddress.Parse("192.0.2.7")).Result.ReturnCode);
        Assert.Equal(5, development.AuthenticateAsync(null, null, IPAddress.Parse("::ffff:192.0.2.7")).Result.ReturnCode);
        Assert.Equal(5, development.AuthenticateAsync(null, null, null).Result.ReturnCode);
        Assert.Equal(0, development.AuthenticateAsync(null, null, IPAddress.Loopback).Result.ReturnCode);
        Assert.Equal(0, development.AuthenticateAsync(null, null, IPAddress.IPv6Loopback).Result.ReturnCode);
        Assert.Equal(0, development.AuthenticateAsync(null, null, IPAddress.Parse("::ffff:127.0.0.1")).Result.ReturnCode);

        var production = Create(new BrokerOptions { DevelopmentMode = false });
        Assert.Equal(5, production.AuthenticateAsync(null, null, IPAddress.Loopback).Result.ReturnCode);

        var open = Create(new BrokerOptions { DevelopmentMode = false, AllowAnonymous = true });
        Assert.Equal(0, open.AuthenticateAsync(null, null, IPAddress.Parse("192.0.2.7")).Result.ReturnCode);
    }

    private static Authenticator Create(BrokerOptions options) => new(options, null, new JwtValidator(null, null, null, null));
}
