using System.Text;
using NanoNode.Device.Config;
using NanoNode.Tests.Shared;
using NanoNode.VirtualDevice;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>
/// 07: a config/set larger than the node's MQTT max packet size (8192 bytes for the virtual device, see
/// tools/VirtualDevice/VirtualNode.cs; 4096 on the ESP32 profile) is skipped by the client yet acked rejected with
/// payload_too_large over Mosquitto; nothing changes, the connection and telemetry go on, the next patch applies.
/// </summary>
public sealed class OversizedConfigTests
{
    [Fact]
    public void ConfigSetOverTheMaxPacketSizeIsAckedPayloadTooLarge()
    {
        using var broker = new MosquittoFixture();
        using var controller = new Controller(broker.Port, "ctl-07", "nanonode/#");
        var node = new VirtualNode("t07", Pump.TempDir(), "127.0.0.1", broker.Port, 1, null, false);
        node.Boot();
        Pump.Until(() => controller.On("nanonode/t07/telemetry").Count >= 1, 20, controller, node);

        var json = new StringBuilder("{\"rev\":5,\"broker_user\":\"");
        json.Append('x', 12000 - json.Length - 2).Append("\"}");
        byte[] huge = Encoding.UTF8.GetBytes(json.ToString());
        Assert.Equal(12000, huge.Length);
        Assert.Equal(NanoNode.Mqtt.MqttStatus.Sent, controller.Publish("nanonode/t07/config/set", huge));
        Pump.Until(() => controller.On("nanonode/t07/config/ack").Count >= 1, 10, controller, node);

        var ack = controller.On("nanonode/t07/config/ack").Single().Json;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, ack.GetProperty("rev").ValueKind);
        Assert.Equal("rejected", ack.GetProperty("result").GetString());
        var error = ack.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("payload_too_large", error.GetProperty("reason").GetString());
        Assert.Equal(ConfigPatch.MaxPayload, error.GetProperty("max").GetInt32());
        Assert.Equal(1, node.Link.Client.OversizedSkipped);
        Assert.Equal(0, node.Node.Config.Rev);
        Assert.Equal(0, node.Node.Config.GetStringLength(ConfigSchema.BrokerUser));
        Assert.Equal(1, node.Link.ConnectCount);

        int before = controller.On("nanonode/t07/telemetry").Count;
        Pump.Until(() => controller.On("nanonode/t07/telemetry").Count >= before + 2, 20, controller, node);
        controller.Publish("nanonode/t07/config/set", "{\"rev\":5,\"interval_s\":2}");
        Pump.Until(() => controller.On("nanonode/t07/config/ack").Count >= 2, 10, controller, node);
        var applied = controller.On("nanonode/t07/config/ack")[1].Json;
        Assert.Equal("applied", applied.GetProperty("result").GetString());
        Assert.Equal(5, node.Node.Config.Rev);
        Assert.Equal(1, node.Link.ConnectCount);
        Assert.DoesNotContain(controller.On("nanonode/t07/status"), m => m.Payload == "offline");
        node.Shutdown();
    }
}
