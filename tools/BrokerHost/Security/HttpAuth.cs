using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Mqtt;

namespace NanoNode.BrokerHost.Security;

/// <summary>
/// Authentication of the HTTP listener (dashboard, REST API, OpenAPI document), issue 10 item 6. Users are the broker's
/// (<see cref="Authenticator"/>: the user store, internal users, JWTs), and only admins get in. Three ways to log in:
/// <list type="bullet">
/// <item><c>Authorization: Basic</c> (user name and password; an accepted pair is remembered for
/// <see cref="BrokerOptions.HttpBasicCacheSeconds"/> so PBKDF2 does not run on every request, while the user's stored
/// hash stays the same: removing the user or giving it a new password ends it at once);</item>
/// <item><c>Authorization: Bearer &lt;JWT&gt;</c> (the broker's JWT rules, <c>role</c> = <c>admin</c>);</item>
/// <item>the cookie <see cref="CookieName"/> from <c>POST /login</c>; with it, unsafe methods (POST, PUT, PATCH, DELETE)
/// need the header <see cref="CsrfHeader"/> with the session's token (from the login answer or <c>GET /api/session</c>).</item>
/// </list>
/// Without credentials: anonymous access only in development mode from a loopback address (as for MQTT); otherwise
/// API paths answer 401 and pages redirect (302) to <c>/login</c>. A non-admin gets 403. Failed logins count in the
/// broker's login throttle (429 while the address is locked out). In every mode an unsafe request that a browser marks
/// as cross-site (<c>Sec-Fetch-Site</c>) or whose <c>Origin</c> is not this host is refused (403): the CSRF guard of
/// development mode, and a second line behind the token in production. MQTT over WebSocket authenticates at CONNECT.
/// </summary>
/// <remarks>
/// Thread-safe. Login sessions are kept in the user store's file (<see cref="UserStore.AddLoginSession"/>): they survive
/// a restart, and a removed user or a new password ends them at once; only a hash of each cookie is stored. Without a
/// user store they live in memory. At most 10,000 either way.
/// </remarks>
public sealed class HttpAuth
{
    /// <summary>Session cookie set by <c>POST /login</c>.</summary>
    public const string CookieName = "nanonode_session";

    /// <summary>Cookie with the session's CSRF token, readable by the page's scripts (double submit).</summary>
    public const string CsrfCookieName = "nanonode_csrf";

    /// <summary>Header that must carry the session's CSRF token on unsafe requests authenticated by the cookie.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>Key of the authenticated <see cref="Principal"/> in <c>HttpContext.Items</c>.</summary>
    public const string PrincipalItem = "nanonode.principal";

    private const int MaxSessions = 10_000;
    private const int MaxCachedBasic = 1_000;

    private readonly BrokerOptions? _options;
    private readonly Authenticator? _auth;
    private readonly UserStore? _users;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    // Good Basic logins by hash of "user\0password": the principal, until when, and the user's stored password hash at
    // the time (null for a user not in the store), which must still be current at every hit.
    private readonly ConcurrentDictionary<string, (Principal Principal, DateTime Expires, string? Hash)> _basicCache = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates the guard. Without <paramref name="auth"/> (attach mode: no user store in this process) requests from
    /// loopback are anonymous admins and every other request is refused (401), whatever address the listener binds.
    /// </summary>
    /// <paramref name="users"/>, when given, keeps the login sessions (else they live in memory).
    public HttpAuth(BrokerOptions? options, Authenticator? auth, ILogger<HttpAuth> log, UserStore? users = null)
    {
        _options = options;
        _auth = auth;
        _users = auth == null ? null : users;
        _log = log;
    }

    /// <summary>True when requests without credentials are refused (production, or a non-loopback client).</summary>
    public bool Production => _auth != null && _options is { DevelopmentMode: false };

    /// <summary>Live login sessions.</summary>
    public int SessionCount => _users?.LoginSessionCount(DateTimeOffset.UtcNow) ?? _sessions.Count;

    /// <summary>
    /// Adds the middleware and the endpoints <c>GET /login</c> (the login page), <c>POST /login</c>, <c>POST /logout</c>
    /// and <c>GET /api/session</c> to <paramref name="app"/>. Call before the app starts.
    /// </summary>
    public static void Use(WebApplication app)
    {
        var options = app.Services.GetService<BrokerOptions>();
        var auth = new HttpAuth(options, app.Services.GetService<Authenticator>(), app.Services.GetRequiredService<ILogger<HttpAuth>>(), app.Services.GetService<UserStore>());
        string wsPath = options?.WebSocketPath ?? "/mqtt";
        app.Use((ctx, next) => auth.Handle(ctx, next, wsPath));
        app.MapGet("/login", (HttpContext ctx) => Web.WebUi.Shell(ctx))
            .WithSummary("Login page (HTML form posting to /login)").WithTags("session").ExcludeFromDescription();
        app.MapPost("/login", (HttpContext ctx, CancellationToken _) => auth.LoginAsync(ctx))
            .WithSummary("Log in: form or JSON {\"user\",\"password\"}; sets the nanonode_session cookie")
            .WithDescription("JSON requests get 200 {\"user\",\"csrf_token\",\"expires\"}, 401 bad credentials, 403 not an admin, 429 locked out (failed-login throttle). Form posts are redirected (303) to `return` or to the login page with ?error=1.")
            .WithTags("session").DisableAntiforgery();
        app.MapPost("/logout", (HttpContext ctx) => auth.Logout(ctx))
            .WithSummary("Log out: ends the cookie session (needs X-CSRF-Token like every unsafe request)").WithTags("session");
        app.MapGet("/api/session", (HttpContext ctx) => auth.SessionInfo(ctx))
            .WithSummary("Who is logged in: {\"user\",\"admin\",\"auth\",\"mode\",\"csrf_token\"}; user null when not logged in")
            .WithTags("session");
    }

    private static bool IsPublic(PathString path) =>
        path == "/login" || path == "/api/session" || path == "/favicon.ico" || path.StartsWithSegments("/assets");

    private static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi");

    private static bool IsUnsafe(string method) => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    private async Task Handle(HttpContext ctx, Func<Task> next, string wsPath)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments(wsPath))
        {
            // MQTT over WebSocket authenticates at CONNECT; but where an anonymous loopback client is an admin, a page
            // of another site open in the developer's browser must not reach the broker through it.
            if (AnonymousAllowed(ctx.Connection.RemoteIpAddress) && CrossSite(ctx.Request) is { } wsWhy)
            {
                await Refuse(ctx, 403, "cross-site WebSocket refused (" + wsWhy + ")").ConfigureAwait(false);
                return;
            }

            await next().ConfigureAwait(false);
            return;
        }

        if (IsUnsafe(ctx.Request.Method) && CrossSite(ctx.Request) is { } why)
        {
            await Refuse(ctx, 403, "cross-site request refused (" + why + ")").ConfigureAwait(false);
            return;
        }

        if (IsPublic(path))
        {
            await next().ConfigureAwait(false);
            return;
        }

        var (principal, status, error) = await IdentifyAsync(ctx).ConfigureAwait(false);
        if (principal == null)
        {
            if (status == 0 && !IsApi(path) && (HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method)))
            {
                ctx.Response.Redirect("/login?return=" + Uri.EscapeDataString(path + ctx.Request.QueryString));
                return;
            }

            if (status is 0 or 401)
            {
                ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"NanoNode\", charset=\"UTF-8\"";
            }

            await Refuse(ctx, status == 0 ? 401 : status, error ?? "login required (HTTP Basic, Bearer JWT, or the session cookie from POST /login)").ConfigureAwait(false);
            return;
        }

        if (!principal.IsAdmin)
        {
            await Refuse(ctx, 403, "user " + principal.Name + " is not an admin").ConfigureAwait(false);
            return;
        }

        ctx.Items[PrincipalItem] = principal;
        await next().ConfigureAwait(false);
    }

    // Who the request is: (principal, 0, null); no credentials: (null, 0, null); refused: (null, status, message).
    private async ValueTask<(Principal? Principal, int Status, string? Error)> IdentifyAsync(HttpContext ctx)
    {
        var remote = ctx.Connection.RemoteIpAddress;
        string? header = ctx.Request.Headers.Authorization;
        if (!string.IsNullOrEmpty(header) && _auth != null)
        {
            return await FromAuthorizationAsync(header, remote).ConfigureAwait(false);
        }

        if (ctx.Request.Cookies.TryGetValue(CookieName, out string? token) && token != null && FindSession(token) is { } session)
        {
            if (IsUnsafe(ctx.Request.Method))
            {
                string? csrf = ctx.Request.Headers[CsrfHeader];
                if (csrf == null || !FixedEquals(csrf, session.Csrf))
                {
                    return (null, 403, "missing or wrong " + CsrfHeader + " header (the csrf_token of GET /api/session)");
                }
            }

            return (session.Principal, 0, null);
        }

        if (AnonymousAllowed(remote))
        {
            return (Principal.Anonymous, 0, null);
        }

        return (null, 0, null);
    }

    // Anonymous access: only from loopback, in development mode, or in attach mode (no user store in this process), where
    // a request from another machine has no way to log in and is refused (the listener may be bound beyond loopback).
    private bool AnonymousAllowed(IPAddress? remote) => AnonymousAllowed(remote, _auth != null && _options != null, _options is { DevelopmentMode: true });

    /// <summary>The rule above: a loopback <paramref name="remote"/>, and development mode or no user store.</summary>
    internal static bool AnonymousAllowed(IPAddress? remote, bool hasUserStore, bool developmentMode)
    {
        remote ??= IPAddress.None;
        bool loopback = IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
        return loopback && (!hasUserStore || developmentMode);
    }

    private async ValueTask<(Principal?, int, string?)> FromAuthorizationAsync(string header, IPAddress? remote)
    {
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            }
            catch (FormatException)
            {
                return (null, 401, "malformed Basic credentials");
            }

            int colon = decoded.IndexOf(':');
            if (colon <= 0)
            {
                return (null, 401, "malformed Basic credentials");
            }

            string user = decoded[..colon];
            string password = decoded[(colon + 1)..];
            string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(user + "\0" + password)));
            var now = DateTime.UtcNow;
            if (_basicCache.TryGetValue(key, out var cached) && cached.Expires > now)
            {
                // A removed user or a new password (a new stored hash) ends the cached login at once.
                if (cached.Hash == null || _users?.HashOf(user) == cached.Hash)
                {
                    return (cached.Principal, 0, null);
                }

                _basicCache.TryRemove(key, out _);
            }

            string? hashBefore = _users?.HashOf(user);
            var (code, principal) = await _auth!.AuthenticateAsync(user, Encoding.UTF8.GetBytes(password), remote).ConfigureAwait(false);
            if (code == 0 && principal != null)
            {
                int seconds = _options?.HttpBasicCacheSeconds ?? 60;
                if (seconds > 0)
                {
                    if (_basicCache.Count >= MaxCachedBasic)
                    {
                        _basicCache.Clear();
                    }

                    _basicCache[key] = (principal, now.AddSeconds(seconds), hashBefore);
                }

                return (principal, 0, null);
            }

            return Refused(code, user, remote);
        }

        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var (code, principal) = await _auth!.AuthenticateAsync(null, Encoding.ASCII.GetBytes(header[7..].Trim()), remote).ConfigureAwait(false);
            return code == 0 && principal != null ? (principal, 0, null) : Refused(code, "(bearer)", remote);
        }

        return (null, 401, "unsupported Authorization scheme (Basic or Bearer)");
    }

    private (Principal?, int, string?) Refused(byte code, string user, IPAddress? remote)
    {
        _log.LogInformation("HTTP login refused for {User} from {Remote} (code {Code})", user, remote, code);
        return code switch
        {
            5 => (null, 429, "too many failed logins from this address; try again later"),
            3 => (null, 503, "too many logins being checked; try again shortly"),
            _ => (null, 401, "bad user name or password"),
        };
    }

    private async Task LoginAsync(HttpContext ctx)
    {
        string? user = null, password = null, returnTo = null;
        bool json = ctx.Request.HasJsonContentType();
        if (json)
        {
            try
            {
                var body = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted).ConfigureAwait(false) as JsonObject;
                user = (string?)(body?["user"] ?? body?["username"]);
                password = (string?)body?["password"];
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                await Refuse(ctx, 400, "body must be a JSON object {\"user\",\"password\"}").ConfigureAwait(false);
                return;
            }
        }
        else if (ctx.Request.HasFormContentType)
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted).ConfigureAwait(false);
            user = form["user"].FirstOrDefault() ?? form["username"].FirstOrDefault();
            password = form["password"].FirstOrDefault();
            returnTo = form["return"].FirstOrDefault();
        }
        else
        {
            await Refuse(ctx, 415, "send application/json or a form").ConfigureAwait(false);
            return;
        }

        returnTo = SafeReturn(returnTo);
        if (string.IsNullOrEmpty(user) || password == null)
        {
            await LoginFailed(ctx, json, 400, "user and password are required", returnTo).ConfigureAwait(false);
            return;
        }

        if (_auth == null)
        {
            await LoginFailed(ctx, json, 404, "this host has no user store (attach mode): no login needed on loopback", returnTo).ConfigureAwait(false);
            return;
        }

        var remote = ctx.Connection.RemoteIpAddress;
        var (code, principal) = await _auth.AuthenticateAsync(user, Encoding.UTF8.GetBytes(password), remote).ConfigureAwait(false);
        if (code != 0 || principal == null)
        {
            var (_, status, error) = Refused(code, user, remote);
            await LoginFailed(ctx, json, status, error!, returnTo).ConfigureAwait(false);
            return;
        }

        if (!principal.IsAdmin)
        {
            await LoginFailed(ctx, json, 403, "user " + user + " is not an admin", returnTo).ConfigureAwait(false);
            return;
        }

        // A principal that is a stored user is checked against its current row at every request; a JWT login keeps
        // the principal the token gave.
        bool jwt = _options is { } o && (o.JwtHmacSecret != null || o.JwtRsaPublicKeyPath != null) && JwtValidator.LooksLikeJwt(Encoding.UTF8.GetBytes(password));
        bool ofUser = !jwt && _users?.Exists(principal.Name) == true;
        var session = NewSession(principal, ofUser);
        bool secure = ctx.Request.IsHttps;
        ctx.Response.Cookies.Append(CookieName, session.Token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = secure, Path = "/", Expires = session.Expires });
        ctx.Response.Cookies.Append(CsrfCookieName, session.Csrf, new CookieOptions { HttpOnly = false, SameSite = SameSiteMode.Strict, Secure = secure, Path = "/", Expires = session.Expires });
        _log.LogInformation("HTTP login of {User} from {Remote}", principal.Name, remote);
        if (json)
        {
            await Results.Json(new { user = principal.Name, csrf_token = session.Csrf, expires = session.Expires }).ExecuteAsync(ctx).ConfigureAwait(false);
        }
        else
        {
            ctx.Response.StatusCode = 303;
            ctx.Response.Headers.Location = returnTo;
        }
    }

    private static async Task LoginFailed(HttpContext ctx, bool json, int status, string error, string returnTo)
    {
        if (json)
        {
            await Refuse(ctx, status, error).ConfigureAwait(false);
            return;
        }

        ctx.Response.StatusCode = 303;
        ctx.Response.Headers.Location = "/login?error=" + status + "&return=" + Uri.EscapeDataString(returnTo);
    }

    // Only a local path ("/x", not "//host" or "/\host"), else "/".
    private static string SafeReturn(string? r) =>
        !string.IsNullOrEmpty(r) && r[0] == '/' && (r.Length == 1 || (r[1] != '/' && r[1] != '\\')) ? r : "/";

    private IResult Logout(HttpContext ctx)
    {
        if (ctx.Request.Cookies.TryGetValue(CookieName, out string? token) && token != null)
        {
            if (_users != null)
            {
                _users.RemoveLoginSession(token);
            }
            else
            {
                _sessions.TryRemove(token, out _);
            }
        }

        ctx.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
        ctx.Response.Cookies.Delete(CsrfCookieName, new CookieOptions { Path = "/" });
        return Results.Json(new { logged_out = true });
    }

    private IResult SessionInfo(HttpContext ctx)
    {
        string mode = _auth == null ? "attached" : _options is { DevelopmentMode: true } ? "development" : "production";
        Session? session = ctx.Request.Cookies.TryGetValue(CookieName, out string? token) && token != null ? FindSession(token) : null;
        if (session != null)
        {
            return Results.Json(new { user = session.Principal.Name, admin = session.Principal.IsAdmin, auth = "cookie", mode, csrf_token = session.Csrf, expires = session.Expires });
        }

        bool anonymous = AnonymousAllowed(ctx.Connection.RemoteIpAddress);
        return Results.Json(new { user = anonymous ? Principal.Anonymous.Name : null, admin = anonymous, auth = anonymous ? "anonymous" : "none", mode, csrf_token = (string?)null, expires = (DateTimeOffset?)null });
    }

    private Session NewSession(Principal principal, bool ofUser)
    {
        var now = DateTimeOffset.UtcNow;
        var s = new Session(Token(), Token(), principal, now.AddHours(_options?.HttpSessionHours ?? 12));
        if (_users != null)
        {
            _users.AddLoginSession(s.Token, s.Csrf, principal, ofUser, s.Expires);
            return s;
        }

        if (_sessions.Count >= MaxSessions)
        {
            foreach (var kv in _sessions)
            {
                if (kv.Value.Expires <= now)
                {
                    _sessions.TryRemove(kv.Key, out _);
                }
            }

            // Still full: drop the sessions that end first.
            foreach (var kv in _sessions.OrderBy(kv => kv.Value.Expires).Take(_sessions.Count - MaxSessions + 1).ToList())
            {
                _sessions.TryRemove(kv.Key, out _);
            }
        }

        _sessions[s.Token] = s;
        return s;
    }

    private Session? FindSession(string token)
    {
        if (_users != null)
        {
            return _users.FindLoginSession(token, DateTimeOffset.UtcNow) is { } found ? new Session(token, found.Csrf, found.Principal, found.Expires) : null;
        }

        if (!_sessions.TryGetValue(token, out var s))
        {
            return null;
        }

        if (s.Expires <= DateTimeOffset.UtcNow)
        {
            _sessions.TryRemove(token, out _);
            return null;
        }

        return s;
    }

    private static string Token() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    // Why an unsafe request is cross-site, or null. Browsers send Sec-Fetch-Site (and Origin) on such requests;
    // tools such as curl send neither and are not a CSRF vector.
    private static string? CrossSite(HttpRequest request)
    {
        string? site = request.Headers["Sec-Fetch-Site"];
        if (site != null && site != "same-origin" && site != "none")
        {
            return "Sec-Fetch-Site: " + site;
        }

        string? origin = request.Headers.Origin;
        if (origin == null)
        {
            return null;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var o))
        {
            return "Origin: " + origin;
        }

        string authority = o.IsDefaultPort ? o.Host : o.Host + ":" + o.Port;
        return string.Equals(authority, request.Host.Value, StringComparison.OrdinalIgnoreCase) ? null : "Origin: " + origin;
    }

    private static Task Refuse(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(new { error = message });
    }

    private sealed record Session(string Token, string Csrf, Principal Principal, DateTimeOffset Expires);
}
