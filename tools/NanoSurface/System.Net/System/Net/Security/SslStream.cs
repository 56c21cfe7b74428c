using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace System.Net.Security;

// nanoframework/System.Net: nanoFramework.System.Net/Security/SslStream.cs@0c22f64d5cfb327daa74a1141ab518cdafe09c92 (base(socket, ownsSocket: false); its remarks say it closes the socket on dispose)
public class SslStream : NetworkStream
{
    public SslStream(Socket socket) : base(socket) { }
    public SslVerification SslVerification { get => throw null; set => throw null; }
    public bool UseStoredDeviceCertificate { get => throw null; set => throw null; }
    public void AuthenticateAsClient(string targetHost, SslProtocols enabledSslProtocols) { }
    public void AuthenticateAsClient(string targetHost, X509Certificate clientCertificate, SslProtocols enabledSslProtocols) { }
    public void AuthenticateAsClient(string targetHost, X509Certificate clientCertificate, X509Certificate ca, SslProtocols enabledSslProtocols) { }
}

// nanoframework/System.Net: nanoFramework.System.Net/Security/NetworkSecurity.cs@main
[Flags]
public enum SslProtocols
{
    None = 0x00,
    [Obsolete("TLS 1.0 is deprecated")] // [unverified] message text
    Tls = 0xC0,
    [Obsolete("TLS 1.1 is deprecated")] // [unverified] message text
    Tls11 = 0x300,
    Tls12 = 0xC00,
    Tls13 = 0x3000,
}

// nanoframework/System.Net: nanoFramework.System.Net/Security/NetworkSecurity.cs@main
public enum SslVerification
{
    NoVerification = 1,
    VerifyPeer = 2,
    CertificateRequired = 4,
    VerifyClientOnce = 8,
}

// nanoframework/System.Net: nanoFramework.System.Net/Security/CertificateManager.cs@2ae2845a5fef5368d4dec8cd317a3914960e3ffc
public static class CertificateManager
{
    public static bool AddCaCertificateBundle(X509Certificate[] ca) => throw null;
    public static bool AddCaCertificateBundle(string ca) => throw null;
    public static bool AddCaCertificateBundle(byte[] ca) => throw null;
}
