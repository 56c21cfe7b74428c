namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// The byte stream under the MQTT client (DESIGN §4): TCP, TLS or in-memory. Four methods, all called from the one
    /// thread that runs <see cref="MqttClient.Poll"/>; an implementation needs no locking and must start no thread.
    /// </summary>
    /// <remarks>
    /// Return values are statuses, not exceptions: an implementation catches the exceptions of its socket/stream and
    /// reports -1, so the client decides what a failure means (close and reconnect). A transport may be connected and
    /// closed any number of times; <see cref="Connect"/> after <see cref="Close"/> opens a fresh connection.
    /// </remarks>
    public interface IMqttTransport
    {
        /// <summary>
        /// Opens the connection to the broker. Blocking: at most the transport's own connect timeout (DNS, TCP handshake,
        /// TLS handshake). Returns true when the stream is ready for <see cref="Send"/>.
        /// </summary>
        bool Connect();

        /// <summary>
        /// Writes <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>; the bytes are
        /// copied or written before the call returns (the caller may reuse the buffer). Returns <paramref name="count"/>
        /// when everything was written, -1 when the connection failed (the caller then closes it). Blocking until the OS
        /// accepted the bytes.
        /// </summary>
        int Send(byte[] buffer, int offset, int count);

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes into <paramref name="buffer"/> at <paramref name="offset"/>, waiting at most
        /// <paramref name="timeoutMs"/> milliseconds (0 = do not wait) for the first byte. Returns the number of bytes read
        /// (&gt; 0), 0 when nothing arrived within the timeout, -1 when the connection is closed or failed.
        /// </summary>
        int Receive(byte[] buffer, int offset, int count, int timeoutMs);

        /// <summary>Closes the connection; idempotent, never throws. Data not yet sent may be lost.</summary>
        void Close();
    }
}
