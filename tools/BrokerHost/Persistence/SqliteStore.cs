using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Mqtt;
using NanoNode.BrokerHost.Security;

namespace NanoNode.BrokerHost.Persistence;

/// <summary>
/// <see cref="IBrokerStore"/> on SQLite (&lt;data&gt;/broker.db, WAL journal, synchronous=NORMAL: a committed
/// transaction survives a killed process; an operating system crash may lose the last commits). One writer thread takes
/// every queued operation available, runs them in one transaction, commits, then runs their completions in order
/// (group commit: acknowledgements wait for the commit, throughput does not wait per message).
/// </summary>
public sealed class SqliteStore : IBrokerStore, IStoreWriter
{
    private const int MaxBatch = 4096;

    private readonly ConcurrentQueue<Op> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly SqliteConnection _db;
    private readonly Thread _thread;
    private readonly ILogger _log;
    private readonly Dictionary<string, SqliteCommand> _commands = new();
    private long _rowId;
    private SqliteTransaction? _tx;
    private volatile bool _stopping;

    /// <summary>Opens or creates the database at <paramref name="path"/> and starts the writer thread.</summary>
    public SqliteStore(string path, ILogger<SqliteStore> log)
    {
        SqliteSetup.Init();
        _log = log;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _db.Open();
        Exec("PRAGMA journal_mode=WAL");
        Exec("PRAGMA synchronous=NORMAL");
        Exec(@"CREATE TABLE IF NOT EXISTS retained (topic TEXT PRIMARY KEY, payload BLOB NOT NULL, qos INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (client_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS subscriptions (client_id TEXT NOT NULL, filter TEXT NOT NULL, qos INTEGER NOT NULL, PRIMARY KEY (client_id, filter));
CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, client_id TEXT NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL,
  qos INTEGER NOT NULL, retain INTEGER NOT NULL, packet_id INTEGER NOT NULL DEFAULT 0, released INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS messages_client ON messages (client_id);
CREATE TABLE IF NOT EXISTS inbound (client_id TEXT NOT NULL, packet_id INTEGER NOT NULL, PRIMARY KEY (client_id, packet_id));
CREATE TABLE IF NOT EXISTS wills (id INTEGER PRIMARY KEY, client_id TEXT NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL,
  qos INTEGER NOT NULL, retain INTEGER NOT NULL, properties BLOB, due_at INTEGER NOT NULL);");
        // Databases from before session owners (issue 10): add the column; such sessions have no owner until claimed.
        AddColumn("sessions", "owner", "TEXT");

        // Databases from before MQTT 5 state (issue 11): added columns, every existing row kept; their defaults mean
        // what such a row meant before: no properties, never expires, subscription options 0 and no identifier, a
        // session that never expires and whose end is unknown (treated as ended at start-up).
        AddColumn("sessions", "expiry_ms", "INTEGER NOT NULL DEFAULT 0");
        AddColumn("sessions", "detached_at", "INTEGER NOT NULL DEFAULT 0");
        AddColumn("subscriptions", "options", "INTEGER NOT NULL DEFAULT 0");
        AddColumn("subscriptions", "subscription_id", "INTEGER NOT NULL DEFAULT 0");
        AddColumn("messages", "properties", "BLOB");
        AddColumn("messages", "expires_at", "INTEGER NOT NULL DEFAULT 0");
        AddColumn("retained", "properties", "BLOB");
        AddColumn("retained", "expires_at", "INTEGER NOT NULL DEFAULT 0");

        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT MAX(COALESCE((SELECT MAX(id) FROM messages), 0), COALESCE((SELECT MAX(id) FROM wills), 0))";
            _rowId = (long)cmd.ExecuteScalar()!;
        }

        _thread = new Thread(WriterLoop) { IsBackground = true, Name = "broker-store" };
        _thread.Start();
    }

    /// <inheritdoc />
    public bool Enabled => true;

    /// <summary>Transactions committed (diagnostics).</summary>
    public long Commits { get; private set; }

    /// <inheritdoc />
    public long NextRowId() => Interlocked.Increment(ref _rowId);

    /// <inheritdoc />
    public void Run(Action<IStoreWriter>? execute, Action? completed)
    {
        _queue.Enqueue(new Op(execute, completed));
        _signal.Release();
    }

    /// <inheritdoc />
    public void DeleteMessage(long rowId) => Run(w => w.DeleteMessage(rowId), null);

    /// <inheritdoc />
    public StoreSnapshot Load()
    {
        var s = new StoreSnapshot();
        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT topic, payload, qos, properties, expires_at FROM retained";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                s.Retained.Add(new BrokerMessage(r.GetString(0), (byte[])r[1], (byte)r.GetInt64(2), true)
                {
                    Properties = r.IsDBNull(3) ? null : (byte[])r[3],
                    ExpiresAt = StoreClock.ToTicks(r.GetInt64(4)),
                });
            }
        }

        StoredSession Get(string id) => s.Sessions.TryGetValue(id, out var x) ? x : s.Sessions[id] = new StoredSession();
        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT client_id, owner, expiry_ms, detached_at FROM sessions";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var session = Get(r.GetString(0));
                session.Owner = r.IsDBNull(1) ? null : r.GetString(1);
                session.ExpiryMs = r.GetInt64(2);
                session.DetachedAtUnixMs = r.GetInt64(3);
            }
        }

        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT client_id, filter, qos, options, subscription_id FROM subscriptions";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                Get(r.GetString(0)).Subscriptions[r.GetString(1)] = new StoredSubscription((byte)r.GetInt64(2), (byte)r.GetInt64(3), (int)r.GetInt64(4));
            }
        }

        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT id, client_id, topic, payload, qos, retain, packet_id, released, properties, expires_at FROM messages ORDER BY id";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var m = new BrokerMessage(r.GetString(2), (byte[])r[3], (byte)r.GetInt64(4), r.GetInt64(5) != 0)
                {
                    Properties = r.IsDBNull(8) ? null : (byte[])r[8],
                    ExpiresAt = StoreClock.ToTicks(r.GetInt64(9)),
                };
                Get(r.GetString(1)).Messages.Add(new StoredMessage(r.GetInt64(0), m, (byte)r.GetInt64(4), r.GetInt64(5) != 0, (ushort)r.GetInt64(6), r.GetInt64(7) != 0));
            }
        }

        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT id, client_id, topic, payload, qos, retain, properties, due_at FROM wills ORDER BY id";
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    var will = new BrokerMessage(r.GetString(2), (byte[])r[3], (byte)r.GetInt64(4), r.GetInt64(5) != 0) { Properties = r.IsDBNull(6) ? null : (byte[])r[6] };
                    s.Wills.Add(new StoredWill(r.GetInt64(0), r.GetString(1), will, r.GetInt64(7)));
                }
            }
        }

        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT client_id, packet_id FROM inbound";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                Get(r.GetString(0)).InboundIds.Add((ushort)r.GetInt64(1));
            }
        }

        return s;
    }

    void IStoreWriter.SetRetained(BrokerMessage message)
    {
        if (message.Payload.Length == 0)
        {
            Command("DELETE FROM retained WHERE topic = $a", message.Topic);
        }
        else
        {
            Command("INSERT OR REPLACE INTO retained (topic, payload, qos, properties, expires_at) VALUES ($a, $b, $c, $d, $e)", message.Topic, message.Payload, (long)message.Qos,
                (object?)message.Properties ?? DBNull.Value, StoreClock.ToUnixMs(message.ExpiresAt));
        }
    }

    void IStoreWriter.DeleteExpiredRetained(long nowUnixMs)
        => Command("DELETE FROM retained WHERE expires_at != 0 AND expires_at <= $a", nowUnixMs);

    void IStoreWriter.UpsertSession(string clientId, string? owner)
        => Command("INSERT INTO sessions (client_id, owner) VALUES ($a, $b) ON CONFLICT (client_id) DO UPDATE SET owner = excluded.owner", clientId, (object?)owner ?? DBNull.Value);

    void IStoreWriter.DeleteSession(string clientId)
    {
        Command("DELETE FROM sessions WHERE client_id = $a", clientId);
        Command("DELETE FROM subscriptions WHERE client_id = $a", clientId);
        Command("DELETE FROM messages WHERE client_id = $a", clientId);
        Command("DELETE FROM inbound WHERE client_id = $a", clientId);
    }

    void IStoreWriter.SetSessionState(string clientId, long expiryMs, long detachedAtUnixMs)
        => Command("UPDATE sessions SET expiry_ms = $b, detached_at = $c WHERE client_id = $a", clientId, expiryMs, detachedAtUnixMs);

    void IStoreWriter.UpsertSubscription(string clientId, string filter, byte qos, byte options, int subscriptionId)
        => Command("INSERT OR REPLACE INTO subscriptions (client_id, filter, qos, options, subscription_id) VALUES ($a, $b, $c, $d, $e)", clientId, filter, (long)qos, (long)options, (long)subscriptionId);

    void IStoreWriter.InsertWill(long id, string clientId, BrokerMessage will, long dueAtUnixMs)
        => Command("INSERT OR REPLACE INTO wills (id, client_id, topic, payload, qos, retain, properties, due_at) VALUES ($a, $b, $c, $d, $e, $f, $g, $h)", id, clientId, will.Topic, will.Payload,
            (long)will.Qos, will.Retain ? 1L : 0L, (object?)will.Properties ?? DBNull.Value, dueAtUnixMs);

    void IStoreWriter.DeleteWill(long id) => Command("DELETE FROM wills WHERE id = $a", id);

    void IStoreWriter.DeleteSubscription(string clientId, string filter)
        => Command("DELETE FROM subscriptions WHERE client_id = $a AND filter = $b", clientId, filter);

    void IStoreWriter.InsertMessage(long rowId, string clientId, BrokerMessage message, byte qos, bool retainFlag)
        => Command("INSERT INTO messages (id, client_id, topic, payload, qos, retain, properties, expires_at) VALUES ($a, $b, $c, $d, $e, $f, $g, $h)", rowId, clientId, message.Topic, message.Payload,
            (long)qos, retainFlag ? 1L : 0L, (object?)message.Properties ?? DBNull.Value, StoreClock.ToUnixMs(message.ExpiresAt));

    void IStoreWriter.DeleteMessage(long rowId) => Command("DELETE FROM messages WHERE id = $a", rowId);

    void IStoreWriter.SetPacketId(long rowId, ushort packetId) => Command("UPDATE messages SET packet_id = $b WHERE id = $a", rowId, (long)packetId);

    void IStoreWriter.MarkReleased(long rowId) => Command("UPDATE messages SET released = 1 WHERE id = $a", rowId);

    void IStoreWriter.InsertInboundId(string clientId, ushort packetId)
        => Command("INSERT OR IGNORE INTO inbound (client_id, packet_id) VALUES ($a, $b)", clientId, (long)packetId);

    void IStoreWriter.DeleteInboundId(string clientId, ushort packetId)
        => Command("DELETE FROM inbound WHERE client_id = $a AND packet_id = $b", clientId, (long)packetId);

    /// <summary>Blocks until everything queued so far is committed (tests, shutdown).</summary>
    public void Flush()
    {
        using var done = new ManualResetEventSlim();
        Run(null, done.Set);
        done.Wait(TimeSpan.FromSeconds(30));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        Flush();
        _stopping = true;
        _signal.Release();
        _thread.Join(TimeSpan.FromSeconds(10));
        foreach (var c in _commands.Values)
        {
            c.Dispose();
        }

        _db.Dispose();
    }

    private void WriterLoop()
    {
        var batch = new List<Op>(MaxBatch);
        while (true)
        {
            _signal.Wait();
            if (_stopping && _queue.IsEmpty)
            {
                return;
            }

            batch.Clear();
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var op))
            {
                batch.Add(op);
            }

            // Consume the permits of the ops taken beyond the one that woke us.
            for (int i = 1; i < batch.Count; i++)
            {
                _signal.Wait(0);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                bool any = false;
                foreach (var op in batch)
                {
                    any |= op.Execute != null;
                }

                if (any)
                {
                    using var tx = _db.BeginTransaction();
                    _tx = tx;
                    foreach (var op in batch)
                    {
                        op.Execute?.Invoke(this);
                    }

                    tx.Commit();
                    _tx = null;
                    Commits++;
                }
            }
            catch (Exception e)
            {
                _tx = null;

                // The broker keeps running without durability for this batch rather than stalling every client.
                _log.LogError(e, "SQLite batch of {Count} operations failed", batch.Count);
            }

            foreach (var op in batch)
            {
                try
                {
                    op.Completed?.Invoke();
                }
                catch (Exception e)
                {
                    _log.LogError(e, "Store completion failed");
                }
            }
        }
    }

    // Adds a column to a table of an existing database unless it is there (schema migration; data is kept).
    private void AddColumn(string table, string column, string declaration)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if ((long)cmd.ExecuteScalar()! == 0)
        {
            Exec($"ALTER TABLE {table} ADD COLUMN {column} {declaration}");
        }
    }

    private void Exec(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void Command(string sql, params object[] args)
    {
        if (!_commands.TryGetValue(sql, out var cmd))
        {
            cmd = _db.CreateCommand();
            cmd.CommandText = sql;
            for (int i = 0; i < args.Length; i++)
            {
                cmd.Parameters.Add(new SqliteParameter("$" + (char)('a' + i), args[i]));
            }

            cmd.Prepare();
            _commands[sql] = cmd;
        }

        cmd.Transaction = _tx;
        for (int i = 0; i < args.Length; i++)
        {
            cmd.Parameters[i].Value = args[i];
        }

        cmd.ExecuteNonQuery();
    }

    private sealed record Op(Action<IStoreWriter>? Execute, Action? Completed);
}
