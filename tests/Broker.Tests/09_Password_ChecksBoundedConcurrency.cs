// Password (PBKDF2) checks run at most MaxConcurrentPasswordChecks at once, whatever the number of CONNECTs arriving
// together; every one of them is still answered with the right CONNACK, and a connected client keeps being served.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;
using NanoNode.Mqtt;

public sealed class Password_ChecksBoundedConcurrency
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o =>
        {
            o.DevelopmentMode = false;
            o.MaxConcurrentPasswordChecks = 2;
        });
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        users.Add("ops", "po", true, null, 1000);
        const int Logins = 12;
        for (int i = 0; i < Logins; i++)
        {
            // Enough iterations that the checks overlap when nothing bounds them.
            users.Add("heavy-" + i, "pw-" + i, false, null, 200_000);
        }

        using var served = new RawClient(broker.Port);
        Assert.Equal(0, served.Connect("served", user: "ops", password: "po").ReturnCode);
        served.Subscribe("bounded/#", 1);
        var auth = broker.Server.Services.GetRequiredService<Authenticator>();
        long checksBefore = auth.PasswordChecks;

        using var start = new ManualResetEventSlim();
        var logins = Enumerable.Range(0, Logins).Select(i => Task.Run(() =>
        {
            using var c = new RawClient(broker.Port);
            start.Wait();
            // Every other one with a wrong password: both outcomes go through the bounded check.
            c.SendConnect("heavy-" + i, user: "heavy-" + i, password: i % 2 == 0 ? "pw-" + i : "wrong");
            return c.Expect(MqttPacketType.ConnAck, seconds: 120).ReturnCode;
        })).ToArray();
        start.Set();

        // While they are checked, the connected client's round trips go on.
        for (int i = 1; i <= 5; i++)
        {
            served.Publish("bounded/x", "m" + i, 1, packetId: i);
            var p = served.Expect(MqttPacketType.Publish);
            Assert.Equal("m" + i, p.Payload);
            served.Ack(MqttPacketType.PubAck, p.PacketId);
        }

        var codes = await Task.WhenAll(logins).WaitAsync(TimeSpan.FromSeconds(120));
        for (int i = 0; i < Logins; i++)
        {
            Assert.Equal(i % 2 == 0 ? 0 : 4, codes[i]);
        }

        Assert.Equal(Logins, auth.PasswordChecks - checksBefore);
        Assert.InRange(auth.PeakConcurrentPasswordChecks, 1, 2);
    }
}
