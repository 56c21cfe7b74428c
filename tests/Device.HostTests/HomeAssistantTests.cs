using NanoNode.Tests.Shared;
using NanoNode.VirtualDevice;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>13: Home Assistant discovery through Mosquitto's retained store: documents only for sensors that work, removed when one disappears.</summary>
public sealed class HomeAssistantTests
{
    private static Dictionary<string, string> Retained(int port, string id)
    {
        // A new subscriber gets exactly what the broker retains; the documents arrive right after SUBACK.
        using var reader = new Controller(port, "ctl-ha-" + Guid.NewGuid().ToString("N")[..6], "homeassistant/sensor/" + id + "/+/config");
        Pump.For(1.5, reader);
        return reader.Messages.Where(m => m.Retain).GroupBy(m => m.Topic).ToDictionary(g => g.Key.Split('/')[3], g => g.Last().Payload);
    }

    [Fact]
    public void RetainedDiscoveryFollowsTheSensorsThatWork()
    {
        using var broker = new MosquittoFixture();
        using var controller = new Controller(broker.Port, "ctl-ha", "nanonode/ha1/config/ack");
        var node = new VirtualNode("ha1", Pump.TempDir(), "127.0.0.1", broker.Port, 1, null, false);
        node.Boot();
        Pump.Until(() => node.Link.IsConnected, 15, controller, node);
        controller.Publish("nanonode/ha1/config/set", "{\"rev\":1,\"ha_discovery\":true}");
        Pump.Until(() => controller.On("nanonode/ha1/config/ack").Count >= 1, 15, controller, node);
        Pump.For(3, controller, node);

        // BME280, SHT3x and BH1750 are on the simulated bus; the enabled AHT20 and SCD4x are not (no CO2 document).
        var docs = Retained(broker.Port, "ha1");
        Assert.Equal(new[] { "humidity_pct", "illuminance_lx", "pressure_hpa", "temperature_c" }, docs.Keys.OrderBy(k => k).ToArray());
        var t = System.Text.Json.JsonDocument.Parse(docs["temperature_c"]).RootElement;
        Assert.Equal(3, t.GetProperty("expire_after").GetInt32()); // interval 1 s, no deadbands: 1 + 2 x 1
        Assert.Equal("NanoNode", t.GetProperty("origin").GetProperty("name").GetString());
        Assert.Equal("nanonode/ha1/status", t.GetProperty("availability_topic").GetString());

        // The BH1750 disappears: its document is removed from the broker's retained store.
        node.Bus.Detach(0x23);
        Pump.For(3, controller, node);
        docs = Retained(broker.Port, "ha1");
        Assert.Equal(new[] { "humidity_pct", "pressure_hpa", "temperature_c" }, docs.Keys.OrderBy(k => k).ToArray());
        node.Shutdown();
    }
}
