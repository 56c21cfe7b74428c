using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NanoNode.DeviceManager.Tests.Infrastructure;

namespace NanoNode.DeviceManager.Tests;

/// <summary>
/// <c>GET /api/stream</c> (Server-Sent Events): the fleet page's live updates. The stream opens with every device
/// (<c>devices</c>), then pushes a <c>device</c> summary after each change (telemetry, status) and each device
/// <c>event</c> (a config push, a command, offline with its reason), without the client polling.
/// </summary>
public sealed class StreamTests
{
    [Fact]
    public async Task Stream_PushesSnapshotThenChangesAndEvents()
    {
        await using var env = await OwnBrokerEnvironment.StartAsync(virtualDevices: 2);
        Assert.True(await env.Manager.WaitAsync(m => m.List().Count(d => d.Status == "online") == 2, DeviceEnvironment.Wait));
        using var http = env.Http();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await http.GetAsync("/api/stream", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var first = await NextAsync(reader, cts.Token);
        Assert.Equal("devices", first.Event);
        Assert.Equal(new[] { "virtual-1", "virtual-2" }, JsonNode.Parse(first.Data)!.AsArray().Select(d => (string)d!["id"]!).ToArray());

        // Telemetry arrives every second: a device summary with the latest readings follows without asking.
        var update = await UntilAsync(reader, f => f.Event == "device" && JsonNode.Parse(f.Data)!["telemetry"] != null, cts.Token);
        Assert.InRange((double)JsonNode.Parse(update.Data)!["telemetry"]!["temperature_c"]!, -40, 85);

        // A config push made through the API shows up as an event on the stream.
        var push = await http.PostAsJsonAsync("/api/devices/virtual-1/config", new { interval_s = 3 });
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        var pushed = await UntilAsync(reader, f => f.Event == "event" && (string?)JsonNode.Parse(f.Data)!["type"] == "config_push", cts.Token);
        Assert.Equal("virtual-1", (string?)JsonNode.Parse(pushed.Data)!["device"]);
        Assert.Equal(3, (int?)JsonNode.Parse(pushed.Data)!["patch"]!["interval_s"]);

        // A killed device: its summary turns offline with the broker's reason.
        Assert.True(env.Fleet.Kill("virtual-2"));
        var offline = await UntilAsync(reader, f => f.Event == "device" && (string?)JsonNode.Parse(f.Data)!["id"] == "virtual-2" && (string?)JsonNode.Parse(f.Data)!["status"] == "offline"
            && JsonNode.Parse(f.Data)!["offline_reason"] != null, cts.Token);
        Assert.StartsWith("will (", (string?)JsonNode.Parse(offline.Data)!["offline_reason"]);
    }

    private sealed record Frame(string Event, string Data);

    private static async Task<Frame> UntilAsync(StreamReader reader, Func<Frame, bool> match, CancellationToken ct)
    {
        while (true)
        {
            var f = await NextAsync(reader, ct);
            if (match(f))
            {
                return f;
            }
        }
    }

    // Reads one SSE event (lines up to a blank line; comments and retry lines skipped).
    private static async Task<Frame> NextAsync(StreamReader reader, CancellationToken ct)
    {
        string ev = "message";
        var data = new List<string>();
        while (true)
        {
            string? line = await reader.ReadLineAsync(ct);
            Assert.NotNull(line);
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    return new Frame(ev, string.Join("\n", data));
                }

                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                ev = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line[6..]);
            }
        }
    }
}
