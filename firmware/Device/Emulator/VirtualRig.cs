using NanoNode.Device.Config;
using NanoNode.Device.Link;
using NanoNode.Device.Node;
using NanoNode.Device.Storage;
using NanoNode.Drivers.Bh1750;
using NanoNode.Drivers.Bme280;
using NanoNode.Drivers.Sht3x;
using NanoNode.Drivers.Simulation;
using NanoNode.Mqtt.Client;

namespace NanoNode.Device.Emulator
{
    /// <summary>What the virtual board needs from its runtime (nanoclr console on the device, a recorder in tests).</summary>
    public interface IVirtualHost
    {
        /// <summary>One console line (UTF-8, no line terminator): a view into the rig's line buffer, valid during the call.</summary>
        void Line(byte[] text, int offset, int count);

        /// <summary>Wall-clock seconds since 1970-01-01 UTC, or -1 while unknown.</summary>
        long UnixSeconds { get; }

        /// <summary>Free managed memory in bytes, or -1 when unknown (may run a GC; called rarely).</summary>
        long FreeMemory();
    }

    /// <summary>
    /// The virtual board (firmware/App on the nanoFramework emulator): the real device logic, MQTT client and
    /// <see cref="MqttDeviceLink"/> against an in-process <see cref="LoopbackBroker"/> over a <see cref="MemoryTransport"/>
    /// (nanoclr has no sockets), with simulated BME280 (0x76), SHT3x (0x44) and BH1750 (0x23) on a simulated bus read
    /// through the real drivers. Everything the node publishes is echoed as a console line
    /// (<c>[pub] topic payload</c>, <c>[pub] topic (retained) payload</c>); a scripted demo (<see cref="DemoScript"/>) sends config patches and
    /// commands through the loopback so config handling (applied, rejected, stale, rolled_back, persisted across a
    /// reboot) is visible on the console.
    /// </summary>
    /// <remarks>
    /// The loopback answers only at the broker address the node booted with: a config change of
    /// <c>broker_host</c>/<c>broker_port</c> gets a refused connection, so the transactional apply rolls back after
    /// <c>rollback_timeout_s</c> exactly as on hardware. <c>cmd/reboot</c> (and <see cref="Restart"/>, the app's fatal
    /// error path) shuts the node down and boots a new one over the same storage, so the persisted config is reloaded.
    /// Threading: one loop thread calls <see cref="Poll"/>. Allocation: boot and restart allocate (node, client, strings);
    /// a loop turn allocates nothing in the rig (the host's <see cref="IVirtualHost.Line"/> may, to print).
    /// </remarks>
    public sealed class VirtualRig : IBoard, IDeviceClock, IMqttClock, ILoopbackObserver, IMqttTransportFactory
    {
        /// <summary>Device id used when no settings file names one.</summary>
        public const string DefaultDeviceId = "emulator";

        /// <summary>Largest MQTT packet (client and loopback), bytes.</summary>
        public const int MaxPacket = 4096;

        /// <summary>First config of a virtual node with no settings file: only the simulated chips enabled.</summary>
        public static readonly byte[] SeedSettings = Ascii("{\"device_id\":\"emulator\",\"board\":\"virtual\",\"config\":{\"aht20_enabled\":false,\"scd4x_enabled\":false}}");

        private static readonly byte[] PubTag = Ascii("[pub] ");
        private static readonly byte[] RetainedTag = Ascii(" (retained) ");
        private static readonly byte[] Space = Ascii(" ");
        private static readonly byte[] DemoTag = Ascii("[demo] ");
        private static readonly byte[] RigTag = Ascii("[rig] ");
        private static readonly byte[] Arrow = Ascii(" <- ");
        private static readonly byte[] NotDelivered = Ascii(" (not delivered: the node is not connected)");

        private readonly string _deviceId;
        private readonly IConfigStorage _storage;
        private readonly IVirtualHost _host;
        private readonly DeviceSettings _settings;
        private readonly byte[] _settingsBuffer;
        private readonly DemoScript _demo;
        private readonly SimulatedI2cBus _bus = new SimulatedI2cBus();
        private readonly LoopbackBroker _broker;
        private readonly MemoryTransport _toBroker;
        private readonly MemoryTransport _refused;
        private readonly byte[] _line = new byte[MaxPacket + 256];
        private readonly byte[] _topic = new byte[DeviceTopics.MaxTopic];
        private MqttDeviceLink _link;
        private DeviceNode _node;
        private string _reachableHost;
        private int _reachablePort;
        private long _demoStartMs = -1;
        private int _nextStep;

        /// <summary>
        /// A rig for <paramref name="deviceId"/> (null: the settings file's id, else <see cref="DefaultDeviceId"/>).
        /// <paramref name="storage"/> may be null (no persistence; an emulator without <c>I:</c> should pass a
        /// <see cref="MemoryConfigStorage"/> so a reboot keeps the config). <paramref name="settings"/> is the parsed
        /// settings file over <paramref name="settingsBuffer"/>, or null for <see cref="SeedSettings"/>.
        /// <paramref name="demo"/> null runs no script. Call <see cref="Boot"/> next.
        /// </summary>
        public VirtualRig(string deviceId, IConfigStorage storage, IVirtualHost host, DeviceSettings settings, byte[] settingsBuffer, DemoScript demo)
        {
            if (host == null)
            {
                throw new System.ArgumentNullException("host");
            }

            if (settings == null)
            {
                settings = new DeviceSettings();
                settingsBuffer = SeedSettings;
                settings.Parse(settingsBuffer, 0, settingsBuffer.Length);
            }

            _deviceId = deviceId != null ? deviceId : (settings.DeviceId != null ? settings.DeviceId : DefaultDeviceId);
            _storage = storage;
            _host = host;
            _settings = settings;
            _settingsBuffer = settingsBuffer;
            _demo = demo;
            _bus.Attach(new SimulatedBme280(0x76));
            _bus.Attach(new SimulatedSht3x(0x44));
            _bus.Attach(new SimulatedBh1750(0x23));
            _broker = new LoopbackBroker(MaxPacket, this);
            _toBroker = new MemoryTransport(4 * MaxPacket, _broker);
            _refused = new MemoryTransport(64, new RefusingPeer());
        }

        /// <summary>The running node (replaced by each boot).</summary>
        public DeviceNode Node
        {
            get { return _node; }
        }

        /// <summary>The running link (replaced by each boot).</summary>
        public MqttDeviceLink Link
        {
            get { return _link; }
        }

        /// <summary>The in-process broker.</summary>
        public LoopbackBroker Broker
        {
            get { return _broker; }
        }

        /// <summary>The simulated bus (its clock is the rig's clock).</summary>
        public SimulatedI2cBus Bus
        {
            get { return _bus; }
        }

        /// <summary>Boots so far.</summary>
        public int Boots;

        /// <summary>Where the config of the last boot came from.</summary>
        public BootConfigSource LastSource;

        /// <summary>Set by <c>cmd/reboot</c>; the next <see cref="Poll"/> restarts the node.</summary>
        public bool RebootRequested;

        /// <summary>Demo steps sent so far.</summary>
        public int StepsSent;

        /// <inheritdoc />
        public string Name
        {
            get { return BoardProfile.VirtualName; }
        }

        /// <inheritdoc />
        public string FirmwareVersion
        {
            get { return BoardProfile.FirmwareVersion; }
        }

        /// <inheritdoc />
        public long NowMs
        {
            get { return _bus.NowMs; }
        }

        /// <inheritdoc />
        public long UnixSeconds
        {
            get { return _host.UnixSeconds; }
        }

        /// <summary>
        /// Boots a node: config from storage, else the settings' (or seed) config, else defaults
        /// (<see cref="NodeBoot.LoadConfig"/>); connects to the loopback. Allocates.
        /// </summary>
        public void Boot()
        {
            ConfigPatch patch = new ConfigPatch();
            ConfigStore store = _storage == null ? null : new ConfigStore(_storage, patch);
            DeviceConfig config = new DeviceConfig();
            LastSource = NodeBoot.LoadConfig(store, patch, _settings, _settingsBuffer, config);
            _reachableHost = config.GetString(ConfigSchema.BrokerHost);
            _reachablePort = config.GetInt(ConfigSchema.BrokerPort);
            _link = new MqttDeviceLink(this, this, MaxPacket, 2 * MaxPacket);
            _node = new DeviceNode(_deviceId, config, store, patch, _link, this, this, new DriverSensorFactory(_bus));
            RebootRequested = false;
            Boots++;
            Say("boot #" + Boots + ": device " + _deviceId + ", board virtual, config from " + NodeBoot.SourceName(LastSource) +
                " (rev " + config.Rev + ", interval_s " + config.GetInt(ConfigSchema.IntervalS) + "), loopback broker at " +
                _reachableHost + ":" + _reachablePort);
            _link.Attach(_node);
        }

        /// <summary>
        /// One loop turn at monotonic time <paramref name="nowMs"/> (never goes back; the simulated chips share it):
        /// the demo step that is due, the MQTT client, the device logic, a requested reboot.
        /// </summary>
        public void Poll(long nowMs)
        {
            if (nowMs > _bus.NowMs)
            {
                _bus.NowMs = nowMs;
            }

            if (_demoStartMs < 0)
            {
                _demoStartMs = _bus.NowMs;
            }

            RunDemo();
            _link.Poll(0);
            _node.Poll();
            if (RebootRequested)
            {
                Restart("cmd/reboot");
            }
        }

        /// <summary>Shuts the node down (offline + DISCONNECT) and boots a new one over the same storage. The fatal-error path too.</summary>
        public void Restart(string reason)
        {
            Say("restart: " + reason);
            try
            {
                _link.Shutdown();
            }
            catch (System.Exception)
            {
                // the old node is being replaced: a failing shutdown changes nothing
            }

            Boot();
        }

        /// <summary>
        /// Sends a message to the node through the loopback (QoS 0), echoing it as <c>[demo] topic &lt;- payload</c>.
        /// <paramref name="command"/> null: the node's <c>config/set</c>; otherwise <c>cmd/&lt;command&gt;</c>.
        /// Returns false when the node is not connected (or not subscribed).
        /// </summary>
        public bool Send(string command, byte[] payload)
        {
            DeviceTopics topics = _node.Topics;
            TopicName prefix = command == null ? topics.ConfigSet : topics.CommandPrefix;
            int n = prefix.Length;
            System.Array.Copy(prefix.Bytes, 0, _topic, 0, n);
            if (command != null)
            {
                for (int i = 0; i < command.Length && n < _topic.Length; i++)
                {
                    _topic[n++] = (byte)command[i];
                }
            }

            bool delivered = _broker.Inject(_topic, n, payload, payload.Length);
            int p = Put(0, DemoTag, 0, DemoTag.Length);
            p = Put(p, _topic, 0, n);
            p = Put(p, Arrow, 0, Arrow.Length);
            p = Put(p, payload, 0, payload.Length);
            if (!delivered)
            {
                p = Put(p, NotDelivered, 0, NotDelivered.Length);
            }

            _host.Line(_line, 0, p);
            return delivered;
        }

        /// <inheritdoc />
        public void OnDevicePublish(byte[] buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength, bool retain)
        {
            int p = Put(0, PubTag, 0, PubTag.Length);
            p = Put(p, buffer, topicOffset, topicLength);
            if (retain)
            {
                p = Put(p, RetainedTag, 0, RetainedTag.Length);
            }
            else
            {
                p = Put(p, Space, 0, 1);
            }

            p = Put(p, buffer, payloadOffset, payloadLength);
            _host.Line(_line, 0, p);
        }

        /// <inheritdoc />
        public IMqttTransport Create(string host, int port, bool tls)
        {
            bool reachable = port == _reachablePort && host == _reachableHost;
            return reachable ? _toBroker : _refused;
        }

        /// <inheritdoc />
        public long FreeMemory()
        {
            return _host.FreeMemory();
        }

        /// <inheritdoc />
        public void Reboot()
        {
            RebootRequested = true;
        }

        /// <inheritdoc />
        public void Identify(int seconds)
        {
            Say("identify: the board would blink for " + seconds + " s");
        }

        private void RunDemo()
        {
            if (_demo == null || _nextStep >= _demo.Count || _node == null)
            {
                return;
            }

            if (_bus.NowMs - _demoStartMs < _demo.AtMs(_nextStep))
            {
                return;
            }

            int step = _nextStep++;
            StepsSent++;
            Say(_demo.Note(step));
            Send(_demo.Command(step), _demo.Payload(step));
        }

        private void Say(string text)
        {
            int p = Put(0, RigTag, 0, RigTag.Length);
            for (int i = 0; i < text.Length && p < _line.Length; i++)
            {
                char c = text[i];
                _line[p++] = c < 0x80 ? (byte)c : (byte)'?';
            }

            _host.Line(_line, 0, p);
        }

        private int Put(int position, byte[] src, int offset, int count)
        {
            int room = _line.Length - position;
            if (count > room)
            {
                count = room;
            }

            System.Array.Copy(src, offset, _line, position, count);
            return position + count;
        }

        /// <summary>ASCII bytes of <paramref name="s"/> (start-up constants).</summary>
        public static byte[] Ascii(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < s.Length; i++)
            {
                b[i] = (byte)s[i];
            }

            return b;
        }

        /// <summary>A broker address that refuses connections (a changed broker_host/broker_port on the emulator).</summary>
        private sealed class RefusingPeer : IMemoryTransportPeer
        {
            public bool OnConnect(MemoryTransport transport)
            {
                return false;
            }

            public void Pump(MemoryTransport transport)
            {
            }
        }
    }
}
