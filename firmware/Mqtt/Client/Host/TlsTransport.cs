using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;

namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// MQTT over TLS on host .NET (virtual devices, broker tests): <c>System.Net.Security.SslStream</c> over the socket,
    /// the broker verified against <paramref name="ca"/> (a custom trust root) or the system store when null, optional
    /// client certificate. Host-only (Host/ folder); same shape as the nanoFramework Nano/TlsTransport.cs.
    /// </summary>
    /// <remarks>
    /// SslStream may hold decrypted or undecrypted bytes that a socket Poll cannot see, so a receive with a timeout keeps
    /// one read outstanding (ReadAsync into an internal buffer) and waits on it; the bytes it returns are handed out on
    /// the next calls. This transport allocates per read; the zero-allocation figures are measured on TCP.
    /// </remarks>
    public sealed class TlsTransport : IMqttTransport
    {
        private readonly string _host;
        private readonly int _port;
        private readonly X509Certificate2 _ca;
        private readonly X509Certificate2 _clientCertificate;
        private readonly SslProtocols _protocols;
        private readonly byte[] _plain = new byte[16 * 1024];
        private int _plainStart;
        private int _plainEnd;
        private Socket _socket;
        private SslStream _stream;
        private Task<int> _pending;

        /// <summary>
        /// Broker <paramref name="host"/> (also the TLS server name) and <paramref name="port"/>; <paramref name="ca"/> the
        /// trust root for the broker certificate (null: system store); <paramref name="clientCertificate"/> with private key, or null.
        /// </summary>
        public TlsTransport(string host, int port, X509Certificate2 ca, X509Certificate2 clientCertificate, SslProtocols protocols)
        {
            if (host == null || port <= 0 || port > 65535)
            {
                throw new ArgumentException();
            }

            _host = host;
            _port = port;
            _ca = ca;
            _clientCertificate = clientCertificate;
            _protocols = protocols;
        }

        /// <summary>Longest time in ms a <see cref="Send"/> may block on a full send buffer before it fails (-1). Default 10000.</summary>
        public int SendTimeoutMs = 10000;

        /// <inheritdoc />
        public bool Connect()
        {
            Close();
            try
            {
                IPEndPoint endPoint = TcpTransport.Resolve(_host, _port);
                Socket s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                _socket = s;
                s.NoDelay = true;
                s.SendTimeout = SendTimeoutMs;
                s.Connect(endPoint);
                SslStream ssl = new SslStream(new NetworkStream(s, true), false);
                _stream = ssl;
                SslClientAuthenticationOptions options = new SslClientAuthenticationOptions();
                options.TargetHost = _host;
                options.EnabledSslProtocols = _protocols;
                options.RemoteCertificateValidationCallback = Validate;
                if (_clientCertificate != null)
                {
                    options.ClientCertificates = new X509CertificateCollection(new X509Certificate[] { _clientCertificate });
                }

                ssl.AuthenticateAsClient(options);
                return true;
            }
            catch (Exception)
            {
                Close();
                return false;
            }
        }

        /// <inheritdoc />
        public int Send(byte[] buffer, int offset, int count)
        {
            SslStream ssl = _stream;
            if (ssl == null)
            {
                return -1;
            }

            try
            {
                ssl.Write(buffer, offset, count);
                return count;
            }
            catch (Exception)
            {
                return -1;
            }
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (_stream == null)
            {
                return -1;
            }

            try
            {
                if (_plainEnd == _plainStart)
                {
                    if (_pending == null)
                    {
                        _pending = _stream.ReadAsync(_plain, 0, _plain.Length);
                    }

                    if (!_pending.Wait(timeoutMs < 0 ? 0 : timeoutMs))
                    {
                        return 0;
                    }

                    int got = _pending.Result;
                    _pending = null;
                    if (got <= 0)
                    {
                        return -1;
                    }

                    _plainStart = 0;
                    _plainEnd = got;
                }

                int n = Math.Min(count, _plainEnd - _plainStart);
                Array.Copy(_plain, _plainStart, buffer, offset, n);
                _plainStart += n;
                return n;
            }
            catch (Exception)
            {
                _pending = null;
                return -1;
            }
        }

        /// <inheritdoc />
        public void Close()
        {
            SslStream ssl = _stream;
            Socket s = _socket;
            _stream = null;
            _socket = null;
            _pending = null;
            _plainStart = _plainEnd = 0;
            try
            {
                if (ssl != null)
                {
                    ssl.Dispose();
                }

                if (s != null)
                {
                    s.Dispose();
                }
            }
            catch (Exception)
            {
                // closing a broken connection: nothing left to do
            }
        }

        private bool Validate(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
        {
            if (_ca == null)
            {
                return errors == SslPolicyErrors.None;
            }

            if (certificate == null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            {
                return false;
            }

            using (X509Chain custom = new X509Chain())
            {
                custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                custom.ChainPolicy.CustomTrustStore.Add(_ca);
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                X509Certificate2 leaf = certificate as X509Certificate2;
                return leaf != null && custom.Build(leaf);
            }
        }
    }
}
