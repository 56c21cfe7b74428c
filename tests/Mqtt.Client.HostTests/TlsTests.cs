using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NanoNode.Mqtt;
using NanoNode.Tests.Shared;
using Xunit;

namespace NanoNode.Mqtt.Client.HostTests;

/// <summary>
/// The host TLS transport (firmware/Mqtt/Client/Host/TlsTransport.cs) against a Mosquitto TLS listener on 127.0.0.1 whose
/// CA, server and client certificates are made at test time with Debian's openssl: QoS 1 round trip with the right CA, a
/// ConnectFailed status (not an exception) with a CA that did not sign the server certificate, and a listener that
/// requires a client certificate (accepted with one, refused without).
/// </summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _dir;
    private readonly int _tlsPort;
    private readonly int _mutualPort;
    private readonly MosquittoFixture _broker;

    public TlsTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "nanonode-tls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        // Mosquitto started as root drops to the 'mosquitto' user: it must read the key and certificates.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_dir, (UnixFileMode)0x1ED); // 0755
        }

        MakeCa("ca");
        MakeCa("other-ca");
        OpenSsl("req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1");
        File.WriteAllText(Path.Combine(_dir, "server.ext"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        OpenSsl("x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile server.ext");
        OpenSsl("req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=nanonode-client");
        File.WriteAllText(Path.Combine(_dir, "client.ext"),
            "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n");
        OpenSsl("x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 2 -extfile client.ext");
        foreach (string f in Directory.GetFiles(_dir))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(f, (UnixFileMode)0x1A4); // 0644
            }
        }

        _tlsPort = TestPorts.Free();
        _mutualPort = TestPorts.Free();
        _broker = new MosquittoFixture(
            $"listener {_tlsPort} 127.0.0.1\ncafile {_dir}/ca.crt\ncertfile {_dir}/server.crt\nkeyfile {_dir}/server.key\ntls_version tlsv1.2\n" +
            $"listener {_mutualPort} 127.0.0.1\ncafile {_dir}/ca.crt\ncertfile {_dir}/server.crt\nkeyfile {_dir}/server.key\ntls_version tlsv1.2\n" +
            "require_certificate true\n");
        WaitForPort(_tlsPort);
        WaitForPort(_mutualPort);
    }

    public void Dispose()
    {
        _broker.Dispose();
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void Qos1RoundTripOverTlsWithTheRightCa()
    {
        MqttClient client = NewClient("tls-ok", "ca.crt", out Recorder recorder);
        try
        {
            client.Start();
            Assert.True(TryPump(client, () => client.IsConnected, 15), "TLS connect: " + client.LastError);
            Assert.Equal(MqttStatus.Sent, client.Subscribe("tls/#", 1, recorder));
            Assert.True(TryPump(client, () => client.GrantedQos(0) == 1, 10));
            byte[] payload = Encoding.UTF8.GetBytes("over tls");
            Assert.Equal(MqttStatus.Sent, client.Publish("tls/a", payload, 0, payload.Length, 1, false));
            Assert.True(TryPump(client, () => recorder.Messages.Count == 1 && client.InflightCount == 0, 10));
            Assert.True(recorder.Messages.TryDequeue(out Received? got));
            Assert.Equal(new Received("tls/a", "over tls", 1, false), got);
            Assert.Equal(0, client.ConnectFailures);
        }
        finally
        {
            client.Abort();
        }
    }

    [Fact]
    public void WrongCaIsConnectFailedNotAnException()
    {
        MqttClient client = NewClient("tls-bad", "other-ca.crt", out _);
        try
        {
            client.Start();
            // The failed handshake comes back as Poll's status (no exception escapes Poll).
            MqttStatus polled = MqttStatus.Ok;
            var watch = Stopwatch.StartNew();
            while (polled == MqttStatus.Ok && watch.Elapsed.TotalSeconds < 15)
            {
                polled = client.Poll(1);
            }

            Assert.Equal(MqttStatus.ConnectFailed, polled);
            Assert.Equal(MqttStatus.ConnectFailed, client.LastError);
            Assert.False(client.IsConnected);
            Assert.Equal(0, client.Connects);
        }
        finally
        {
            client.Abort();
        }
    }

    [Fact]
    public void ClientCertificateIsPresentedWhenTheBrokerRequiresOne()
    {
        var cert = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "client.crt"), Path.Combine(_dir, "client.key"));
        MqttClient client = NewClient("tls-mutual", "ca.crt", out Recorder recorder, _mutualPort, cert);
        try
        {
            client.Start();
            Assert.True(TryPump(client, () => client.IsConnected, 15), "TLS connect with a client certificate: " + client.LastError);
            Assert.Equal(MqttStatus.Sent, client.Subscribe("mtls/#", 1, recorder));
            Assert.True(TryPump(client, () => client.GrantedQos(0) == 1, 10));
            byte[] payload = Encoding.UTF8.GetBytes("mutual");
            Assert.Equal(MqttStatus.Sent, client.Publish("mtls/a", payload, 0, payload.Length, 1, false));
            Assert.True(TryPump(client, () => recorder.Messages.Count == 1 && client.InflightCount == 0, 10));
            Assert.Equal(new Received("mtls/a", "mutual", 1, false), recorder.Messages.Single());
        }
        finally
        {
            client.Abort();
        }

        // The same listener refuses a client without a certificate: a failed attempt, not a connection.
        MqttClient anonymous = NewClient("tls-nocert", "ca.crt", out _, _mutualPort, null);
        try
        {
            anonymous.Start();
            var watch = Stopwatch.StartNew();
            while (anonymous.ConnectFailures == 0 && watch.Elapsed.TotalSeconds < 15)
            {
                anonymous.Poll(1);
            }

            Assert.True(anonymous.ConnectFailures > 0, "no failed attempt without a client certificate");
            Assert.Equal(0, anonymous.Connects);
        }
        finally
        {
            anonymous.Abort();
        }
    }

    private static bool TryPump(MqttClient client, Func<bool> done, double seconds)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed.TotalSeconds > seconds)
            {
                return false;
            }

            client.Poll(1);
        }

        return true;
    }

    private MqttClient NewClient(string clientId, string caFile, out Recorder recorder) => NewClient(clientId, caFile, out recorder, _tlsPort, null);

    private MqttClient NewClient(string clientId, string caFile, out Recorder recorder, int port, X509Certificate2? clientCertificate)
    {
        recorder = new Recorder();
        X509Certificate2 ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, caFile)));
        var options = new MqttClientOptions();
        options.Connection.ClientId = clientId;
        options.Timing.ReconnectFloorMs = 50;
        options.Timing.ReconnectCeilingMs = 500;
        var transport = new TlsTransport("127.0.0.1", port, ca, clientCertificate, SslProtocols.Tls12 | SslProtocols.Tls13);
        return new MqttClient(options, transport, SystemClock.Instance);
    }

    private void MakeCa(string name)
    {
        OpenSsl($"req -x509 -newkey rsa:2048 -nodes -keyout {name}.key -out {name}.crt -days 2 -subj /CN=NanoNode-Test-{name}"
            + " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
    }

    private void OpenSsl(string arguments)
    {
        var psi = new ProcessStartInfo("openssl", arguments)
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(30000), "openssl " + arguments);
        Assert.True(p.ExitCode == 0, "openssl " + arguments + ": " + err);
    }


    private static void WaitForPort(int port)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (watch.Elapsed.TotalSeconds < 10)
            {
                Thread.Sleep(50);
            }
        }
    }
}
