// "all" is the fleet level of nanonode/all/config/set, never a device id: a device owning "nanonode/all/" could publish config to every node.
namespace NanoNode.Broker.Tests;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;

public sealed class Acl_FleetLevelIsNotADeviceId
{
    [Fact]
    public async Task Test()
    {
        const string secret = "fleet-test-secret-0123456789";
        await using var broker = await BrokerFixture.StartAsync(o =>
        {
            o.DevelopmentMode = false;
            o.JwtHmacSecret = secret;
            o.MaxLoginFailures = 100;
        });
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        users.Add("root", "pr", true, null, 1000);

        // The user database refuses it, by explicit device id and by user name.
        Assert.Throws<ArgumentException>(() => users.Add("fleet", "pf", false, "all", 1000));
        Assert.Throws<ArgumentException>(() => users.Add("all", "pf", false, null, 1000));

        // A row written by an older broker (or by hand) with device id "all" logs in to nothing.
        users.Add("legacy", "pl", false, "legacy", 1000);
        using (var db = new SqliteConnection("Data Source=" + Path.Combine(broker.Options.DataDirectory, "users.db") + ";Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "UPDATE users SET device_id = 'all' WHERE name = 'legacy'";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }

        using (var legacy = new RawClient(broker.Port))
        {
            Assert.Equal(4, legacy.Connect("legacy-1", user: "legacy", password: "pl").ReturnCode);
        }

        // A validly signed device JWT for "all" (as sub, or as device_id) is refused too.
        using (var jwtSub = new RawClient(broker.Port))
        {
            Assert.Equal(4, jwtSub.Connect("jwt-all-1", user: "all", password: JwtValidator.CreateHs256(secret, "all", "device", DateTimeOffset.UtcNow.AddHours(1))).ReturnCode);
        }

        using (var jwtClaim = new RawClient(broker.Port))
        {
            Assert.Equal(4, jwtClaim.Connect("jwt-all-2", user: "x1", password: Jwt.Hs256(secret, "{\"sub\":\"x1\",\"role\":\"device\",\"device_id\":\"all\",\"exp\":" + DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() + "}")).ReturnCode);
        }

        // Control: the same kind of token for an ordinary id is accepted, so the refusals above are about "all".
        using (var ok = new RawClient(broker.Port))
        {
            Assert.Equal(0, ok.Connect("jwt-x1", user: "x1", password: Jwt.Hs256(secret, "{\"sub\":\"x1\",\"role\":\"device\",\"device_id\":\"x1\",\"exp\":" + DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() + "}")).ReturnCode);
        }
    }
}
