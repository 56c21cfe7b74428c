// A user stored with a salted PBKDF2 hash logs in with its password; a wrong password gets CONNACK 4.
namespace NanoNode.Broker.Tests;

using NanoNode.BrokerHost.Security;
using Microsoft.Extensions.DependencyInjection;

public sealed class Password_Pbkdf2UserAcceptedWrongPasswordRefused
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.DevelopmentMode = false);
        broker.Server.Services.GetRequiredService<UserStore>().Add("alice", "s3cret", admin: true, null, 1000);
        Assert.Equal(0, Tools.Pub(broker.Port, "-u", "alice", "-P", "s3cret", "-t", "x", "-m", "1").ExitCode);
        using var c = new RawClient(broker.Port);
        Assert.Equal(4, c.Connect("alice-2", user: "alice", password: "wrong").ReturnCode);
        Assert.StartsWith("pbkdf2-sha256$", PasswordHasher.Hash("x", 1000));
        Assert.NotEqual(PasswordHasher.Hash("same", 1000), PasswordHasher.Hash("same", 1000));
    }
}
