using NanoNode.Device.Config;
using NanoNode.Device.Node;
using NanoNode.Mqtt;
using NanoNode.Mqtt.Client;

namespace NanoNode.Device.Link
{
    /// <summary>Creates MQTT transports for the brokers of a config (TCP or TLS, per platform; in-memory for the emulator).</summary>
    public interface IMqttTransportFactory
    {
        /// <summary>
        /// A new, unconnected transport to <paramref name="host"/>:<paramref name="port"/>, TLS when <paramref name="tls"/>
        /// (broker_tls). Called for broker_host:broker_port and each broker_fallback entry at reconnect-class changes only.
        /// </summary>
        IMqttTransport Create(string host, int port, bool tls);
    }

    /// <summary>Where the link reports connection problems (a console, a log file); rate-limited by the link.</summary>
    public interface ILinkLog
    {
        /// <summary>
        /// A connection or connect attempt to <paramref name="broker"/> ended with <paramref name="reason"/> (snake_case,
        /// see <see cref="MqttDeviceLink.ErrorName"/>): <paramref name="events"/> such ends since the last line for this
        /// reason (at most one line per reason per <see cref="LinkStats.LogIntervalMs"/>), <paramref name="total"/> in all.
        /// </summary>
        void LinkEvent(string reason, string broker, int total, int events);

        /// <summary>The publish QoS is capped at <paramref name="cap"/> on <paramref name="broker"/> because of <paramref name="cause"/>.</summary>
        void QosCapped(int cap, string cause, string broker);
    }

    /// <summary>
    /// <see cref="IDeviceLink"/> over the NanoNode MQTT client: one client per broker configuration, last will
    /// <c>status</c> = <c>offline</c> (retained, QoS 1), subscriptions to the node's filters, inbound messages routed
    /// to <see cref="DeviceNode.OnMessage"/>; messages the client skipped as larger than the max packet size are reported
    /// to <see cref="DeviceNode.OnOversizedMessage"/> (so an oversized <c>config/set</c> is still acked).
    /// </summary>
    /// <remarks>
    /// Failover: the link connects to broker_host:broker_port, and when a connect attempt fails (transport, CONNACK
    /// refusal or timeout) moves to the next entry of broker_fallback, wrapping around; a lost established connection is
    /// retried on the same broker first. Limits: the node subscribes at QoS 2; a SUBACK granting less caps every publish at
    /// the granted QoS, and so do two connection losses in a row with QoS 2 messages unanswered (Mosquitto 2.0 with max_qos 1
    /// closes an MQTT 3.1.1 connection at a QoS 2 publish): the cap is then 1 and the messages that
    /// would have been re-sent at QoS 2 are lowered to QoS 1, so the node does not loop. The cap lasts until the broker
    /// settings change. A PUBACK in answer to a QoS 2 PUBLISH (RabbitMQ takes it as QoS 1) is accepted as delivery by the
    /// client and caps the QoS at 1 too. Every connection end is counted in <see cref="Stats"/> and logged to
    /// <see cref="Log"/> (rate-limited).
    /// <see cref="Reconnect"/> aborts the current client (so the old broker publishes the will) and builds a new one
    /// from the config: client id = device id, user/password, keepalive, will topic under the (possibly new) prefix.
    /// That allocates (client buffers, strings) but happens only on reconnect-class config changes and rollbacks.
    /// Publish/Poll allocate nothing. Loop thread only: the app calls <see cref="Poll"/> then <see cref="DeviceNode.Poll"/>.
    /// </remarks>
    public sealed class MqttDeviceLink : IDeviceLink, IMqttMessageHandler, IMqttOversizedMessageHandler, IMqttConnectionListener
    {
        /// <summary>QoS asked for the node's subscriptions (the highest, so a SUBACK shows what the broker supports).</summary>
        public const int SubscribeQos = 2;

        /// <summary>Connection losses in a row with QoS 2 publishes unanswered that cap the publish QoS at 1.</summary>
        public const int Qos2DropsToCap = 2;

        private readonly IMqttTransportFactory _transports;
        private readonly IMqttClock _clock;
        private readonly int _maxPacket;
        private readonly int _outboxBytes;
        private readonly LinkStats _stats = new LinkStats();
        private DeviceNode _node;
        private MqttClient _client;
        private BrokerListTransport _brokers;
        private string _brokerSignature;
        private int _connects;
        private string _lastError;
        private bool _connected;
        private int _qos2Drops;
        private int _pubrecSeen;
        private int _pubackForQos2Seen;
        private bool _subscribeRefused;
        private bool _subscribeRetried;
        private string[] _filters;

        /// <summary>Where connection problems are reported; null = nowhere. Set at start-up.</summary>
        public ILinkLog Log;

        /// <summary>
        /// A link creating transports with <paramref name="transports"/>; packets up to <paramref name="maxPacketSize"/>
        /// bytes (larger inbound messages are skipped by the client), outbox of <paramref name="outboxBytes"/>.
        /// </summary>
        public MqttDeviceLink(IMqttTransportFactory transports, IMqttClock clock, int maxPacketSize, int outboxBytes)
        {
            _transports = transports;
            _clock = clock;
            _maxPacket = maxPacketSize;
            _outboxBytes = outboxBytes;
        }

        /// <summary>The current client (null before the first <see cref="Reconnect"/>).</summary>
        public MqttClient Client
        {
            get { return _client; }
        }

        /// <summary>Count of Publish calls the client refused (too large, outbox full, invalid).</summary>
        public int Refused;

        /// <summary>Routes inbound messages to <paramref name="node"/> and connects with its config. Start-up only.</summary>
        public void Attach(DeviceNode node)
        {
            _node = node;
            Reconnect(node.Config);
        }

        /// <inheritdoc />
        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        /// <inheritdoc />
        public int ConnectCount
        {
            get { return _connects; }
        }

        /// <inheritdoc />
        public string LastError
        {
            get { return _lastError; }
        }

        /// <inheritdoc />
        public string Broker
        {
            get { return _brokers == null ? null : _brokers.CurrentName; }
        }

        /// <inheritdoc />
        public LinkStats Stats
        {
            get { return _stats; }
        }

        /// <inheritdoc />
        public bool Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int payloadOffset, int payloadLength, int qos, bool retain)
        {
            if (_client == null)
            {
                Refused++;
                return false;
            }

            if (qos > _stats.QosCap)
            {
                qos = _stats.QosCap;
                _stats.QosCapped++;
            }

            MqttStatus s = _client.Publish(topic, topicOffset, topicLength, payload, payloadOffset, payloadLength, qos, retain);
            if (s == MqttStatus.Sent || s == MqttStatus.Queued || s == MqttStatus.Ok)
            {
                return true;
            }

            Refused++;
            return false;
        }

        /// <inheritdoc />
        public void Reconnect(DeviceConfig config)
        {
            if (_client != null)
            {
                _client.Abort();
            }

            _lastError = null;
            _connected = false;
            BuildBrokerList(config);
            MqttClientOptions o = new MqttClientOptions();
            o.Connection.ClientId = _node.Topics.DeviceId;
            int userLength = config.GetStringLength(ConfigSchema.BrokerUser);
            if (userLength > 0)
            {
                o.Connection.UserName = config.GetString(ConfigSchema.BrokerUser);
                int pl = config.GetStringLength(ConfigSchema.BrokerPassword);
                byte[] password = new byte[pl];
                System.Array.Copy(config.GetStringBuffer(ConfigSchema.BrokerPassword), 0, password, 0, pl);
                o.Connection.Password = password;
            }

            o.Connection.WillTopic = _node.Topics.Status.ToString();
            o.Connection.WillPayload = DeviceNode.Offline;
            o.Connection.WillQos = 1;
            o.Connection.WillRetain = true;
            o.Timing.KeepAliveSeconds = config.GetInt(ConfigSchema.KeepaliveS);
            o.Timing.ConnackTimeoutMs = 5000;
            o.Timing.ReconnectFloorMs = 500;
            o.Timing.ReconnectCeilingMs = 30000;
            o.Limits.MaxPacketSize = _maxPacket;
            o.Limits.OutboxBytes = _outboxBytes;
            o.Limits.MaxTopicLength = DeviceTopics.MaxTopic;
            o.Limits.MaxFilterLength = DeviceTopics.MaxTopic;
            _client = new MqttClient(o, _brokers, _clock);
            _client.Listener = this;
            _pubrecSeen = 0;
            _pubackForQos2Seen = 0;
            _subscribeRefused = false;
            _subscribeRetried = false;
            string[] filters = _node.SubscriptionFilters();
            _filters = filters;
            int[] qos = new int[filters.Length];
            for (int i = 0; i < qos.Length; i++)
            {
                qos[i] = SubscribeQos;
            }

            _client.Subscribe(filters, qos, this);
            _client.Start();
        }

        /// <summary>Runs the client (reads, dispatches, keepalive, reconnect backoff); blocks up to <paramref name="timeoutMs"/> for data.</summary>
        public MqttStatus Poll(int timeoutMs)
        {
            if (_client == null)
            {
                return MqttStatus.NotConnected;
            }

            MqttStatus s = _client.Poll(timeoutMs);
            if (_client.PubackForQos2 != _pubackForQos2Seen)
            {
                _pubackForQos2Seen = _client.PubackForQos2;
                if (_stats.QosCap > 1)
                {
                    Cap(1, LinkStats.CauseQos2Puback);
                }
            }
            if (_subscribeRefused && !_subscribeRetried && _client.IsConnected)
            {
                RetrySubscriptionsAtQos1();
            }

            return s;
        }

        // Some brokers refuse a QoS 2 subscription outright (SUBACK 0x80) instead of granting less: without its
        // subscriptions the node could never be reached again, so each refused filter is asked once more at QoS 1.
        // Once per Reconnect (a refusal at QoS 1 too is an ACL matter, counted and logged, not retried for ever).
        private void RetrySubscriptionsAtQos1()
        {
            _subscribeRetried = true;
            for (int i = 0; i < _filters.Length; i++)
            {
                int slot = _client.FindSubscription(_filters[i]);
                if (slot >= 0 && _client.GrantedQos(slot) == 0x80)
                {
                    _client.Subscribe(_filters[i], 1, this);
                }
            }
        }

        /// <summary>
        /// Orderly shutdown: publishes <c>offline</c> (retained) itself, then DISCONNECT (which discards the will
        /// [MQTT-3.14.4-3]). Polls briefly so the messages leave.
        /// </summary>
        public void Shutdown()
        {
            if (_client == null)
            {
                return;
            }

            if (_client.IsConnected)
            {
                TopicName status = _node.Topics.Status;
                _client.Publish(status.Bytes, 0, status.Length, DeviceNode.Offline, 0, DeviceNode.Offline.Length, 0, true);
                _client.Poll(0);
            }

            _client.Disconnect();
        }

        /// <inheritdoc />
        public void OnMessage(byte[] buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength, int qos, bool retain)
        {
            if (_node != null)
            {
                _node.OnMessage(buffer, topicOffset, topicLength, payloadOffset, payloadLength);
            }
        }

        /// <inheritdoc />
        public void OnOversizedMessage(byte[] buffer, int topicOffset, int topicLength, int payloadLength, int qos, bool retain)
        {
            if (_node != null)
            {
                _node.OnOversizedMessage(buffer, topicOffset, topicLength, MaxPayload(_maxPacket, topicLength, qos));
            }
        }

        /// <summary>
        /// The largest payload that fits in a PUBLISH of <paramref name="maxPacket"/> bytes on a topic of
        /// <paramref name="topicLength"/> bytes at <paramref name="qos"/> (fixed header with the remaining length as a
        /// variable byte integer, topic length prefix, packet id for QoS 1/2). Conservative by at most one byte.
        /// </summary>
        public static int MaxPayload(int maxPacket, int topicLength, int qos)
        {
            int lengthBytes = maxPacket <= 128 ? 1 : maxPacket <= 16385 ? 2 : maxPacket <= 2097154 ? 3 : 4;
            int max = maxPacket - 1 - lengthBytes - 2 - topicLength - (qos > 0 ? 2 : 0);
            return max < 0 ? 0 : max;
        }

        // Transports for broker_host:broker_port and each broker_fallback entry (allocates: reconnect-class changes only).
        // The QoS cap found on the old brokers is forgotten when the list changes.
        private void BuildBrokerList(DeviceConfig config)
        {
            if (_brokers != null)
            {
                _brokers.Close();
            }

            string host = config.GetString(ConfigSchema.BrokerHost);
            int port = config.GetInt(ConfigSchema.BrokerPort);
            bool tls = config.GetBool(ConfigSchema.BrokerTls);
            byte[] list = config.GetStringBuffer(ConfigSchema.BrokerFallback);
            int listLength = config.GetStringLength(ConfigSchema.BrokerFallback);
            int extra = BrokerList.Count(list, listLength);
            if (extra < 0)
            {
                extra = 0; // validated on the way in; a bad stored value is ignored rather than fatal
            }

            IMqttTransport[] transports = new IMqttTransport[1 + extra];
            string[] names = new string[1 + extra];
            transports[0] = _transports.Create(host, port, tls);
            names[0] = Name(host, port);
            string signature = names[0] + (tls ? "s" : "");
            for (int i = 0; i < extra; i++)
            {
                int ho;
                int hl;
                int p;
                BrokerList.Entry(list, listLength, i, out ho, out hl, out p);
                char[] chars = new char[hl];
                for (int j = 0; j < hl; j++)
                {
                    chars[j] = (char)list[ho + j];
                }

                string h = new string(chars);
                int entryPort = p == 0 ? port : p;
                transports[i + 1] = _transports.Create(h, entryPort, tls);
                names[i + 1] = Name(h, entryPort);
                signature = signature + "," + names[i + 1];
            }

            _brokers = new BrokerListTransport(transports, names);
            if (_brokerSignature == null || !string.Equals(_brokerSignature, signature))
            {
                _stats.QosCap = 2;
                _stats.QosCapCause = null;
                _qos2Drops = 0;
            }

            _brokerSignature = signature;
        }

        private static string Name(string host, int port)
        {
            return host.IndexOf(':') >= 0 ? "[" + host + "]:" + port.ToString() : host + ":" + port.ToString();
        }

        /// <inheritdoc />
        public void OnConnected(bool sessionPresent)
        {
            _connects++;
            _connected = true;
        }

        /// <inheritdoc />
        public void OnDisconnected(MqttStatus reason)
        {
            bool wasConnected = _connected;
            _connected = false;
            _lastError = ErrorName(reason);
            string broker = Broker;
            int events = _stats.Record(_lastError, _clock.NowMs, wasConnected);
            if (events > 0 && Log != null)
            {
                Log.LinkEvent(_lastError, broker, _stats.CountOf(_lastError), events);
            }

            if (wasConnected && _client != null)
            {
                // A broker that takes QoS 2 answers PUBREC; one that closes the link with QoS 2 publishes unanswered, time
                // after time, does not support them (Mosquitto 2.0 with max_qos 1).
                int pubrec = _client.PubrecReceived;
                if (pubrec != _pubrecSeen)
                {
                    _pubrecSeen = pubrec;
                    _qos2Drops = 0;
                }

                if (reason == MqttStatus.ConnectionLost && _client.AwaitingPubrec > 0)
                {
                    _qos2Drops++;
                    if (_qos2Drops >= Qos2DropsToCap && _stats.QosCap > 1)
                    {
                        Cap(1, LinkStats.CauseQos2Drop);
                    }
                }
                else
                {
                    _qos2Drops = 0;
                }
            }

            if (!wasConnected && _brokers != null && _brokers.Advance())
            {
                _stats.Failovers++;
            }
        }

        private void Cap(int qos, string cause)
        {
            _stats.QosCap = qos;
            _stats.QosCapCause = cause;
            if (_client != null)
            {
                _stats.QosDowngraded += _client.CapPublishQos(qos);
            }

            if (Log != null)
            {
                Log.QosCapped(qos, cause, Broker);
            }
        }

        /// <summary>The snake_case name of a connection-ending status (a constant: no allocation).</summary>
        public static string ErrorName(MqttStatus reason)
        {
            switch (reason)
            {
                case MqttStatus.ConnectFailed:
                    return "connect_failed";
                case MqttStatus.ConnackTimeout:
                    return "connack_timeout";
                case MqttStatus.ConnectionLost:
                    return "connection_lost";
                case MqttStatus.PingTimeout:
                    return "ping_timeout";
                case MqttStatus.ProtocolError:
                    return "protocol_error";
                case MqttStatus.TooLarge:
                    return "packet_too_large";
                case MqttStatus.TableFull:
                    return "table_full";
                case MqttStatus.RefusedProtocolVersion:
                    return "refused_protocol_version";
                case MqttStatus.RefusedIdentifier:
                    return "refused_identifier";
                case MqttStatus.RefusedServerUnavailable:
                    return "refused_server_unavailable";
                case MqttStatus.RefusedBadCredentials:
                    return "refused_bad_credentials";
                case MqttStatus.RefusedNotAuthorized:
                    return "refused_not_authorized";
                default:
                    return MqttStatusInfo.IsMalformed(reason) ? "malformed_packet" : "error";
            }
        }

        /// <inheritdoc />
        public void OnSubscribed(int slot, int grantedQos)
        {
            // [MQTT-3.9.3-2]: 0..2 is the QoS granted, 0x80 a failure.
            if (grantedQos >= 0 && grantedQos < SubscribeQos && grantedQos < _stats.QosCap)
            {
                Cap(grantedQos, LinkStats.CauseSuback);
            }

            if (grantedQos == 0x80)
            {
                _subscribeRefused = true;
                _stats.SubscribeRefused++;
                if (Log != null)
                {
                    Log.LinkEvent("subscribe_refused", Broker, _stats.SubscribeRefused, 1);
                }
            }
        }
    }
}
