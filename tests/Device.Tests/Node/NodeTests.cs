using nanoFramework.TestFramework;
using NanoNode.Device.Config;
using NanoNode.Device.Node;
using NanoNode.Drivers.Bme280;
using NanoNode.Drivers.Sht3x;
using NanoNode.Drivers.Simulation;

namespace NanoNode.Device.Tests.Node
{
    /// <summary>A device clock that is the simulated bus's clock, so chips and scheduler share one time.</summary>
    public sealed class BusClock : IDeviceClock
    {
        private readonly SimulatedI2cBus _bus;

        /// <summary>Wall clock to report (-1: unknown).</summary>
        public long Unix = 1767225600;

        /// <summary>Clock of <paramref name="bus"/>.</summary>
        public BusClock(SimulatedI2cBus bus)
        {
            _bus = bus;
        }

        /// <inheritdoc />
        public long NowMs
        {
            get { return _bus.NowMs; }
        }

        /// <inheritdoc />
        public long UnixSeconds
        {
            get { return Unix < 0 ? -1 : Unix + _bus.NowMs / 1000; }
        }
    }

    /// <summary>A board for tests: counts reboots and identifies.</summary>
    public sealed class TestBoard : IBoard
    {
        /// <summary>Reboot calls.</summary>
        public int Reboots;

        /// <summary>Identify calls.</summary>
        public int Identifies;

        /// <inheritdoc />
        public string Name
        {
            get { return "test"; }
        }

        /// <inheritdoc />
        public string FirmwareVersion
        {
            get { return "0.0.1"; }
        }

        /// <inheritdoc />
        public long FreeMemory()
        {
            return 12345;
        }

        /// <inheritdoc />
        public void Reboot()
        {
            Reboots++;
        }

        /// <inheritdoc />
        public void Identify(int seconds)
        {
            Identifies++;
        }
    }

    /// <summary>The composed node over simulated chips and a fake link: telemetry, deadbands, failures, birth, commands, discovery.</summary>
    [TestClass]
    public class NodeTests
    {
        private const string Tel = "nanonode/n1/telemetry";

        private static SimulatedI2cBus _bus;
        private static SimulatedSht3x _sht;
        private static FakeLink _link;
        private static TestBoard _board;
        private static DeviceNode _node;

        private static void Fresh(string config)
        {
            _bus = new SimulatedI2cBus();
            _bus.Attach(new SimulatedBme280(0x76));
            _sht = new SimulatedSht3x(0x44);
            _bus.Attach(_sht);
            _link = new FakeLink();
            _link.Connects = 0;
            _link.Connected = false;
            _board = new TestBoard();
            ConfigPatch patch = new ConfigPatch();
            DeviceConfig c = new DeviceConfig();
            if (config != null)
            {
                byte[] b = Text.Bytes(config);
                Assert.AreEqual((int)ConfigResult.Applied, (int)patch.Validate(b, 0, b.Length, new DeviceConfig(), c, false));
            }

            _node = new DeviceNode("n1", c, null, patch, _link, new BusClock(_bus), _board, new DriverSensorFactory(_bus));
        }

        // Polls every 10 ms of simulated time for ms milliseconds.
        private static void Run(int ms)
        {
            for (int t = 0; t < ms; t += 10)
            {
                _node.Poll();
                _bus.Advance(10);
            }

            _node.Poll();
        }

        private static void Deliver(string topic, string payload)
        {
            byte[] t = Text.Bytes(topic);
            byte[] p = Text.Bytes(payload);
            byte[] buffer = new byte[t.Length + p.Length + 4];
            System.Array.Copy(t, 0, buffer, 2, t.Length);
            System.Array.Copy(p, 0, buffer, 2 + t.Length, p.Length);
            _node.OnMessage(buffer, 2, t.Length, 2 + t.Length, p.Length);
        }

        [TestMethod]
        public static void BirthPublishesStatusConfigAndInfoRetained()
        {
            Fresh(null);
            _link.Up();
            _node.Poll();
            Sent status = _link.Last("nanonode/n1/status");
            Assert.AreEqual("online", status.Payload);
            Assert.IsTrue(status.Retain);
            Assert.AreEqual(1, status.Qos);
            Assert.IsTrue(_link.Last("nanonode/n1/config").Retain);
            Sent info = _link.Last("nanonode/n1/info");
            Assert.IsTrue(info.Retain);
            Assert.IsTrue(info.Payload.StartsWith("{\"device_id\":\"n1\",\"firmware\":\"0.0.1\",\"board\":\"test\",\"schema\":1,\"config_rev\":0,"));
            Assert.IsTrue(info.Payload.IndexOf("\"bus_scan\":[68,118]") > 0);
            Assert.IsTrue(info.Payload.IndexOf("{\"chip\":\"bme280\",\"address\":118,\"found\":true,") > 0);
            Assert.IsTrue(info.Payload.IndexOf("{\"chip\":\"aht20\",\"address\":56,\"found\":false,") > 0);
            Assert.IsTrue(info.Payload.IndexOf("\"free_memory\":12345") > 0);
            string[] filters = _node.SubscriptionFilters();
            Assert.AreEqual("nanonode/n1/config/set", filters[0]);
            Assert.AreEqual("nanonode/all/config/set", filters[1]);
            Assert.AreEqual("nanonode/n1/cmd/+", filters[2]);

            // A reconnect publishes online again.
            _link.Connected = false;
            _node.Poll();
            _link.Up();
            _node.Poll();
            Assert.AreEqual(2, _link.Count("nanonode/n1/status"));
        }

        [TestMethod]
        public static void TelemetryCarriesUnitsSequenceAndTimestampOnSchedule()
        {
            Fresh("{\"interval_s\":10}");
            _link.Up();
            Run(200);
            Assert.AreEqual(1, _link.Count(Tel));
            string p = _link.Last(Tel).Payload;
            Assert.IsTrue(p.StartsWith("{\"seq\":1,\"ts\":1767225600,\"uptime_s\":0,\"temperature_c\":"), p);
            Assert.IsTrue(p.IndexOf("\"humidity_pct\":") > 0, p);
            Assert.IsTrue(p.IndexOf("\"pressure_hpa\":") > 0, p);
            Assert.AreEqual(-1, p.IndexOf("errors"), p);
            Assert.AreEqual(1, _link.Last(Tel).Qos);
            Assert.IsFalse(_link.Last(Tel).Retain);

            Run(9700);
            Assert.AreEqual(1, _link.Count(Tel));
            Run(300);
            Assert.AreEqual(2, _link.Count(Tel));
            Assert.IsTrue(_link.Last(Tel).Payload.StartsWith("{\"seq\":2,\"ts\":17672256"));
            Run(10000);
            Assert.AreEqual(3, _link.Count(Tel));
        }

        [TestMethod]
        public static void IntervalChangeTakesEffectForTheNextReads()
        {
            Fresh("{\"interval_s\":60}");
            _link.Up();
            Run(200);
            Assert.AreEqual(1, _link.Count(Tel));
            Deliver("nanonode/n1/config/set", "{\"rev\":1,\"interval_s\":2}");
            Assert.AreEqual("{\"rev\":1,\"result\":\"applied\"}", _link.Last("nanonode/n1/config/ack").Payload);
            Run(2000);
            Assert.AreEqual(2, _link.Count(Tel));
            Run(2000);
            Assert.AreEqual(3, _link.Count(Tel));
        }

        [TestMethod]
        public static void DeadbandSuppressesUntilMaxSilence()
        {
            Fresh("{\"interval_s\":1,\"max_silence_s\":5,\"deadband_temperature_c\":5,\"deadband_humidity_pct\":50,\"deadband_pressure_hpa\":100}");
            _link.Up();
            Run(3500);
            Assert.AreEqual(1, _link.Count(Tel));
            Assert.IsTrue(_node.Telemetry.Suppressed >= 2);
            Run(2000);
            Assert.AreEqual(2, _link.Count(Tel));

            // A forced read publishes at once whatever the deadbands say.
            Deliver("nanonode/n1/cmd/read", "");
            Run(100);
            Assert.AreEqual(3, _link.Count(Tel));
            Assert.AreEqual("{\"cmd\":\"read\",\"result\":\"ok\"}", _link.Last("nanonode/n1/cmd/ack").Payload);

            // A change beyond the deadband publishes at once.
            _sht.RawTemperature = 0xFFFF;
            Deliver("nanonode/n1/config/set", "{\"rev\":1,\"bme280_enabled\":false}");
            int before = _link.Count(Tel);
            Run(1100);
            Assert.AreEqual(before + 1, _link.Count(Tel));
        }

        [TestMethod]
        public static void FailingSensorIsReportedAndTheLoopGoesOn()
        {
            Fresh("{\"interval_s\":1}");
            _link.Up();
            Run(1000);
            int n = _link.Count(Tel);
            _sht.Disconnected = true;
            Deliver("nanonode/n1/config/set", "{\"rev\":1,\"bme280_enabled\":false}");
            Run(2000);
            Assert.IsTrue(_link.Count(Tel) >= n + 1); // the error appears at once; with nothing else changing, later cycles wait for max_silence_s
            string p = _link.Last(Tel).Payload;
            Assert.IsTrue(p.IndexOf("\"errors\":{\"sht3x\":\"no_device\"}") > 0, p);
            Assert.AreEqual(-1, p.IndexOf("temperature_c"), p);
            _sht.Disconnected = false;
            Run(2000);
            p = _link.Last(Tel).Payload;
            Assert.AreEqual(-1, p.IndexOf("errors"), p);
            Assert.IsTrue(p.IndexOf("temperature_c") > 0, p);
            Assert.IsTrue(_node.Telemetry.SensorErrors > 0);
        }

        [TestMethod]
        public static void CommandsAreAnswered()
        {
            Fresh(null);
            _link.Up();
            _node.Poll();
            Deliver("nanonode/n1/cmd/scan", "");
            Assert.AreEqual("{\"cmd\":\"scan\",\"result\":\"ok\",\"found\":[68,118]}", _link.Last("nanonode/n1/cmd/ack").Payload);
            Deliver("nanonode/n1/cmd/identify", "{}");
            Assert.AreEqual(1, _board.Identifies);
            Deliver("nanonode/n1/cmd/dance", "");
            Assert.AreEqual("{\"cmd\":\"dance\",\"result\":\"unknown_command\"}", _link.Last("nanonode/n1/cmd/ack").Payload);
            // A long unknown name is echoed cut to 32 bytes, never inside a UTF-8 sequence (31 x + a 2-byte e-acute).
            Deliver("nanonode/n1/cmd/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\u00e9tail", "");
            Assert.AreEqual("{\"cmd\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"result\":\"unknown_command\"}", _link.Last("nanonode/n1/cmd/ack").Payload);
            int acks = _link.Count("nanonode/n1/cmd/ack");
            Deliver("nanonode/n1/cmd/ack", "{}");
            Assert.AreEqual(acks, _link.Count("nanonode/n1/cmd/ack"));
            Deliver("nanonode/n2/cmd/read", "");
            Assert.AreEqual(acks, _link.Count("nanonode/n1/cmd/ack"));
            Deliver("nanonode/n1/cmd/reboot", "");
            Assert.AreEqual(0, _board.Reboots);
            Run(DeviceNode.RebootDelayMs + 20);
            Assert.AreEqual(1, _board.Reboots);
        }

        [TestMethod]
        public static void FleetTopicConfiguresTheNode()
        {
            Fresh(null);
            _link.Up();
            _node.Poll();
            Deliver("nanonode/all/config/set", "{\"rev\":4,\"telemetry_qos\":0}");
            Assert.AreEqual("{\"rev\":4,\"result\":\"applied\"}", _link.Last("nanonode/n1/config/ack").Payload);
            Assert.AreEqual(0, _node.Config.GetInt(ConfigSchema.TelemetryQos));
        }

        [TestMethod]
        public static void HomeAssistantDiscoveryFollowsTheConfig()
        {
            Fresh(null);
            _link.Up();
            _node.Poll();
            Assert.AreEqual(0, _link.Count("homeassistant/sensor/n1/temperature_c/config"));
            Deliver("nanonode/n1/config/set", "{\"rev\":1,\"ha_discovery\":true,\"bh1750_enabled\":false,\"scd4x_enabled\":false}");
            // Nothing until a sensor has answered: discovery only for quantities that are really measured.
            Assert.AreEqual(0, _link.Count("homeassistant/sensor/n1/temperature_c/config"));
            Run(1000);
            Sent t = _link.Last("homeassistant/sensor/n1/temperature_c/config");
            Assert.IsTrue(t.Retain);
            Assert.AreEqual("{\"name\":\"Temperature\",\"unique_id\":\"n1_temperature_c\",\"state_topic\":\"nanonode/n1/telemetry\","
                + "\"value_template\":\"{{ value_json.temperature_c }}\",\"unit_of_measurement\":\"\u00b0C\",\"device_class\":\"temperature\","
                + "\"state_class\":\"measurement\",\"availability_topic\":\"nanonode/n1/status\",\"payload_available\":\"online\","
                + "\"payload_not_available\":\"offline\",\"expire_after\":90,\"origin\":{\"name\":\"NanoNode\",\"sw_version\":\"0.0.1\"},\"device\":{\"identifiers\":[\"nanonode_n1\"],\"name\":\"n1\",\"manufacturer\":\"NanoNode\","
                + "\"model\":\"test\",\"sw_version\":\"0.0.1\"}}", t.Payload);
            Assert.AreEqual(1, _link.Count("homeassistant/sensor/n1/pressure_hpa/config"));
            Assert.AreEqual(0, _link.Count("homeassistant/sensor/n1/co2_ppm/config"));

            // A new ha_prefix: the documents move, the old ones are cleared (empty retained), nothing is left behind.
            Deliver("nanonode/n1/config/set", "{\"rev\":2,\"ha_prefix\":\"ha2\"}");
            Assert.AreEqual("", _link.Last("homeassistant/sensor/n1/temperature_c/config").Payload);
            Assert.IsTrue(_link.Last("homeassistant/sensor/n1/temperature_c/config").Retain);
            Assert.AreEqual("", _link.Last("homeassistant/sensor/n1/pressure_hpa/config").Payload);
            Assert.IsTrue(_link.Last("ha2/sensor/n1/temperature_c/config").Payload.StartsWith("{\"name\":\"Temperature\""));
            Assert.AreEqual(0, _link.Count("ha2/sensor/n1/co2_ppm/config"));
            int oldCo2 = _link.Count("homeassistant/sensor/n1/co2_ppm/config");
            Assert.AreEqual(0, oldCo2);

            Deliver("nanonode/n1/config/set", "{\"rev\":3,\"ha_discovery\":false}");
            Assert.AreEqual("", _link.Last("ha2/sensor/n1/temperature_c/config").Payload);
            Assert.IsTrue(_link.Last("ha2/sensor/n1/temperature_c/config").Retain);
            Assert.AreEqual(2, _link.Count("homeassistant/sensor/n1/temperature_c/config")); // published once, cleared once
        }
    
        [TestMethod]
        public static void HomeAssistantDiscoveryFollowsTheSensorsThatWork()
        {
            // Only the SHT3x measures temperature and humidity here; the BME280 and AHT20 are disabled, the BH1750 is
            // enabled but absent from the bus (never found), so illuminance gets no document.
            Fresh("{\"rev\":1,\"ha_discovery\":true,\"bme280_enabled\":false,\"aht20_enabled\":false,\"scd4x_enabled\":false,\"interval_s\":5}");
            _link.Up();
            Run(1000);
            Assert.IsTrue(_link.Last("homeassistant/sensor/n1/temperature_c/config").Payload.StartsWith("{\"name\":\"Temperature\""));
            Assert.IsTrue(_link.Last("homeassistant/sensor/n1/humidity_pct/config").Payload.StartsWith("{\"name\":\"Humidity\""));
            Assert.AreEqual(0, _link.Count("homeassistant/sensor/n1/illuminance_lx/config"));
            Assert.AreEqual(0, _link.Count("homeassistant/sensor/n1/pressure_hpa/config"));
            Assert.IsTrue(_link.Last("homeassistant/sensor/n1/temperature_c/config").Payload.IndexOf("\"expire_after\":15,") > 0, "3 x interval_s without deadbands");

            // The sensor disappears: its documents are removed (empty retained), once.
            _bus.Detach(0x44);
            Run(12000);
            Assert.AreEqual("", _link.Last("homeassistant/sensor/n1/temperature_c/config").Payload);
            Assert.IsTrue(_link.Last("homeassistant/sensor/n1/temperature_c/config").Retain);
            Assert.AreEqual("", _link.Last("homeassistant/sensor/n1/humidity_pct/config").Payload);
            Assert.AreEqual(2, _link.Count("homeassistant/sensor/n1/temperature_c/config"));

            // It comes back: the documents come back.
            _bus.Attach(_sht);
            Run(12000);
            Assert.IsTrue(_link.Last("homeassistant/sensor/n1/temperature_c/config").Payload.StartsWith("{\"name\":\"Temperature\""));
            Assert.AreEqual(3, _link.Count("homeassistant/sensor/n1/temperature_c/config"));

            // A deadband without max_silence_s means telemetry may stay silent for ever: no expire_after.
            Deliver("nanonode/n1/config/set", "{\"rev\":2,\"deadband_temperature_c\":0.5,\"max_silence_s\":0}");
            Assert.IsTrue(_link.Last("homeassistant/sensor/n1/temperature_c/config").Payload.IndexOf("expire_after") < 0);
            Deliver("nanonode/n1/config/set", "{\"rev\":3,\"max_silence_s\":60}");
            Assert.IsTrue(_link.Last("homeassistant/sensor/n1/temperature_c/config").Payload.IndexOf("\"expire_after\":75,") > 0, "60 + 5 + 2 x 5");
        }

        [TestMethod]
        public static void FleetAnnounceIsJitteredAndRateLimitedOwnAnnounceIsImmediate()
        {
            Fresh(null);
            _link.Up();
            Run(100);
            int info = _link.Count("nanonode/n1/info");
            int config = _link.Count("nanonode/n1/config");
            int status = _link.Count("nanonode/n1/status");
            Deliver("nanonode/all/cmd/announce", "");
            int waited = 0;
            while (_node.Announces == 0 && waited <= DeviceNode.AnnounceJitterMs + 20)
            {
                Run(10);
                waited += 10;
            }

            Assert.AreEqual(1, _node.Announces, "answered within the jitter bound");
            Assert.AreEqual(info + 1, _link.Count("nanonode/n1/info"));
            Assert.AreEqual(config + 1, _link.Count("nanonode/n1/config"));
            Assert.AreEqual(status + 1, _link.Count("nanonode/n1/status"));
            Assert.AreEqual("online", _link.Last("nanonode/n1/status").Payload);
            Assert.IsTrue(_link.Last("nanonode/n1/info").Retain);

            Deliver("nanonode/all/cmd/announce", "");
            Run(DeviceNode.AnnounceJitterMs + 100);
            Assert.AreEqual(1, _node.Announces, "second request inside the window ignored");
            Assert.AreEqual(1, _node.AnnouncesIgnored);

            Run(DeviceNode.AnnounceMinIntervalMs);
            Deliver("nanonode/all/cmd/announce", "");
            Run(DeviceNode.AnnounceJitterMs + 100);
            Assert.AreEqual(2, _node.Announces, "answered again after the window");

            Deliver("nanonode/n1/cmd/announce", "");
            Assert.AreEqual(3, _node.Announces, "own announce at once");
            Assert.AreEqual("{\"cmd\":\"announce\",\"result\":\"ok\"}", _link.Last("nanonode/n1/cmd/ack").Payload);
        }

        [TestMethod]
        public static void InfoHasALinkSectionWithReasonsCountsAndTheQosCap()
        {
            Fresh(null);
            _link.LinkStats.Record("connection_lost", 1000, true);
            _link.LinkStats.Record("connect_failed", 1500, false);
            _link.LinkStats.Record("connect_failed", 2500, false);
            _link.LinkStats.Failovers = 1;
            _link.LinkStats.QosCap = 1;
            _link.LinkStats.QosCapCause = LinkStats.CauseQos2Drop;
            _bus.Advance(5000);
            _link.Up();
            _node.Poll();
            string info = _link.Last("nanonode/n1/info").Payload;
            int at = info.IndexOf("\"link\":");
            Assert.IsTrue(at > 0, info);
            Assert.AreEqual("\"link\":{\"broker\":\"fake:1883\",\"connects\":1,\"failures\":3,\"losses\":1,\"failovers\":1,\"qos_cap\":1,"
                + "\"qos_cap_cause\":\"closed_on_qos2_publish\",\"qos_capped\":0,\"qos_downgraded\":0,\"subscribe_refused\":0,\"errors\":["
                + "{\"reason\":\"connection_lost\",\"count\":1,\"last_uptime_s\":1,\"last_unix\":1767225601},"
                + "{\"reason\":\"connect_failed\",\"count\":2,\"last_uptime_s\":2,\"last_unix\":1767225603}]}}", info.Substring(at));
        }
    }
}
