using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace NanoNode.BrokerHost.Web;

/// <summary>
/// The dashboard's static files (issue 12): <c>Web/Assets/*</c>, embedded in this assembly (no files on disk, no CDN,
/// no build step: plain HTML, CSS and JavaScript, the charts drawn by the page's own <c>chart.js</c> as SVG), served by
/// <see cref="Map"/>:
/// <list type="bullet">
/// <item><c>GET /</c>, <c>GET /devices/{id}</c>: the page shell (<c>index.html</c>, see <see cref="Shell"/>; <c>GET /login</c>
/// serves it too, mapped by <c>Security.HttpAuth</c>, which lets it and <c>/assets</c> through without a login);
/// <c>app.js</c> picks the view from the path.</item>
/// <item><c>GET /assets/{file}</c>: <c>app.js</c>, <c>chart.js</c>, <c>style.css</c>, <c>favicon.svg</c>.</item>
/// </list>
/// Every response carries its content type, a strong ETag (SHA-256 of the bytes) and <c>Cache-Control: no-cache</c>
/// (the browser keeps the file and revalidates; an unchanged file costs a 304), a Content-Security-Policy that allows
/// only this origin's scripts, styles and connections (no inline script or style, no framing), <c>nosniff</c> and
/// <c>no-referrer</c>. Unknown asset names get 404.
/// </summary>
public static class WebUi
{
    /// <summary>The policy sent with every dashboard response.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private const string ResourcePrefix = "NanoNode.BrokerHost.Web.Assets.";

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    };

    private static readonly Lazy<IReadOnlyDictionary<string, Asset>> Assets = new(Load);

    /// <summary>The embedded file names (e.g. <c>app.js</c>), for tests.</summary>
    public static IEnumerable<string> Names => Assets.Value.Keys;

    /// <summary>Maps the page routes and <c>/assets/{file}</c> on <paramref name="app"/> (before it starts).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext ctx) => Shell(ctx)).ExcludeFromDescription();
        app.MapGet("/devices/{id}", (HttpContext ctx) => Shell(ctx)).ExcludeFromDescription();
        app.MapGet("/assets/{file}", (HttpContext ctx, string file) => Serve(ctx, file)).ExcludeFromDescription();
    }

    /// <summary>The page shell (<c>index.html</c>) with the headers above; also what <c>GET /login</c> serves (HttpAuth maps it).</summary>
    public static IResult Shell(HttpContext ctx) => Serve(ctx, "index.html");

    private static IResult Serve(HttpContext ctx, string name)
    {
        if (!Assets.Value.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        var headers = ctx.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        foreach (var tag in ctx.Request.Headers.IfNoneMatch)
        {
            if (tag != null && (tag.Contains(asset.ETag, StringComparison.Ordinal) || tag.Trim() == "*"))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
        }

        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static IReadOnlyDictionary<string, Asset> Load()
    {
        var assembly = typeof(WebUi).Assembly;
        var map = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            string name = resource[ResourcePrefix.Length..];
            if (!Types.TryGetValue(Path.GetExtension(name), out string? type))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            byte[] bytes = copy.ToArray();
            string etag = "\"" + Convert.ToHexString(SHA256.HashData(bytes), 0, 16).ToLowerInvariant() + "\"";
            map[name] = new Asset(bytes, type, etag);
        }

        return map;
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
