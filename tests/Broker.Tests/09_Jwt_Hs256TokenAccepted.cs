// An HS256 JWT signed with the configured secret is accepted as password; one signed with another secret is refused (4).
namespace NanoNode.Broker.Tests;

using NanoNode.BrokerHost.Security;

public sealed class Jwt_Hs256TokenAccepted
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o =>
        {
            o.DevelopmentMode = false;
            o.JwtHmacSecret = "test-secret-0123456789";
        });
        string good = JwtValidator.CreateHs256("test-secret-0123456789", "dev-7", "device", DateTimeOffset.UtcNow.AddHours(1));
        string bad = JwtValidator.CreateHs256("another-secret", "dev-7", "device", DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal(0, Tools.Pub(broker.Port, "-u", "dev-7", "-P", good, "-t", "nanonode/dev-7/telemetry", "-m", "{}").ExitCode);
        using var c = new RawClient(broker.Port);
        Assert.Equal(4, c.Connect("jwt-bad", user: "dev-7", password: bad).ReturnCode);
    }
}
