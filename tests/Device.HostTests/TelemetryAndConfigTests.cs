using NanoNode.Device.Config;
using NanoNode.Tests.Shared;
using NanoNode.VirtualDevice;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>01: a virtual node's telemetry arrives with units and sequence; config/set of a new interval is applied, retained and followed.</summary>
public sealed class TelemetryAndConfigTests
{
    [Fact]
    public void TelemetryUnitsSequenceAndIntervalChange()
    {
        using var broker = new MosquittoFixture();
        using var controller = new Controller(broker.Port, "ctl-01", "nanonode/#");
        var node = new VirtualNode("t01", Pump.TempDir(), "127.0.0.1", broker.Port, 3, null, false);
        node.Boot();
        Pump.Until(() => controller.On("nanonode/t01/telemetry").Count >= 3, 20, controller, node);

        var tel = controller.On("nanonode/t01/telemetry");
        for (int i = 0; i < tel.Count; i++)
        {
            var j = tel[i].Json;
            Assert.Equal(i + 1, j.GetProperty("seq").GetInt32());
            Assert.InRange(j.GetProperty("temperature_c").GetDouble(), -40, 85);
            Assert.InRange(j.GetProperty("humidity_pct").GetDouble(), 0, 100);
            Assert.InRange(j.GetProperty("pressure_hpa").GetDouble(), 300, 1100);
            Assert.True(j.GetProperty("illuminance_lx").GetDouble() >= 0);
            Assert.True(j.GetProperty("ts").GetInt64() > 1_600_000_000);
            Assert.False(j.TryGetProperty("errors", out _));
        }

        Assert.Equal("online", controller.On("nanonode/t01/status").Last().Payload);
        // The birth published the effective config (rev 0, the interval the node was started with, no secret).
        var birthConfig = controller.On("nanonode/t01/config").Last().Json;
        Assert.Equal(0, birthConfig.GetProperty("rev").GetInt32());
        Assert.Equal(3, birthConfig.GetProperty("interval_s").GetInt32());
        Assert.False(birthConfig.TryGetProperty("broker_password", out _));
        // Spacing at interval 3 s, from the node's own uptime (whole seconds): never faster than the interval.
        Assert.True(tel[2].Json.GetProperty("uptime_s").GetInt64() - tel[0].Json.GetProperty("uptime_s").GetInt64() >= 5);

        controller.Publish("nanonode/t01/config/set", "{\"rev\":1,\"interval_s\":1}");
        Pump.Until(() => controller.On("nanonode/t01/config/ack").Count >= 1, 10, controller, node);
        var ack = controller.On("nanonode/t01/config/ack").Single().Json;
        Assert.Equal(1, ack.GetProperty("rev").GetInt32());
        Assert.Equal("applied", ack.GetProperty("result").GetString());

        int before = controller.On("nanonode/t01/telemetry").Count;
        Pump.Until(() => controller.On("nanonode/t01/telemetry").Count >= before + 6, 20, controller, node);
        var after = controller.On("nanonode/t01/telemetry").Skip(before + 1).ToList();
        for (int i = 1; i < after.Count; i++)
        {
            Assert.Equal(after[i - 1].Json.GetProperty("seq").GetInt32() + 1, after[i].Json.GetProperty("seq").GetInt32());
        }

        // Intervals of 1 s on the node's own clock: not faster than 1 s each, and faster than the old 3 s interval
        // would allow (a loose bound on purpose: a loaded machine delays polls, it cannot make them early).
        long span = after[^1].Json.GetProperty("uptime_s").GetInt64() - after[0].Json.GetProperty("uptime_s").GetInt64();
        Assert.InRange(span, (after.Count - 1) - 1, 3 * (after.Count - 1) - 1);

        // The retained config shows the new interval to a new subscriber.
        using var late = new Controller(broker.Port, "ctl-01-late", "nanonode/t01/config");
        Pump.Until(() => late.Messages.Count >= 1, 10, late, node);
        Msg retained = late.Messages.First();
        Assert.True(retained.Retain);
        Assert.Equal(1, retained.Json.GetProperty("interval_s").GetInt32());
        Assert.Equal(1, retained.Json.GetProperty("rev").GetInt32());
        Assert.False(retained.Json.TryGetProperty("broker_password", out _));
        Assert.Equal(1, node.Node.Config.GetInt(ConfigSchema.IntervalS));
        node.Shutdown();
    }
}
