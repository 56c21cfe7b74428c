using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NanoNode.DeviceManager.Tests.Infrastructure;

namespace NanoNode.DeviceManager.Tests;

/// <summary>The host serves an OpenAPI document (ASP.NET Core's OpenAPI support) describing every REST endpoint, /api/stats included, and the three ways to log in.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApi_DocumentsEveryEndpointAndTheLogins()
    {
        await using var env = await OwnBrokerEnvironment.StartAsync(virtualDevices: 0);
        var doc = await env.Http().GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.StartsWith("3.", (string?)doc!["openapi"]);
        var paths = doc["paths"]!.AsObject();
        var expected = new (string Path, string Method)[]
        {
            ("/api/devices", "get"), ("/api/devices/{id}", "get"), ("/api/devices/{id}/config", "post"),
            ("/api/devices/{id}/telemetry", "get"), ("/api/devices/{id}/telemetry.csv", "get"), ("/api/devices/{id}/events", "get"),
            ("/api/devices/{id}/cmd/{name}", "post"), ("/api/config/schema", "get"), ("/api/stream", "get"), ("/api/stats", "get"),
            ("/api/session", "get"), ("/login", "post"), ("/logout", "post"),
        };
        foreach (var (path, method) in expected)
        {
            Assert.True(paths[path]?[method] != null, path + " " + method + " missing; paths: " + string.Join(", ", paths.Select(p => p.Key)));
            Assert.False(string.IsNullOrEmpty((string?)paths[path]![method]!["summary"]), path + " has no summary");
        }

        var telemetry = paths["/api/devices/{id}/telemetry"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!).ToArray();
        Assert.Equal(new[] { "id", "from", "to", "quantity", "step" }, telemetry);
        var schemes = doc["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("basic", (string?)schemes["basic"]!["scheme"]);
        Assert.Equal("bearer", (string?)schemes["bearer"]!["scheme"]);
        Assert.Equal("nanonode_session", (string?)schemes["cookie"]!["name"]);
    }
}
