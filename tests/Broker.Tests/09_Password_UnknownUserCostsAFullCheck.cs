// A login for a name that does not exist runs the same PBKDF2 work as a wrong password for a name that does, so the
// time a refusal takes does not tell which user names exist. Checked by the iterations the hasher ran (no clocks).
namespace NanoNode.Broker.Tests;

using System.Text;
using NanoNode.BrokerHost.Security;

public sealed class Password_UnknownUserCostsAFullCheck
{
    [Fact]
    public void Test()
    {
        var dir = Directory.CreateTempSubdirectory("nanonode-users-");
        try
        {
            var store = new UserStore(Path.Combine(dir.FullName, "users.db"));
            store.Add("alice", "s3cret", admin: false, null, 1234);
            byte[] guess = Encoding.UTF8.GetBytes("guess");

            long before = PasswordHasher.IterationsRun;
            Assert.Null(store.Verify("alice", guess));
            long wrongPassword = PasswordHasher.IterationsRun - before;

            before = PasswordHasher.IterationsRun;
            Assert.Null(store.Verify("mallory", guess));
            long unknownName = PasswordHasher.IterationsRun - before;

            Assert.Equal(1234, wrongPassword);
            Assert.Equal(wrongPassword, unknownName);

            // The decoy follows the stored users' iteration count when it changes.
            store.Add("alice", "s3cret", admin: false, null, 2000);
            before = PasswordHasher.IterationsRun;
            Assert.Null(store.Verify("mallory", guess));
            Assert.Equal(2000, PasswordHasher.IterationsRun - before);
            Assert.NotNull(store.Verify("alice", Encoding.UTF8.GetBytes("s3cret")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }
}
