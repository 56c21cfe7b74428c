// MQTT over TLS: mosquitto_pub/mosquitto_sub verify the generated development certificate (CA file) and exchange a message.
namespace NanoNode.Broker.Tests;

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

        // Without the CA the certificate is not trusted.
        Assert.NotEqual(0, Tools.Pub(tls, "--capath", "/nonexistent", "-t", "tls/t", "-m", "x").ExitCode);
    }
}
