using NanoNode.Device.Config;
using NanoNode.Device.Node;
using NanoNode.Mqtt;
using NanoNode.Mqtt.Client;

namespace NanoNode.Device.Link
{
    /// <summary>Creates the MQTT transport for a config's broker settings (TCP or TLS, per platform; in-memory for the emulator).</summary>
    public interface IMqttTransportFactory
    {
        /// <summary>A new, unconnected transport to broker_host:broker_port (TLS when broker_tls). Reconnect time only.</summary>
        IMqttTransport Create(DeviceConfig config);
    }

    /// <summary>
    /// <see cref="IDeviceLink"/> over the NanoNode MQTT client: one client per broker configuration, last will
    /// <c>status</c> = <c>offline</c> (retained, QoS 1), subscriptions to the node's filters, inbound messages routed
    /// to <see cref="DeviceNode.OnMessage"/>; messages the client skipped as larger than the max packet size are reported
    /// to <see cref="DeviceNode.OnOversizedMessage"/> (so an oversized <c>config/set</c> is still acked).
    /// </summary>
    /// <remarks>
    /// <see cref="Reconnect"/> aborts the current client (so the old broker publishes the will) and builds a new one
    /// from the config: client id = device id, user/password, keepalive, will topic under the (possibly new) prefix.
    /// That allocates (client buffers, strings) but happens only on reconnect-class config changes and rollbacks.
    /// Publish/Poll allocate nothing. Loop thread only: the app calls <see cref="Poll"/> then <see cref="DeviceNode.Poll"/>.
    /// </remarks>
    public sealed class MqttDeviceLink : IDeviceLink, IMqttMessageHandler, IMqttOversizedMessageHandler, IMqttConnectionListener
    {
        private readonly IMqttTransportFactory _transports;
        private readonly IMqttClock _clock;
        private readonly int _maxPacket;
        private readonly int _outboxBytes;
        private DeviceNode _node;
        private MqttClient _client;
        private int _connects;
        private string _lastError;

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
        public bool Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int payloadOffset, int payloadLength, int qos, bool retain)
        {
            if (_client == null)
            {
                Refused++;
                return false;
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
            _client = new MqttClient(o, _transports.Create(config), _clock);
            _client.Listener = this;
            string[] filters = _node.SubscriptionFilters();
            int[] qos = new int[filters.Length];
            for (int i = 0; i < qos.Length; i++)
            {
                qos[i] = 1;
            }

            _client.Subscribe(filters, qos, this);
            _client.Start();
        }

        /// <summary>Runs the client (reads, dispatches, keepalive, reconnect backoff); blocks up to <paramref name="timeoutMs"/> for data.</summary>
        public MqttStatus Poll(int timeoutMs)
        {
            return _client == null ? MqttStatus.NotConnected : _client.Poll(timeoutMs);
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

        /// <inheritdoc />
        public void OnConnected(bool sessionPresent)
        {
            _connects++;
        }

        /// <inheritdoc />
        public void OnDisconnected(MqttStatus reason)
        {
            _lastError = ErrorName(reason);
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
        }
    }
}
