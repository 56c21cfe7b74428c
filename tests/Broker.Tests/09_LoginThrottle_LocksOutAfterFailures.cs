// After MaxLoginFailures bad passwords from one address, even the right password is refused (CONNACK 5) during the lock-out.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;

public sealed class LoginThrottle_LocksOutAfterFailures
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o =>
        {
            o.DevelopmentMode = false;
            o.MaxLoginFailures = 3;
            o.LoginFailureWindowSeconds = 60;
        });
        broker.Server.Services.GetRequiredService<UserStore>().Add("bob", "right", true, null, 1000);
        for (int i = 0; i < 3; i++)
        {
            using var bad = new RawClient(broker.Port);
            Assert.Equal(4, bad.Connect("bob-" + i, user: "bob", password: "guess" + i).ReturnCode);
        }

        using var good = new RawClient(broker.Port);
        Assert.Equal(5, good.Connect("bob-ok", user: "bob", password: "right").ReturnCode);
        Assert.True(Interlocked.Read(ref broker.Broker.Stats.LoginFailures) >= 4);
    }
}
