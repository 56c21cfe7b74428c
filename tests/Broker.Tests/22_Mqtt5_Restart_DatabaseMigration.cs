// The SQLite store across the MQTT 5 schema change (issue 11). A database with the tables and columns written by the
// code before it (retained, sessions with owner, subscriptions, messages with packet id and released flag, inbound
// QoS 2 ids; created here with that code's CREATE TABLE statements) opens and keeps every row, the new columns taking
// the old meaning (no properties, no expiry, options 0, session never expires); a broker on it resumes the session
// with its queue and serves the retained message. And a round trip of the new state through the store.
namespace NanoNode.Broker.Tests;

using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using NanoNode.BrokerHost.Mqtt;
using NanoNode.BrokerHost.Persistence;
using NanoNode.BrokerHost.Security;

public sealed class Mqtt5_Restart_DatabaseMigration
{
    // The schema of the code before this change, verbatim (SqliteStore's CREATE TABLE plus the owner column of issue 10).
    private const string OldSchema = @"CREATE TABLE retained (topic TEXT PRIMARY KEY, payload BLOB NOT NULL, qos INTEGER NOT NULL);
CREATE TABLE sessions (client_id TEXT PRIMARY KEY, owner TEXT);
CREATE TABLE subscriptions (client_id TEXT NOT NULL, filter TEXT NOT NULL, qos INTEGER NOT NULL, PRIMARY KEY (client_id, filter));
CREATE TABLE messages (id INTEGER PRIMARY KEY, client_id TEXT NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL,
  qos INTEGER NOT NULL, retain INTEGER NOT NULL, packet_id INTEGER NOT NULL DEFAULT 0, released INTEGER NOT NULL DEFAULT 0);
CREATE INDEX messages_client ON messages (client_id);
CREATE TABLE inbound (client_id TEXT NOT NULL, packet_id INTEGER NOT NULL, PRIMARY KEY (client_id, packet_id));
INSERT INTO retained VALUES ('legacy/r', X'6F6C642D726574', 1);
INSERT INTO sessions VALUES ('legacy', NULL);
INSERT INTO sessions VALUES ('owned', 'alice');
INSERT INTO subscriptions VALUES ('legacy', 'legacy/#', 1);
INSERT INTO subscriptions VALUES ('owned', 'o/+', 2);
INSERT INTO messages (id, client_id, topic, payload, qos, retain) VALUES (5, 'legacy', 'legacy/q', X'6F6C642D7175657565', 1, 0);
INSERT INTO messages VALUES (6, 'owned', 'o/x', X'6F32', 2, 0, 17, 1);
INSERT INTO inbound VALUES ('owned', 33);";

    [Fact]
    public async Task OldDatabaseOpensAndKeepsItsData()
    {
        string dir = BrokerFixture.NewDataDirectory();
        try
        {
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, "broker.db");
            CreateOld(path);

            using (var store = new SqliteStore(path, NullLogger<SqliteStore>.Instance))
            {
                var s = store.Load();
                var retained = Assert.Single(s.Retained);
                Assert.Equal("legacy/r", retained.Topic);
                Assert.Equal("old-ret", Encoding.UTF8.GetString(retained.Payload));
                Assert.Null(retained.Properties);
                Assert.Equal(0, retained.ExpiresAt);

                Assert.Equal(2, s.Sessions.Count);
                var legacy = s.Sessions["legacy"];
                Assert.Null(legacy.Owner);
                Assert.Equal(0, legacy.ExpiryMs);
                Assert.Equal(0, legacy.DetachedAtUnixMs);
                Assert.Equal(new StoredSubscription(1, 0, 0), legacy.Subscriptions["legacy/#"]);
                var m = Assert.Single(legacy.Messages);
                Assert.Equal((5L, "legacy/q", "old-queue", (byte)1, (ushort)0, false), (m.RowId, m.Message.Topic, Encoding.UTF8.GetString(m.Message.Payload), m.Qos, m.PacketId, m.Released));
                Assert.Null(m.Message.Properties);
                Assert.Equal(0, m.Message.ExpiresAt);

                var owned = s.Sessions["owned"];
                Assert.Equal("alice", owned.Owner);
                Assert.Equal(new StoredSubscription(2, 0, 0), owned.Subscriptions["o/+"]);
                var o = Assert.Single(owned.Messages);
                Assert.Equal((6L, (ushort)17, true), (o.RowId, o.PacketId, o.Released));
                Assert.Equal(new ushort[] { 33 }, owned.InboundIds.ToArray());
                Assert.True(store.NextRowId() > 6);
            }

            // A broker on the migrated database: the old session resumes with its queue, the retained message is served.
            await using var broker = await BrokerFixture.StartAsync(dataDirectory: dir);
            var back = Paho.Run(new { port = broker.Port, client_id = "legacy", clean = false, expect = 1 });
            Assert.Equal(1, (int)back.First(e => (string?)e["event"] == "connack")["session_present"]!);
            Assert.Equal(new[] { "old-queue" }, Paho.Messages(back).Select(x => (string)x["payload"]!).ToArray());
            var fresh = Paho.Run(new { port = broker.Port, subscribe = new[] { new object[] { "legacy/r", 1 } }, expect = 1 });
            Assert.Equal(new[] { "old-ret" }, Paho.Messages(fresh).Select(x => (string)x["payload"]!).ToArray());
        }
        finally
        {
            BrokerFixture.TryDelete(dir);
        }
    }

    [Fact]
    public void NewStateRoundTrips()
    {
        string dir = BrokerFixture.NewDataDirectory();
        try
        {
            string path = Path.Combine(dir, "broker.db");
            var props = new byte[] { 0x03, 0x00, 0x01, (byte)'x' }; // Content Type "x"
            long now = Environment.TickCount64;
            var keep = new BrokerMessage("t/keep", new byte[] { 1 }, 1, false) { Properties = props, ExpiresAt = now + 3_600_000 };
            var gone = new BrokerMessage("t/gone", new byte[] { 2 }, 1, false) { ExpiresAt = now - 5_000 };
            var ret = new BrokerMessage("t/ret", new byte[] { 3 }, 1, true) { Properties = props, ExpiresAt = now + 60_000 };
            long detached = StoreClock.UnixNowMs() - 10_000;
            using (var store = new SqliteStore(path, NullLogger<SqliteStore>.Instance))
            {
                store.Run(w =>
                {
                    w.UpsertSession("c", null);
                    w.SetSessionState("c", 120_000, detached);
                    w.UpsertSubscription("c", "t/#", 1, 0x0C, 42);
                    w.InsertMessage(1, "c", keep, 1, false);
                    w.InsertMessage(2, "c", gone, 1, false);
                    w.SetRetained(ret);
                }, null);
                store.Flush();
            }

            using (var store = new SqliteStore(path, NullLogger<SqliteStore>.Instance))
            {
                var s = store.Load();
                var c = s.Sessions["c"];
                Assert.Equal(120_000, c.ExpiryMs);
                Assert.Equal(detached, c.DetachedAtUnixMs);
                Assert.Equal(new StoredSubscription(1, 0x0C, 42), c.Subscriptions["t/#"]);
                var k = c.Messages.Single(x => x.Message.Topic == "t/keep").Message;
                Assert.Equal(props, k.Properties);
                long left = k.ExpiresAt - Environment.TickCount64;
                Assert.True(left is > 3_000_000 and <= 3_600_000, $"remaining expiry {left} ms");
                Assert.True(c.Messages.Single(x => x.Message.Topic == "t/gone").Message.IsExpired(Environment.TickCount64));
                var r = Assert.Single(s.Retained);
                Assert.Equal(props, r.Properties);
                Assert.False(r.IsExpired(Environment.TickCount64));
            }
        }
        finally
        {
            BrokerFixture.TryDelete(dir);
        }
    }

    private static void CreateOld(string path)
    {
        SqliteSetup.Init();
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = OldSchema;
        cmd.ExecuteNonQuery();
    }
}
