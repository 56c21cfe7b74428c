using NanoNode.Device.Config;
using NanoNode.Device.Link;
using NanoNode.Device.Node;
using NanoNode.Drivers.Simulation;
using NanoNode.Mqtt.Client;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>
/// 08: the oversized config/set path (client skips and reports, node acks payload_too_large) allocates nothing after
/// warm-up: real MqttClient + MqttDeviceLink + DeviceNode over the in-memory loopback broker, ESP32's 4096-byte limit.
/// Measured with GC.GetAllocatedBytesForCurrentThread around 1,000 messages (the bench's method; no timing).
/// </summary>
public sealed class OversizedConfigAllocationTests
{
    private sealed class Clock : IDeviceClock, IMqttClock
    {
        public long Now;

        public long NowMs => Now;

        public long UnixSeconds => -1;
    }

    private sealed class Board : IBoard
    {
        public string Name => "test";

        public string FirmwareVersion => "0";

        public long FreeMemory() => -1;

        public void Reboot()
        {
        }

        public void Identify(int seconds)
        {
        }
    }

    [Fact]
    public void OversizedConfigSetAllocatesNothingAfterWarmUp()
    {
        var clock = new Clock();
        var broker = new LoopbackBroker(16384, null);
        var link = new MqttDeviceLink(new LoopbackTransportFactory(broker, 65536), clock, 4096, 8192);
        var node = new DeviceNode("alloc", new DeviceConfig(), null, new ConfigPatch(), link, clock, new Board(), new DriverSensorFactory(new SimulatedI2cBus()));
        link.Attach(node);
        for (int i = 0; i < 50; i++)
        {
            link.Poll(0);
            node.Poll();
            clock.Now += 10;
        }

        Assert.True(link.IsConnected);
        byte[] topic = System.Text.Encoding.ASCII.GetBytes("nanonode/alloc/config/set");
        byte[] huge = new byte[6000];
        huge[0] = (byte)'{';
        int rejectedBefore = node.ConfigService.Rejected;
        for (int i = 0; i < 100; i++)
        {
            Assert.True(broker.Inject(topic, topic.Length, huge, huge.Length));
            Drain(link);
        }

        int published = broker.Published;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            broker.Inject(topic, topic.Length, huge, huge.Length);
            Drain(link);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1100, node.ConfigService.Rejected - rejectedBefore);
        Assert.Equal(1100, link.Client.OversizedSkipped);
        Assert.Equal(1000, broker.Published - published); // one ack per message reached the broker
        Assert.Equal(0, node.ConfigService.PublishDrops); // every ack went out through the client
        Assert.Equal(0, link.Refused);
        Assert.True(link.IsConnected);
        Assert.Equal(0, allocated);
    }

    private static void Drain(MqttDeviceLink link)
    {
        for (int i = 0; i < 12; i++)
        {
            link.Poll(0);
        }
    }
}
