using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace NanoNode.BrokerHost.Devices;

/// <summary>
/// REST API of the device manager (JSON, System.Text.Json) and the dashboard page:
/// <list type="bullet">
/// <item><c>GET /api/devices</c>: array of summaries (id, status, board, firmware, config_rev, config_state, last telemetry).</item>
/// <item><c>GET /api/devices/{id}</c>: status, info, last telemetry + history, config, pending pushes, last ack; 404 when unknown.</item>
/// <item><c>POST /api/devices/{id}/config</c>: body = partial config object (key → value, <c>rev</c> optional); 202 with
/// the tracked revision (<c>{"id","rev","state":"pending"}</c>), then poll <c>GET /api/devices/{id}</c>. <c>?wait=S</c>
/// (≤ 60) waits up to S seconds for the ack and returns the push as it stands (200 once acked). 400 for a body that is
/// not a JSON object, 404 for an unknown device.</item>
/// <item><c>GET /</c>, <c>/devices/{id}</c>, <c>/login</c>, <c>/assets/*</c>: the dashboard (<see cref="Web.WebUi"/>).</item>
/// </list>
/// </summary>
public static class DeviceApi
{
    internal const string JsonType = "application/json; charset=utf-8";

    /// <summary>Maps the endpoints on <paramref name="app"/> (before it starts). No-op when no <see cref="DeviceManager"/> is registered.</summary>
    public static void Map(WebApplication app)
    {
        var manager = app.Services.GetService<DeviceManager>();
        if (manager == null)
        {
            return;
        }

        app.MapGet("/api/devices", () => Json(new JsonArray(manager.List().Select(d => (JsonNode)d.ToSummaryJson()).ToArray()), 200))
            .WithSummary("Every device: id, status, status_since, offline_reason, last_seen, board, firmware, config_rev, config_state, last_push, sensors, latest telemetry")
            .WithTags("devices").Produces(200, contentType: JsonType);
        app.MapGet("/api/devices/{id}", (string id) => manager.Find(id) is { } d ? Json(d.ToJson(), 200) : Error(404, "unknown device " + id))
            .WithSummary("One device: the summary plus info, config, pending pushes, last ack, push history, last command ack, recent telemetry")
            .WithTags("devices").Produces(200, contentType: JsonType).Produces(404, contentType: JsonType);
        app.MapPost("/api/devices/{id}/config", async (string id, HttpContext ctx, [FromQuery] double? wait) =>
        {
            if (manager.Find(id) == null)
            {
                return Error(404, "unknown device " + id);
            }

            JsonObject? patch;
            try
            {
                patch = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted).ConfigureAwait(false) as JsonObject;
            }
            catch (JsonException e)
            {
                return Error(400, "body is not JSON: " + e.Message);
            }

            if (patch == null)
            {
                return Error(400, "body must be a JSON object of config keys, e.g. {\"interval_s\": 10}");
            }

            if (patch.ContainsKey("rev") && !(patch["rev"] is JsonValue rv && rv.TryGetValue(out int _)))
            {
                return Error(400, "rev must be an integer (or left out: the manager uses the current rev + 1)");
            }

            var push = manager.PushConfig(id, patch);
            double waitS = Math.Clamp(wait ?? 0, 0, 60);
            if (waitS > 0)
            {
                var acked = await manager.WaitForAckAsync(id, push.Rev, TimeSpan.FromSeconds(waitS), ctx.RequestAborted).ConfigureAwait(false);
                if (acked != null)
                {
                    var body = acked.ToJson();
                    body["id"] = id;
                    return Json(body, 200);
                }
            }

            var pending = push.ToJson();
            pending["id"] = id;
            return Json(pending, 202);
        })
            .WithSummary("Push a config patch (JSON object of keys; rev optional = current + 1); ?wait=S (≤ 60) waits for the node's ack")
            .WithDescription("202 {\"id\",\"rev\",\"state\":\"pending\",...} without wait or when no ack came in time; 200 with the acked push (state applied / rejected / rolled_back / stale, errors per key). 400 not a JSON object, 404 unknown device.")
            .WithTags("config").Accepts<JsonObject>("application/json").Produces(200, contentType: JsonType).Produces(202, contentType: JsonType).Produces(400, contentType: JsonType).Produces(404, contentType: JsonType);
        HistoryApi.Map(app, manager);
        Web.WebUi.Map(app);
    }

    internal static IResult Json(JsonNode node, int status) => Results.Content(node.ToJsonString(), JsonType, null, status);

    internal static IResult Error(int status, string message) => Json(new JsonObject { ["error"] = message }, status);
}
