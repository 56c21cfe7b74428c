using System;
using System.Text;

namespace NanoNode.Mqtt.Client
{
    /// <summary>Where the client is in its connection life.</summary>
    public enum MqttConnectionState
    {
        /// <summary>No connection; a reconnect is scheduled when started (<see cref="MqttClient.NextAttemptMs"/>).</summary>
        Disconnected = 0,

        /// <summary>Transport open, CONNECT sent, waiting for CONNACK.</summary>
        Connecting = 1,

        /// <summary>CONNACK accepted; publishing and dispatching.</summary>
        Connected = 2,
    }

    /// <summary>
    /// MQTT 3.1.1 client for the device (DESIGN §4): single-threaded, allocation-free after construction, driven by the
    /// application calling <see cref="Poll"/> in its loop. Poll reads what the transport has, dispatches packets to
    /// handlers, answers QoS handshakes, drains the outbox, sends pings and reconnects with backoff and jitter. No
    /// method blocks on an acknowledgement; none starts a thread. Not thread-safe: call every member from one thread.
    /// </summary>
    /// <remarks>
    /// Memory: the receive buffer, the control-packet buffer (both <c>Limits.MaxPacketSize</c>), the inflight arena
    /// (<c>MaxInflight × MaxPacketSize</c>), the outbox arena, the subscription table and the UTF-8 forms of the
    /// connection strings are allocated in the constructor; nothing after that (the transport's socket object aside).
    /// Failures are statuses (<see cref="MqttStatus"/>); only misuse at construction throws.
    /// </remarks>
    public sealed class MqttClient
    {
        private static readonly Encoding Utf8 = Encoding.UTF8;

        private readonly IMqttTransport _transport;
        private readonly IMqttClock _clock;
        private readonly byte[] _rx;
        private readonly byte[] _tx;
        private readonly byte[] _scratch;
        private readonly byte[] _clientId;
        private readonly byte[] _userName;
        private readonly byte[] _password;
        private readonly byte[] _willTopic;
        private readonly byte[] _willPayload;
        private readonly int _willQos;
        private readonly bool _willRetain;
        private readonly bool _cleanSession;
        private readonly int _keepAliveSeconds;
        private readonly int _pingTimeoutMs;
        private readonly int _connackTimeoutMs;
        private readonly int _maxPacket;
        private readonly MqttInflightTable _inflight;
        private readonly MqttInboundQos2Table _inbound;
        private readonly MqttOutbox _outbox;
        private readonly MqttSubscriptionTable _subs;
        private readonly MqttBackoff _backoff;
        private readonly IMqttMessageHandler[] _called;
        private readonly MqttPacket _packet = new MqttPacket();

        private MqttConnectionState _state;
        private bool _started;
        private long _nextAttemptMs;
        private long _lastSentMs;
        private long _lastReceivedMs = -1;
        private long _connackDeadlineMs;
        private long _pingSentMs;
        private long _connectedAtMs;
        private readonly int _stableMs;
        private bool _pingOutstanding;
        private int _rxCount;
        private int _skipRemaining;
        private int _skipQos;
        private int _skipPacketId;
        private int _skipTopicLength;
        private int _skipPayloadLength;
        private bool _skipRetain;
        private int _nextPacketId = 1;
        private bool _sessionPresent;
        private MqttStatus _lastError = MqttStatus.Ok;
        private MqttStatus _pollStatus;
        private IMqttConnectionListener _listener;

        private int _connects;
        private int _connectFailures;
        private int _pubrecReceived;
        private int _pubackForQos2;
        private int _pingTimeouts;
        private int _messagesReceived;
        private int _duplicatesSuppressed;
        private int _oversizedSkipped;
        private int _messagesSent;
        private MqttStatus _lastDecodeStatus = MqttStatus.Ok;

        /// <summary>
        /// Creates a stopped client. <paramref name="options"/> are read once (strings encoded to UTF-8, buffers sized);
        /// <paramref name="transport"/> and <paramref name="clock"/> are used, not owned. Throws
        /// <see cref="ArgumentException"/> for null arguments or out-of-range options (misuse at construction).
        /// </summary>
        public MqttClient(MqttClientOptions options, IMqttTransport transport, IMqttClock clock)
        {
            if (options == null || transport == null || clock == null)
            {
                throw new ArgumentNullException();
            }

            MqttLimitOptions limits = options.Limits;
            MqttTimingOptions timing = options.Timing;
            MqttConnectionOptions connection = options.Connection;
            if (limits.MaxPacketSize < 64 || limits.MaxPacketSize > 268435460 || limits.MaxInflight < 1 || limits.MaxSubscriptions < 1
                || limits.MaxTopicLength < 1 || limits.MaxInboundQos2 < 1 || limits.MaxInboundQos2 > MqttInboundQos2Table.AllIds || timing.KeepAliveSeconds < 0 || timing.KeepAliveSeconds > 65535
                || timing.PingTimeoutMs < 1 || timing.ConnackTimeoutMs < 1 || connection.ClientId == null
                || connection.WillQos < 0 || connection.WillQos > 2 || (connection.Password != null && connection.UserName == null))
            {
                throw new ArgumentException();
            }

            _transport = transport;
            _clock = clock;
            _maxPacket = limits.MaxPacketSize;
            _rx = new byte[limits.MaxPacketSize];
            _tx = new byte[limits.MaxPacketSize];
            _scratch = new byte[limits.MaxTopicLength];
            _inflight = new MqttInflightTable(limits.MaxInflight, limits.MaxPacketSize);
            _inbound = new MqttInboundQos2Table(limits.MaxInboundQos2);
            _outbox = new MqttOutbox(limits.OutboxBytes, limits.OutboxMessages, options.Session.Qos0, options.Session.Qos1, options.Session.Qos2);
            _subs = new MqttSubscriptionTable(limits.MaxSubscriptions, limits.MaxFilterLength);
            _called = new IMqttMessageHandler[limits.MaxSubscriptions];

            _clientId = Utf8.GetBytes(connection.ClientId);
            _userName = connection.UserName == null ? null : Utf8.GetBytes(connection.UserName);
            _password = connection.Password == null ? null : Copy(connection.Password);
            _willTopic = connection.WillTopic == null ? null : Utf8.GetBytes(connection.WillTopic);
            _willPayload = connection.WillPayload == null ? new byte[0] : Copy(connection.WillPayload);
            if (_willTopic != null && Topic.ValidateName(_willTopic, 0, _willTopic.Length) != MqttStatus.Ok)
            {
                throw new ArgumentException();
            }

            _willQos = connection.WillQos;
            _willRetain = connection.WillRetain;
            _cleanSession = options.Session.CleanSession;
            if (_clientId.Length == 0 && !_cleanSession)
            {
                // [MQTT-3.1.3-7]: a zero-byte client id needs CleanSession = 1.
                throw new ArgumentException();
            }

            _keepAliveSeconds = timing.KeepAliveSeconds;
            _pingTimeoutMs = timing.PingTimeoutMs;
            _connackTimeoutMs = timing.ConnackTimeoutMs;
            _stableMs = timing.ReconnectCeilingMs;
            uint seed = timing.JitterSeed != 0 ? timing.JitterSeed : (uint)clock.NowMs ^ 0xA5A5F00Du;
            _backoff = new MqttBackoff(timing.ReconnectFloorMs, timing.ReconnectCeilingMs, new XorShiftRandom(seed));
        }

        // ------------------------------------------------------------------ state and figures

        /// <summary>Connection state.</summary>
        public MqttConnectionState State
        {
            get { return _state; }
        }

        /// <summary>True when a CONNACK accepted the current connection.</summary>
        public bool IsConnected
        {
            get { return _state == MqttConnectionState.Connected; }
        }

        /// <summary>Session-present flag of the last accepted CONNACK.</summary>
        public bool SessionPresent
        {
            get { return _sessionPresent; }
        }

        /// <summary>Why the last connection ended or the last attempt failed (<see cref="MqttStatus.Ok"/> if none yet).</summary>
        public MqttStatus LastError
        {
            get { return _lastError; }
        }

        /// <summary>
        /// The shared codec's specific reason (e.g. <see cref="MqttStatus.MalformedUtf8"/>) for the last inbound packet
        /// that closed the connection as <see cref="MqttStatus.Malformed"/>; <see cref="MqttStatus.Ok"/> if none yet.
        /// </summary>
        public MqttStatus LastDecodeStatus
        {
            get { return _lastDecodeStatus; }
        }

        /// <summary>Optional observer of connection events (null by default); called from inside Poll.</summary>
        public IMqttConnectionListener Listener
        {
            get { return _listener; }
            set { _listener = value; }
        }

        /// <summary>
        /// Health figure: milliseconds since the last complete packet from the broker, or -1 when none was ever received.
        /// With keepalive on, a healthy connection keeps this below KeepAliveSeconds × 1000 + the PINGRESP round trip.
        /// </summary>
        public long MsSinceLastBrokerPacket
        {
            get { return _lastReceivedMs < 0 ? -1 : _clock.NowMs - _lastReceivedMs; }
        }

        /// <summary>Clock time (ms) of the next connect attempt while disconnected.</summary>
        public long NextAttemptMs
        {
            get { return _nextAttemptMs; }
        }

        /// <summary>Accepted connections since construction.</summary>
        public int Connects
        {
            get { return _connects; }
        }

        /// <summary>Failed connect attempts (transport, CONNACK refusal or timeout) since construction.</summary>
        public int ConnectFailures
        {
            get { return _connectFailures; }
        }

        /// <summary>Connections closed because PINGRESP did not arrive in time.</summary>
        public int PingTimeouts
        {
            get { return _pingTimeouts; }
        }

        /// <summary>Inbound application messages handed to handlers (each message once, however many handlers).</summary>
        public int MessagesReceived
        {
            get { return _messagesReceived; }
        }

        /// <summary>Inbound QoS 2 PUBLISH packets not delivered because their id was already held (duplicates).</summary>
        public int DuplicatesSuppressed
        {
            get { return _duplicatesSuppressed; }
        }

        /// <summary>
        /// Inbound PUBLISH packets larger than MaxPacketSize, read and discarded (acknowledged, not delivered; each copy
        /// counted, QoS 2 duplicates included). Handlers implementing <see cref="IMqttOversizedMessageHandler"/> are told
        /// the topic and payload size of each one (not of a QoS 2 duplicate).
        /// </summary>
        public int OversizedSkipped
        {
            get { return _oversizedSkipped; }
        }

        /// <summary>PUBLISH packets written to the transport (first sends; re-sends not counted).</summary>
        public int MessagesSent
        {
            get { return _messagesSent; }
        }

        /// <summary>Outbound QoS 1/2 messages awaiting acknowledgement.</summary>
        public int InflightCount
        {
            get { return _inflight.Count; }
        }

        /// <summary>PUBREC packets received for our QoS 2 messages (the broker took QoS 2) since construction.</summary>
        public int PubrecReceived
        {
            get { return _pubrecReceived; }
        }

        /// <summary>
        /// QoS 2 messages the broker answered with PUBACK instead of PUBREC, taken as delivered at QoS 1 (RabbitMQ, which
        /// has no QoS 2, does this). Counted so the application can stop asking for QoS 2.
        /// </summary>
        public int PubackForQos2
        {
            get { return _pubackForQos2; }
        }

        /// <summary>Outbound QoS 2 messages sent (or to be re-sent) that the broker has not answered with PUBREC yet.</summary>
        public int AwaitingPubrec
        {
            get
            {
                int n = 0;
                long mark = -1;
                int slot;
                while ((slot = _inflight.NextInOrder(mark)) >= 0)
                {
                    mark = _inflight.Order(slot);
                    if (_inflight.State(slot) == MqttFlowState.WaitPubrec)
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        /// <summary>
        /// Lowers every outbound message the broker has not yet taken above QoS <paramref name="maxQos"/> (0..2) to it: queued
        /// messages in the outbox and QoS 2 messages still waiting for PUBREC (their stored PUBLISH is rewritten to QoS 1,
        /// same packet id, and waits for PUBACK instead; with <paramref name="maxQos"/> 0 they are sent once more as QoS 1,
        /// since an inflight slot cannot hold a QoS 0 message). For a broker that closes the connection on a QoS it does not
        /// support: without this the same message would be re-sent after every reconnect and close it again. A QoS 2 message
        /// already PUBREC'd is left to finish. Returns the number of messages changed. Allocation-free; loop thread only.
        /// </summary>
        public int CapPublishQos(int maxQos)
        {
            if (maxQos < 0 || maxQos > 2)
            {
                return 0;
            }

            int changed = _outbox.CapQos(maxQos);
            if (maxQos == 2)
            {
                return changed;
            }

            byte[] arena = _inflight.Arena;
            for (int slot = 0; slot < _inflight.Capacity; slot++)
            {
                if (_inflight.State(slot) == MqttFlowState.WaitPubrec)
                {
                    int offset = _inflight.SlotOffset(slot);
                    arena[offset] = (byte)((arena[offset] & ~0x06) | (1 << 1)); // fixed header QoS bits (§3.3.1.2) := 1
                    _inflight.Requalify(slot, 1, MqttFlowState.WaitPuback);
                    changed++;
                }
            }

            return changed;
        }

        /// <summary>The outbox (queued messages and drop counters); read-only use.</summary>
        public MqttOutbox Outbox
        {
            get { return _outbox; }
        }

        // ------------------------------------------------------------------ lifecycle

        /// <summary>Starts connecting: the next <see cref="Poll"/> opens the transport. Idempotent.</summary>
        public void Start()
        {
            if (!_started)
            {
                _started = true;
                _nextAttemptMs = _clock.NowMs;
            }
        }

        /// <summary>
        /// Sends DISCONNECT (so the broker discards the will [MQTT-3.14.4-3]) when connected, closes the transport and
        /// stops reconnecting until <see cref="Start"/>. Queued and inflight messages are kept.
        /// </summary>
        public void Disconnect()
        {
            if (_state == MqttConnectionState.Connected)
            {
                int n;
                if (DisconnectPacket.Encode(_tx, 0, _tx.Length, out n) == MqttStatus.Ok)
                {
                    _transport.Send(_tx, 0, n);
                }
            }

            _started = false;
            CloseConnection();
        }

        /// <summary>
        /// Closes the transport without DISCONNECT (the broker then publishes the will) and stops reconnecting until
        /// <see cref="Start"/>. For tests and for an app that must drop the link at once.
        /// </summary>
        public void Abort()
        {
            _started = false;
            CloseConnection();
        }

        /// <summary>
        /// One turn of the client loop: connects when due, waits up to <paramref name="timeoutMs"/> (0 = not at all) for
        /// bytes from the broker, dispatches every complete packet (handlers run inside this call), re-sends and drains
        /// the outbox, sends PINGREQ when idle and enforces the CONNACK/PINGRESP deadlines. Returns
        /// <see cref="MqttStatus.Ok"/>, or the reason the connection ended / an attempt failed during this call.
        /// </summary>
        public MqttStatus Poll(int timeoutMs)
        {
            _pollStatus = MqttStatus.Ok;
            long now = _clock.NowMs;
            if (_state == MqttConnectionState.Disconnected)
            {
                if (!_started || now < _nextAttemptMs)
                {
                    return MqttStatus.Ok;
                }

                StartConnect(now);
                if (_state == MqttConnectionState.Disconnected)
                {
                    return _pollStatus;
                }

                timeoutMs = 0;
            }

            ReadAndDispatch(timeoutMs);
            now = _clock.NowMs;
            if (_state == MqttConnectionState.Connecting && now - _connackDeadlineMs >= 0)
            {
                Fail(MqttStatus.ConnackTimeout);
            }

            if (_state == MqttConnectionState.Connected)
            {
                DrainOutbox();
            }

            if (_state == MqttConnectionState.Connected)
            {
                KeepAlive(now);
            }

            return _pollStatus;
        }

        // ------------------------------------------------------------------ publish

        /// <summary>
        /// Publishes <paramref name="payload"/>[<paramref name="payloadOffset"/>..+<paramref name="payloadLength"/>] to the
        /// topic given as UTF-8 bytes. Returns at once: <see cref="MqttStatus.Sent"/> (written to the transport; QoS 1/2
        /// still await their acknowledgement), <see cref="MqttStatus.Queued"/> (offline, inflight full or older messages
        /// queued: sent in order later), <see cref="MqttStatus.TooLarge"/> (packet &gt; MaxPacketSize or record &gt; outbox),
        /// <see cref="MqttStatus.OutboxFull"/>, <see cref="MqttStatus.NotConnected"/> (offline and the QoS is not queued),
        /// <see cref="MqttStatus.ConnectionLost"/> (QoS 0 sent directly while connected and the transport write failed: the
        /// message is lost, not queued; the connection is closed and a reconnect scheduled, as from Poll), or
        /// <see cref="MqttStatus.InvalidArgument"/> (QoS not 0..2, topic empty or with wildcards [MQTT-3.3.2-2]).
        /// A QoS 1/2 message whose write fails is kept inflight and re-sent after the reconnect (<see cref="MqttStatus.Queued"/>).
        /// The bytes are copied or written before returning; the caller keeps ownership of both arrays.
        /// </summary>
        public MqttStatus Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int payloadOffset, int payloadLength, int qos, bool retain)
        {
            if (qos < 0 || qos > 2 || Topic.ValidateName(topic, topicOffset, topicLength) != MqttStatus.Ok
                || payloadLength < 0 || (payloadLength > 0 && payload == null))
            {
                return MqttStatus.InvalidArgument;
            }

            int size = PublishPacket.Size(topicLength, qos, payloadLength);
            if (size < 0 || size > _maxPacket)
            {
                return MqttStatus.TooLarge;
            }

            if (_state == MqttConnectionState.Connected && _outbox.Count == 0)
            {
                if (qos == 0)
                {
                    if (SendQos0(topic, topicOffset, topicLength, payload, payloadOffset, payloadLength, retain))
                    {
                        return MqttStatus.Sent;
                    }

                    // The write failed (the connection was closed) or, if still connected, the codec refused the header.
                    return _state == MqttConnectionState.Connected ? MqttStatus.InvalidArgument : MqttStatus.ConnectionLost;
                }

                int slot = _inflight.FindFree();
                if (slot >= 0)
                {
                    return SendNewQos(slot, topic, topicOffset, topicLength, payload, payloadOffset, payloadLength, qos, retain)
                        ? MqttStatus.Sent : MqttStatus.Queued;
                }
            }

            return _outbox.Enqueue(topic, topicOffset, topicLength, payload, payloadOffset, payloadLength, qos, retain);
        }

        /// <summary>
        /// <see cref="Publish(byte[], int, int, byte[], int, int, int, bool)"/> with the topic as a string, encoded into a
        /// scratch buffer of <c>Limits.MaxTopicLength</c> bytes (<see cref="MqttStatus.TooLarge"/> when longer). No allocation.
        /// </summary>
        public MqttStatus Publish(string topic, byte[] payload, int payloadOffset, int payloadLength, int qos, bool retain)
        {
            int n = EncodeScratch(topic);
            if (n < 0)
            {
                return n == -1 ? MqttStatus.InvalidArgument : MqttStatus.TooLarge;
            }

            return Publish(_scratch, 0, n, payload, payloadOffset, payloadLength, qos, retain);
        }

        // ------------------------------------------------------------------ subscribe

        /// <summary>
        /// Registers <paramref name="handler"/> for messages matching <paramref name="filter"/> at up to
        /// <paramref name="qos"/> and sends SUBSCRIBE when connected (else on connect). The subscription is restored after
        /// any reconnect that comes back without a session. Returns <see cref="MqttStatus.Sent"/>, <see cref="MqttStatus.Queued"/>
        /// (offline), <see cref="MqttStatus.TableFull"/>, <see cref="MqttStatus.TooLarge"/> (filter longer than
        /// MaxFilterLength) or <see cref="MqttStatus.InvalidArgument"/>. The SUBACK result arrives later:
        /// <see cref="GrantedQos"/> / <see cref="IMqttConnectionListener.OnSubscribed"/>.
        /// </summary>
        public MqttStatus Subscribe(string filter, int qos, IMqttMessageHandler handler)
        {
            MqttStatus status = Register(filter, qos, handler);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            return SendPendingSubscriptions();
        }

        /// <summary>
        /// Registers several filters (with their QoS, same handler) and sends them in one SUBSCRIBE when connected
        /// (MQTT 3.1.1 §3.8.3). Returns as <see cref="Subscribe(string, int, IMqttMessageHandler)"/>; on a failure no
        /// SUBSCRIBE is sent, filters registered before the failing one stay registered (sent with the next Subscribe
        /// or on reconnect).
        /// </summary>
        public MqttStatus Subscribe(string[] filters, int[] qos, IMqttMessageHandler handler)
        {
            if (filters == null || qos == null || filters.Length == 0 || filters.Length != qos.Length)
            {
                return MqttStatus.InvalidArgument;
            }

            for (int i = 0; i < filters.Length; i++)
            {
                MqttStatus status = Register(filters[i], qos[i], handler);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }
            }

            return SendPendingSubscriptions();
        }

        /// <summary>
        /// Stops dispatching <paramref name="filter"/> and sends UNSUBSCRIBE when connected (offline: sent after a reconnect
        /// that resumes the session; dropped when the session is new). Returns <see cref="MqttStatus.Sent"/>,
        /// <see cref="MqttStatus.Queued"/>, <see cref="MqttStatus.NotFound"/> or <see cref="MqttStatus.InvalidArgument"/>.
        /// </summary>
        public MqttStatus Unsubscribe(string filter)
        {
            int slot = FindSubscription(filter);
            if (slot < 0)
            {
                return slot == -1 ? MqttStatus.NotFound : MqttStatus.InvalidArgument;
            }

            if (_state != MqttConnectionState.Connected)
            {
                _subs.SetState(slot, _subs.State(slot) == MqttSubscriptionState.Pending ? MqttSubscriptionState.Free : MqttSubscriptionState.PendingUnsubscribe, 0);
                return MqttStatus.Queued;
            }

            return SendUnsubscribe(slot) ? MqttStatus.Sent : _lastError;
        }

        /// <summary>
        /// Unsubscribes several filters with one UNSUBSCRIBE when connected (§3.10.3: one or more filters; as many per
        /// packet as fit in MaxPacketSize). All filters must be registered, else nothing changes and the result is
        /// <see cref="MqttStatus.NotFound"/> (or <see cref="MqttStatus.InvalidArgument"/>). Offline: as
        /// <see cref="Unsubscribe(string)"/> per filter (<see cref="MqttStatus.Queued"/>).
        /// </summary>
        public MqttStatus Unsubscribe(string[] filters)
        {
            if (filters == null || filters.Length == 0)
            {
                return MqttStatus.InvalidArgument;
            }

            for (int i = 0; i < filters.Length; i++)
            {
                int slot = FindSubscription(filters[i]);
                if (slot < 0)
                {
                    return slot == -1 ? MqttStatus.NotFound : MqttStatus.InvalidArgument;
                }
            }

            if (_state != MqttConnectionState.Connected)
            {
                for (int i = 0; i < filters.Length; i++)
                {
                    Unsubscribe(filters[i]);
                }

                return MqttStatus.Queued;
            }

            // Size first: mark the slots (in the order given) into one packet while they fit, send, repeat.
            int next = 0;
            while (next < filters.Length)
            {
                int entries = 0;
                int end = next;
                while (end < filters.Length)
                {
                    int entry = UnsubscribePacket.EntrySize(_subs.FilterLength(FindSubscription(filters[end])));
                    int size = UnsubscribePacket.Size(entries + entry);
                    if (size < 0 || size > _tx.Length)
                    {
                        break;
                    }

                    entries += entry;
                    end++;
                }

                int packetId = NextPacketId();
                int n;
                if (end == next || UnsubscribePacket.EncodeHeader(_tx, 0, _tx.Length, packetId, entries, out n) != MqttStatus.Ok)
                {
                    return MqttStatus.TooLarge;
                }

                for (int i = next; i < end; i++)
                {
                    int slot = FindSubscription(filters[i]);
                    int written;
                    UnsubscribePacket.EncodeEntry(_tx, n, _tx.Length - n, _subs.Arena, _subs.FilterOffset(slot), _subs.FilterLength(slot), out written);
                    n += written;
                    _subs.SetState(slot, MqttSubscriptionState.Unsubscribing, packetId);
                }

                if (!SendRaw(_tx, 0, n))
                {
                    return _lastError;
                }

                next = end;
            }

            return MqttStatus.Sent;
        }

        /// <summary>Slot of <paramref name="filter"/> in the subscription table, -1 when not registered, -2 when not encodable.</summary>
        public int FindSubscription(string filter)
        {
            int n = EncodeScratch(filter);
            if (n < 0)
            {
                return -2;
            }

            return _subs.Find(_scratch, 0, n);
        }

        /// <summary>
        /// Result of the last SUBACK for subscription <paramref name="slot"/>: -1 not known yet, 0..2 granted QoS, 0x80 failure.
        /// </summary>
        public int GrantedQos(int slot)
        {
            return _subs.GrantedQos(slot);
        }

        /// <summary>State of subscription <paramref name="slot"/>.</summary>
        public MqttSubscriptionState SubscriptionState(int slot)
        {
            return _subs.State(slot);
        }

        // ------------------------------------------------------------------ connection

        private void StartConnect(long now)
        {
            _rxCount = 0;
            _skipRemaining = 0;
            _pingOutstanding = false;
            if (!_transport.Connect())
            {
                Fail(MqttStatus.ConnectFailed);
                return;
            }

            int n;
            if (ConnectPacket.Encode(_tx, 0, _tx.Length, _clientId, _willTopic, _willPayload, _willQos, _willRetain, _userName, _password,
                _cleanSession, _keepAliveSeconds, out n) != MqttStatus.Ok)
            {
                Fail(MqttStatus.TooLarge);
                return;
            }

            _state = MqttConnectionState.Connecting;
            _connackDeadlineMs = now + _connackTimeoutMs;
            SendRaw(_tx, 0, n);
        }

        private void OnConnack()
        {
            if (_state != MqttConnectionState.Connecting)
            {
                Fail(MqttStatus.ProtocolError);
                return;
            }

            bool sessionPresent = _packet.SessionPresent;
            int returnCode = _packet.ReturnCode;

            if (returnCode != 0)
            {
                Fail(ConnackStatus(returnCode));
                return;
            }

            if (sessionPresent && _cleanSession)
            {
                // [MQTT-3.2.2-1]: with CleanSession = 1 the server must answer session present = 0.
                Fail(MqttStatus.ProtocolError);
                return;
            }

            _state = MqttConnectionState.Connected;
            _sessionPresent = sessionPresent;
            _connects++;
            _connectedAtMs = _clock.NowMs;
            if (!sessionPresent)
            {
                _inbound.Clear();
            }

            if (!ResendInflight(sessionPresent))
            {
                return;
            }

            RestoreSubscriptions(sessionPresent);
            if (_state != MqttConnectionState.Connected)
            {
                return;
            }

            if (_listener != null)
            {
                _listener.OnConnected(sessionPresent);
            }
        }

        private bool ResendInflight(bool sessionPresent)
        {
            long mark = -1;
            int slot;
            while ((slot = _inflight.NextInOrder(mark)) >= 0)
            {
                mark = _inflight.Order(slot);
                MqttFlowAction action = MqttQosFlow.OnReconnect(_inflight.State(slot), sessionPresent);
                int offset = _inflight.SlotOffset(slot);
                byte[] arena = _inflight.Arena;
                switch (action)
                {
                    case MqttFlowAction.ResendPublishDup:
                        PublishPacket.SetDup(arena, offset); // [MQTT-3.3.1-1]
                        if (!SendRaw(arena, offset, _inflight.Length(slot)))
                        {
                            return false;
                        }

                        break;
                    case MqttFlowAction.ResendPublish:
                        arena[offset] = (byte)(arena[offset] & ~PublishPacket.DupFlag);
                        if (_inflight.Qos(slot) == 2)
                        {
                            _inflight.SetState(slot, MqttFlowState.WaitPubrec);
                        }

                        if (!SendRaw(arena, offset, _inflight.Length(slot)))
                        {
                            return false;
                        }

                        break;
                    case MqttFlowAction.SendPubrel:
                        if (!SendAck(MqttPacketType.PubRel, _inflight.PacketId(slot)))
                        {
                            return false;
                        }

                        break;
                    case MqttFlowAction.Complete:
                        _inflight.Release(slot);
                        break;
                }
            }

            return true;
        }

        private void RestoreSubscriptions(bool sessionPresent)
        {
            for (int i = 0; i < _subs.Capacity; i++)
            {
                MqttSubscriptionState s = _subs.State(i);
                if (s == MqttSubscriptionState.PendingUnsubscribe)
                {
                    if (!sessionPresent)
                    {
                        _subs.SetState(i, MqttSubscriptionState.Free, 0);
                    }
                    else if (!SendUnsubscribe(i))
                    {
                        return;
                    }
                }
                else if (s == MqttSubscriptionState.Subscribing || s == MqttSubscriptionState.Unsubscribing
                    || (!sessionPresent && (s == MqttSubscriptionState.Active || s == MqttSubscriptionState.Failed)))
                {
                    _subs.SetState(i, s == MqttSubscriptionState.Unsubscribing ? MqttSubscriptionState.PendingUnsubscribe : MqttSubscriptionState.Pending, 0);
                    if (s == MqttSubscriptionState.Unsubscribing)
                    {
                        if (!sessionPresent)
                        {
                            _subs.SetState(i, MqttSubscriptionState.Free, 0);
                        }
                        else if (!SendUnsubscribe(i))
                        {
                            return;
                        }
                    }
                }
            }

            SendPendingSubscriptions();
        }

        private static MqttStatus ConnackStatus(int returnCode)
        {
            switch (returnCode)
            {
                case 1:
                    return MqttStatus.RefusedProtocolVersion;
                case 2:
                    return MqttStatus.RefusedIdentifier;
                case 3:
                    return MqttStatus.RefusedServerUnavailable;
                case 4:
                    return MqttStatus.RefusedBadCredentials;
                case 5:
                    return MqttStatus.RefusedNotAuthorized;
                default:
                    return MqttStatus.ProtocolError;
            }
        }

        // The one place that decides what a failure means: close, keep session state, schedule a reconnect.
        private void Fail(MqttStatus reason)
        {
            bool wasConnected = _state == MqttConnectionState.Connected;
            _lastError = reason;
            _pollStatus = reason;
            if (!wasConnected)
            {
                _connectFailures++;
            }

            if (reason == MqttStatus.PingTimeout)
            {
                _pingTimeouts++;
            }

            CloseConnection();
            // Success resets the backoff only once a connection proved stable (up for ReconnectCeilingMs): a broker that
            // accepts and drops at once still sees growing delays.
            if (wasConnected && _clock.NowMs - _connectedAtMs >= _stableMs)
            {
                _backoff.Reset();
            }

            if (_started)
            {
                _nextAttemptMs = _clock.NowMs + _backoff.NextDelayMs();
            }

            if (_listener != null)
            {
                _listener.OnDisconnected(reason);
            }
        }

        private void CloseConnection()
        {
            _transport.Close();
            _state = MqttConnectionState.Disconnected;
            _pingOutstanding = false;
            _rxCount = 0;
            _skipRemaining = 0;
        }

        private void KeepAlive(long now)
        {
            if (_keepAliveSeconds == 0)
            {
                return;
            }

            if (_pingOutstanding)
            {
                if (now - _pingSentMs >= _pingTimeoutMs)
                {
                    Fail(MqttStatus.PingTimeout);
                }

                return;
            }

            long interval = _keepAliveSeconds * 1000L;
            // Idle in either direction: the broker needs a packet within the keepalive [MQTT-3.1.2-23], and a silent
            // broker is probed so a half-open connection is found.
            if (now - _lastSentMs >= interval || now - _lastReceivedMs >= interval)
            {
                int n;
                if (PingReqPacket.Encode(_tx, 0, _tx.Length, out n) == MqttStatus.Ok && SendRaw(_tx, 0, n))
                {
                    _pingOutstanding = true;
                    _pingSentMs = now;
                }
            }
        }

        // ------------------------------------------------------------------ receive path

        private void ReadAndDispatch(int timeoutMs)
        {
            int wait = timeoutMs;
            for (int turn = 0; turn < 8; turn++)
            {
                if (_state == MqttConnectionState.Disconnected)
                {
                    return;
                }

                int n;
                if (_skipRemaining > 0)
                {
                    n = _transport.Receive(_rx, _rxCount, Min(_rx.Length - _rxCount, _skipRemaining), wait);
                    if (n > 0)
                    {
                        _skipRemaining -= n;
                        if (_skipRemaining == 0)
                        {
                            FinishSkip();
                        }

                        wait = 0;
                        continue;
                    }
                }
                else
                {
                    n = _transport.Receive(_rx, _rxCount, _rx.Length - _rxCount, wait);
                    if (n > 0)
                    {
                        _rxCount += n;
                        ProcessBuffer();
                        wait = 0;
                        continue;
                    }
                }

                if (n < 0)
                {
                    Fail(MqttStatus.ConnectionLost);
                }

                return;
            }
        }

        // Frames with the shared frame reader, decodes with the shared decoder into the one preallocated view.
        private void ProcessBuffer()
        {
            int pos = 0;
            while (_state != MqttConnectionState.Disconnected)
            {
                int available = _rxCount - pos;
                int frameLength;
                int headerLength;
                int missing;
                MqttStatus status = MqttFrameReader.Check(_rx, pos, available, _rx.Length, out frameLength, out headerLength, out missing);
                if (status == MqttStatus.NeedMoreBytes)
                {
                    break;
                }

                if (status == MqttStatus.TooLarge)
                {
                    if (!StartSkip(pos, headerLength, frameLength - headerLength, available))
                    {
                        break;
                    }

                    return;
                }

                if (status != MqttStatus.Ok)
                {
                    FailMalformed(status);
                    return;
                }

                int type = _rx[pos] >> 4;
                if (!FixedHeader.IsAccepted(MqttRole.Client, type))
                {
                    // A well-formed packet that only a client may send (CONNECT, SUBSCRIBE, PINGREQ...) §2.2.1.
                    Fail(MqttStatus.ProtocolError);
                    return;
                }

                status = MqttDecoder.Decode(_rx, pos, frameLength, MqttRole.Client, _packet);
                if (status != MqttStatus.Ok)
                {
                    FailMalformed(status);
                    return;
                }

                _lastReceivedMs = _clock.NowMs;
                Dispatch();
                pos += frameLength;
            }

            if (_state == MqttConnectionState.Disconnected)
            {
                return;
            }

            if (pos > 0)
            {
                int left = _rxCount - pos;
                if (left > 0)
                {
                    Array.Copy(_rx, pos, _rx, 0, left);
                }

                _rxCount = left;
            }
        }

        // [MQTT-4.8.0-1]: malformed input closes the connection. The codec's specific reason is kept for diagnosis.
        private void FailMalformed(MqttStatus reason)
        {
            _lastDecodeStatus = reason;
            Fail(MqttStatus.Malformed);
        }

        // An inbound packet larger than the receive buffer (the frame reader said TooLarge): only a PUBLISH is tolerated;
        // its variable header (topic + packet id) is decoded by the codec, the rest read and discarded in chunks, then it
        // is reported to IMqttOversizedMessageHandler handlers and acknowledged without delivery (so the broker does not
        // send it again). The topic is kept at the front of the receive buffer while the rest is read behind it. Returns
        // false when more bytes are needed to read the topic and packet id (nothing changed: the caller compacts from `pos`).
        private bool StartSkip(int pos, int header, int remaining, int available)
        {
            int flags = _rx[pos] & 0x0F;
            if ((_rx[pos] >> 4) != (int)MqttPacketType.Publish)
            {
                Fail(MqttStatus.TooLarge);
                return true;
            }

            int qos = (flags >> 1) & 3;
            int topicLength;
            int need = header + 2;
            if (MqttWire.ReadTwoByteInteger(_rx, pos + header, available - header, out topicLength) != MqttStatus.Ok)
            {
                topicLength = 0;
            }

            need += topicLength + (qos > 0 ? 2 : 0);
            if (need > remaining + header || need > _rx.Length)
            {
                Fail(MqttStatus.TooLarge);
                return true;
            }

            if (available < need)
            {
                return false; // ProcessBuffer moves the partial packet to the front and reads more
            }

            // The variable header alone is a complete PUBLISH body with an empty payload: the codec checks topic and id.
            _packet.Reset();
            MqttStatus status = PublishPacket.DecodeBody(_rx, pos + header, need - header, flags, _packet);
            if (status != MqttStatus.Ok)
            {
                FailMalformed(status);
                return true;
            }

            if (_state != MqttConnectionState.Connected)
            {
                Fail(MqttStatus.ProtocolError); // as OnPublish: no PUBLISH before CONNACK
                return true;
            }

            _lastReceivedMs = _clock.NowMs;
            _skipQos = qos;
            _skipPacketId = _packet.PacketId;
            _skipRetain = _packet.Retain;
            _skipTopicLength = _packet.TopicLength;
            _skipPayloadLength = remaining - (need - header);
            _skipRemaining = header + remaining - available;
            Array.Copy(_rx, _packet.TopicOffset, _rx, 0, _skipTopicLength);
            _rxCount = _skipTopicLength; // ReadAndDispatch discards the rest into _rx[_rxCount..]
            _oversizedSkipped++;
            return true;
        }

        // The whole skipped PUBLISH has been read: same QoS flow as OnPublish, with a report instead of a delivery.
        // _rx[0.._skipTopicLength) still holds the topic; nothing else is in the buffer.
        private void FinishSkip()
        {
            _rxCount = 0;
            Inbound(0, _skipTopicLength, -1, _skipPayloadLength, _skipQos, _skipPacketId, _skipRetain, true);
        }

        // One dispatcher over the decoded view; each packet type a column of early returns. The codec already checked
        // flags [MQTT-2.2.2-2], lengths and packet ids; only state rules are left here.
        private void Dispatch()
        {
            if (_state == MqttConnectionState.Connecting && _packet.Type != MqttPacketType.ConnAck)
            {
                // [MQTT-3.2.0-1]: the first packet from the server must be CONNACK; anything else (a SUBACK, a PINGRESP...)
                // is a protocol violation and closes the connection now instead of waiting for the CONNACK timeout.
                Fail(MqttStatus.ProtocolError);
                return;
            }

            switch (_packet.Type)
            {
                case MqttPacketType.ConnAck:
                    OnConnack();
                    return;
                case MqttPacketType.Publish:
                    OnPublish();
                    return;
                case MqttPacketType.PubAck:
                case MqttPacketType.PubRec:
                case MqttPacketType.PubComp:
                    OnAck();
                    return;
                case MqttPacketType.PubRel:
                    OnPubrel();
                    return;
                case MqttPacketType.SubAck:
                    OnSuback();
                    return;
                case MqttPacketType.UnsubAck:
                    OnUnsuback();
                    return;
                case MqttPacketType.PingResp:
                    _pingOutstanding = false;
                    return;
                default:
                    Fail(MqttStatus.ProtocolError);
                    return;
            }
        }

        private void OnPublish()
        {
            if (_state != MqttConnectionState.Connected)
            {
                Fail(MqttStatus.ProtocolError);
                return;
            }

            Inbound(_packet.TopicOffset, _packet.TopicLength, _packet.PayloadOffset, _packet.PayloadLength, _packet.Qos, _packet.PacketId, _packet.Retain, false);
        }

        // The inbound QoS flow of one PUBLISH (delivered or, `oversized`, reported): a QoS 2 id is remembered before the
        // delivery and a re-send of it is acked again but not delivered [MQTT-4.3.3-2]; PUBACK/PUBREC after the handlers.
        private void Inbound(int topicOffset, int topicLength, int payloadOffset, int payloadLength, int qos, int packetId, bool retain, bool oversized)
        {
            MqttFlowAction action = MqttQosFlow.OnInboundPublish(qos, qos == 2 && _inbound.Contains(packetId));
            if (action == MqttFlowAction.DeliverStorePubrec && !_inbound.Add(packetId))
            {
                // No room to remember the id: delivering now could deliver twice later. Close; the broker re-sends.
                Fail(MqttStatus.TableFull);
                return;
            }

            if (action == MqttFlowAction.SendPubrec)
            {
                _duplicatesSuppressed++;
            }
            else
            {
                Deliver(topicOffset, topicLength, payloadOffset, payloadLength, qos, retain, oversized);
                if (_state != MqttConnectionState.Connected)
                {
                    return;
                }
            }

            if (action == MqttFlowAction.DeliverPuback)
            {
                SendAck(MqttPacketType.PubAck, packetId);
            }
            else if (action == MqttFlowAction.DeliverStorePubrec || action == MqttFlowAction.SendPubrec)
            {
                SendAck(MqttPacketType.PubRec, packetId);
            }
        }

        // Calls each matching handler once. `oversized`: the payload was skipped (payloadLength is its announced size);
        // only handlers implementing IMqttOversizedMessageHandler are called, and MessagesReceived is not counted.
        private void Deliver(int topicOffset, int topicLength, int payloadOffset, int payloadLength, int qos, bool retain, bool oversized)
        {
            if (!oversized)
            {
                _messagesReceived++;
            }

            int called = 0;
            for (int i = 0; i < _subs.Capacity; i++)
            {
                if (!_subs.IsDispatchable(i)
                    || !Topic.Matches(_subs.Arena, _subs.FilterOffset(i), _subs.FilterLength(i), _rx, topicOffset, topicLength))
                {
                    continue;
                }

                IMqttMessageHandler handler = _subs.Handler(i);
                bool seen = false;
                for (int j = 0; j < called; j++)
                {
                    if (_called[j] == handler)
                    {
                        seen = true;
                        break;
                    }
                }

                if (seen || handler == null)
                {
                    continue;
                }

                _called[called++] = handler;
                if (!oversized)
                {
                    handler.OnMessage(_rx, topicOffset, topicLength, payloadOffset, payloadLength, qos, retain);
                    continue;
                }

                IMqttOversizedMessageHandler told = handler as IMqttOversizedMessageHandler;
                if (told != null)
                {
                    told.OnOversizedMessage(_rx, topicOffset, topicLength, payloadLength, qos, retain);
                }
            }

            for (int j = 0; j < called; j++)
            {
                _called[j] = null;
            }
        }

        private void OnAck()
        {
            int packetId = _packet.PacketId;
            int slot = _inflight.Find(packetId);
            if (slot < 0)
            {
                return;
            }

            if (_packet.Type == MqttPacketType.PubAck && _inflight.State(slot) == MqttFlowState.WaitPubrec)
            {
                // A broker without QoS 2 (RabbitMQ) takes the PUBLISH as QoS 1 and answers PUBACK. Strictly a protocol
                // error (§4.3.3 wants PUBREC), but the message is acknowledged; closing would re-send it after every
                // reconnect and close again, for ever. Taken as delivered at QoS 1 and counted instead.
                _pubackForQos2++;
                _inflight.Release(slot);
                return;
            }

            MqttFlowState next;
            MqttFlowAction action = MqttQosFlow.OnAck(_inflight.State(slot), (int)_packet.Type, out next);
            switch (action)
            {
                case MqttFlowAction.Complete:
                    _inflight.Release(slot);
                    return;
                case MqttFlowAction.SendPubrel:
                    _pubrecReceived++;
                    _inflight.SetState(slot, next);
                    SendAck(MqttPacketType.PubRel, packetId);
                    return;
                case MqttFlowAction.ProtocolError:
                    Fail(MqttStatus.ProtocolError);
                    return;
            }
        }

        private void OnPubrel()
        {
            int packetId = _packet.PacketId;
            MqttFlowAction action = MqttQosFlow.OnInboundPubrel(_inbound.Contains(packetId));
            if (action == MqttFlowAction.ReleasePubcomp)
            {
                _inbound.Remove(packetId);
            }

            SendAck(MqttPacketType.PubComp, packetId);
        }

        private void OnSuback()
        {
            int packetId = _packet.PacketId;
            int codes = _packet.ItemsOffset;
            int count = _packet.ItemCount;
            // Return codes follow the order of the filters in the SUBSCRIBE [MQTT-3.9.3-1]: slots ascending.
            int k = 0;
            for (int i = 0; i < _subs.Capacity && k < count; i++)
            {
                if (_subs.State(i) == MqttSubscriptionState.Subscribing && _subs.PacketId(i) == packetId)
                {
                    int granted = _rx[codes + k];
                    k++;
                    _subs.SetGranted(i, granted);
                    if (_listener != null)
                    {
                        _listener.OnSubscribed(i, granted);
                    }
                }
            }
        }

        private void OnUnsuback()
        {
            int packetId = _packet.PacketId;
            for (int i = 0; i < _subs.Capacity; i++)
            {
                if (_subs.State(i) == MqttSubscriptionState.Unsubscribing && _subs.PacketId(i) == packetId)
                {
                    _subs.SetState(i, MqttSubscriptionState.Free, 0);
                }
            }
        }

        // ------------------------------------------------------------------ send path

        private bool SendQos0(byte[] topic, int topicOffset, int topicLength, byte[] payload, int payloadOffset, int payloadLength, bool retain)
        {
            // Publish checked topic and size already; the codec checks again and writes only the header here.
            int header;
            if (PublishPacket.EncodeHeader(_tx, 0, _tx.Length, topic, topicOffset, topicLength, 0, retain, false, 0, payloadLength, out header) != MqttStatus.Ok)
            {
                return false;
            }

            // Small payloads go out in one write; a payload that does not fit after the header is a second write from
            // the caller's array (no copy, STYLE §4).
            if (header + payloadLength <= _tx.Length)
            {
                if (payloadLength > 0)
                {
                    Array.Copy(payload, payloadOffset, _tx, header, payloadLength);
                }

                if (!SendRaw(_tx, 0, header + payloadLength))
                {
                    return false;
                }
            }
            else if (!SendRaw(_tx, 0, header) || !SendRaw(payload, payloadOffset, payloadLength))
            {
                return false;
            }

            _messagesSent++;
            return true;
        }

        // Encodes a QoS 1/2 PUBLISH into inflight slot `slot`, commits it and sends it. False when the send failed (the
        // message stays in the inflight table and is re-sent after the reconnect).
        private bool SendNewQos(int slot, byte[] topic, int topicOffset, int topicLength, byte[] payload, int payloadOffset, int payloadLength, int qos, bool retain)
        {
            int packetId = NextPacketId();
            byte[] arena = _inflight.Arena;
            int offset = _inflight.SlotOffset(slot);
            int written;
            if (PublishPacket.Encode(arena, offset, _inflight.SlotSize, topic, topicOffset, topicLength, qos, retain, false, packetId,
                payload, payloadOffset, payloadLength, out written) != MqttStatus.Ok)
            {
                // Unreachable after Publish's checks (topic valid, size <= MaxPacketSize = slot size); the slot stays free.
                return false;
            }

            _inflight.Commit(slot, packetId, qos, written, MqttQosFlow.AfterPublishSent(qos));
            _messagesSent++;
            return SendRaw(arena, offset, written);
        }

        private void DrainOutbox()
        {
            byte[] arena = _outbox.Arena;
            while (_state == MqttConnectionState.Connected && _outbox.Count > 0)
            {
                int r = _outbox.Head;
                int qos = _outbox.RecordQos(r);
                int slot = -1;
                if (qos > 0)
                {
                    slot = _inflight.FindFree();
                    if (slot < 0)
                    {
                        return;
                    }
                }

                int topicOffset = _outbox.TopicOffset(r);
                int topicLength = _outbox.TopicLength(r);
                int payloadOffset = _outbox.PayloadOffset(r);
                int payloadLength = _outbox.PayloadLength(r);
                bool retain = _outbox.RecordRetain(r);
                if (qos == 0)
                {
                    if (!SendQos0(arena, topicOffset, topicLength, arena, payloadOffset, payloadLength, retain))
                    {
                        return;
                    }

                    _outbox.Dequeue();
                }
                else
                {
                    // Moved to the inflight table before the send: a failed send leaves it there for the re-send.
                    bool sent = SendNewQos(slot, arena, topicOffset, topicLength, arena, payloadOffset, payloadLength, qos, retain);
                    _outbox.Dequeue();
                    if (!sent)
                    {
                        return;
                    }
                }
            }
        }

        private MqttStatus Register(string filter, int qos, IMqttMessageHandler handler)
        {
            if (qos < 0 || qos > 2 || handler == null)
            {
                return MqttStatus.InvalidArgument;
            }

            int n = EncodeScratch(filter);
            if (n < 0)
            {
                return n == -1 ? MqttStatus.InvalidArgument : MqttStatus.TooLarge;
            }

            if (Topic.ValidateFilter(_scratch, 0, n) != MqttStatus.Ok)
            {
                return MqttStatus.InvalidArgument;
            }

            // A filter must fit in one SUBSCRIBE (and UNSUBSCRIBE) within MaxPacketSize, else it could never be sent.
            if (n > _subs.MaxFilterLength || SubscribePacket.Size(SubscribePacket.EntrySize(n)) > _maxPacket)
            {
                return MqttStatus.TooLarge;
            }

            return _subs.Add(_scratch, 0, n, qos, handler) < 0 ? MqttStatus.TableFull : MqttStatus.Ok;
        }

        // Sends every Pending subscription in SUBSCRIBE packets (as many filters per packet as fit in MaxPacketSize),
        // size first: sum the entries, write the header, then each entry (SubscribePacket, §3.8).
        private MqttStatus SendPendingSubscriptions()
        {
            if (_state != MqttConnectionState.Connected)
            {
                return MqttStatus.Queued;
            }

            while (true)
            {
                int entries = 0;
                int filters = 0;
                for (int i = 0; i < _subs.Capacity; i++)
                {
                    if (_subs.State(i) != MqttSubscriptionState.Pending)
                    {
                        continue;
                    }

                    int entry = SubscribePacket.EntrySize(_subs.FilterLength(i));
                    int size = SubscribePacket.Size(entries + entry);
                    if (size < 0 || size > _tx.Length)
                    {
                        break;
                    }

                    entries += entry;
                    filters++;
                }

                if (filters == 0)
                {
                    return MqttStatus.Sent;
                }

                int packetId = NextPacketId();
                int n;
                if (SubscribePacket.EncodeHeader(_tx, 0, _tx.Length, packetId, entries, out n) != MqttStatus.Ok)
                {
                    return MqttStatus.TooLarge;
                }

                for (int i = 0; i < _subs.Capacity && filters > 0; i++)
                {
                    if (_subs.State(i) != MqttSubscriptionState.Pending)
                    {
                        continue;
                    }

                    int written;
                    SubscribePacket.EncodeEntry(_tx, n, _tx.Length - n, _subs.Arena, _subs.FilterOffset(i), _subs.FilterLength(i), _subs.RequestedQos(i), out written);
                    n += written;
                    filters--;
                    _subs.SetState(i, MqttSubscriptionState.Subscribing, packetId);
                }

                if (!SendRaw(_tx, 0, n))
                {
                    return _lastError;
                }
            }
        }

        private bool SendUnsubscribe(int slot)
        {
            int packetId = NextPacketId();
            int n;
            if (UnsubscribePacket.Encode(_tx, 0, _tx.Length, packetId, _subs.Arena, _subs.FilterOffset(slot), _subs.FilterLength(slot), out n) != MqttStatus.Ok)
            {
                return false;
            }

            _subs.SetState(slot, MqttSubscriptionState.Unsubscribing, packetId);
            return SendRaw(_tx, 0, n);
        }

        private bool SendAck(MqttPacketType type, int packetId)
        {
            int n;
            return PubAckPacket.Encode(_tx, 0, _tx.Length, type, packetId, out n) == MqttStatus.Ok && SendRaw(_tx, 0, n);
        }

        private bool SendRaw(byte[] buffer, int offset, int count)
        {
            if (_transport.Send(buffer, offset, count) != count)
            {
                Fail(MqttStatus.ConnectionLost);
                return false;
            }

            _lastSentMs = _clock.NowMs;
            return true;
        }

        private int NextPacketId()
        {
            while (true)
            {
                int id = _nextPacketId;
                _nextPacketId = id == 65535 ? 1 : id + 1;
                if (_inflight.Find(id) < 0 && !_subs.UsesPacketId(id))
                {
                    return id;
                }
            }
        }

        // UTF-8 of `s` into the scratch buffer: byte count, -1 for null/empty/not an MQTT string, -2 when longer than the scratch buffer.
        private int EncodeScratch(string s)
        {
            if (s == null || s.Length == 0)
            {
                return -1;
            }

            int n = MqttWire.Utf8ByteCount(s);
            if (n < 0)
            {
                return -1; // lone surrogate or U+0000 [MQTT-1.5.3-1] [MQTT-1.5.3-2]
            }

            if (n > _scratch.Length)
            {
                return -2;
            }

            return Utf8.GetBytes(s, 0, s.Length, _scratch, 0);
        }

        private static int Min(int a, int b)
        {
            return a < b ? a : b;
        }

        private static byte[] Copy(byte[] source)
        {
            byte[] copy = new byte[source.Length];
            Array.Copy(source, copy, source.Length);
            return copy;
        }
    }
}
