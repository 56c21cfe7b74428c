// Failed logins lock out that user from that address only: other users behind the same address (a NAT) keep logging
// in, until the address as a whole passes its own, higher ceiling (MaxLoginFailuresPerAddress).
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;

public sealed class LoginThrottle_OneUserLockoutSparesItsNeighbours
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o =>
        {
            o.DevelopmentMode = false;
            o.MaxLoginFailures = 3;
            o.MaxLoginFailuresPerAddress = 8;
            o.LoginFailureWindowSeconds = 600;
        });
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        for (int i = 0; i < 4; i++)
        {
            users.Add("node-" + i, "pw-" + i, false, null, 1000);
        }

        for (int i = 0; i < 3; i++)
        {
            using var bad = new RawClient(broker.Port);
            Assert.Equal(4, bad.Connect("bad-" + i, user: "node-0", password: "wrong").ReturnCode);
        }

        using (var locked = new RawClient(broker.Port))
        {
            Assert.Equal(5, locked.Connect("node-0", user: "node-0", password: "pw-0").ReturnCode);
        }

        // Its neighbours on 127.0.0.1 are not locked out.
        using var neighbour = new RawClient(broker.Port);
        Assert.Equal(0, neighbour.Connect("node-1", user: "node-1", password: "pw-1").ReturnCode);

        // Guessing across user names: 3 failures so far (the refusal while locked out is not a guess), 5 more reach
        // the address ceiling of 8, after which every user from this address is refused...
        for (int i = 0; i < 5; i++)
        {
            using var spray = new RawClient(broker.Port);
            Assert.Equal(4, spray.Connect("spray-" + i, user: "sprayed-" + i, password: "x").ReturnCode);
        }

        using (var refused = new RawClient(broker.Port))
        {
            Assert.Equal(5, refused.Connect("node-2", user: "node-2", password: "pw-2").ReturnCode);
        }

        // ...while the client that was already connected keeps being served.
        neighbour.Subscribe("nanonode/node-1/config/set", 1);
        neighbour.Publish("nanonode/node-1/config/set", "still here", 1, packetId: 3);
        Assert.Equal("still here", neighbour.Expect(NanoNode.Mqtt.MqttPacketType.Publish).Payload);
    }
}
