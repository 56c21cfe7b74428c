// MQTT 5 over TLS and over WebSocket (the same protocol code as over TCP, behind another transport), against NanoNode's
// broker and against Mosquitto 2.0.11 in the same test (Mosquitto gets a TLS listener with a certificate made here and a
// websockets listener, on free ports):
// - TLS: mosquitto_sub -V mqttv5 -q 1 and mosquitto_pub -V mqttv5 -q 1, each verifying the broker's certificate
//   (NanoNode: its development certificate dev-cert.pem), exchange two messages with a user property and a content
//   type; every PUBACK is seen in the clients' debug output (the publisher's received, the subscriber's sent) and the
//   subscriber prints topic, QoS, content type, user property and payload as received.
// - WebSocket: paho-mqtt 1.6 MQTTv5 clients with transport="websockets" (Scripts/paho5_ws.py) do the same, the
//   publisher waiting for each PUBACK, the subscriber's PUBACKs seen in paho's log.
// Both brokers must give the same lines.
namespace NanoNode.Broker.Tests;

using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NanoNode.Tests.Shared;

public sealed class Mqtt5_TransportsTlsAndWebSocket
{
    [Fact]
    public async Task Test()
    {
        string b = "tr" + Guid.NewGuid().ToString("N")[..6];
        string[] oursTls;
        string[] oursWs;
        await using (var broker = await BrokerFixture.StartAsync())
        {
            string ca = Path.Combine(broker.Options.DataDirectory, "dev-cert.pem");
            oursTls = Tls(broker.Server.TlsPort, ca, b, "NanoNode");
            oursWs = WebSocket(broker.Server.HttpPort, b, "NanoNode");
        }

        string dir = Path.Combine(Path.GetTempPath(), "nanonode-mosq-tls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string cert = Path.Combine(dir, "cert.pem");
            string key = Path.Combine(dir, "key.pem");
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                var san = new SubjectAlternativeNameBuilder();
                san.AddIpAddress(IPAddress.Loopback);
                san.AddDnsName("localhost");
                request.CertificateExtensions.Add(san.Build());
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                using var c = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
                File.WriteAllText(cert, c.ExportCertificatePem());
                File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
            }

            if (!OperatingSystem.IsWindows())
            {
                // Mosquitto started as root reads them as user 'mosquitto'.
                File.SetUnixFileMode(dir, (UnixFileMode)0x1ED);
                File.SetUnixFileMode(key, (UnixFileMode)0x1A4);
            }

            int tls = TestPorts.Free();
            int ws = TestPorts.Free();
            using var mosquitto = new MosquittoFixture($"listener {tls} 127.0.0.1\ncertfile {cert}\nkeyfile {key}\nlistener {ws} 127.0.0.1\nprotocol websockets\n");
            Assert.Equal(oursTls, Tls(tls, cert, b, "Mosquitto"));
            Assert.Equal(oursWs, WebSocket(ws, b, "Mosquitto"));
        }
        finally
        {
            BrokerFixture.TryDelete(dir);
        }
    }

    // TLS with the mosquitto clients; returns the subscriber's message lines "topic|qos|content type|user property|payload".
    private static string[] Tls(int port, string ca, string b, string name)
    {
        using var sub = Tools.SubBackground(port, "--cafile", ca, "-V", "mqttv5", "-q", "1", "-t", b + "/tls/#", "-C", "2", "-F", "%t|%q|%C|%P|%p");
        Assert.True(sub.WaitForSubscribed(20), $"{name}: " + string.Join("\n", sub.Lines.Concat(sub.Errors)));
        for (int i = 0; i < 2; i++)
        {
            var r = Tools.Pub(port, "--cafile", ca, "-V", "mqttv5", "-d", "-q", "1", "-t", $"{b}/tls/m{i}", "-m", "p" + i,
                "-D", "publish", "user-property", "unit", "C" + i, "-D", "publish", "content-type", "text/plain");
            Assert.True(r.ExitCode == 0, $"{name}: mosquitto_pub exit {r.ExitCode}\n{r.Output}\n{r.Error}");
            Assert.Single(r.Output.Split('\n'), l => l.Contains("received PUBACK (Mid: 1, RC:0)"));
        }

        Assert.True(sub.WaitForExit(20), $"{name}: " + string.Join("\n", sub.Lines.Concat(sub.Errors)));
        Assert.Equal(2, sub.Lines.Count(l => l.Contains("received PUBLISH (d0, q1,")));
        Assert.Equal(2, sub.Lines.Count(l => l.Contains("sending PUBACK (m") && l.Contains(", rc0)")));
        var lines = sub.Messages.Select(l => l.Replace(b, "B")).ToArray();
        Assert.Equal(new[] { "B/tls/m0|1|text/plain|unit:C0|p0", "B/tls/m1|1|text/plain|unit:C1|p1" }, lines);
        return lines;
    }

    // WebSocket with paho MQTTv5; returns the script's lines.
    private static string[] WebSocket(int port, string b, string name)
    {
        var r = Tools.Paho("paho5_ws.py", port.ToString(), b + "/ws");
        Assert.True(r.ExitCode == 0 && r.Lines.LastOrDefault() == "done", $"{name}: exit {r.ExitCode}\n{string.Join("\n", r.Lines)}\n{r.Error}");
        var lines = r.Lines.Select(l => l.Replace(b, "B")).ToArray();
        Assert.Equal(new[] { "puback 1", "puback 2", "got B/ws/m0 qos=1 text/plain unit=C0 p0", "got B/ws/m1 qos=1 text/plain unit=C1 p1", "sent pubacks 2", "done" }, lines);
        return lines;
    }

}
