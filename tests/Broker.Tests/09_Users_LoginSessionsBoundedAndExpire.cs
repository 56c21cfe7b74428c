// The dashboard's login sessions in users.db: bounded (a new one beyond the bound replaces the one that ends first),
// an ended one is not found and is deleted, only a hash of the cookie is stored, and a stored user's session follows
// the user's current row.
namespace NanoNode.Broker.Tests;

using Microsoft.Data.Sqlite;
using NanoNode.BrokerHost.Security;

public sealed class Users_LoginSessionsBoundedAndExpire
{
    [Fact]
    public void Test()
    {
        var dir = Directory.CreateTempSubdirectory("nanonode-users-");
        try
        {
            string path = Path.Combine(dir.FullName, "users.db");
            var store = new UserStore(path, maxLoginSessions: 3);
            store.Add("op", "pw", admin: true, null, 1000);
            var now = DateTimeOffset.UtcNow;
            var admin = new Principal("op", true, null);
            for (int i = 1; i <= 5; i++)
            {
                store.AddLoginSession("token-" + i, "csrf-" + i, admin, ofUser: true, now.AddHours(i));
            }

            Assert.Equal(3, store.LoginSessionCount(now));
            Assert.Null(store.FindLoginSession("token-1", now));
            Assert.Null(store.FindLoginSession("token-2", now));
            var found = store.FindLoginSession("token-5", now);
            Assert.NotNull(found);
            Assert.Equal("csrf-5", found.Value.Csrf);
            Assert.Equal(admin, found.Value.Principal);

            // Ended: not found at a later time, and deleted.
            Assert.Null(store.FindLoginSession("token-3", now.AddHours(3).AddSeconds(1)));
            Assert.Equal(2, store.LoginSessionCount(now));

            // The user's current row decides: made a device user (new password), the session is gone.
            store.Add("op", "pw2", admin: false, "op", 1000);
            Assert.Null(store.FindLoginSession("token-5", now));

            // A session that is not a stored user's keeps its principal; the cookie itself is not in the file.
            store.AddLoginSession("secret-cookie-value", "c", new Principal("jwt-user", true, null), ofUser: false, now.AddHours(1));
            Assert.Equal(new Principal("jwt-user", true, null), store.FindLoginSession("secret-cookie-value", now)!.Value.Principal);
            SqliteConnection.ClearAllPools();
            Assert.DoesNotContain("secret-cookie-value", File.ReadAllText(path) + (File.Exists(path + "-wal") ? File.ReadAllText(path + "-wal") : ""));
            store.RemoveLoginSession("secret-cookie-value");
            Assert.Null(store.FindLoginSession("secret-cookie-value", now));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }
}
