// MQTT over TLS: mosquitto_pub/mosquitto_sub verify the development certificate created on first run (CA file) and
// exchange a message; a client trusting another CA is refused; a restart on the same data folder keeps the certificate.
namespace NanoNode.Broker.Tests;

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

public sealed class Tls_MosquittoClientsWithDevelopmentCertificate
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        string ca = Path.Combine(broker.Options.DataDirectory, "dev-cert.pem");
        Assert.True(File.Exists(ca));
        int tls = broker.Server.TlsPort;
        using var sub = Tools.SubBackground(tls, "--cafile", ca, "-t", "tls/t", "-C", "1");
        Assert.True(sub.WaitForSubscribed());
        Assert.Equal(0, Tools.Pub(tls, "--cafile", ca, "-t", "tls/t", "-m", "secure", "-q", "1").ExitCode);
        Assert.True(sub.WaitForExit(10));
        Assert.Contains("secure", sub.Messages);

        // Trusting a different (valid, readable) CA, the client rejects the broker's certificate.
        string other = Path.Combine(broker.Options.DataDirectory, "other-ca.pem");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=localhost, O=Someone else", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var otherCert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(other, otherCert.ExportCertificatePem());
        }

        var refused = Tools.Pub(tls, "--cafile", other, "-t", "tls/t", "-m", "x");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("A TLS error occurred", refused.Error + refused.Output); // the handshake failed (not "File not found", not "Connection refused")

        // Created on first run only: the restarted broker serves the same certificate.
        string thumbprint = broker.Server.Certificate!.Thumbprint;
        await broker.RestartAsync();
        Assert.Equal(thumbprint, broker.Server.Certificate!.Thumbprint);
        Assert.Equal(0, Tools.Pub(broker.Server.TlsPort, "--cafile", ca, "-t", "tls/t", "-m", "again").ExitCode);
    }
}
