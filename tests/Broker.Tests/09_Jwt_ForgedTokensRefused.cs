// Forged or out-of-window JWT passwords are refused (4) with HS256 and RS256 both configured: alg "none", HS256 signed with the RSA public key (algorithm confusion), a tampered payload, nbf in the future, expired, sub other than the user name; a valid device token gets device rights only.
namespace NanoNode.Broker.Tests;

using System.Security.Cryptography;
using System.Text;
using NanoNode.BrokerHost.Security;

public sealed class Jwt_ForgedTokensRefused
{
    [Fact]
    public async Task Test()
    {
        const string secret = "forge-test-secret-0123456789";
        using var rsa = RSA.Create(2048);
        string publicPem = rsa.ExportSubjectPublicKeyInfoPem();
        string keyFile = Path.GetTempFileName();
        File.WriteAllText(keyFile, publicPem);
        try
        {
            await using var broker = await BrokerFixture.StartAsync(o =>
            {
                o.DevelopmentMode = false;
                o.JwtHmacSecret = secret;
                o.JwtRsaPublicKeyPath = keyFile;
                o.MaxLoginFailures = 100;
            });
            long hour = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
            long past = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
            string admin = $"{{\"sub\":\"boss\",\"role\":\"admin\",\"exp\":{hour}}}";
            string device = $"{{\"sub\":\"dev-j\",\"role\":\"device\",\"exp\":{hour}}}";

            // Controls: correctly signed tokens of both algorithms are accepted (so each refusal below is the check's doing).
            Assert.Equal(0, Connect(broker.Port, "boss", Jwt.Rs256(rsa, admin)));
            Assert.Equal(0, Connect(broker.Port, "boss", Jwt.Hs256(secret, admin)));

            // alg "none", empty signature.
            Assert.Equal(4, Connect(broker.Port, "boss", Jwt.Part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Jwt.Part(admin) + "."));

            // Algorithm confusion: HS256 with the RSA public key (PEM text, and DER) as the HMAC secret.
            Assert.Equal(4, Connect(broker.Port, "boss", Jwt.Hs256(publicPem, admin)));
            Assert.Equal(4, Connect(broker.Port, "boss", Jwt.Hs256Key(rsa.ExportSubjectPublicKeyInfo(), admin)));

            // A device token whose payload was changed to admin, original signature kept (RS256 and HS256).
            foreach (string signed in new[] { Jwt.Rs256(rsa, device), Jwt.Hs256(secret, device) })
            {
                var parts = signed.Split('.');
                Assert.Equal(4, Connect(broker.Port, "dev-j", parts[0] + "." + Jwt.Part(admin.Replace("boss", "dev-j")) + "." + parts[2]));
            }

            // Time window: nbf an hour ahead; exp an hour ago (both beyond the 60 s leeway).
            Assert.Equal(4, Connect(broker.Port, "boss", Jwt.Rs256(rsa, $"{{\"sub\":\"boss\",\"role\":\"admin\",\"nbf\":{hour},\"exp\":{hour + 3600}}}")));
            Assert.Equal(4, Connect(broker.Port, "boss", Jwt.Hs256(secret, $"{{\"sub\":\"boss\",\"role\":\"admin\",\"exp\":{past}}}")));

            // The user name must be the token's sub (MQTT 3.1.1 needs a user name with a password [MQTT-3.1.2-22]).
            Assert.Equal(4, Connect(broker.Port, "someone-else", Jwt.Hs256(secret, admin)));

            // A valid device token: its own subtree only.
            using var dev = new RawClient(broker.Port);
            Assert.Equal(0, dev.Connect("dev-j", user: "dev-j", password: Jwt.Rs256(rsa, device)).ReturnCode);
            Assert.Equal(new byte[] { 1 }, dev.Subscribe("nanonode/dev-j/#", 1, 1).Codes);
            Assert.Equal(new byte[] { 0x80 }, dev.Subscribe("nanonode/other/#", 1, 2).Codes);
            Assert.Equal(new byte[] { 0x80 }, dev.Subscribe("#", 1, 3).Codes);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    private static int Connect(int port, string user, string token)
    {
        using var c = new RawClient(port);
        return c.Connect("jwt-" + Guid.NewGuid().ToString("N")[..8], user: user, password: token).ReturnCode;
    }
}
