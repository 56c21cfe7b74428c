using System.Collections;
using nanoFramework.TestFramework;
using NanoNode.Device.Config;
using NanoNode.Device.Link;
using NanoNode.Device.Node;
using NanoNode.Drivers.Bme280;
using NanoNode.Drivers.Simulation;
using NanoNode.Mqtt.Client;

namespace NanoNode.Device.Tests.Node
{
    /// <summary>The emulator path: real node + real MQTT client + MqttDeviceLink over the in-memory loopback broker.</summary>
    [TestClass]
    public class LoopbackTests
    {
        private sealed class Clock : IDeviceClock, IMqttClock
        {
            private readonly SimulatedI2cBus _bus;

            public Clock(SimulatedI2cBus bus)
            {
                _bus = bus;
            }

            public long NowMs
            {
                get { return _bus.NowMs; }
            }

            public long UnixSeconds
            {
                get { return -1; }
            }
        }

        private sealed class Observer : ILoopbackObserver
        {
            public readonly ArrayList Topics = new ArrayList();
            public readonly ArrayList Payloads = new ArrayList();

            public void OnDevicePublish(byte[] buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength, bool retain)
            {
                Topics.Add(Text.String(buffer, topicOffset, topicLength));
                Payloads.Add(Text.String(buffer, payloadOffset, payloadLength));
            }

            public string Last(string topic)
            {
                for (int i = Topics.Count - 1; i >= 0; i--)
                {
                    if ((string)Topics[i] == topic)
                    {
                        return (string)Payloads[i];
                    }
                }

                return null;
            }
        }

        [TestMethod]
        public static void NodeRunsEndToEndOverTheLoopback()
        {
            SimulatedI2cBus bus = new SimulatedI2cBus();
            bus.Attach(new SimulatedBme280(0x76));
            Clock clock = new Clock(bus);
            Observer observer = new Observer();
            LoopbackBroker broker = new LoopbackBroker(4096, observer);
            MqttDeviceLink link = new MqttDeviceLink(new LoopbackTransportFactory(broker, 16384), clock, 4096, 8192);
            ConfigPatch patch = new ConfigPatch();
            DeviceConfig config = new DeviceConfig();
            config.SetNumber(ConfigSchema.IntervalS, 1);
            DeviceNode node = new DeviceNode("emu", config, null, patch, link, clock, new TestBoard(), new DriverSensorFactory(bus));
            link.Attach(node);
            for (int i = 0; i < 300; i++)
            {
                link.Poll(0);
                node.Poll();
                bus.Advance(10);
            }

            Assert.AreEqual("online", observer.Last("nanonode/emu/status"));
            Assert.IsNotNull(observer.Last("nanonode/emu/info"));
            Assert.IsNotNull(observer.Last("nanonode/emu/config"));
            string tel = observer.Last("nanonode/emu/telemetry");
            Assert.IsNotNull(tel);
            Assert.IsTrue(tel.IndexOf("\"pressure_hpa\":") > 0, tel);

            byte[] topic = Text.Bytes("nanonode/emu/config/set");
            byte[] payload = Text.Bytes("{\"rev\":1,\"interval_s\":5}");
            Assert.IsTrue(broker.Inject(topic, topic.Length, payload, payload.Length));
            byte[] other = Text.Bytes("nanonode/other/config/set");
            Assert.IsFalse(broker.Inject(other, other.Length, payload, payload.Length));
            for (int i = 0; i < 20; i++)
            {
                link.Poll(0);
                node.Poll();
                bus.Advance(10);
            }

            Assert.AreEqual("{\"rev\":1,\"result\":\"applied\"}", observer.Last("nanonode/emu/config/ack"));
            Assert.AreEqual(5, node.Config.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(1, link.ConnectCount);
        }

        [TestMethod]
        public static void ConfigSetLargerThanTheBoardsMaxPacketIsAckedPayloadTooLarge()
        {
            // The ESP32 profile's 4096-byte packet limit; the broker side takes 16 KiB. A 6000-byte config/set is skipped
            // by the MQTT client and still answered; a small one after it is applied.
            SimulatedI2cBus bus = new SimulatedI2cBus();
            bus.Attach(new SimulatedBme280(0x76));
            Clock clock = new Clock(bus);
            Observer observer = new Observer();
            LoopbackBroker broker = new LoopbackBroker(16384, observer);
            MqttDeviceLink link = new MqttDeviceLink(new LoopbackTransportFactory(broker, 32768), clock, 4096, 8192);
            ConfigPatch patch = new ConfigPatch();
            DeviceConfig config = new DeviceConfig();
            DeviceNode node = new DeviceNode("emu", config, null, patch, link, clock, new TestBoard(), new DriverSensorFactory(bus));
            link.Attach(node);
            Run(link, node, bus, 100);
            Assert.IsTrue(link.IsConnected);
            int interval = node.Config.GetInt(ConfigSchema.IntervalS);

            byte[] topic = Text.Bytes("nanonode/emu/config/set");
            byte[] huge = new byte[6000];
            byte[] head = Text.Bytes("{\"rev\":1,\"broker_user\":\"");
            System.Array.Copy(head, huge, head.Length);
            for (int i = head.Length; i < huge.Length - 2; i++)
            {
                huge[i] = (byte)'x';
            }

            huge[huge.Length - 2] = (byte)'"';
            huge[huge.Length - 1] = (byte)'}';
            Assert.IsTrue(broker.Inject(topic, topic.Length, huge, huge.Length));
            Run(link, node, bus, 20);
            Assert.IsTrue(link.IsConnected, "still connected");
            Assert.AreEqual(1, link.Client.OversizedSkipped);
            Assert.AreEqual("{\"rev\":null,\"result\":\"rejected\",\"errors\":[{\"key\":\"\",\"reason\":\"payload_too_large\",\"min\":0,\"max\":2048}]}", observer.Last("nanonode/emu/config/ack"));
            Assert.AreEqual(0, node.Config.Rev);
            Assert.AreEqual(interval, node.Config.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(0, node.Config.GetStringLength(ConfigSchema.BrokerUser));

            byte[] fleet = Text.Bytes("nanonode/all/config/set");
            Assert.IsTrue(broker.Inject(fleet, fleet.Length, huge, huge.Length));
            Run(link, node, bus, 20);
            Assert.AreEqual(2, node.ConfigService.Rejected, "the fleet topic is answered too");

            byte[] small = Text.Bytes("{\"rev\":1,\"interval_s\":5}");
            Assert.IsTrue(broker.Inject(topic, topic.Length, small, small.Length));
            Run(link, node, bus, 20);
            Assert.AreEqual("{\"rev\":1,\"result\":\"applied\"}", observer.Last("nanonode/emu/config/ack"));
            Assert.AreEqual(5, node.Config.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(1, link.ConnectCount);
        }

        [TestMethod]
        public static void SubackGrantingLessCapsPublishesAndAQos2ChangeIsRejected()
        {
            Rig rig = new Rig(1, -1);
            rig.Broker.MaxQos = 1; // Mosquitto with max_qos 1: the SUBACK grants 1 for the node's QoS 2 subscriptions
            rig.Run(100);
            Assert.IsTrue(rig.Link.IsConnected);
            Assert.AreEqual(1, rig.Link.Stats.QosCap);
            Assert.AreEqual(LinkStats.CauseSuback, rig.Link.Stats.QosCapCause);

            byte[] topic = Text.Bytes("nanonode/emu/config/set");
            byte[] payload = Text.Bytes("{\"rev\":1,\"telemetry_qos\":2}");
            Assert.IsTrue(rig.Broker.Inject(topic, topic.Length, payload, payload.Length));
            rig.Run(300);
            Assert.AreEqual("{\"rev\":1,\"result\":\"rejected\",\"errors\":[{\"key\":\"telemetry_qos\",\"reason\":\"qos_not_granted\",\"min\":0,\"max\":1}]}",
                rig.Observer.Last("nanonode/emu/config/ack"));
            Assert.AreEqual(0, rig.Broker.ClosedForQos);
            Assert.AreEqual(1, rig.Link.ConnectCount);
            string info = rig.Observer.Last("nanonode/emu/info");
            Assert.IsTrue(info.IndexOf("\"qos_cap\":1,\"qos_cap_cause\":\"suback_granted_less\"") > 0, info);
        }

        [TestMethod]
        public static void BrokerThatClosesAtQos2PublishCapsTheNodeAndTheLiveChangeIsRolledBack()
        {
            // Mosquitto max_qos 1 on the PUBLISH side, but a SUBACK that says nothing (grants 2): a QoS 2 PUBLISH closes the connection.
            Rig rig = new Rig(1, -1);
            rig.Broker.MaxQos = 1;
            rig.Broker.SubackShowsMaxQos = false;
            rig.Run(100);
            Assert.AreEqual(2, rig.Link.Stats.QosCap);

            byte[] topic = Text.Bytes("nanonode/emu/config/set");
            byte[] payload = Text.Bytes("{\"rev\":1,\"telemetry_qos\":2}");
            Assert.IsTrue(rig.Broker.Inject(topic, topic.Length, payload, payload.Length));
            rig.Run(20);
            Assert.AreEqual("{\"rev\":1,\"result\":\"applied\"}", rig.Observer.Last("nanonode/emu/config/ack"));
            rig.Run(1000); // 10 s: telemetry at QoS 2 closes the link, twice; the cap ends it
            Assert.AreEqual(2, rig.Broker.ClosedForQos);
            Assert.AreEqual(1, rig.Link.Stats.QosCap);
            Assert.AreEqual(LinkStats.CauseQos2Drop, rig.Link.Stats.QosCapCause);
            Assert.IsTrue(rig.Link.Stats.QosDowngraded >= 1, "the unanswered QoS 2 message was lowered, not re-sent at 2");
            Assert.AreEqual("{\"rev\":1,\"result\":\"rolled_back\",\"reason\":\"qos_not_granted\",\"timeout_s\":30,\"qos_cap\":1,\"cause\":\"closed_on_qos2_publish\"}",
                rig.Observer.Last("nanonode/emu/config/ack"));
            Assert.AreEqual(1, rig.Node.Config.GetInt(ConfigSchema.TelemetryQos));
            Assert.AreEqual(0, rig.Node.Config.Rev);

            // Stable afterwards: no more closes, telemetry flows, and a fix (any config) reaches the rig.Node.
            int published = rig.Broker.Published;
            int connects = rig.Link.ConnectCount;
            rig.Run(3000);
            Assert.AreEqual(2, rig.Broker.ClosedForQos);
            Assert.AreEqual(connects, rig.Link.ConnectCount);
            Assert.IsTrue(rig.Broker.Published > published + 10);
            payload = Text.Bytes("{\"rev\":2,\"interval_s\":2}");
            Assert.IsTrue(rig.Broker.Inject(topic, topic.Length, payload, payload.Length));
            rig.Run(20);
            Assert.AreEqual("{\"rev\":2,\"result\":\"applied\"}", rig.Observer.Last("nanonode/emu/config/ack"));
        }

        [TestMethod]
        public static void QosTwoSubscriptionsRefusedOutrightAreRetriedAtQos1SoTheNodeStaysReachable()
        {
            Rig rig = new Rig(0, -1);
            rig.Broker.MaxQos = 1;
            rig.Broker.SubackRefusesAboveMaxQos = true; // SUBACK 0x80 for a QoS 2 subscription
            rig.Run(100);
            Assert.IsTrue(rig.Link.IsConnected);
            Assert.AreEqual(4, rig.Link.Stats.SubscribeRefused, "the four filters refused at QoS 2");
            Assert.AreEqual(1, rig.Link.Stats.QosCap, "granted 1 on the retry");
            byte[] topic = Text.Bytes("nanonode/emu/config/set");
            byte[] payload = Text.Bytes("{\"rev\":1,\"interval_s\":9}");
            Assert.IsTrue(rig.Broker.Inject(topic, topic.Length, payload, payload.Length), "subscribed after the retry");
            rig.Run(20);
            Assert.AreEqual("{\"rev\":1,\"result\":\"applied\"}", rig.Observer.Last("nanonode/emu/config/ack"));
        }

        [TestMethod]
        public static void BrokerAnsweringQos2WithPubackCapsTheNodeWithoutALoss()
        {
            // RabbitMQ 3.10: SUBACK grants what is asked here (to reach this path), a QoS 2 PUBLISH is answered PUBACK.
            Rig rig = new Rig(1, 2);
            rig.Broker.MaxQos = 1;
            rig.Broker.SubackShowsMaxQos = false;
            rig.Broker.Qos2AnsweredWithPuback = true;
            rig.Run(500);
            Assert.IsTrue(rig.Link.IsConnected);
            Assert.AreEqual(1, rig.Link.ConnectCount);
            Assert.AreEqual(0, rig.Link.Stats.Failures);
            Assert.AreEqual(1, rig.Link.Stats.QosCap);
            Assert.AreEqual(LinkStats.CauseQos2Puback, rig.Link.Stats.QosCapCause);
            Assert.AreEqual(1, rig.Link.Client.PubackForQos2, "only the first telemetry went at QoS 2");
            Assert.IsTrue(rig.Node.Telemetry.Sequence >= 4);
        }

        [TestMethod]
        public static void NodeBootedWithQos2OnABrokerThatClosesAtQos2SettlesAtQos1()
        {
            // A persisted telemetry_qos 2 (no change to roll back): the cap alone must stop the reconnect loop.
            Rig rig = new Rig(1, 2);
            rig.Broker.MaxQos = 1;
            rig.Broker.SubackShowsMaxQos = false;
            rig.Run(6000); // 60 s
            Assert.AreEqual(2, rig.Broker.ClosedForQos);
            Assert.AreEqual(1, rig.Link.Stats.QosCap);
            Assert.IsTrue(rig.Link.IsConnected);
            Assert.IsTrue(rig.Link.Stats.QosCapped > 30, "telemetry asked at 2, sent at 1: " + rig.Link.Stats.QosCapped);
            Assert.AreEqual(2, rig.Node.Config.GetInt(ConfigSchema.TelemetryQos), "the config is kept; info says it is capped");
        }

        // The broker-limit tests' node: "emu" with one BME280 on a LoopbackBroker (4096-byte packets) whose limits the test
        // sets before its first Run. intervalS 0 and telemetryQos -1 keep the schema defaults.
        private sealed class Rig
        {
            public readonly SimulatedI2cBus Bus = new SimulatedI2cBus();
            public readonly Observer Observer = new Observer();
            public readonly LoopbackBroker Broker;
            public readonly MqttDeviceLink Link;
            public readonly DeviceNode Node;

            public Rig(int intervalS, int telemetryQos)
            {
                Bus.Attach(new SimulatedBme280(0x76));
                Clock clock = new Clock(Bus);
                Broker = new LoopbackBroker(4096, Observer);
                Link = new MqttDeviceLink(new LoopbackTransportFactory(Broker, 16384), clock, 4096, 8192);
                DeviceConfig config = new DeviceConfig();
                if (intervalS > 0)
                {
                    config.SetNumber(ConfigSchema.IntervalS, intervalS);
                }

                if (telemetryQos >= 0)
                {
                    config.SetNumber(ConfigSchema.TelemetryQos, telemetryQos);
                }

                Node = new DeviceNode("emu", config, null, new ConfigPatch(), Link, clock, new TestBoard(), new DriverSensorFactory(Bus));
                Link.Attach(Node);
            }

            public void Run(int turns)
            {
                LoopbackTests.Run(Link, Node, Bus, turns);
            }
        }

        private static void Run(MqttDeviceLink link, DeviceNode node, SimulatedI2cBus bus, int turns)
        {
            for (int i = 0; i < turns; i++)
            {
                link.Poll(0);
                node.Poll();
                bus.Advance(10);
            }
        }
    }
}
