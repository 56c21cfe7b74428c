using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;
using NanoNode.DeviceManager.Tests.Infrastructure;

namespace NanoNode.DeviceManager.Tests;

/// <summary>
/// HTTP authentication of the dashboard and REST API (issue 10 item 6): in --production every page and endpoint needs
/// an admin of the broker's user store (HTTP Basic, Bearer JWT, or the session cookie of POST /login with an
/// X-CSRF-Token header on unsafe requests); without credentials the API answers 401 and pages redirect to /login;
/// a device user gets 403; failed logins are throttled by the broker's Authenticator. Development mode is open on
/// loopback, but refuses cross-site unsafe requests.
/// </summary>
public sealed class HttpAuthTests
{
    private const string Secret = "http-auth-test-secret-0123456789";

    // addUsers: false on a restart over a data folder that has them (adding a user again ends its login sessions).
    private static Task<OwnBrokerEnvironment> Production(Action<NanoNode.BrokerHost.Mqtt.BrokerOptions>? more = null, string? dataDirectory = null, bool addUsers = true) =>
        OwnBrokerEnvironment.StartAsync(o =>
        {
            o.DevelopmentMode = false;
            o.JwtHmacSecret = Secret;
            more?.Invoke(o);
        }, dataDirectory, virtualDevices: 1, beforeStart: s =>
        {
            if (!addUsers)
            {
                return;
            }

            var users = s.Services.GetRequiredService<UserStore>();
            users.Add("boss", "boss-pw", true, null, 1000);
            users.Add("virtual-1", "dev-pw", false, "virtual-1", 1000);
        });

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    /// <summary>Production without credentials: 401 (with a Basic challenge) for the API and the OpenAPI document, 302 to /login for pages; /login itself is served.</summary>
    [Fact]
    public async Task Production_WithoutCredentials_401ForApi_RedirectForPages()
    {
        await using var env = await Production();
        using var http = env.Http();
        foreach (string path in new[] { "/api/devices", "/api/stats", "/openapi/v1.json", "/api/devices/virtual-1/telemetry", "/api/stream", "/api/config/schema" })
        {
            var r = await http.GetAsync(path);
            Assert.True(r.StatusCode == HttpStatusCode.Unauthorized, path + ": " + r.StatusCode);
            Assert.Contains("Basic", r.Headers.WwwAuthenticate.ToString());
        }

        var post = await http.PostAsync("/api/devices/virtual-1/cmd/read", null);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        var page = await http.GetAsync("/devices/virtual-1");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?return=%2Fdevices%2Fvirtual-1", page.Headers.Location!.OriginalString);
        var root = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        var login = await http.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("<script src=\"/assets/app.js\"", await login.Content.ReadAsStringAsync()); // the dashboard's sign-in view (tests/Ui.Tests)
        var session = await http.GetFromJsonAsync<JsonObject>("/api/session");
        Assert.Null((string?)session!["user"]);
        Assert.Equal("production", (string?)session["mode"]);
    }

    /// <summary>HTTP Basic: an admin gets in, a wrong password gets 401, a device user gets 403.</summary>
    [Fact]
    public async Task Production_Basic_AdminOnly()
    {
        await using var env = await Production();
        using var http = env.Http();
        using var ok = new HttpRequestMessage(HttpMethod.Get, "/api/devices") { Headers = { Authorization = Basic("boss", "boss-pw") } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(ok)).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/devices") { Headers = { Authorization = Basic("boss", "nope") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        using var device = new HttpRequestMessage(HttpMethod.Get, "/api/devices") { Headers = { Authorization = Basic("virtual-1", "dev-pw") } };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(device)).StatusCode);
        using var openapi = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json") { Headers = { Authorization = Basic("boss", "boss-pw") } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(openapi)).StatusCode);
    }

    /// <summary>
    /// The Basic cache remembers an accepted login only while the user's stored hash stays: a new password for the user
    /// (users add again) refuses the old one at once, and removing the user refuses the new one at once, cache on or off.
    /// </summary>
    [Theory]
    [InlineData(60)]
    [InlineData(0)]
    public async Task Production_Basic_EndsWithTheUser(int cacheSeconds)
    {
        await using var env = await Production(o => o.HttpBasicCacheSeconds = cacheSeconds);
        using var http = env.Http();
        var users = env.Server.Services.GetRequiredService<UserStore>();
        async Task<HttpStatusCode> Get(string password)
        {
            using var m = new HttpRequestMessage(HttpMethod.Get, "/api/stats") { Headers = { Authorization = Basic("boss", password) } };
            return (await http.SendAsync(m)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Get("boss-pw"));
        Assert.Equal(HttpStatusCode.OK, await Get("boss-pw"));
        users.Add("boss", "second-pw", true, null, 1000);
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("boss-pw"));
        Assert.Equal(HttpStatusCode.OK, await Get("second-pw"));
        Assert.True(users.Remove("boss"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("second-pw"));
    }

    /// <summary>Bearer JWT: an admin token with exp gets in; a device token gets 403; a token without exp, or signed with another key, gets 401.</summary>
    [Fact]
    public async Task Production_BearerJwt()
    {
        await using var env = await Production();
        using var http = env.Http();
        long exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        async Task<HttpStatusCode> Get(string token)
        {
            using var m = new HttpRequestMessage(HttpMethod.Get, "/api/devices") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
            return (await http.SendAsync(m)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Get(JwtValidator.CreateHs256(Secret, "ops", "admin", DateTimeOffset.UtcNow.AddHours(1))));
        Assert.Equal(HttpStatusCode.Forbidden, await Get(JwtValidator.CreateHs256(Secret, "virtual-1", "device", DateTimeOffset.UtcNow.AddHours(1))));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(Token(Secret, "{\"sub\":\"ops\",\"role\":\"admin\"}")));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(Token("another-secret-0123456789", $"{{\"sub\":\"ops\",\"role\":\"admin\",\"exp\":{exp}}}")));
    }

    /// <summary>
    /// Cookie session: POST /login (JSON) sets nanonode_session and returns the CSRF token; GET works with the cookie;
    /// an unsafe request with the cookie but without (or with a wrong) X-CSRF-Token is 403 and sends nothing; with the
    /// token the command is sent and acked. After POST /logout the cookie is worthless. A device user cannot log in (403).
    /// </summary>
    [Fact]
    public async Task Production_CookieSession_NeedsCsrfTokenForUnsafeRequests()
    {
        await using var env = await Production();
        var cookies = new CookieContainer();
        using var http = env.Http(cookies);
        var bad = await http.PostAsJsonAsync("/login", new { user = "virtual-1", password = "dev-pw" });
        Assert.Equal(HttpStatusCode.Forbidden, bad.StatusCode);
        var login = await http.PostAsJsonAsync("/login", new { user = "boss", password = "boss-pw" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        string csrf = (string)(await login.Content.ReadFromJsonAsync<JsonObject>())!["csrf_token"]!;
        var cookie = cookies.GetCookies(http.BaseAddress!)[HttpAuth.CookieName];
        Assert.NotNull(cookie);
        Assert.True(cookie!.HttpOnly);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/devices")).StatusCode);
        var session = await http.GetFromJsonAsync<JsonObject>("/api/session");
        Assert.Equal("boss", (string?)session!["user"]);
        Assert.Equal(csrf, (string?)session["csrf_token"]);

        Assert.True(await env.Manager.WaitAsync(m => m.Find("virtual-1")?.Status == "online", DeviceEnvironment.Wait));
        var noToken = await http.PostAsync("/api/devices/virtual-1/cmd/read", null);
        Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        using var wrongToken = new HttpRequestMessage(HttpMethod.Post, "/api/devices/virtual-1/cmd/read") { Headers = { { HttpAuth.CsrfHeader, "wrong" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(wrongToken)).StatusCode);
        Assert.True(env.Manager.History!.Flush(DeviceEnvironment.Wait));
        Assert.Empty(env.Manager.History!.Events("virtual-1", 0, long.MaxValue, 100, "command"));

        using var withToken = new HttpRequestMessage(HttpMethod.Post, "/api/devices/virtual-1/cmd/read") { Headers = { { HttpAuth.CsrfHeader, csrf } } };
        var sent = await http.SendAsync(withToken);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal("ok", (string?)(await sent.Content.ReadFromJsonAsync<JsonObject>())!["result"]);

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/logout") { Headers = { { HttpAuth.CsrfHeader, csrf } } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(logout)).StatusCode);
        var stolen = new CookieContainer();
        stolen.Add(http.BaseAddress!, new Cookie(HttpAuth.CookieName, cookie.Value));
        using var replay = env.Http(stolen);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/devices")).StatusCode);
    }

    /// <summary>
    /// A cookie session outlives a restart of the broker host on the same data folder (sessions are stored with the
    /// users, as a hash of the cookie); a user removed or given a new password loses its sessions at once; a JWT login's
    /// session keeps the token's principal.
    /// </summary>
    [Fact]
    public async Task Production_CookieSession_SurvivesRestart_EndsWithTheUser()
    {
        string data = DeviceEnvironment.NewDataDirectory();
        try
        {
            var boss = new CookieContainer();
            var deputy = new CookieContainer();
            var byToken = new CookieContainer();
            string token = JwtValidator.CreateHs256(Secret, "jwt-admin", "admin", DateTimeOffset.UtcNow.AddHours(1));
            await using (var env = await Production(dataDirectory: data))
            {
                env.Server.Services.GetRequiredService<UserStore>().Add("deputy", "deputy-pw", true, null, 1000);
                Assert.Equal(HttpStatusCode.OK, (await env.Http(boss).PostAsJsonAsync("/login", new { user = "boss", password = "boss-pw" })).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await env.Http(deputy).PostAsJsonAsync("/login", new { user = "deputy", password = "deputy-pw" })).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await env.Http(byToken).PostAsJsonAsync("/login", new { user = "jwt-admin", password = token })).StatusCode);
                Assert.Equal(3, env.Server.Services.GetRequiredService<UserStore>().LoginSessionCount(DateTimeOffset.UtcNow));
            }

            await using (var env = await Production(dataDirectory: data, addUsers: false))
            {
                using var asBoss = env.Http(boss);
                using var asDeputy = env.Http(deputy);
                using var asToken = env.Http(byToken);
                Assert.Equal(HttpStatusCode.OK, (await asBoss.GetAsync("/api/devices")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await asDeputy.GetAsync("/api/devices")).StatusCode);
                var session = await asToken.GetFromJsonAsync<JsonObject>("/api/session");
                Assert.Equal("jwt-admin", (string?)session!["user"]);
                Assert.Equal("cookie", (string?)session["auth"]);

                var users = env.Server.Services.GetRequiredService<UserStore>();
                users.Remove("deputy");
                Assert.Equal(HttpStatusCode.Unauthorized, (await asDeputy.GetAsync("/api/devices")).StatusCode);
                users.Add("boss", "new-pw", true, null, 1000);
                Assert.Equal(HttpStatusCode.Unauthorized, (await asBoss.GetAsync("/api/devices")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await asToken.GetAsync("/api/devices")).StatusCode);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// HTTPS (<c>--https-port</c>, the broker's TLS certificate): the same API; Basic works over it, and the session
    /// cookie of a login over HTTPS is marked Secure (over plain HTTP it cannot be).
    /// </summary>
    [Fact]
    public async Task Production_Https_BasicAndSecureCookie()
    {
        await using var env = await Production(o => o.HttpsPort = 0);
        Assert.True(env.Server.HttpsPort > 0);
        using var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert != null && cert.Subject.Contains("CN=localhost"),
        };
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{env.Server.HttpsPort}"), Timeout = DeviceEnvironment.Wait };
        Assert.Equal(HttpStatusCode.Unauthorized, (await https.GetAsync("/api/stats")).StatusCode);
        using var basic = new HttpRequestMessage(HttpMethod.Get, "/api/stats") { Headers = { Authorization = Basic("boss", "boss-pw") } };
        Assert.Equal(HttpStatusCode.OK, (await https.SendAsync(basic)).StatusCode);
        var login = await https.PostAsJsonAsync("/login", new { user = "boss", password = "boss-pw" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var session = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(HttpAuth.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A form login redirects (303) to the page asked for, and a failed one back to the login page with the error.</summary>
    [Fact]
    public async Task Production_FormLogin_RedirectsToReturnPath()
    {
        await using var env = await Production();
        using var http = env.Http(new CookieContainer());
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "boss", ["password"] = "boss-pw", ["return"] = "/devices/virtual-1" });
        var ok = await http.PostAsync("/login", form);
        Assert.Equal(HttpStatusCode.SeeOther, ok.StatusCode);
        Assert.Equal("/devices/virtual-1", ok.Headers.Location!.OriginalString);
        var offsite = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "boss", ["password"] = "x", ["return"] = "//evil.example/" });
        var failed = await http.PostAsync("/login", offsite);
        Assert.Equal(HttpStatusCode.SeeOther, failed.StatusCode);
        Assert.Equal("/login?error=401&return=%2F", failed.Headers.Location!.OriginalString);
    }

    /// <summary>
    /// Failed logins count in the broker's throttle: after MaxLoginFailures wrong passwords from one address, even the
    /// right password is refused with 429 (login and Basic); a session logged in before keeps working.
    /// </summary>
    [Fact]
    public async Task Production_FailedLoginsAreThrottled()
    {
        await using var env = await Production(o => o.MaxLoginFailures = 3);
        using var http = env.Http();
        using var earlier = env.Http(new CookieContainer());
        Assert.Equal(HttpStatusCode.OK, (await earlier.PostAsJsonAsync("/login", new { user = "boss", password = "boss-pw" })).StatusCode);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/login", new { user = "boss", password = "guess-" + i })).StatusCode);
        }

        Assert.Equal((HttpStatusCode)429, (await http.PostAsJsonAsync("/login", new { user = "boss", password = "boss-pw" })).StatusCode);
        using var basic = new HttpRequestMessage(HttpMethod.Get, "/api/devices") { Headers = { Authorization = Basic("boss", "boss-pw") } };
        Assert.Equal((HttpStatusCode)429, (await http.SendAsync(basic)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await earlier.GetAsync("/api/devices")).StatusCode);
    }

    /// <summary>
    /// Development mode: open on loopback (GET and POST without credentials), but an unsafe request a browser marks as
    /// cross-site (Sec-Fetch-Site) or with a foreign Origin is refused (403) and sends nothing; same-origin passes.
    /// </summary>
    [Fact]
    public async Task Development_OpenOnLoopback_CrossSitePostRefused()
    {
        await using var env = await OwnBrokerEnvironment.StartAsync(virtualDevices: 1);
        using var http = env.Http();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/devices")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.True(await env.Manager.WaitAsync(m => m.Find("virtual-1")?.Status == "online", DeviceEnvironment.Wait));

        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/devices/virtual-1/cmd/identify") { Headers = { { "Origin", "http://evil.example" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(foreign)).StatusCode);
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/devices/virtual-1/config") { Content = JsonContent.Create(new { interval_s = 7 }), Headers = { { "Sec-Fetch-Site", "cross-site" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(crossSite)).StatusCode);
        Assert.True(env.Manager.History!.Flush(DeviceEnvironment.Wait));
        Assert.Empty(env.Manager.History!.Events("virtual-1", 0, long.MaxValue, 100, "command"));
        Assert.Empty(env.Manager.History.Events("virtual-1", 0, long.MaxValue, 100, "config_push"));

        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/devices/virtual-1/cmd/identify")
        {
            Headers = { { "Origin", $"http://127.0.0.1:{env.HttpPort}" }, { "Sec-Fetch-Site", "same-origin" } },
        };
        var r = await http.SendAsync(sameOrigin);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("ok", (string?)(await r.Content.ReadFromJsonAsync<JsonObject>())!["result"]);
    }

    /// <summary>
    /// Development mode: a loopback client of MQTT over WebSocket is an anonymous admin, so a WebSocket upgrade a browser
    /// marks as coming from another site (Origin of another host) is refused (403); one without Origin (an MQTT client
    /// library) or from the same origin is accepted.
    /// </summary>
    [Fact]
    public async Task Development_CrossSiteWebSocketRefused()
    {
        await using var env = await OwnBrokerEnvironment.StartAsync(virtualDevices: 0);
        var uri = new Uri($"ws://127.0.0.1:{env.HttpPort}/mqtt");
        async Task<System.Net.WebSockets.WebSocketState> Open(string? origin)
        {
            using var ws = new System.Net.WebSockets.ClientWebSocket();
            ws.Options.AddSubProtocol("mqtt");
            if (origin != null)
            {
                ws.Options.SetRequestHeader("Origin", origin);
            }

            try
            {
                await ws.ConnectAsync(uri, CancellationToken.None);
                return ws.State;
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                return System.Net.WebSockets.WebSocketState.Closed;
            }
        }

        Assert.Equal(System.Net.WebSockets.WebSocketState.Closed, await Open("http://evil.example"));
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, await Open(null));
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, await Open($"http://127.0.0.1:{env.HttpPort}"));
    }

    /// <summary>
    /// Who is an anonymous admin: a loopback client in development mode, or any loopback client where the host has no
    /// user store (attach mode); never a client from another address, even in attach mode with --http-bind any (which a
    /// test cannot bind: servers in tests listen on 127.0.0.1 only, hence the rule is checked directly).
    /// </summary>
    [Theory]
    [InlineData("127.0.0.1", true, true, true)]
    [InlineData("::1", true, false, false)]
    [InlineData("::ffff:127.0.0.1", false, false, true)]
    [InlineData("192.168.1.20", true, true, false)]
    [InlineData("192.168.1.20", false, false, false)]
    [InlineData("10.0.0.5", false, true, false)]
    public void AnonymousOnlyFromLoopback(string remote, bool hasUserStore, bool developmentMode, bool allowed)
        => Assert.Equal(allowed, HttpAuth.AnonymousAllowed(IPAddress.Parse(remote), hasUserStore, developmentMode));

    private static string Token(string secret, string payload)
    {
        string signed = JwtValidator.ToBase64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")) + "." + JwtValidator.ToBase64Url(Encoding.UTF8.GetBytes(payload));
        return signed + "." + JwtValidator.ToBase64Url(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signed)));
    }
}
