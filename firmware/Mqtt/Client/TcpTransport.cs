using System;
using System.Net;
using System.Net.Sockets;

namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// MQTT over plain TCP with System.Net.Sockets (the same API on nanoFramework and .NET). The host name is resolved on
    /// the first connect and cached (re-resolved after a failed connect). Connect blocks for the OS's TCP connect time.
    /// After connecting, Send/Receive allocate nothing; each Connect allocates the OS socket object.
    /// </summary>
    public sealed class TcpTransport : IMqttTransport
    {
        private readonly string _host;
        private readonly int _port;
        private IPEndPoint _endPoint;
        private Socket _socket;

        /// <summary>Broker <paramref name="host"/> (name or IPv4 literal) and TCP <paramref name="port"/> (1883 for MQTT).</summary>
        public TcpTransport(string host, int port)
        {
            if (host == null || port <= 0 || port > 65535)
            {
                throw new ArgumentException();
            }

            _host = host;
            _port = port;
        }

        /// <summary>
        /// Longest time in ms a <see cref="Send"/> may block while the OS send buffer is full (a stalled or half-open
        /// connection); then the send fails (-1) and the client closes and reconnects. Default 10000; read at each Connect.
        /// Keeps Publish from blocking for the minutes TCP needs to give up on its own.
        /// </summary>
        public int SendTimeoutMs = 10000;

        /// <summary>The connected socket, or null (for tests and diagnostics; owned by the transport).</summary>
        public Socket Socket
        {
            get { return _socket; }
        }

        /// <inheritdoc />
        public bool Connect()
        {
            Close();
            try
            {
                if (_endPoint == null)
                {
                    _endPoint = Resolve(_host, _port);
                }

                Socket s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                _socket = s;
                // Small MQTT packets must not wait for delayed ACKs (Nagle).
                s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
                s.SendTimeout = SendTimeoutMs;
                s.Connect(_endPoint);
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
            Socket s = _socket;
            if (s == null)
            {
                return -1;
            }

            try
            {
                int sent = 0;
                while (sent < count)
                {
                    int n = s.Send(buffer, offset + sent, count - sent, SocketFlags.None);
                    if (n <= 0)
                    {
                        return -1;
                    }

                    sent += n;
                }

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
            return SocketReceive(_socket, buffer, offset, count, timeoutMs);
        }

        /// <inheritdoc />
        public void Close()
        {
            Socket s = _socket;
            _socket = null;
            if (s != null)
            {
                try
                {
                    s.Close();
                }
                catch (Exception)
                {
                    // closing a broken socket: nothing left to do
                }
            }
        }

        /// <summary>
        /// Receive with a timeout on a plain socket: waits with Poll only when nothing is buffered. Returns count &gt; 0, 0 on
        /// timeout, -1 when closed (readable with 0 bytes) or failed.
        /// </summary>
        internal static int SocketReceive(Socket s, byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (s == null)
            {
                return -1;
            }

            try
            {
                if (s.Available == 0)
                {
                    int us = timeoutMs <= 0 ? 0 : (timeoutMs >= 2000000 ? 2000000000 : timeoutMs * 1000);
                    if (!s.Poll(us, SelectMode.SelectRead))
                    {
                        return 0;
                    }
                }

                int n = s.Receive(buffer, offset, count, SocketFlags.None);
                return n > 0 ? n : -1;
            }
            catch (Exception)
            {
                return -1;
            }
        }

        /// <summary>IPv4 end point for <paramref name="host"/>: an IPv4 literal is parsed, a name resolved with DNS.</summary>
        internal static IPEndPoint Resolve(string host, int port)
        {
            IPHostEntry entry = Dns.GetHostEntry(host);
            IPAddress[] list = entry.AddressList;
            for (int i = 0; i < list.Length; i++)
            {
                if (list[i].AddressFamily == AddressFamily.InterNetwork)
                {
                    return new IPEndPoint(list[i], port);
                }
            }

            throw new ArgumentException();
        }
    }
}
