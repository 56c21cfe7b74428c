using Microsoft.Data.Sqlite;

namespace NanoNode.BrokerHost.Security;

/// <summary>
/// Broker users in SQLite (table "users" of &lt;data&gt;/users.db): name, role ("admin" or "device"), device id, PBKDF2
/// hash (<see cref="PasswordHasher"/>). The CLI ("users add/remove") and a running broker share the file; the broker
/// reads it on every login, so changes apply to the next CONNECT. Thread-safe (one connection per call).
/// The dashboard's login sessions (<see cref="HttpAuth"/>) live in the same file (table "login_sessions"), so they
/// survive a restart and end when their user is removed or given a new password.
/// </summary>
public sealed class UserStore
{
    private readonly string _connectionString;
    private readonly int _maxLoginSessions;

    // A hash of a random password, checked when a name is unknown so that a refusal costs the same PBKDF2 work either
    // way and its timing does not tell which names exist. Made for the iteration count of a stored user (they share
    // one setting); replaced when that count changes.
    private volatile string? _decoy;

    /// <summary>
    /// Opens (creating if needed) the user database at <paramref name="path"/>, keeping at most
    /// <paramref name="maxLoginSessions"/> login sessions.
    /// </summary>
    public UserStore(string path, int maxLoginSessions = MaxLoginSessions)
    {
        _maxLoginSessions = Math.Max(1, maxLoginSessions);
        SqliteSetup.Init();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, role TEXT NOT NULL, device_id TEXT, hash TEXT NOT NULL);"
            + "CREATE TABLE IF NOT EXISTS login_sessions (token_hash TEXT PRIMARY KEY, csrf TEXT NOT NULL, name TEXT NOT NULL, admin INTEGER NOT NULL,"
            + " device_id TEXT, of_user INTEGER NOT NULL, expires_ms INTEGER NOT NULL)";
        cmd.ExecuteNonQuery();
    }

    /// <summary>Most login sessions kept by default; a new one beyond the bound replaces the one that ends first.</summary>
    public const int MaxLoginSessions = 10_000;

    /// <summary>Adds or replaces a user. Devices get their name as device id unless <paramref name="deviceId"/> is given.</summary>
    public void Add(string name, string password, bool admin, string? deviceId, int iterations)
    {
        string? id = admin ? null : deviceId ?? name;
        if (id != null && !Acl.IsValidDeviceId(id))
        {
            throw new ArgumentException($"'{id}' cannot be a device id (no '/', '+', '#', whitespace; 1..64 characters; not '{Acl.FleetLevel}')");
        }

        using var c = Open();
        using var cmd = c.CreateCommand();
        // A new password or role ends the user's login sessions.
        cmd.CommandText = "INSERT OR REPLACE INTO users (name, role, device_id, hash) VALUES ($n, $r, $d, $h); DELETE FROM login_sessions WHERE name = $n AND of_user = 1";
        cmd.Parameters.AddWithValue("$n", name);
        cmd.Parameters.AddWithValue("$r", admin ? "admin" : "device");
        cmd.Parameters.AddWithValue("$d", (object?)id ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$h", PasswordHasher.Hash(password, iterations));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Removes a user; false when there was none.</summary>
    public bool Remove(string name)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM users WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        bool removed = cmd.ExecuteNonQuery() > 0;
        cmd.CommandText = "DELETE FROM login_sessions WHERE name = $n AND of_user = 1";
        cmd.ExecuteNonQuery();
        return removed;
    }

    /// <summary>
    /// The stored password hash of <paramref name="name"/>, or null when there is no such user: changes whenever the
    /// user is added again (new salt), so a cache of good logins can tell that its entry is stale.
    /// </summary>
    public string? HashOf(string name)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT hash FROM users WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>True when <paramref name="name"/> is a user of this store.</summary>
    public bool Exists(string name)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM users WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return cmd.ExecuteScalar() != null;
    }

    /// <summary>All users (name, role, device id).</summary>
    public List<(string Name, string Role, string? DeviceId)> List()
    {
        var result = new List<(string, string, string?)>();
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name, role, device_id FROM users ORDER BY name";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            result.Add((r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));
        }

        return result;
    }

    /// <summary>The principal for <paramref name="name"/> when <paramref name="password"/> matches, else null.</summary>
    public Principal? Verify(string name, ReadOnlySpan<byte> password)
    {
        string role;
        string? deviceId;
        string hash;
        using (var c = Open())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT role, device_id, hash FROM users WHERE name = $n";
            cmd.Parameters.AddWithValue("$n", name);
            using var r = cmd.ExecuteReader();
            if (!r.Read())
            {
                r.Close();
                PasswordHasher.Verify(password, Decoy(c));
                return null;
            }

            role = r.GetString(0);
            deviceId = r.IsDBNull(1) ? null : r.GetString(1);
            hash = r.GetString(2);
        }

        if (!PasswordHasher.Verify(password, hash))
        {
            return null;
        }

        if (role == "admin")
        {
            return new Principal(name, true, null);
        }

        // A row written before a rule was added (e.g. device id "all") grants nothing.
        deviceId ??= name;
        return Acl.IsValidDeviceId(deviceId) ? new Principal(name, false, deviceId) : null;
    }

    /// <summary>
    /// Stores a login session. Only a hash of <paramref name="token"/> is kept (a copy of the file does not hand out live
    /// cookies). <paramref name="ofUser"/>: the principal is a user of this store, whose current row decides at every
    /// lookup (removed = session over); otherwise (a JWT or internal login) the principal is kept as given.
    /// </summary>
    public void AddLoginSession(string token, string csrf, Principal principal, bool ofUser, DateTimeOffset expires)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var c = Open();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "DELETE FROM login_sessions WHERE expires_ms <= $now;"
            + "DELETE FROM login_sessions WHERE token_hash IN (SELECT token_hash FROM login_sessions ORDER BY expires_ms"
            + " LIMIT max(0, (SELECT count(*) FROM login_sessions) - $max + 1));"
            + "INSERT OR REPLACE INTO login_sessions (token_hash, csrf, name, admin, device_id, of_user, expires_ms) VALUES ($h, $c, $n, $a, $d, $u, $e)";
        cmd.Parameters.AddWithValue("$now", now);
        cmd.Parameters.AddWithValue("$max", _maxLoginSessions);
        cmd.Parameters.AddWithValue("$h", TokenHash(token));
        cmd.Parameters.AddWithValue("$c", csrf);
        cmd.Parameters.AddWithValue("$n", principal.Name);
        cmd.Parameters.AddWithValue("$a", principal.IsAdmin ? 1 : 0);
        cmd.Parameters.AddWithValue("$d", (object?)principal.DeviceId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$u", ofUser ? 1 : 0);
        cmd.Parameters.AddWithValue("$e", expires.ToUnixTimeMilliseconds());
        cmd.ExecuteNonQuery();
        tx.Commit();
    }

    /// <summary>
    /// The live login session of <paramref name="token"/>: who it is now (a user's current role), its CSRF token and
    /// end; null when there is none, it has ended (then it is deleted), or its user is gone.
    /// </summary>
    public (Principal Principal, string Csrf, DateTimeOffset Expires)? FindLoginSession(string token, DateTimeOffset now)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT s.csrf, s.expires_ms, s.name, s.admin, s.device_id, s.of_user, u.role, u.device_id"
            + " FROM login_sessions s LEFT JOIN users u ON u.name = s.name WHERE s.token_hash = $h";
        cmd.Parameters.AddWithValue("$h", TokenHash(token));
        string csrf;
        long expires;
        Principal principal;
        using (var r = cmd.ExecuteReader())
        {
            if (!r.Read())
            {
                return null;
            }

            csrf = r.GetString(0);
            expires = r.GetInt64(1);
            string name = r.GetString(2);
            if (r.GetInt64(5) == 0)
            {
                principal = new Principal(name, r.GetInt64(3) != 0, r.IsDBNull(4) ? null : r.GetString(4));
            }
            else if (r.IsDBNull(6))
            {
                expires = 0; // the user was removed
                principal = Principal.Anonymous;
            }
            else
            {
                principal = r.GetString(6) == "admin" ? new Principal(name, true, null) : new Principal(name, false, r.IsDBNull(7) ? name : r.GetString(7));
            }
        }

        if (expires <= now.ToUnixTimeMilliseconds())
        {
            cmd.CommandText = "DELETE FROM login_sessions WHERE token_hash = $h";
            cmd.ExecuteNonQuery();
            return null;
        }

        return (principal, csrf, DateTimeOffset.FromUnixTimeMilliseconds(expires));
    }

    /// <summary>Ends the login session of <paramref name="token"/> (nothing when there is none).</summary>
    public void RemoveLoginSession(string token)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM login_sessions WHERE token_hash = $h";
        cmd.Parameters.AddWithValue("$h", TokenHash(token));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Login sessions that have not ended at <paramref name="now"/>.</summary>
    public int LoginSessionCount(DateTimeOffset now)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM login_sessions WHERE expires_ms > $now";
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string TokenHash(string token) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    // The decoy hash for an unknown name: same scheme and iteration count as a stored user's hash (the default
    // PasswordIterations when there is none).
    private string Decoy(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT hash FROM users LIMIT 1";
        int iterations = cmd.ExecuteScalar() is string stored ? PasswordHasher.IterationsOf(stored) ?? DefaultIterations : DefaultIterations;
        var decoy = _decoy;
        if (decoy == null || PasswordHasher.IterationsOf(decoy) != iterations)
        {
            _decoy = decoy = PasswordHasher.Hash(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), iterations);
        }

        return decoy;
    }

    private static int DefaultIterations => new Mqtt.BrokerOptions().PasswordIterations;

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }
}

/// <summary>One-time SQLite native library initialisation (SQLitePCLRaw bundle).</summary>
public static class SqliteSetup
{
    private static int _done;

    /// <summary>Initialises the e_sqlite3 provider once per process.</summary>
    public static void Init()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            SQLitePCL.Batteries_V2.Init();
        }
    }
}
