// A persistent session belongs to the user that created it: another device user connecting with its client id gets
// CONNACK 5 (clean or not, owner online or offline, before and after a restart), receives none of its queued messages
// and does not kick the owner; the owner and an admin keep being served.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;
using NanoNode.Mqtt;

public sealed class Session_TakeoverAcrossUsersRefused
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.DevelopmentMode = false);
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        users.Add("dev-a", "pa", false, null, 1000);
        users.Add("dev-b", "pb", false, null, 1000);
        users.Add("ops", "po", true, null, 1000);

        using (var b = new RawClient(broker.Port))
        {
            Assert.Equal(0, b.Connect("node-b", clean: false, user: "dev-b", password: "pb").ReturnCode);
            b.Subscribe("nanonode/dev-b/config/set", 1);
            b.Disconnect();
            Assert.True(b.WaitClosed());
        }

        using var ops = new RawClient(broker.Port);
        Assert.Equal(0, ops.Connect("ops-1", user: "ops", password: "po").ReturnCode);
        ops.Publish("nanonode/dev-b/config/set", "{\"rev\":1,\"secret\":\"b-only\"}", 1, packetId: 1);
        ops.Expect(MqttPacketType.PubAck);

        // Device A tries B's client id while B is offline: refused, nothing of B's is delivered.
        foreach (bool clean in new[] { false, true })
        {
            using var a = new RawClient(broker.Port);
            Assert.Equal(5, a.Connect("node-b", clean: clean, user: "dev-a", password: "pa").ReturnCode);
            Assert.Null(a.Receive(0.5));
        }

        // B resumes its session and gets its queued config.
        using var owner = new RawClient(broker.Port);
        var connack = owner.Connect("node-b", clean: false, user: "dev-b", password: "pb");
        Assert.Equal(0, connack.ReturnCode);
        Assert.True(connack.SessionPresent);
        var queued = owner.Expect(MqttPacketType.Publish);
        Assert.Contains("b-only", queued.Payload);
        owner.Ack(MqttPacketType.PubAck, queued.PacketId);

        // With B online, A's attempt is refused and B is not kicked: it still receives live messages.
        using (var a = new RawClient(broker.Port))
        {
            Assert.Equal(5, a.Connect("node-b", clean: false, user: "dev-a", password: "pa").ReturnCode);
        }

        ops.Publish("nanonode/dev-b/config/set", "{\"rev\":2}", 1, packetId: 2);
        ops.Expect(MqttPacketType.PubAck);
        var live = owner.Expect(MqttPacketType.Publish);
        Assert.Equal("{\"rev\":2}", live.Payload);
        owner.Ack(MqttPacketType.PubAck, live.PacketId);
        Assert.False(owner.Closed);
        Assert.True(Interlocked.Read(ref broker.Broker.Stats.SessionTakeoversRefused) >= 3);

        owner.Disconnect();
        Assert.True(owner.WaitClosed());

        // The owner is stored with the session: still refused after a restart, still the owner's.
        await broker.RestartAsync();
        using (var a = new RawClient(broker.Port))
        {
            Assert.Equal(5, a.Connect("node-b", clean: false, user: "dev-a", password: "pa").ReturnCode);
        }

        using var again = new RawClient(broker.Port);
        var resumed = again.Connect("node-b", clean: false, user: "dev-b", password: "pb");
        Assert.Equal(0, resumed.ReturnCode);
        Assert.True(resumed.SessionPresent);
    }
}
