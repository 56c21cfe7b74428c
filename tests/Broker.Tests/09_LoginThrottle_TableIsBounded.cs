// The failed-login table stays bounded under failures from many addresses, and a locked-out address stays locked out.
namespace NanoNode.Broker.Tests;

using System.Net;
using NanoNode.BrokerHost.Security;

public sealed class LoginThrottle_TableIsBounded
{
    [Fact]
    public void Test()
    {
        var throttle = new LoginThrottle<IPAddress>(3, TimeSpan.FromSeconds(60), maxTracked: 100);
        var t0 = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
        var attacker = IPAddress.Parse("203.0.113.7");
        for (int i = 0; i < 3; i++)
        {
            throttle.Failure(attacker, t0);
        }

        Assert.True(throttle.IsLockedOut(attacker, t0.AddSeconds(1)));

        // 10,000 other addresses fail once each, all inside the window: none is stale, so the unlocked ones go first.
        for (int i = 0; i < 10_000; i++)
        {
            throttle.Failure(new IPAddress(new byte[] { 10, (byte)(i >> 16), (byte)(i >> 8), (byte)i }), t0.AddSeconds(1));
            Assert.True(throttle.TrackedAddresses <= 100, $"{throttle.TrackedAddresses} addresses tracked after {i + 1}");
        }

        Assert.True(throttle.IsLockedOut(attacker, t0.AddSeconds(2)));
        Assert.False(throttle.IsLockedOut(attacker, t0.AddSeconds(61)));
    }
}
