using System.Text.Json.Nodes;
using NanoNode.Tests.Shared;

namespace NanoNode.Broker.Tests.Infrastructure;

/// <summary>
/// Runs a two-phase scenario of Scripts/paho5_restart.py (MQTT 5 state across a restart) against NanoNode's broker
/// (in-process, clean restart on the same data folder, persistence on) or Mosquitto 2.0.11 (persistence on, clean
/// restart: SIGTERM, which writes its persistence file, then started again on the same folder). Between the phases,
/// after the restart, it waits <c>pause</c> so that short expiry intervals of the scenario have surely run out.
/// </summary>
public static class Restart5
{
    /// <summary>One phase against <paramref name="port"/>: the script's JSON.</summary>
    public static JsonObject Phase(int port, string scenario, string phase, string topicBase, string broker)
    {
        var (exit, lines, error) = Tools.Paho("paho5_restart.py", port.ToString(), scenario, phase, topicBase);
        Assert.True(exit == 0 && lines.Length > 0, $"{broker} {scenario}/{phase}: script failed ({exit}): {error}");
        return JsonNode.Parse(lines[^1])!.AsObject();
    }

    /// <summary>
    /// Both phases on NanoNode's broker; <paramref name="beforeRestart"/> sees the broker (and the topic base) just
    /// before the restart, <paramref name="after"/> the restarted broker before it stops.
    /// </summary>
    public static async Task<(JsonObject Before, JsonObject After)> OnNanoNodeAsync(string scenario, TimeSpan pause, Action<BrokerFixture>? after = null, Action<BrokerFixture, string>? beforeRestart = null)
    {
        string b = "r5/" + Guid.NewGuid().ToString("N")[..8];
        await using var broker = await BrokerFixture.StartAsync();
        var before = Phase(broker.Port, scenario, "before", b, "NanoNode");
        beforeRestart?.Invoke(broker, b);
        await broker.RestartAsync();
        await Task.Delay(pause);
        var result = Phase(broker.Port, scenario, "after", b, "NanoNode");
        after?.Invoke(broker);
        return (before, result);
    }

    /// <summary>Both phases on Mosquitto.</summary>
    public static async Task<(JsonObject Before, JsonObject After)> OnMosquittoAsync(string scenario, TimeSpan pause)
    {
        string b = "r5/" + Guid.NewGuid().ToString("N")[..8];
        using var mosquitto = new MosquittoFixture();
        var before = Phase(mosquitto.Port, scenario, "before", b, "Mosquitto");
        mosquitto.Stop();
        mosquitto.Start();
        await Task.Delay(pause);
        return (before, Phase(mosquitto.Port, scenario, "after", b, "Mosquitto"));
    }
}
