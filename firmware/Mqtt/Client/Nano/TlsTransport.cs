using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// MQTT over TLS on nanoFramework: <c>SslStream(Socket)</c> (mbedTLS) authenticated against a CA certificate, with an
    /// optional client certificate (or the device certificate stored with nanoff). nanoFramework-only (Nano/ folder); the
    /// host twin with the same constructor shape is Host/TlsTransport.cs. Connect blocks for TCP + TLS handshake.
    /// </summary>
    public sealed class TlsTransport : IMqttTransport
    {
        private readonly string _host;
        private readonly int _port;
        private readonly X509Certificate _ca;
        private readonly X509Certificate _clientCertificate;
        private readonly SslProtocols _protocols;
        private IPEndPoint _endPoint;
        private Socket _socket;
        private SslStream _stream;

        /// <summary>
        /// Broker <paramref name="host"/> (also the TLS server name checked against the certificate) and
        /// <paramref name="port"/> (8883 for MQTT over TLS). <paramref name="ca"/> verifies the broker (null: the CA bundle
        /// stored on the device); <paramref name="clientCertificate"/> (with its private key) may be null.
        /// </summary>
        public TlsTransport(string host, int port, X509Certificate ca, X509Certificate clientCertificate, SslProtocols protocols)
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

        /// <summary>Use the client certificate stored on the device (nanoff) instead of the constructor's. Default false.</summary>
        public bool UseStoredDeviceCertificate;

        /// <summary>
        /// Socket receive/send timeout in ms (Socket.ReceiveTimeout/SendTimeout), the longest a TLS read may block once the
        /// socket was readable but the record is still incomplete, and the longest a write may block. Default 5000.
        /// A read that times out is "no data yet" (Receive returns 0; mbedTLS keeps the partial record), not a closed link.
        /// </summary>
        public int IoTimeoutMs = 5000;

        /// <inheritdoc />
        public bool Connect()
        {
            Close();
            try
            {
                if (_endPoint == null)
                {
                    _endPoint = TcpTransport.Resolve(_host, _port);
                }

                Socket s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                _socket = s;
                s.Connect(_endPoint);
                s.ReceiveTimeout = IoTimeoutMs;
                s.SendTimeout = IoTimeoutMs;
                SslStream ssl = new SslStream(s);
                _stream = ssl;
                ssl.SslVerification = SslVerification.CertificateRequired;
                ssl.UseStoredDeviceCertificate = UseStoredDeviceCertificate;
                ssl.AuthenticateAsClient(_host, _clientCertificate, _ca, _protocols);
                return true;
            }
            catch (Exception)
            {
                Close();
                _endPoint = null;
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
            SslStream ssl = _stream;
            Socket s = _socket;
            if (ssl == null || s == null)
            {
                return -1;
            }

            try
            {
                // DataAvailable counts bytes mbedTLS already decrypted; Poll sees bytes still on the socket.
                if (!ssl.DataAvailable)
                {
                    int us = timeoutMs <= 0 ? 0 : (timeoutMs >= 2000000 ? 2000000000 : timeoutMs * 1000);
                    if (!s.Poll(us, SelectMode.SelectRead))
                    {
                        return 0;
                    }
                }

                // SslStream.Read -> SslNative.SecureRead (nf-interpreter src/DeviceInterfaces/System.Net/
                // sys_net_native_System_Net_Security_SslNative.cpp, ReadWriteHelper): an incomplete record (mbedTLS
                // WANT_READ) makes it wait for socket events up to Socket.ReceiveTimeout, then throw SocketException with
                // ErrorCode SOCK_ETIMEDOUT (10060 = SocketError.TimedOut; src/PAL/Include/nanoPAL_Sockets.h). It returns
                // 0 only when the peer closed (close_notify or EOF: src/PAL/COM/sockets/ssl/MbedTLS/ssl_read_internal.cpp).
                int n = ssl.Read(buffer, offset, count);
                return n > 0 ? n : -1;
            }
            catch (SocketException e)
            {
                return e.ErrorCode == (int)SocketError.TimedOut ? 0 : -1;
            }
            catch (Exception)
            {
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
            try
            {
                if (ssl != null)
                {
                    ssl.Close();
                }
                else if (s != null)
                {
                    s.Close();
                }
            }
            catch (Exception)
            {
                // closing a broken connection: nothing left to do
            }
        }
    }
}
