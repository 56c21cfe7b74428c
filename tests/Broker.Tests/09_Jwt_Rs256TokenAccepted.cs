// An RS256 JWT signed with the private key matching the configured public key is accepted; an expired one is refused (4).
namespace NanoNode.Broker.Tests;

using System.Security.Cryptography;
using System.Text;
using NanoNode.BrokerHost.Security;

public sealed class Jwt_Rs256TokenAccepted
{
    [Fact]
    public async Task Test()
    {
        using var rsa = RSA.Create(2048);
        string keyFile = Path.GetTempFileName();
        File.WriteAllText(keyFile, rsa.ExportSubjectPublicKeyInfoPem());
        try
        {
            await using var broker = await BrokerFixture.StartAsync(o =>
            {
                o.DevelopmentMode = false;
                o.JwtRsaPublicKeyPath = keyFile;
            });
            using (var ok = new RawClient(broker.Port))
            {
                Assert.Equal(0, ok.Connect("rs-ok", user: "admin-1", password: Token(rsa, "admin-1", "admin", DateTimeOffset.UtcNow.AddHours(1))).ReturnCode);
            }

            using var expired = new RawClient(broker.Port);
            Assert.Equal(4, expired.Connect("rs-old", user: "admin-1", password: Token(rsa, "admin-1", "admin", DateTimeOffset.UtcNow.AddHours(-1))).ReturnCode);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    private static string Token(RSA rsa, string sub, string role, DateTimeOffset exp)
    {
        string h = JwtValidator.ToBase64Url(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
        string p = JwtValidator.ToBase64Url(Encoding.UTF8.GetBytes($"{{\"sub\":\"{sub}\",\"role\":\"{role}\",\"exp\":{exp.ToUnixTimeSeconds()}}}"));
        byte[] sig = rsa.SignData(Encoding.ASCII.GetBytes(h + "." + p), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return h + "." + p + "." + JwtValidator.ToBase64Url(sig);
    }
}
