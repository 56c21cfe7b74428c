using NanoNode.Mqtt;
using NanoNode.Mqtt.Client;

namespace NanoNode.Device.Link
{
    /// <summary>Sees what the device publishes through a <see cref="LoopbackBroker"/> (the emulator console).</summary>
    public interface ILoopbackObserver
    {
        /// <summary>One PUBLISH from the device: views into the broker's buffer, valid during the call.</summary>
        void OnDevicePublish(byte[] buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength, bool retain);
    }

    /// <summary>
    /// A minimal in-process MQTT 3.1.1 broker for one client over a <see cref="MemoryTransport"/>: for the nanoFramework
    /// emulator, which has no sockets, so the real device logic and MQTT client run end to end in one process.
    /// Answers CONNECT (CONNACK accepted), SUBSCRIBE (SUBACK, granted QoS as requested), PUBLISH (PUBACK for QoS 1,
    /// PUBREC/PUBCOMP for QoS 2; the message goes to the observer), PINGREQ; <see cref="Inject"/> delivers a message to
    /// the client when one of its filters matches (QoS 0). No retained store, no will delivery, no sessions.
    /// Buffers allocated once; called from the client's thread inside its Receive (no threads).
    /// </summary>
    public sealed class LoopbackBroker : IMemoryTransportPeer
    {
        private const int MaxFilters = 8;

        private readonly byte[] _rx;
        private readonly byte[] _tx;
        private readonly MqttPacket _packet = new MqttPacket();
        private readonly byte[][] _filters = new byte[MaxFilters][];
        private readonly int[] _filterLengths = new int[MaxFilters];
        private readonly byte[] _codes = new byte[MaxFilters];
        private readonly ILoopbackObserver _observer;
        private MemoryTransport _transport;
        private int _rxCount;
        private int _filterCount;

        /// <summary>A broker handling packets up to <paramref name="maxPacket"/> bytes; <paramref name="observer"/> may be null.</summary>
        public LoopbackBroker(int maxPacket, ILoopbackObserver observer)
        {
            _rx = new byte[maxPacket];
            _tx = new byte[maxPacket];
            _observer = observer;
            for (int i = 0; i < MaxFilters; i++)
            {
                _filters[i] = new byte[160];
            }
        }

        /// <summary>Messages the device published.</summary>
        public int Published;

        /// <summary>
        /// Highest QoS the broker takes (default 2). A PUBLISH above it closes the connection, as Mosquitto 2.0 with
        /// <c>max_qos</c> does for MQTT 3.1.1 clients; the limits of a broker model for tests and the emulator.
        /// </summary>
        public int MaxQos = 2;

        /// <summary>
        /// True (default): a SUBACK grants at most <see cref="MaxQos"/>. False: it grants what was asked even above it, so
        /// the client learns the limit only when the connection is closed at a publish.
        /// </summary>
        public bool SubackShowsMaxQos = true;

        /// <summary>True: a SUBSCRIBE above <see cref="MaxQos"/> is refused (SUBACK 0x80) instead of granted less.</summary>
        public bool SubackRefusesAboveMaxQos;

        /// <summary>
        /// True: a QoS 2 PUBLISH is taken as QoS 1 and answered with PUBACK (RabbitMQ 3.10 does this) instead of closing
        /// the connection, when <see cref="MaxQos"/> is 1.
        /// </summary>
        public bool Qos2AnsweredWithPuback;

        /// <summary>Connections closed because of a PUBLISH above <see cref="MaxQos"/>.</summary>
        public int ClosedForQos;

        /// <summary>Messages injected and delivered to the device.</summary>
        public int Delivered;

        /// <inheritdoc />
        public bool OnConnect(MemoryTransport transport)
        {
            _transport = transport;
            _rxCount = 0;
            _filterCount = 0;
            return true;
        }

        /// <inheritdoc />
        public void Pump(MemoryTransport transport)
        {
            _transport = transport;
            while (true)
            {
                if (_rxCount < _rx.Length)
                {
                    _rxCount += transport.PeerRead(_rx, _rxCount, _rx.Length - _rxCount);
                }

                int frame;
                int header;
                int missing;
                MqttStatus s = MqttFrameReader.Check(_rx, 0, _rxCount, _rx.Length, out frame, out header, out missing);
                if (s == MqttStatus.NeedMoreBytes || _rxCount == 0)
                {
                    return;
                }

                if (s != MqttStatus.Ok || MqttDecoder.Decode(_rx, 0, frame, MqttRole.Server, _packet) != MqttStatus.Ok)
                {
                    transport.PeerClose();
                    _rxCount = 0;
                    return;
                }

                if (!Handle(transport))
                {
                    transport.PeerClose();
                    _rxCount = 0;
                    return;
                }

                System.Array.Copy(_rx, frame, _rx, 0, _rxCount - frame);
                _rxCount -= frame;
            }
        }

        /// <summary>
        /// Delivers a message to the client (QoS 0) when one of its subscriptions matches <paramref name="topic"/>.
        /// Returns false when nothing matches, the client is not connected or its queue is full.
        /// </summary>
        public bool Inject(byte[] topic, int topicLength, byte[] payload, int payloadLength)
        {
            if (_transport == null || !_transport.IsOpen)
            {
                return false;
            }

            bool match = false;
            for (int i = 0; i < _filterCount && !match; i++)
            {
                match = Topic.Matches(_filters[i], 0, _filterLengths[i], topic, 0, topicLength);
            }

            int n;
            if (!match || PublishPacket.Encode(_tx, 0, _tx.Length, topic, 0, topicLength, 0, false, false, 0, payload, 0, payloadLength, out n) != MqttStatus.Ok)
            {
                return false;
            }

            if (!_transport.PeerWrite(_tx, 0, n))
            {
                return false;
            }

            Delivered++;
            return true;
        }

        private bool Known(byte[] b, int offset, int length)
        {
            for (int i = 0; i < _filterCount; i++)
            {
                if (_filterLengths[i] != length)
                {
                    continue;
                }

                bool same = true;
                for (int j = 0; j < length && same; j++)
                {
                    same = _filters[i][j] == b[offset + j];
                }

                if (same)
                {
                    return true;
                }
            }

            return false;
        }

        // Answers one packet; false when the broker closes the connection instead.
        private bool Handle(MemoryTransport t)
        {
            int n;
            MqttPacket p = _packet;
            switch (p.Type)
            {
                case MqttPacketType.Connect:
                    if (ConnAckPacket.Encode(_tx, 0, _tx.Length, false, 0, out n) == MqttStatus.Ok)
                    {
                        t.PeerWrite(_tx, 0, n);
                    }

                    return true;
                case MqttPacketType.Subscribe:
                    int pos = p.ItemsOffset;
                    int end = p.ItemsOffset + p.ItemsLength;
                    int count = 0;
                    while (pos < end && count < MaxFilters)
                    {
                        int fo;
                        int fl;
                        int q;
                        pos = SubscribePacket.ReadFilter(_rx, pos, out fo, out fl, out q);
                        _codes[count++] = (byte)(q <= MaxQos || !SubackShowsMaxQos ? q : SubackRefusesAboveMaxQos ? 0x80 : MaxQos);
                        if (_codes[count - 1] != 0x80 && _filterCount < MaxFilters && fl <= _filters[_filterCount].Length && !Known(_rx, fo, fl))
                        {
                            System.Array.Copy(_rx, fo, _filters[_filterCount], 0, fl);
                            _filterLengths[_filterCount++] = fl;
                        }
                    }

                    if (SubAckPacket.Encode(_tx, 0, _tx.Length, p.PacketId, _codes, 0, count, out n) == MqttStatus.Ok)
                    {
                        t.PeerWrite(_tx, 0, n);
                    }

                    return true;
                case MqttPacketType.Publish:
                    if (p.Qos > MaxQos && !(p.Qos == 2 && MaxQos == 1 && Qos2AnsweredWithPuback))
                    {
                        ClosedForQos++;
                        return false;
                    }

                    Published++;
                    if (_observer != null)
                    {
                        _observer.OnDevicePublish(_rx, p.TopicOffset, p.TopicLength, p.PayloadOffset, p.PayloadLength, p.Retain);
                    }

                    if ((p.Qos == 1 || (p.Qos == 2 && MaxQos == 1)) && PubAckPacket.Encode(_tx, 0, _tx.Length, MqttPacketType.PubAck, p.PacketId, out n) == MqttStatus.Ok)
                    {
                        t.PeerWrite(_tx, 0, n);
                    }
                    else if (p.Qos == 2 && PubAckPacket.Encode(_tx, 0, _tx.Length, MqttPacketType.PubRec, p.PacketId, out n) == MqttStatus.Ok)
                    {
                        t.PeerWrite(_tx, 0, n);
                    }

                    return true;
                case MqttPacketType.PubRel:
                    if (PubAckPacket.Encode(_tx, 0, _tx.Length, MqttPacketType.PubComp, p.PacketId, out n) == MqttStatus.Ok)
                    {
                        t.PeerWrite(_tx, 0, n);
                    }

                    return true;
                case MqttPacketType.PingReq:
                    if (PingRespPacket.Encode(_tx, 0, _tx.Length, out n) == MqttStatus.Ok)
                    {
                        t.PeerWrite(_tx, 0, n);
                    }

                    return true;
                case MqttPacketType.Disconnect:
                    return false;
                default:
                    return true;
            }
        }
    }

    /// <summary>Hands out one <see cref="MemoryTransport"/> to a <see cref="LoopbackBroker"/> (the emulator board).</summary>
    public sealed class LoopbackTransportFactory : IMqttTransportFactory
    {
        private readonly MemoryTransport _transport;

        /// <summary>Queues of <paramref name="capacity"/> bytes to <paramref name="broker"/>.</summary>
        public LoopbackTransportFactory(LoopbackBroker broker, int capacity)
        {
            _transport = new MemoryTransport(capacity, broker);
        }

        /// <inheritdoc />
        public IMqttTransport Create(string host, int port, bool tls)
        {
            return _transport;
        }
    }
}
