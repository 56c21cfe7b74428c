// Deliveries are checked against the receiving principal's ACL when they are delivered, not only at SUBSCRIBE: a
// device whose rights changed while its persistent session was offline receives neither what was queued for its old
// subtree nor live messages there; what it may read still arrives, and an admin subscriber gets everything.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;
using NanoNode.Mqtt;

public sealed class Acl_DeliveryCheckedAgainstReceiver
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.DevelopmentMode = false);
        var users = broker.Server.Services.GetRequiredService<UserStore>();
        users.Add("node-user", "pn", false, "dev-old", 1000);
        users.Add("ops", "po", true, null, 1000);

        using (var device = new RawClient(broker.Port))
        {
            Assert.Equal(0, device.Connect("node-1", clean: false, user: "node-user", password: "pn").ReturnCode);
            Assert.Equal(1, device.Subscribe("nanonode/dev-old/#", 1).Codes[0]);
            device.Disconnect();
            Assert.True(device.WaitClosed());
        }

        // The user is moved to another device id while its session is offline.
        users.Add("node-user", "pn", false, "dev-new", 1000);

        using var admin = new RawClient(broker.Port);
        Assert.Equal(0, admin.Connect("ops-watch", user: "ops", password: "po").ReturnCode);
        admin.Subscribe("nanonode/#", 1);
        using var ops = new RawClient(broker.Port);
        Assert.Equal(0, ops.Connect("ops-pub", user: "ops", password: "po").ReturnCode);
        ops.Publish("nanonode/dev-old/config/set", "queued-old", 1, packetId: 1);
        ops.Expect(MqttPacketType.PubAck);
        Assert.Equal("queued-old", ExpectAndAck(admin).Payload);

        using var moved = new RawClient(broker.Port);
        var connack = moved.Connect("node-1", clean: false, user: "node-user", password: "pn");
        Assert.Equal(0, connack.ReturnCode);
        Assert.True(connack.SessionPresent);
        Assert.Equal(1, moved.Subscribe("nanonode/dev-new/config/set", 1, packetId: 5).Codes[0]);

        ops.Publish("nanonode/dev-old/config/set", "live-old", 1, packetId: 2);
        ops.Expect(MqttPacketType.PubAck);
        ops.Publish("nanonode/dev-new/config/set", "live-new", 1, packetId: 3);
        ops.Expect(MqttPacketType.PubAck);

        // Everything is delivered in order, so "live-new" arriving first means nothing of dev-old came before it.
        var first = moved.Expect(MqttPacketType.Publish);
        Assert.Equal(("nanonode/dev-new/config/set", "live-new"), (first.Topic, first.Payload));
        moved.Ack(MqttPacketType.PubAck, first.PacketId);
        Assert.Null(moved.Receive(0.5));
        Assert.False(moved.Closed);

        Assert.Equal("live-old", ExpectAndAck(admin).Payload);
        Assert.Equal("live-new", ExpectAndAck(admin).Payload);
        Assert.True(Interlocked.Read(ref broker.Broker.Stats.AclDeliveriesDenied) >= 2);
    }

    private static RawPacket ExpectAndAck(RawClient client)
    {
        var p = client.Expect(MqttPacketType.Publish);
        if (p.Qos > 0)
        {
            client.Ack(MqttPacketType.PubAck, p.PacketId);
        }

        return p;
    }
}
