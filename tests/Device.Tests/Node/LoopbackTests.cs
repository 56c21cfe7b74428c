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
