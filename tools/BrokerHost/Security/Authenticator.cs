using System.Net;
using System.Text;
using NanoNode.BrokerHost.Mqtt;

namespace NanoNode.BrokerHost.Security;

/// <summary>
/// Decides CONNECT credentials: anonymous (allowed by <see cref="BrokerOptions.AllowAnonymous"/>, or in development
/// mode from a loopback address), a JWT as password (<see cref="JwtValidator"/>), or a user of <see cref="UserStore"/>.
/// Failed logins are throttled per address (<see cref="LoginThrottle"/>). Thread-safe; password checks are CPU-bound
/// (PBKDF2) and run on the calling connection's thread.
/// </summary>
public sealed class Authenticator
{
    private readonly BrokerOptions _options;
    private readonly UserStore? _users;
    private readonly JwtValidator _jwt;
    private readonly LoginThrottle _throttle;
    private readonly Dictionary<string, (byte[] Password, Principal Principal)> _internal = new(StringComparer.Ordinal);

    /// <summary>Creates the authenticator; <paramref name="users"/> may be null (no user database).</summary>
    public Authenticator(BrokerOptions options, UserStore? users, JwtValidator jwt)
    {
        _options = options;
        _users = users;
        _jwt = jwt;
        _throttle = new LoginThrottle(options.MaxLoginFailures, TimeSpan.FromSeconds(options.LoginFailureWindowSeconds));
    }

    /// <summary>
    /// Registers an in-memory user (the device manager's own admin login with a random password). Not stored.
    /// </summary>
    public void AddInternalUser(string name, string password, Principal principal)
    {
        lock (_internal)
        {
            _internal[name] = (Encoding.UTF8.GetBytes(password), principal);
        }
    }

    /// <summary>
    /// Returns CONNACK return code 0 with the principal, 4 (bad user name or password) or 5 (not authorized: anonymous
    /// not allowed, or the address is locked out after repeated failures) [MQTT-3.2.2-4].
    /// </summary>
    public (byte ReturnCode, Principal? Principal) Authenticate(string? userName, byte[]? password, IPAddress? remote)
    {
        remote ??= IPAddress.None;
        var now = DateTime.UtcNow;
        if (_throttle.IsLockedOut(remote, now))
        {
            return (5, null);
        }

        if (userName == null && password == null)
        {
            bool loopback = IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
            if (_options.AllowAnonymous || (_options.DevelopmentMode && loopback))
            {
                return (0, Principal.Anonymous);
            }

            return (5, null);
        }

        Principal? principal = null;
        if (password != null)
        {
            if (_jwt.Enabled && JwtValidator.LooksLikeJwt(password))
            {
                principal = _jwt.Validate(Encoding.ASCII.GetString(password), userName, DateTimeOffset.UtcNow);
            }
            else if (userName != null)
            {
                lock (_internal)
                {
                    if (_internal.TryGetValue(userName, out var u) && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(u.Password, password))
                    {
                        principal = u.Principal;
                    }
                }

                principal ??= _users?.Verify(userName, password);
            }
        }

        if (principal == null)
        {
            _throttle.Failure(remote, now);
            return (4, null);
        }

        _throttle.Success(remote);
        return (0, principal);
    }
}
