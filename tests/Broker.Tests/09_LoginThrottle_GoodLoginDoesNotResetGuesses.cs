// A successful login clears only its own (user, address) failures: bad guesses at one user interleaved with good
// logins of another user from the same address still lock the guessed user out.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;

public sealed class LoginThrottle_GoodLoginDoesNotResetGuesses
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o =>
        {
            o.DevelopmentMode = false;
            o.MaxLoginFailures = 5;
            o.LoginFailureWindowSeconds = 600;
        });
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        users.Add("victim", "right", false, null, 1000);
        users.Add("attacker", "mine", false, null, 1000);

        // Four guesses, one good login of the attacker's own account, repeated: the guesses add up.
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 4 && round * 4 + i < 5; i++)
            {
                using var guess = new RawClient(broker.Port);
                Assert.Equal(4, guess.Connect($"g-{round}-{i}", user: "victim", password: $"guess-{round}-{i}").ReturnCode);
            }

            using var own = new RawClient(broker.Port);
            Assert.Equal(0, own.Connect("attacker-" + round, user: "attacker", password: "mine").ReturnCode);
        }

        // Five failures for "victim" from this address: locked out, the right password is refused too.
        using (var right = new RawClient(broker.Port))
        {
            Assert.Equal(5, right.Connect("victim-1", user: "victim", password: "right").ReturnCode);
        }

        // The attacker's own account (another user, same address) is still served.
        using var still = new RawClient(broker.Port);
        Assert.Equal(0, still.Connect("attacker-2", user: "attacker", password: "mine").ReturnCode);
    }
}
