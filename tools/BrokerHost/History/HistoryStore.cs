using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace NanoNode.BrokerHost.History;

/// <summary>Settings of the history store.</summary>
public sealed class HistoryOptions
{
    /// <summary>Days of telemetry and events kept (fractions allowed); older rows are deleted by the retention pass.</summary>
    public double RetentionDays { get; set; } = 7;

    /// <summary>How often the retention pass runs (and once at start).</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement by the retention pass (short transactions, so writes are never held up long).</summary>
    public int RetentionChunk { get; set; } = 5000;

    /// <summary>Items (telemetry documents, events) waiting for the writer before new ones are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>Most items written in one transaction.</summary>
    public int BatchSize { get; set; } = 5000;
}

/// <summary>One point of a series: time (Unix ms, the bucket start when downsampled) and the mean, min, max and count.</summary>
public readonly record struct HistoryPoint(long TimeMs, double Value, double Min, double Max, int Count);

/// <summary>One device event as stored: id, time (Unix ms), type and its details (a JSON object).</summary>
public sealed record HistoryEvent(long Id, string Device, long TimeMs, string Type, JsonObject Detail)
{
    /// <summary>The REST form: <c>{"id","device","ts","time","type", ...detail}</c>.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["id"] = Id,
            ["device"] = Device,
            ["ts"] = TimeMs,
            ["time"] = DateTimeOffset.FromUnixTimeMilliseconds(TimeMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["type"] = Type,
        };
        foreach (var (k, v) in Detail)
        {
            if (!o.ContainsKey(k))
            {
                o[k] = v?.DeepClone();
            }
        }

        return o;
    }
}

/// <summary>
/// Telemetry history and device events in SQLite (<c>&lt;data&gt;/history.db</c>, WAL). Writers never block: items go
/// into a bounded queue (<see cref="HistoryOptions.QueueCapacity"/>; when full the new item is dropped and counted in
/// <see cref="Dropped"/>) and one dedicated thread writes them in batches, one transaction each. The same thread runs
/// the retention pass (rows older than <see cref="HistoryOptions.RetentionDays"/>, deleted in chunks). Queries open
/// their own read connections and may run on any thread alongside the writer.
/// </summary>
/// <remarks>
/// Schema: <c>telemetry(device, quantity, ts, value)</c>, one row per numeric quantity of a telemetry document (the
/// document's <c>seq</c>, <c>ts</c> and <c>uptime_s</c> are not quantities), <c>ts</c> = Unix milliseconds of receipt;
/// <c>events(id, device, ts, type, detail)</c> with <c>detail</c> a JSON object.
/// </remarks>
public sealed class HistoryStore : IDisposable
{
    private static readonly HashSet<string> NotQuantities = new(StringComparer.Ordinal) { "seq", "ts", "uptime_s" };

    private readonly string _connectionString;
    private readonly HistoryOptions _options;
    private readonly ILogger _log;
    private readonly Channel<Item> _queue;
    private readonly Thread _writer;
    private readonly CancellationTokenSource _stop = new();
    private long _written;
    private long _dropped;
    private long _eventsWritten;
    private long _deleted;
    private long _enqueued;
    private long _processed;
    private DateTime _nextRetention = DateTime.MinValue;

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> and starts the writer thread.</summary>
    public HistoryStore(string path, HistoryOptions options, ILogger log)
    {
        _options = options;
        _log = log;
        Path = path;
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir != null)
        {
            Directory.CreateDirectory(dir);
        }

        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Cache = SqliteCacheMode.Private, Pooling = true }.ToString();
        using (var c = Open())
        {
            Exec(c, "PRAGMA journal_mode=WAL");
            Exec(c, """
                CREATE TABLE IF NOT EXISTS telemetry (device TEXT NOT NULL, quantity TEXT NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL);
                CREATE INDEX IF NOT EXISTS telemetry_series ON telemetry (device, quantity, ts);
                CREATE INDEX IF NOT EXISTS telemetry_ts ON telemetry (ts);
                CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, device TEXT NOT NULL, ts INTEGER NOT NULL, type TEXT NOT NULL, detail TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS events_device ON events (device, ts);
                CREATE INDEX IF NOT EXISTS events_ts ON events (ts);
                """);
        }

        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _writer = new Thread(WriterLoop) { IsBackground = true, Name = "history-writer" };
        _writer.Start();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The options in use.</summary>
    public HistoryOptions Options => _options;

    /// <summary>Telemetry rows (quantity values) written.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Events written.</summary>
    public long EventsWritten => Interlocked.Read(ref _eventsWritten);

    /// <summary>Items dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Rows deleted by retention passes.</summary>
    public long Deleted => Interlocked.Read(ref _deleted);

    /// <summary>Items waiting for the writer.</summary>
    public int QueueLength => _queue.Reader.CanCount ? _queue.Reader.Count : -1;

    /// <summary>
    /// Queues the numeric quantities of a telemetry document of <paramref name="device"/> received at
    /// <paramref name="timeMs"/> (Unix ms). Never blocks; false when the queue was full (the document is dropped).
    /// The caller must not change <paramref name="data"/> afterwards.
    /// </summary>
    public bool AddTelemetry(string device, long timeMs, JsonObject data)
    {
        var values = new List<KeyValuePair<string, double>>(data.Count);
        foreach (var (k, v) in data)
        {
            if (!NotQuantities.Contains(k) && v is JsonValue jv && jv.GetValueKind() == JsonValueKind.Number && jv.TryGetValue(out double d) && double.IsFinite(d))
            {
                values.Add(new KeyValuePair<string, double>(k, d));
            }
        }

        return values.Count == 0 || Enqueue(new Item(device, timeMs, null, values.ToArray(), null));
    }

    /// <summary>Queues one value (benchmarks, imports). Never blocks; false when dropped.</summary>
    public bool AddValues(string device, long timeMs, KeyValuePair<string, double>[] values) => Enqueue(new Item(device, timeMs, null, values, null));

    /// <summary>Queues a device event (<paramref name="type"/>: online, offline, config_push, config_ack, rollback, command, command_ack...).</summary>
    public bool AddEvent(string device, long timeMs, string type, JsonObject detail) => Enqueue(new Item(device, timeMs, type, null, detail.ToJsonString()));

    /// <summary>Waits until everything queued before the call is written (tests, shutdown); false on timeout.</summary>
    public bool Flush(TimeSpan timeout)
    {
        long target = Interlocked.Read(ref _enqueued);
        var deadline = DateTime.UtcNow + timeout;
        while (Interlocked.Read(ref _processed) < target)
        {
            if (DateTime.UtcNow > deadline || !_writer.IsAlive)
            {
                return false;
            }

            Thread.Sleep(5);
        }

        return true;
    }

    /// <summary>Runs a retention pass now on the writer thread and waits for it (bounded by <paramref name="timeout"/>); rows deleted, or -1.</summary>
    public long RunRetention(TimeSpan timeout)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Enqueue(new Item("", 0, null, null, null) { Retention = done }))
        {
            return -1;
        }

        return done.Task.Wait(timeout) ? done.Task.Result : -1;
    }

    /// <summary>
    /// The series of <paramref name="device"/> between <paramref name="fromMs"/> and <paramref name="toMs"/> (inclusive, Unix ms)
    /// for <paramref name="quantities"/> (null or empty = every quantity stored), oldest first. <paramref name="stepMs"/> &gt; 0
    /// groups the points into buckets of that width (mean, min, max, count per bucket, time = bucket start) in SQL;
    /// 0 returns every reading. At most <paramref name="maxPoints"/> points per series (the oldest first).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<HistoryPoint>> Query(string device, long fromMs, long toMs, IReadOnlyCollection<string>? quantities, long stepMs, int maxPoints = 100_000)
    {
        var result = new SortedDictionary<string, IReadOnlyList<HistoryPoint>>(StringComparer.Ordinal);
        using var c = Open();
        var names = quantities is { Count: > 0 } ? quantities.ToList() : Quantities(c, device, fromMs, toMs);
        foreach (string q in names)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = stepMs > 0
                ? "SELECT (ts / $step) * $step AS b, AVG(value), MIN(value), MAX(value), COUNT(*) FROM telemetry WHERE device = $d AND quantity = $q AND ts >= $from AND ts <= $to GROUP BY b ORDER BY b LIMIT $max"
                : "SELECT ts, value, value, value, 1 FROM telemetry WHERE device = $d AND quantity = $q AND ts >= $from AND ts <= $to ORDER BY ts LIMIT $max";
            cmd.Parameters.AddWithValue("$d", device);
            cmd.Parameters.AddWithValue("$q", q);
            cmd.Parameters.AddWithValue("$from", fromMs);
            cmd.Parameters.AddWithValue("$to", toMs);
            cmd.Parameters.AddWithValue("$max", maxPoints);
            if (stepMs > 0)
            {
                cmd.Parameters.AddWithValue("$step", stepMs);
            }

            var points = new List<HistoryPoint>();
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                points.Add(new HistoryPoint(r.GetInt64(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetInt32(4)));
            }

            result[q] = points;
        }

        return result;
    }

    /// <summary>Events of <paramref name="device"/> (null = every device) in [from, to] (Unix ms), newest first, at most <paramref name="limit"/>; <paramref name="type"/> filters when given.</summary>
    public IReadOnlyList<HistoryEvent> Events(string? device, long fromMs, long toMs, int limit, string? type = null)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, device, ts, type, detail FROM events WHERE ts >= $from AND ts <= $to"
            + (device != null ? " AND device = $d" : "")
            + (type != null ? " AND type = $t" : "")
            + " ORDER BY ts DESC, id DESC LIMIT $limit";
        cmd.Parameters.AddWithValue("$from", fromMs);
        cmd.Parameters.AddWithValue("$to", toMs);
        cmd.Parameters.AddWithValue("$limit", limit);
        if (device != null)
        {
            cmd.Parameters.AddWithValue("$d", device);
        }

        if (type != null)
        {
            cmd.Parameters.AddWithValue("$t", type);
        }

        var list = new List<HistoryEvent>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            JsonObject detail;
            try
            {
                detail = JsonNode.Parse(r.GetString(4)) as JsonObject ?? new JsonObject();
            }
            catch (JsonException)
            {
                detail = new JsonObject();
            }

            list.Add(new HistoryEvent(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), detail));
        }

        return list;
    }

    /// <summary>Number of telemetry rows stored (tests, diagnostics).</summary>
    public long CountTelemetry(string? device = null)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = device == null ? "SELECT COUNT(*) FROM telemetry" : "SELECT COUNT(*) FROM telemetry WHERE device = $d";
        if (device != null)
        {
            cmd.Parameters.AddWithValue("$d", device);
        }

        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>Stops the writer after it wrote what is queued (bounded: 5 s).</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (!_writer.Join(TimeSpan.FromSeconds(5)))
        {
            _stop.Cancel();
            _writer.Join(TimeSpan.FromSeconds(2));
        }

        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    private bool Enqueue(Item item)
    {
        if (_queue.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _enqueued);
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    private static List<string> Quantities(SqliteConnection c, string device, long fromMs, long toMs)
    {
        // Distinct quantities of the device, found by skipping through the (device, quantity, ts) index.
        var list = new List<string>();
        string? last = null;
        while (true)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = last == null
                ? "SELECT quantity FROM telemetry WHERE device = $d ORDER BY quantity LIMIT 1"
                : "SELECT quantity FROM telemetry WHERE device = $d AND quantity > $q ORDER BY quantity LIMIT 1";
            cmd.Parameters.AddWithValue("$d", device);
            if (last != null)
            {
                cmd.Parameters.AddWithValue("$q", last);
            }

            if (cmd.ExecuteScalar() is not string q)
            {
                break;
            }

            list.Add(q);
            last = q;
        }

        return list;
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Exec(c, "PRAGMA busy_timeout=5000");
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void WriterLoop()
    {
        using var c = Open();
        Exec(c, "PRAGMA synchronous=NORMAL");
        using var insertValue = c.CreateCommand();
        insertValue.CommandText = "INSERT INTO telemetry (device, quantity, ts, value) VALUES ($d, $q, $ts, $v)";
        var pd = insertValue.Parameters.Add("$d", SqliteType.Text);
        var pq = insertValue.Parameters.Add("$q", SqliteType.Text);
        var pts = insertValue.Parameters.Add("$ts", SqliteType.Integer);
        var pv = insertValue.Parameters.Add("$v", SqliteType.Real);
        using var insertEvent = c.CreateCommand();
        insertEvent.CommandText = "INSERT INTO events (device, ts, type, detail) VALUES ($d, $ts, $t, $x)";
        var ed = insertEvent.Parameters.Add("$d", SqliteType.Text);
        var ets = insertEvent.Parameters.Add("$ts", SqliteType.Integer);
        var et = insertEvent.Parameters.Add("$t", SqliteType.Text);
        var ex = insertEvent.Parameters.Add("$x", SqliteType.Text);
        var batch = new List<Item>(_options.BatchSize);
        var reader = _queue.Reader;
        while (true)
        {
            try
            {
                if (DateTime.UtcNow >= _nextRetention)
                {
                    _nextRetention = DateTime.UtcNow + _options.RetentionInterval;
                    TryRetention(c);
                }

                // Wake at least every minute so the hourly retention runs even when nothing arrives.
                var wait = reader.WaitToReadAsync(_stop.Token).AsTask();
                if (!wait.Wait(TimeSpan.FromMinutes(1)))
                {
                    continue;
                }

                if (!wait.Result)
                {
                    return;
                }

                batch.Clear();
                while (batch.Count < _options.BatchSize && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                using (var tx = c.BeginTransaction())
                {
                    insertValue.Transaction = tx;
                    insertEvent.Transaction = tx;
                    long values = 0, events = 0;
                    foreach (var item in batch)
                    {
                        if (item.Values != null)
                        {
                            pd.Value = item.Device;
                            pts.Value = item.TimeMs;
                            foreach (var (q, v) in item.Values)
                            {
                                pq.Value = q;
                                pv.Value = v;
                                insertValue.ExecuteNonQuery();
                                values++;
                            }
                        }
                        else if (item.Type != null)
                        {
                            ed.Value = item.Device;
                            ets.Value = item.TimeMs;
                            et.Value = item.Type;
                            ex.Value = item.Detail;
                            insertEvent.ExecuteNonQuery();
                            events++;
                        }
                    }

                    tx.Commit();
                    Interlocked.Add(ref _written, values);
                    Interlocked.Add(ref _eventsWritten, events);
                }

                foreach (var item in batch)
                {
                    item.Retention?.TrySetResult(TryRetention(c));
                }

                Interlocked.Add(ref _processed, batch.Count);
                batch.Clear(); // written: a later failure must not count these as dropped
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (AggregateException e) when (e.InnerException is OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
            {
                // A batch that cannot be written is logged and dropped; the writer goes on with the next one.
                _log.LogError(e, "history: writing {Count} items failed", batch.Count);
                Interlocked.Add(ref _dropped, batch.Count);
                Interlocked.Add(ref _processed, batch.Count);
                foreach (var item in batch)
                {
                    item.Retention?.TrySetResult(-1);
                }
            }
        }
    }

    // Deletes rows older than the retention in chunks of RetentionChunk, each its own short transaction.
    // Retention apart from the batch writes: a failure is logged (and -1 returned) without marking a committed batch
    // as dropped.
    private long TryRetention(SqliteConnection c)
    {
        try
        {
            return Retention(c);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
        {
            _log.LogError(e, "history: retention failed");
            return -1;
        }
    }

    private long Retention(SqliteConnection c)
    {
        long cutoff = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)(_options.RetentionDays * 86_400_000);
        long total = 0;
        foreach (string table in new[] { "telemetry", "events" })
        {
            while (true)
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = $"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE ts < $cutoff LIMIT $n)";
                cmd.Parameters.AddWithValue("$cutoff", cutoff);
                cmd.Parameters.AddWithValue("$n", _options.RetentionChunk);
                int n = cmd.ExecuteNonQuery();
                total += n;
                if (n < _options.RetentionChunk)
                {
                    break;
                }
            }
        }

        if (total > 0)
        {
            Interlocked.Add(ref _deleted, total);
            _log.LogInformation("history: retention deleted {Rows} rows older than {Days} days", total, _options.RetentionDays);
        }

        return total;
    }

    private sealed record Item(string Device, long TimeMs, string? Type, KeyValuePair<string, double>[]? Values, string? Detail)
    {
        public TaskCompletionSource<long>? Retention { get; init; }
    }
}
