using System;

namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// The other end of a <see cref="MemoryTransport"/>: a scripted broker in tests, or an in-process broker on the virtual
    /// device (which has no sockets). Called synchronously from the client's thread: no threads, no waiting.
    /// </summary>
    public interface IMemoryTransportPeer
    {
        /// <summary>The client connects; return false to refuse (the client sees a failed connect).</summary>
        bool OnConnect(MemoryTransport transport);

        /// <summary>
        /// Called at the start of each client Receive: read what the client sent (<see cref="MemoryTransport.PeerRead"/>),
        /// answer (<see cref="MemoryTransport.PeerWrite"/>) or close (<see cref="MemoryTransport.PeerClose"/>).
        /// </summary>
        void Pump(MemoryTransport transport);
    }

    /// <summary>
    /// In-memory transport: two bounded byte queues (client→peer and peer→client) allocated at construction. Receive
    /// never waits (the timeout is ignored: time is the test's clock). A Send that does not fit fails like a broken
    /// connection. No allocation after construction.
    /// </summary>
    public sealed class MemoryTransport : IMqttTransport
    {
        private readonly byte[] _toPeer;
        private readonly byte[] _toClient;
        private int _toPeerStart;
        private int _toPeerEnd;
        private int _toClientStart;
        private int _toClientEnd;
        private bool _open;
        private bool _peerClosed;
        private int _connects;
        private IMemoryTransportPeer _peer;

        /// <summary>Queues of <paramref name="capacity"/> bytes each direction; <paramref name="peer"/> may be null and set later.</summary>
        public MemoryTransport(int capacity, IMemoryTransportPeer peer)
        {
            if (capacity < 16)
            {
                throw new ArgumentOutOfRangeException();
            }

            _toPeer = new byte[capacity];
            _toClient = new byte[capacity];
            _peer = peer;
        }

        /// <summary>The peer driven by this transport.</summary>
        public IMemoryTransportPeer Peer
        {
            get { return _peer; }
            set { _peer = value; }
        }

        /// <summary>Whether the client side is connected and the peer has not closed.</summary>
        public bool IsOpen
        {
            get { return _open && !_peerClosed; }
        }

        /// <summary>Successful connects so far.</summary>
        public int ConnectCount
        {
            get { return _connects; }
        }

        /// <summary>Bytes sent by the client not yet read by the peer.</summary>
        public int PeerAvailable
        {
            get { return _toPeerEnd - _toPeerStart; }
        }

        /// <inheritdoc />
        public bool Connect()
        {
            _open = false;
            _toPeerStart = _toPeerEnd = _toClientStart = _toClientEnd = 0;
            _peerClosed = false;
            if (_peer != null && !_peer.OnConnect(this))
            {
                return false;
            }

            _open = true;
            _connects++;
            return true;
        }

        /// <inheritdoc />
        public int Send(byte[] buffer, int offset, int count)
        {
            if (!_open || _peerClosed)
            {
                return -1;
            }

            if (!Append(_toPeer, ref _toPeerStart, ref _toPeerEnd, buffer, offset, count))
            {
                return -1;
            }

            return count;
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (!_open)
            {
                return -1;
            }

            if (_peer != null && !_peerClosed)
            {
                _peer.Pump(this);
            }

            int n = Take(_toClient, ref _toClientStart, ref _toClientEnd, buffer, offset, count);
            if (n > 0)
            {
                return n;
            }

            return _peerClosed ? -1 : 0;
        }

        /// <inheritdoc />
        public void Close()
        {
            _open = false;
        }

        /// <summary>Peer side: reads up to <paramref name="count"/> bytes the client sent; returns the number read.</summary>
        public int PeerRead(byte[] buffer, int offset, int count)
        {
            return Take(_toPeer, ref _toPeerStart, ref _toPeerEnd, buffer, offset, count);
        }

        /// <summary>Peer side: copies bytes of the client sent (from the oldest) without consuming them; returns the number copied.</summary>
        public int PeerPeek(byte[] buffer, int offset, int count)
        {
            int n = _toPeerEnd - _toPeerStart;
            if (n > count)
            {
                n = count;
            }

            Array.Copy(_toPeer, _toPeerStart, buffer, offset, n);
            return n;
        }

        /// <summary>Peer side: queues bytes for the client; false when they do not fit or the connection is closed.</summary>
        public bool PeerWrite(byte[] buffer, int offset, int count)
        {
            if (!_open || _peerClosed)
            {
                return false;
            }

            return Append(_toClient, ref _toClientStart, ref _toClientEnd, buffer, offset, count);
        }

        /// <summary>Peer side: closes the connection; the client reads what was already queued, then -1.</summary>
        public void PeerClose()
        {
            _peerClosed = true;
        }

        private static bool Append(byte[] queue, ref int start, ref int end, byte[] src, int offset, int count)
        {
            if (queue.Length - (end - start) < count)
            {
                return false;
            }

            if (queue.Length - end < count)
            {
                Array.Copy(queue, start, queue, 0, end - start);
                end -= start;
                start = 0;
            }

            Array.Copy(src, offset, queue, end, count);
            end += count;
            return true;
        }

        private static int Take(byte[] queue, ref int start, ref int end, byte[] dst, int offset, int count)
        {
            int n = end - start;
            if (n > count)
            {
                n = count;
            }

            if (n > 0)
            {
                Array.Copy(queue, start, dst, offset, n);
                start += n;
                if (start == end)
                {
                    start = 0;
                    end = 0;
                }
            }

            return n;
        }
    }
}
