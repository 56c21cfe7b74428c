// A flood of CONNECTs with wrong passwords (each a full PBKDF2 check) does not starve the broker: connected clients'
// QoS 1 round trips complete during it, a token login is accepted at once, a good password login is answered, and
// every flooding attempt gets its CONNACK 4.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;
using NanoNode.Mqtt;

public sealed class Password_LoginFloodLeavesOthersServed
{
    [Fact]
    public async Task Test()
    {
        const string Secret = "flood-secret-0123456789";
        await using var broker = await BrokerFixture.StartAsync(o =>
        {
            o.DevelopmentMode = false;
            o.JwtHmacSecret = Secret;
            o.MaxConcurrentPasswordChecks = 1;
            o.MaxLoginFailures = 1000;
            o.MaxLoginFailuresPerAddress = 100_000;
        });
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        users.Add("ops", "po", true, null, 1000);
        users.Add("target", "unguessable", false, null, 200_000);

        using var served = new RawClient(broker.Port);
        Assert.Equal(0, served.Connect("flood-served", user: "ops", password: "po").ReturnCode);
        served.Subscribe("flood/#", 1);

        const int Flooders = 8;
        var flood = Enumerable.Range(0, Flooders).Select(f => Task.Run(() =>
        {
            var codes = new List<int>();
            for (int i = 0; i < 4; i++)
            {
                using var c = new RawClient(broker.Port);
                // Queued behind the other checks: a generous wait for the CONNACK.
                c.SendConnect($"flood-{f}-{i}", user: "target", password: $"guess-{f}-{i}");
                codes.Add(c.Expect(MqttPacketType.ConnAck, seconds: 120).ReturnCode);
            }

            return codes;
        })).ToArray();

        // During the flood: round trips of the connected client...
        for (int i = 1; i <= 10; i++)
        {
            served.Publish("flood/x", "m" + i, 1, packetId: i);
            bool acked = false, delivered = false;
            while (!acked || !delivered)
            {
                // The delivery to itself and the PUBACK of its own PUBLISH, in either order.
                var p = served.Receive(60) ?? throw new Xunit.Sdk.XunitException($"round trip {i} not completed");
                if (p.Type == MqttPacketType.PubAck)
                {
                    acked = true;
                }
                else if (p.Type == MqttPacketType.Publish)
                {
                    Assert.Equal("m" + i, p.Payload);
                    served.Ack(MqttPacketType.PubAck, p.PacketId);
                    delivered = true;
                }
            }
        }

        // ...a token login (no password hash to check)...
        string token = JwtValidator.CreateHs256(Secret, "dev-9", "device", DateTimeOffset.UtcNow.AddHours(1));
        using var device = new RawClient(broker.Port);
        Assert.Equal(0, device.Connect("dev-9", user: "dev-9", password: token).ReturnCode);
        device.Subscribe("nanonode/dev-9/config/set", 1);

        // ...and a good password login, answered in its turn.
        using var good = new RawClient(broker.Port);
        good.SendConnect("target-ok", user: "target", password: "unguessable");
        Assert.Equal(0, good.Expect(MqttPacketType.ConnAck, seconds: 120).ReturnCode);

        var results = await Task.WhenAll(flood).WaitAsync(TimeSpan.FromSeconds(180));
        Assert.All(results.SelectMany(r => r), code => Assert.Equal(4, code));
        Assert.InRange(broker.Server.Services.GetRequiredService<Authenticator>().PeakConcurrentPasswordChecks, 1, 1);
        Assert.False(served.Closed);
    }
}
