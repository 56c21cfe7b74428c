using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NanoNode.BrokerHost.History;
using NanoNode.Device.Config;

namespace NanoNode.BrokerHost.Devices;

/// <summary>
/// REST endpoints over the history, commands, the config schema and the live stream (issue 12):
/// <list type="bullet">
/// <item><c>GET /api/devices/{id}/telemetry?from&amp;to&amp;quantity&amp;step</c>: time series as JSON;
/// <c>GET /api/devices/{id}/telemetry.csv</c> the same as CSV (one row per time, one column per quantity).</item>
/// <item><c>GET /api/devices/{id}/events?from&amp;to&amp;limit&amp;type</c>: the device's event log, newest first.</item>
/// <item><c>POST /api/devices/{id}/cmd/{name}?wait=S</c>: sends read / scan / identify / reboot and waits for the ack.</item>
/// <item><c>GET /api/config/schema</c>: the node's config schema (types, ranges, defaults, which keys reconnect),
/// the telemetry quantities with names and units, the commands.</item>
/// <item><c>GET /api/stream</c>: Server-Sent Events: <c>devices</c> (every summary, once), then <c>device</c> (one
/// summary after each change) and <c>event</c> (each device event).</item>
/// </list>
/// Times: <c>from</c>/<c>to</c> take Unix milliseconds, ISO 8601, <c>now</c>, or a duration before now (<c>-1h</c>,
/// <c>-30m</c>, <c>-7d</c>, <c>-90s</c>); defaults: the last hour for telemetry, the last 7 days for events.
/// <c>step</c> is the bucket width (<c>60</c> seconds, or <c>5m</c>, <c>1h</c>); <c>0</c> or <c>raw</c> = every reading;
/// left out = raw up to 2 h, else about 1,000 buckets. Series times are Unix milliseconds (bucket start).
/// </summary>
public static class HistoryApi
{
    /// <summary>Ranges up to this long are returned raw when no step is given.</summary>
    public static readonly TimeSpan RawUpTo = TimeSpan.FromHours(2);

    /// <summary>Buckets aimed at when the step is chosen automatically.</summary>
    public const int AutoBuckets = 1000;

    /// <summary>Maps the endpoints (called by <see cref="DeviceApi.Map"/>).</summary>
    public static void Map(WebApplication app, DeviceManager manager)
    {
        app.MapGet("/api/devices/{id}/telemetry", (string id, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? quantity, [FromQuery] string? step) =>
                Telemetry(manager, id, from, to, quantity, step, csv: false))
            .WithSummary("Telemetry history as time series")
            .WithDescription("200 {\"id\",\"from\",\"to\",\"step_s\",\"series\":[{\"quantity\",\"name\",\"unit\",\"t\":[Unix ms],\"v\":[mean],\"min\":[],\"max\":[],\"n\":[count]}]}. "
                + "from/to: Unix ms, ISO 8601, now, or -1h / -30m / -7d (default: the last hour). quantity: comma-separated keys (default all). "
                + "step: seconds or 5m / 1h; 0 or raw = every reading; default raw up to 2 h, else ~1000 buckets (mean/min/max per bucket, computed in SQL). "
                + "400 bad parameter, 404 unknown device, 503 history off.")
            .WithTags("history").Produces(200, contentType: DeviceApi.JsonType).Produces(400, contentType: DeviceApi.JsonType).Produces(404, contentType: DeviceApi.JsonType);
        app.MapGet("/api/devices/{id}/telemetry.csv", (string id, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? quantity, [FromQuery] string? step) =>
                Telemetry(manager, id, from, to, quantity, step, csv: true))
            .WithSummary("Telemetry history as CSV: time (ISO 8601 UTC), unix_ms, one column per quantity (the bucket mean when downsampled)")
            .WithTags("history").Produces(200, contentType: "text/csv").Produces(400, contentType: DeviceApi.JsonType).Produces(404, contentType: DeviceApi.JsonType);
        app.MapGet("/api/devices/{id}/events", (string id, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] int? limit, [FromQuery] string? type) =>
                Events(manager, id, from, to, limit, type))
            .WithSummary("Device event log, newest first")
            .WithDescription("200 {\"id\",\"events\":[{\"id\",\"device\",\"ts\",\"time\",\"type\",...}]}. Types: online, offline (reason: clean, will (keep-alive timeout), will (socket closed), will (socket lost), unknown...), "
                + "config_push (rev, patch), config_ack (the ack: rev, result, errors), rollback (the rolled_back ack), command (cmd), command_ack (the ack), command_timeout. "
                + "from/to as for telemetry (default the last 7 days); limit 1..5000 (default 200).")
            .WithTags("history").Produces(200, contentType: DeviceApi.JsonType).Produces(404, contentType: DeviceApi.JsonType);
        app.MapPost("/api/devices/{id}/cmd/{name}", async (string id, string name, [FromQuery] double? wait, HttpContext ctx) =>
                await Command(manager, id, name, wait, ctx.RequestAborted).ConfigureAwait(false))
            .WithSummary("Send a command (read, scan, identify, reboot) and wait for the node's cmd/ack (?wait=S, default 10, at most 60)")
            .WithDescription("200 {\"id\",\"cmd\",\"state\":\"acked\",\"result\",\"ack\":{...}} (scan: ack.found = addresses); 504 {\"state\":\"no_ack\"}; 400 unknown command; 404 unknown device.")
            .WithTags("commands").Produces(200, contentType: DeviceApi.JsonType).Produces(400, contentType: DeviceApi.JsonType).Produces(404, contentType: DeviceApi.JsonType).Produces(504, contentType: DeviceApi.JsonType);
        app.MapGet("/api/config/schema", () => DeviceApi.Json(Schema(), 200))
            .WithSummary("The node's config schema: keys with type, range, default, applies live or on reconnect (transactional with rollback), secret; quantities; commands")
            .WithTags("config").Produces(200, contentType: DeviceApi.JsonType);
        app.MapGet("/api/stream", (HttpContext ctx, CancellationToken _) => StreamAsync(manager, ctx))
            .WithSummary("Live updates (Server-Sent Events): 'devices' once (array of summaries), then 'device' (a summary after a change) and 'event' (a device event)")
            .WithTags("devices").Produces(200, contentType: "text/event-stream");
    }

    /// <summary>The config schema document (from the firmware's <see cref="ConfigSchema"/>).</summary>
    public static JsonObject Schema()
    {
        var keys = new JsonArray();
        foreach (var k in ConfigSchema.Keys)
        {
            var o = new JsonObject
            {
                ["key"] = k.Name,
                ["type"] = k.Type switch { ConfigType.Integer => "integer", ConfigType.Boolean => "boolean", ConfigType.Number => "number", _ => "string" },
                ["applies"] = k.Name == "rev" ? "revision" : k.Reconnect ? "reconnect" : "live",
                ["reconnect"] = k.Reconnect,
                ["secret"] = k.Secret,
            };
            switch (k.Type)
            {
                case ConfigType.Integer:
                    o["min"] = (long)k.Min;
                    o["max"] = (long)k.Max;
                    o["default"] = (long)k.Default;
                    break;
                case ConfigType.Number:
                    o["min"] = k.Min;
                    o["max"] = k.Max;
                    o["default"] = k.Default;
                    o["decimals"] = k.Decimals;
                    break;
                case ConfigType.Boolean:
                    o["default"] = k.Default != 0;
                    break;
                default:
                    o["min_length"] = (int)k.Min;
                    o["max_length"] = (int)k.Max;
                    o["default"] = k.DefaultText ?? "";
                    o["chars"] = k.Chars switch { ConfigChars.Topic => "topic", ConfigChars.Host => "host", _ => "any" };
                    break;
            }

            keys.Add(o);
        }

        var quantities = new JsonArray();
        for (int q = 0; q < ConfigSchema.QuantityCount; q++)
        {
            string key = ConfigSchema.Quantities[q];
            var (name, unit) = Quantities.Describe(key);
            quantities.Add(new JsonObject { ["key"] = key, ["name"] = name, ["unit"] = unit, ["decimals"] = ConfigSchema.QuantityDecimals[q], ["deadband_key"] = "deadband_" + key });
        }

        return new JsonObject
        {
            ["version"] = ConfigSchema.Version,
            ["keys"] = keys,
            ["quantities"] = quantities,
            ["chips"] = new JsonArray(ConfigSchema.Chips.Select(c => (JsonNode)c).ToArray()),
            ["commands"] = new JsonArray(DeviceManager.Commands.Select(c => (JsonNode)c).ToArray()),
        };
    }

    /// <summary>
    /// Parses a time parameter: Unix milliseconds, ISO 8601, <c>now</c>, or <c>-&lt;n&gt;s|m|h|d</c> before <paramref name="now"/>.
    /// Null/empty gives <paramref name="fallback"/>. False for anything else.
    /// </summary>
    public static bool TryParseTime(string? text, DateTimeOffset now, DateTimeOffset fallback, out DateTimeOffset time)
    {
        time = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        text = text.Trim();
        if (text == "now")
        {
            time = now;
            return true;
        }

        if (text.StartsWith('-') && TryParseDuration(text[1..], out var ago))
        {
            time = now - ago;
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long ms))
        {
            try
            {
                time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                return false;
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    /// <summary>Parses <c>90</c> (seconds), <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>7d</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan span)
    {
        span = TimeSpan.Zero;
        if (text.Length == 0)
        {
            return false;
        }

        char unit = text[^1];
        double factor = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
        string number = factor == 0 ? text : text[..^1];
        if (factor == 0)
        {
            factor = 1;
        }

        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n) || !double.IsFinite(n) || n < 0 || n * factor > 400 * 86400.0)
        {
            return false;
        }

        span = TimeSpan.FromSeconds(n * factor);
        return true;
    }

    /// <summary>The bucket width for a range: the given step, or raw up to <see cref="RawUpTo"/>, else range / <see cref="AutoBuckets"/> (whole seconds).</summary>
    public static bool TryStep(string? text, TimeSpan range, out long stepMs)
    {
        stepMs = 0;
        if (string.IsNullOrWhiteSpace(text) || text == "auto")
        {
            stepMs = range <= RawUpTo ? 0 : (long)Math.Ceiling(range.TotalSeconds / AutoBuckets) * 1000;
            return true;
        }

        if (text == "raw")
        {
            return true;
        }

        if (!TryParseDuration(text.Trim(), out var span))
        {
            return false;
        }

        stepMs = (long)span.TotalMilliseconds;
        return true;
    }

    private static IResult Telemetry(DeviceManager manager, string id, string? from, string? to, string? quantity, string? step, bool csv)
    {
        if (manager.Find(id) == null)
        {
            return DeviceApi.Error(404, "unknown device " + id);
        }

        if (manager.History == null)
        {
            return DeviceApi.Error(503, "history is off (setting History)");
        }

        var now = DateTimeOffset.UtcNow;
        if (!TryParseTime(to, now, now, out var end) || !TryParseTime(from, now, end - TimeSpan.FromHours(1), out var start))
        {
            return DeviceApi.Error(400, "from/to: Unix milliseconds, ISO 8601, now, or -1h / -30m / -7d");
        }

        if (start > end)
        {
            return DeviceApi.Error(400, "from is after to");
        }

        if (!TryStep(step, end - start, out long stepMs))
        {
            return DeviceApi.Error(400, "step: seconds, or 30s / 5m / 1h / 1d, or raw");
        }

        string[]? names = string.IsNullOrWhiteSpace(quantity) ? null : quantity.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var series = manager.History.Query(id, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), names, stepMs);
        return csv ? Csv(id, series) : DeviceApi.Json(SeriesJson(id, start, end, stepMs, series), 200);
    }

    private static JsonObject SeriesJson(string id, DateTimeOffset start, DateTimeOffset end, long stepMs, IReadOnlyDictionary<string, IReadOnlyList<HistoryPoint>> series)
    {
        var list = new JsonArray();
        foreach (var (q, points) in series)
        {
            var (name, unit) = Quantities.Describe(q);
            var t = new JsonArray();
            var v = new JsonArray();
            var min = new JsonArray();
            var max = new JsonArray();
            var n = new JsonArray();
            foreach (var p in points)
            {
                t.Add(p.TimeMs);
                v.Add(Math.Round(p.Value, 4));
                min.Add(p.Min);
                max.Add(p.Max);
                n.Add(p.Count);
            }

            list.Add(new JsonObject { ["quantity"] = q, ["name"] = name, ["unit"] = unit, ["t"] = t, ["v"] = v, ["min"] = min, ["max"] = max, ["n"] = n });
        }

        return new JsonObject
        {
            ["id"] = id,
            ["from"] = start.ToUnixTimeMilliseconds(),
            ["to"] = end.ToUnixTimeMilliseconds(),
            ["step_s"] = stepMs / 1000.0,
            ["series"] = list,
        };
    }

    private static IResult Csv(string id, IReadOnlyDictionary<string, IReadOnlyList<HistoryPoint>> series)
    {
        var names = series.Keys.ToList();
        var rows = new SortedDictionary<long, double?[]>();
        for (int i = 0; i < names.Count; i++)
        {
            foreach (var p in series[names[i]])
            {
                if (!rows.TryGetValue(p.TimeMs, out var row))
                {
                    row = new double?[names.Count];
                    rows.Add(p.TimeMs, row);
                }

                row[i] = p.Value;
            }
        }

        var sb = new StringBuilder("time,unix_ms");
        foreach (string n in names)
        {
            sb.Append(',').Append(n);
        }

        sb.Append('\n');
        foreach (var (ts, row) in rows)
        {
            sb.Append(DateTimeOffset.FromUnixTimeMilliseconds(ts).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)).Append(',').Append(ts);
            foreach (var v in row)
            {
                sb.Append(',');
                if (v.HasValue)
                {
                    sb.Append(Math.Round(v.Value, 4).ToString("R", CultureInfo.InvariantCulture));
                }
            }

            sb.Append('\n');
        }

        return new CsvResult(sb.ToString(), id + "-telemetry.csv");
    }

    private static IResult Events(DeviceManager manager, string id, string? from, string? to, int? limit, string? type)
    {
        if (manager.Find(id) == null)
        {
            return DeviceApi.Error(404, "unknown device " + id);
        }

        if (manager.History == null)
        {
            return DeviceApi.Error(503, "history is off (setting History)");
        }

        var now = DateTimeOffset.UtcNow;
        if (!TryParseTime(to, now, now, out var end) || !TryParseTime(from, now, end - TimeSpan.FromDays(7), out var start))
        {
            return DeviceApi.Error(400, "from/to: Unix milliseconds, ISO 8601, now, or -1h / -30m / -7d");
        }

        int n = Math.Clamp(limit ?? 200, 1, 5000);
        var events = manager.History.Events(id, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), n, string.IsNullOrEmpty(type) ? null : type);
        return DeviceApi.Json(new JsonObject { ["id"] = id, ["events"] = new JsonArray(events.Select(e => (JsonNode)e.ToJson()).ToArray()) }, 200);
    }

    private static async Task<IResult> Command(DeviceManager manager, string id, string name, double? wait, CancellationToken ct)
    {
        if (manager.Find(id) == null)
        {
            return DeviceApi.Error(404, "unknown device " + id);
        }

        if (!DeviceManager.Commands.Contains(name))
        {
            return DeviceApi.Error(400, "unknown command " + name + " (read, scan, identify, reboot)");
        }

        double seconds = Math.Clamp(wait ?? 10, 0.1, 60);
        var ack = await manager.SendCommandAsync(id, name, TimeSpan.FromSeconds(seconds), ct).ConfigureAwait(false);
        if (ack == null)
        {
            return DeviceApi.Json(new JsonObject { ["id"] = id, ["cmd"] = name, ["state"] = "no_ack", ["timeout_s"] = seconds }, 504);
        }

        return DeviceApi.Json(new JsonObject { ["id"] = id, ["cmd"] = name, ["state"] = "acked", ["result"] = ack["result"]?.DeepClone(), ["ack"] = ack }, 200);
    }

    private static async Task StreamAsync(DeviceManager manager, HttpContext ctx)
    {
        ctx.Response.Headers.ContentType = "text/event-stream; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers["X-Accel-Buffering"] = "no";
        using var sub = manager.Feed.Subscribe();
        var ct = ctx.RequestAborted;
        var all = new JsonArray(manager.List().Select(d => (JsonNode)d.ToSummaryJson()).ToArray());
        await ctx.Response.WriteAsync("retry: 3000\nevent: devices\ndata: " + all.ToJsonString() + "\n\n", ct).ConfigureAwait(false);
        await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        var reader = sub.Channel.Reader;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // A comment line every 15 s keeps proxies and idle timeouts from closing the stream.
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                beat.CancelAfter(TimeSpan.FromSeconds(15));
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(beat.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await ctx.Response.WriteAsync(": ping\n\n", ct).ConfigureAwait(false);
                    await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                while (reader.TryRead(out string? frame))
                {
                    await ctx.Response.WriteAsync(frame, ct).ConfigureAwait(false);
                }

                await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
    }

    private sealed class CsvResult : IResult
    {
        private readonly string _text;
        private readonly string _fileName;

        public CsvResult(string text, string fileName)
        {
            _text = text;
            _fileName = fileName;
        }

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = 200;
            httpContext.Response.ContentType = "text/csv; charset=utf-8";
            httpContext.Response.Headers.ContentDisposition = "attachment; filename=\"" + _fileName + "\"";
            return httpContext.Response.WriteAsync(_text);
        }
    }
}
