using System.Net;
using System.Text;
using NanoNode.BrokerHost.Mqtt;

namespace NanoNode.BrokerHost.Security;

/// <summary>
/// Decides CONNECT credentials: anonymous (allowed by <see cref="BrokerOptions.AllowAnonymous"/>, or in development
/// mode from a loopback address), a JWT as password (<see cref="JwtValidator"/>), or a user of <see cref="UserStore"/>.
/// Failed logins are throttled per (user name, address) and, with a higher ceiling, per address (<see cref="LoginThrottle{TKey}"/>);
/// a success clears only its own (user name, address) record. Password (PBKDF2) checks are CPU-bound: at most
/// <see cref="BrokerOptions.MaxConcurrentPasswordChecks"/> run at once, on the thread pool, while the callers await
/// (at most <see cref="BrokerOptions.MaxQueuedPasswordChecks"/> waiting; beyond that a login is refused at once with
/// CONNACK 3), so a login flood cannot take every thread from the connections being served. Thread-safe.
/// </summary>
public sealed class Authenticator
{
    private readonly BrokerOptions _options;
    private readonly UserStore? _users;
    private readonly JwtValidator _jwt;
    private readonly LoginThrottle<(string User, IPAddress Address)> _userThrottle;
    private readonly LoginThrottle<IPAddress> _addressThrottle;
    private readonly SemaphoreSlim _checkSlots;
    private readonly Dictionary<string, (byte[] Password, Principal Principal)> _internal = new(StringComparer.Ordinal);
    private int _waiting;
    private int _running;
    private int _peakRunning;

    /// <summary>Creates the authenticator; <paramref name="users"/> may be null (no user database).</summary>
    public Authenticator(BrokerOptions options, UserStore? users, JwtValidator jwt)
    {
        _options = options;
        _users = users;
        _jwt = jwt;
        var window = TimeSpan.FromSeconds(options.LoginFailureWindowSeconds);
        _userThrottle = new LoginThrottle<(string, IPAddress)>(options.MaxLoginFailures, window);
        _addressThrottle = new LoginThrottle<IPAddress>(Math.Max(options.MaxLoginFailures, options.MaxLoginFailuresPerAddress), window);
        _checkSlots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentPasswordChecks));
    }

    /// <summary>The most password checks seen running at once since start (diagnostics, tests).</summary>
    public int PeakConcurrentPasswordChecks => Volatile.Read(ref _peakRunning);

    /// <summary>Password checks run since start (diagnostics, tests).</summary>
    public long PasswordChecks => Interlocked.Read(ref _checks);

    private long _checks;

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
    /// Returns CONNACK return code 0 with the principal, 3 (server unavailable: too many password checks waiting),
    /// 4 (bad user name or password) or 5 (not authorized: anonymous not allowed, or this user from this address, or
    /// the whole address, is locked out after repeated failures) [MQTT-3.2.2-4]. Completes synchronously unless a
    /// password hash must be checked; that runs on the thread pool within the concurrency bound.
    /// </summary>
    public ValueTask<(byte ReturnCode, Principal? Principal)> AuthenticateAsync(string? userName, byte[]? password, IPAddress? remote)
    {
        remote ??= IPAddress.None;
        var now = DateTime.UtcNow;
        var userKey = (userName ?? "", remote);
        if (_addressThrottle.IsLockedOut(remote, now) || _userThrottle.IsLockedOut(userKey, now))
        {
            return new((5, null));
        }

        if (userName == null && password == null)
        {
            bool loopback = IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
            if (_options.AllowAnonymous || (_options.DevelopmentMode && loopback))
            {
                return new((0, Principal.Anonymous));
            }

            return new((5, null));
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

                if (principal == null && _users != null)
                {
                    return CheckPasswordAsync(userName, password, userKey);
                }
            }
        }

        return new(Conclude(principal, userKey));
    }

    // Records the outcome with the throttles.
    private (byte, Principal?) Conclude(Principal? principal, (string, IPAddress) userKey)
    {
        var now = DateTime.UtcNow;
        if (principal == null)
        {
            _userThrottle.Failure(userKey, now);
            _addressThrottle.Failure(userKey.Item2, now);
            return (4, null);
        }

        _userThrottle.Success(userKey);
        return (0, principal);
    }

    // A PBKDF2 check in one of the bounded slots, off the caller's thread.
    private async ValueTask<(byte, Principal?)> CheckPasswordAsync(string userName, byte[] password, (string, IPAddress) userKey)
    {
        if (Interlocked.Increment(ref _waiting) > Math.Max(1, _options.MaxQueuedPasswordChecks))
        {
            Interlocked.Decrement(ref _waiting);
            return (3, null);
        }

        await _checkSlots.WaitAsync().ConfigureAwait(false);
        Interlocked.Decrement(ref _waiting);
        try
        {
            // Re-checked: failures recorded while this one waited may have locked the key out.
            var now = DateTime.UtcNow;
            if (_addressThrottle.IsLockedOut(userKey.Item2, now) || _userThrottle.IsLockedOut(userKey, now))
            {
                return (5, null);
            }

            int running = Interlocked.Increment(ref _running);
            int peak;
            while (running > (peak = Volatile.Read(ref _peakRunning)) && Interlocked.CompareExchange(ref _peakRunning, running, peak) != peak)
            {
            }

            Principal? principal;
            try
            {
                // Off the connection's reader: the check runs on a pool thread of its own.
                principal = await Task.Run(() => _users!.Verify(userName, password)).ConfigureAwait(false);
                Interlocked.Increment(ref _checks);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }

            return Conclude(principal, userKey);
        }
        finally
        {
            _checkSlots.Release();
        }
    }
}
