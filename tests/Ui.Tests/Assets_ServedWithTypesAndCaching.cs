using System.Net;
using System.Net.Http.Headers;
using NanoNode.Ui.Tests.Infrastructure;

namespace NanoNode.Ui.Tests;

/// <summary>
/// The dashboard's files come from the host itself with their content types, an ETag honoured by If-None-Match (304),
/// Cache-Control, a strict Content-Security-Policy and nosniff; they name no other origin (the page works offline).
/// </summary>
public sealed class Assets_ServedWithTypesAndCaching
{
    [Fact]
    public async Task Run()
    {
        await using var host = await UiHost.StartAsync(devices: 1);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };
        var expected = new (string Path, string Type)[]
        {
            ("/", "text/html"), ("/devices/virtual-1", "text/html"), ("/login", "text/html"),
            ("/assets/app.js", "text/javascript"), ("/assets/chart.js", "text/javascript"),
            ("/assets/style.css", "text/css"), ("/assets/favicon.svg", "image/svg+xml"),
        };
        foreach (var (path, type) in expected)
        {
            using var r = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(type, r.Content.Headers.ContentType!.MediaType);
            var etag = r.Headers.ETag;
            Assert.NotNull(etag);
            Assert.False(etag!.IsWeak);
            Assert.Contains("no-cache", r.Headers.CacheControl!.ToString());
            string csp = string.Join(";", r.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Equal("nosniff", string.Join("", r.Headers.GetValues("X-Content-Type-Options")));

            string body = await r.Content.ReadAsStringAsync();
            string withoutSvgNamespace = body.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal);
            Assert.DoesNotContain("http://", withoutSvgNamespace);
            Assert.DoesNotContain("https://", withoutSvgNamespace);
            Assert.DoesNotContain("<script>", body); // no inline script (the policy would block it)

            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(etag);
            using var cached = await http.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
            Assert.Equal(etag, cached.Headers.ETag);

            using var other = new HttpRequestMessage(HttpMethod.Get, path);
            other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0123\""));
            using var changed = await http.SendAsync(other);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        using var missing = await http.GetAsync("/assets/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // The page loads under that policy with no violation and no script error.
        await using var browser = await BrowserSession.StartAsync(nameof(Assets_ServedWithTypesAndCaching));
        await browser.GotoAsync(host.Url + "/devices/virtual-1");
        await browser.WaitForAsync(".chartbox svg");
        await browser.GotoAsync(host.Url + "/");
        await browser.WaitForAsync("#fleet-rows tr[data-device]");
        Assert.Empty(await browser.ProblemsAsync());
    }
}
