// A persistent session created by an anonymous client (development mode) has no owner: the first named user to resume
// it claims it (a node moving from anonymous to its own login keeps its session), and from then on it is that user's.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;

public sealed class Session_AnonymousSessionClaimedByNamedUser
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        users.Add("node-x", "px", false, null, 1000);
        users.Add("node-y", "py", false, null, 1000);

        using (var anonymous = new RawClient(broker.Port))
        {
            Assert.Equal(0, anonymous.Connect("node-x", clean: false).ReturnCode);
            anonymous.Subscribe("nanonode/node-x/config/set", 1);
            anonymous.Disconnect();
            Assert.True(anonymous.WaitClosed());
        }

        using (var owner = new RawClient(broker.Port))
        {
            var connack = owner.Connect("node-x", clean: false, user: "node-x", password: "px");
            Assert.Equal(0, connack.ReturnCode);
            Assert.True(connack.SessionPresent);
            owner.Disconnect();
            Assert.True(owner.WaitClosed());
        }

        await broker.RestartAsync();
        using (var other = new RawClient(broker.Port))
        {
            Assert.Equal(5, other.Connect("node-x", clean: false, user: "node-y", password: "py").ReturnCode);
        }

        using var again = new RawClient(broker.Port);
        Assert.True(again.Connect("node-x", clean: false, user: "node-x", password: "px").SessionPresent);
    }
}
