using NanoNode.Mqtt.Client;

namespace NanoNode.Device.Link
{
    /// <summary>
    /// One <see cref="IMqttTransport"/> over a list of brokers: <see cref="Connect"/> opens the current one; the link moves
    /// to the next with <see cref="Advance"/> when a connect attempt fails (so the MQTT client's own reconnect and backoff
    /// drive the failover). The transports are created up front (at a reconnect-class config change, not per attempt).
    /// Loop thread only, like every transport; no allocation after construction.
    /// </summary>
    public sealed class BrokerListTransport : IMqttTransport
    {
        private readonly IMqttTransport[] _transports;
        private readonly string[] _names;
        private int _current;

        /// <summary>Transports in the order tried, and their <c>host:port</c> names; both arrays the same non-zero length.</summary>
        public BrokerListTransport(IMqttTransport[] transports, string[] names)
        {
            if (transports == null || names == null || transports.Length == 0 || names.Length != transports.Length)
            {
                throw new System.ArgumentException();
            }

            _transports = transports;
            _names = names;
        }

        /// <summary>Brokers in the list.</summary>
        public int Count
        {
            get { return _transports.Length; }
        }

        /// <summary>Index of the broker the next <see cref="Connect"/> uses.</summary>
        public int Current
        {
            get { return _current; }
        }

        /// <summary><c>host:port</c> of the current broker.</summary>
        public string CurrentName
        {
            get { return _names[_current]; }
        }

        /// <summary>Moves to the next broker (wrapping); returns false when the list has only one.</summary>
        public bool Advance()
        {
            _transports[_current].Close();
            if (_transports.Length == 1)
            {
                return false;
            }

            _current = (_current + 1) % _transports.Length;
            return true;
        }

        /// <inheritdoc />
        public bool Connect()
        {
            return _transports[_current].Connect();
        }

        /// <inheritdoc />
        public int Send(byte[] buffer, int offset, int count)
        {
            return _transports[_current].Send(buffer, offset, count);
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer, int offset, int count, int timeoutMs)
        {
            return _transports[_current].Receive(buffer, offset, count, timeoutMs);
        }

        /// <inheritdoc />
        public void Close()
        {
            _transports[_current].Close();
        }
    }
}
