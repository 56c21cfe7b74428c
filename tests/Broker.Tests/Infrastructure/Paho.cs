using System.Text.Json;
using System.Text.Json.Nodes;

namespace NanoNode.Broker.Tests.Infrastructure;

/// <summary>Runs Scripts/paho_client.py (Python paho-mqtt) with a JSON spec and parses its JSON event lines.</summary>
public static class Paho
{
    /// <summary>Runs the client to completion; returns its events (connack, suback, message, published, done).</summary>
    public static List<JsonObject> Run(object spec, double timeoutSeconds = 60)
    {
        var r = Tools.Run(Tools.Python, new[] { Path.Combine(AppContext.BaseDirectory, "Scripts", "paho_client.py"), JsonSerializer.Serialize(spec) }, timeoutSeconds);
        var events = r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        if (!events.Any(e => (string?)e["event"] == "done"))
        {
            throw new Xunit.Sdk.XunitException($"paho client did not finish (exit {r.ExitCode}): {r.Error}\n{r.Output}");
        }

        return events;
    }

    /// <summary>Starts the client in the background (e.g. a subscriber), returning the process; events via <see cref="Events"/>.</summary>
    public static BackgroundProcess Start(object spec)
        => BackgroundProcess.Start(Tools.Python, new[] { Path.Combine(AppContext.BaseDirectory, "Scripts", "paho_client.py"), JsonSerializer.Serialize(spec) });

    /// <summary>Parses the event lines of a background client.</summary>
    public static List<JsonObject> Events(BackgroundProcess p) => p.Lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    /// <summary>The "message" events.</summary>
    public static List<JsonObject> Messages(IEnumerable<JsonObject> events) => events.Where(e => (string?)e["event"] == "message").ToList();

    /// <summary>The connack return code (or -1).</summary>
    public static int ConnAck(IEnumerable<JsonObject> events) => events.Where(e => (string?)e["event"] == "connack").Select(e => (int)e["rc"]!).DefaultIfEmpty(-1).First();
}
