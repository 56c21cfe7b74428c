using NanoNode.Device.Config;
using NanoNode.Mqtt.Client;
using NanoNode.Tests.Shared;
using NanoNode.VirtualDevice;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>01: a virtual node's telemetry arrives with units and sequence; config/set of a new interval is applied, retained and followed.</summary>
public sealed class TelemetryAndConfigTests
{
    /// <summary>
    /// Runs on the node's manual clock (<see cref="ManualBusClock"/>): node time moves 100 ms per step, and only while
    /// the node is connected, its subscriptions are active and nothing it published is still unacknowledged, so the
    /// schedule, the sequence numbers and the uptimes are the same however slow the machine is (no wall-clock time in
    /// any assertion; real time only bounds how long the test waits).
    /// </summary>
    [Fact]
    public void TelemetryUnitsSequenceAndIntervalChange()
    {
        using var broker = new MosquittoFixture();
        using var controller = new Controller(broker.Port, "ctl-01", "nanonode/#");
        // The controller's SUBACK first: a message published before the broker has the subscription is not delivered.
        Pump.Until(() => controller.Client.SubscriptionState(controller.Client.FindSubscription("nanonode/#")) == MqttSubscriptionState.Active, 20, controller);
        var node = new VirtualNode("t01", Pump.TempDir(), "127.0.0.1", broker.Port, 3, null, false, manualClock: true);
        node.Boot();
        Stepper.Until(() => controller.On("nanonode/t01/telemetry").Count >= 3, controller, node);

        var tel = controller.On("nanonode/t01/telemetry");
        for (int i = 0; i < tel.Count; i++)
        {
            var j = tel[i].Json;
            Assert.Equal(i + 1, j.GetProperty("seq").GetInt32());
            Assert.InRange(j.GetProperty("temperature_c").GetDouble(), -40, 85);
            Assert.InRange(j.GetProperty("humidity_pct").GetDouble(), 0, 100);
            Assert.InRange(j.GetProperty("pressure_hpa").GetDouble(), 300, 1100);
            Assert.True(j.GetProperty("illuminance_lx").GetDouble() >= 0);
            Assert.True(j.GetProperty("ts").GetInt64() >= ManualBusClock.OriginUnixSeconds);
            Assert.False(j.TryGetProperty("errors", out _));
            // Interval 3 s from boot (time 0): cycle i starts at 3 i s; uptime is whole seconds.
            Assert.Equal(3 * i, j.GetProperty("uptime_s").GetInt64());
        }

        Assert.Equal("online", controller.On("nanonode/t01/status").Last().Payload);
        // The birth published the effective config (rev 0, the interval the node was started with, no secret).
        var birthConfig = controller.On("nanonode/t01/config").Last().Json;
        Assert.Equal(0, birthConfig.GetProperty("rev").GetInt32());
        Assert.Equal(3, birthConfig.GetProperty("interval_s").GetInt32());
        Assert.False(birthConfig.TryGetProperty("broker_password", out _));

        controller.Publish("nanonode/t01/config/set", "{\"rev\":1,\"interval_s\":1}");
        Stepper.Until(() => controller.On("nanonode/t01/config/ack").Count >= 1, controller, node);
        var ack = controller.On("nanonode/t01/config/ack").Single().Json;
        Assert.Equal(1, ack.GetProperty("rev").GetInt32());
        Assert.Equal("applied", ack.GetProperty("result").GetString());

        int before = controller.On("nanonode/t01/telemetry").Count;
        Stepper.Until(() => controller.On("nanonode/t01/telemetry").Count >= before + 6, controller, node);
        var after = controller.On("nanonode/t01/telemetry").Skip(before + 1).ToList();
        for (int i = 1; i < after.Count; i++)
        {
            Assert.Equal(after[i - 1].Json.GetProperty("seq").GetInt32() + 1, after[i].Json.GetProperty("seq").GetInt32());
            // The new interval: one cycle per node second.
            Assert.Equal(after[i - 1].Json.GetProperty("uptime_s").GetInt64() + 1, after[i].Json.GetProperty("uptime_s").GetInt64());
        }

        // The retained config shows the new interval to a new subscriber.
        using var late = new Controller(broker.Port, "ctl-01-late", "nanonode/t01/config");
        Pump.Until(() => late.Messages.Count >= 1, 20, late, node);
        Msg retained = late.Messages.First();
        Assert.True(retained.Retain);
        Assert.Equal(1, retained.Json.GetProperty("interval_s").GetInt32());
        Assert.Equal(1, retained.Json.GetProperty("rev").GetInt32());
        Assert.False(retained.Json.TryGetProperty("broker_password", out _));
        Assert.Equal(1, node.Node.Config.GetInt(ConfigSchema.IntervalS));
        node.Shutdown();
    }
}

/// <summary>
/// Drives a node created with <c>manualClock: true</c>: polls node and controller, and advances the node's clock by
/// <see cref="StepMs"/> only when the node is idle on the network side (connected, every subscription active, no
/// publication awaiting its acknowledgement). Real time bounds the wait only (a generous limit, then a clear failure).
/// </summary>
public static class Stepper
{
    public const int StepMs = 100;

    public static void Until(Func<bool> done, Controller controller, VirtualNode node, double realSeconds = 60)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed.TotalSeconds > realSeconds)
            {
                throw new Xunit.Sdk.XunitException(
                    $"condition not reached within {realSeconds} s of real time (node clock {node.ClockNowMs} ms, connected {node.Link.IsConnected}, in flight {node.Link.Client?.InflightCount})");
            }

            node.Poll(0);
            controller.Client.Poll(1);
            if (Idle(node))
            {
                node.AdvanceClock(StepMs);
            }
        }
    }

    private static bool Idle(VirtualNode node)
    {
        var client = node.Link.Client;
        if (client == null || !node.Link.IsConnected || client.InflightCount != 0)
        {
            return false;
        }

        foreach (string filter in node.Node.SubscriptionFilters())
        {
            if (client.SubscriptionState(client.FindSubscription(filter)) != MqttSubscriptionState.Active)
            {
                return false;
            }
        }

        return true;
    }
}
