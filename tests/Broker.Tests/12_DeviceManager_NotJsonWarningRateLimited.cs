// The device manager's "is not JSON" warning is written once per device and message kind per LogIntervalSeconds, not
// once per message (a device sending garbage at full rate filled megabytes of log a minute); the rest are counted, and
// the device's next valid telemetry is still taken.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Devices;
using NanoNode.Mqtt;

public sealed class DeviceManager_NotJsonWarningRateLimited
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var logs = new LogCapture();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        using var manager = new DeviceManager(new DeviceManagerOptions { LogIntervalSeconds = 600, LogTelemetry = false }, factory.CreateLogger<DeviceManager>());
        manager.Start("127.0.0.1", broker.Port, null, null);
        Assert.True(await manager.WaitReadyAsync(TimeSpan.FromSeconds(20)));

        using var device = new RawClient(broker.Port);
        Assert.Equal(0, device.Connect("garbage-node").ReturnCode);
        const int Bad = 200;
        for (int i = 1; i <= Bad; i++)
        {
            device.Publish("nanonode/garbage-node/telemetry", "not json " + i, 1, packetId: i);
            device.Expect(MqttPacketType.PubAck);
        }

        device.Publish("nanonode/other-node/telemetry", "also not json", 1, packetId: Bad + 1);
        device.Expect(MqttPacketType.PubAck);
        device.Publish("nanonode/garbage-node/telemetry", "{\"seq\":1,\"temperature_c\":21.5}", 1, packetId: Bad + 2);
        device.Expect(MqttPacketType.PubAck);

        // In order from one publisher: once the valid document is in, every bad one before it was handled.
        Assert.True(SpinWait.SpinUntil(() => manager.Find("garbage-node")?.LastTelemetry != null, TimeSpan.FromSeconds(20)));
        var warnings = logs.Lines.Where(l => l.Contains("is not JSON", StringComparison.Ordinal)).ToArray();
        Assert.Single(warnings, l => l.Contains("device garbage-node: telemetry", StringComparison.Ordinal));
        Assert.Single(warnings, l => l.Contains("device other-node: telemetry", StringComparison.Ordinal));
        Assert.Equal(2, warnings.Length);
        Assert.Equal(Bad - 1, manager.SuppressedLogLines);
    }
}
