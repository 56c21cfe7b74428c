// A refused MQTT 5 CONNECT, a failed login, a protocol violation and an ACL refusal are logged at Information with the
// client id and remote address, one line per client and reason per LogIntervalSeconds; the repeats are counted in
// $SYS/broker/log/suppressed, and a client that is not misbehaving is served all along.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;
using NanoNode.Mqtt;

public sealed class Log_RefusalsRateLimitedWithClientAndAddress
{
    [Fact]
    public async Task Test()
    {
        var logs = new LogCapture();
        await using var broker = await BrokerFixture.StartAsync(o =>
        {
            o.DevelopmentMode = false;
            o.LogIntervalSeconds = 600;
            o.MaxLoginFailures = 100;
        }, logs: logs);
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        users.Add("ops", "po", true, null, 1000);
        users.Add("dev-a", "pa", false, null, 1000);

        using var served = new RawClient(broker.Port);
        Assert.Equal(0, served.Connect("log-served", user: "ops", password: "po").ReturnCode);
        served.Subscribe("nanonode/#", 0);

        const int Repeats = 5;
        for (int i = 0; i < Repeats; i++)
        {
            // CONNECT "MQTT" with protocol level 3 (neither 3.1.1 nor 5; MQTT 5 is accepted since issue 11), client id
            // "old-client": CONNACK 1.
            using (var old = new RawClient(broker.Port))
            {
                old.Send(new byte[] { 0x10, 22, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 3, 0x02, 0, 60, 0, 10,
                    (byte)'o', (byte)'l', (byte)'d', (byte)'-', (byte)'c', (byte)'l', (byte)'i', (byte)'e', (byte)'n', (byte)'t' });
                Assert.Equal(1, old.Expect(MqttPacketType.ConnAck).ReturnCode);
            }

            using (var bad = new RawClient(broker.Port))
            {
                Assert.Equal(4, bad.Connect("bad-login", user: "dev-a", password: "wrong").ReturnCode);
            }

            using (var proto = new RawClient(broker.Port))
            {
                Assert.Equal(0, proto.Connect("proto-client", user: "ops", password: "po").ReturnCode);
                proto.SendConnect("proto-client", user: "ops", password: "po"); // a second CONNECT [MQTT-3.1.0-2]
                Assert.True(proto.WaitClosed());
            }

            using (var device = new RawClient(broker.Port))
            {
                Assert.Equal(0, device.Connect("acl-client", user: "dev-a", password: "pa").ReturnCode);
                device.Publish("nanonode/dev-b/config/set", "not yours", 1, packetId: 1);
                device.Expect(MqttPacketType.PubAck);
                device.Publish("nanonode/dev-a/telemetry", "own " + i, 0);
            }

            Assert.Equal("own " + i, served.Expect(MqttPacketType.Publish).Payload);
        }

        string[] Lines(string clientId) => logs.Lines.Where(l => l.StartsWith("Information ", StringComparison.Ordinal) && l.Contains("client " + clientId + " from 127.0.0.1", StringComparison.Ordinal)).ToArray();
        Assert.Single(Lines("old-client"), l => l.Contains("protocol level 3", StringComparison.Ordinal));
        Assert.Single(Lines("bad-login"), l => l.Contains("login as dev-a refused", StringComparison.Ordinal));
        Assert.Single(Lines("proto-client"), l => l.Contains("protocol violation", StringComparison.Ordinal));
        Assert.Single(Lines("acl-client"), l => l.Contains("may not publish to nanonode/dev-b/config/set", StringComparison.Ordinal));

        long suppressed = broker.Broker.LogLimiter.Suppressed;
        Assert.True(suppressed >= 4 * (Repeats - 1), $"{suppressed} lines suppressed");
        broker.Broker.PublishSys();
        using var sys = new RawClient(broker.Port);
        Assert.Equal(0, sys.Connect("log-sys", user: "ops", password: "po").ReturnCode);
        sys.Subscribe("$SYS/broker/log/suppressed", 0);
        Assert.True(long.Parse(sys.Expect(MqttPacketType.Publish).Payload) >= 4 * (Repeats - 1));
    }
}
