using Microsoft.Data.Sqlite;

namespace NanoNode.BrokerHost.Security;

/// <summary>
/// Broker users in SQLite (table "users" of &lt;data&gt;/users.db): name, role ("admin" or "device"), device id, PBKDF2
/// hash (<see cref="PasswordHasher"/>). The CLI ("users add/remove") and a running broker share the file; the broker
/// reads it on every login, so changes apply to the next CONNECT. Thread-safe (one connection per call).
/// </summary>
public sealed class UserStore
{
    private readonly string _connectionString;

    // A hash of a random password, checked when a name is unknown so that a refusal costs the same PBKDF2 work either
    // way and its timing does not tell which names exist. Made for the iteration count of a stored user (they share
    // one setting); replaced when that count changes.
    private volatile string? _decoy;

    /// <summary>Opens (creating if needed) the user database at <paramref name="path"/>.</summary>
    public UserStore(string path)
    {
        SqliteSetup.Init();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, role TEXT NOT NULL, device_id TEXT, hash TEXT NOT NULL)";
        cmd.ExecuteNonQuery();
    }

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
        cmd.CommandText = "INSERT OR REPLACE INTO users (name, role, device_id, hash) VALUES ($n, $r, $d, $h)";
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
        return cmd.ExecuteNonQuery() > 0;
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
