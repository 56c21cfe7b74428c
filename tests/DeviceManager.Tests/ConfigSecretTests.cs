using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NanoNode.BrokerHost.Devices;
using NanoNode.DeviceManager.Tests.Infrastructure;

namespace NanoNode.DeviceManager.Tests;

/// <summary>
/// A config push with a secret key (broker_password, ConfigKey.Secret): the node gets the value on config/set (read by
/// mosquitto_sub), but the host's push record (/api/devices), its config_push event (history, /events) and log show
/// "(secret)" instead.
/// </summary>
public sealed class ConfigSecretTests
{
    [Fact]
    public async Task ConfigPush_SecretShownRedactedSentAsIs()
    {
        await using var env = await OwnBrokerEnvironment.StartAsync(virtualDevices: 1);
        Assert.True(await env.Manager.WaitAsync(m => m.Find("virtual-1")?.Status == "online", DeviceEnvironment.Wait));

        // stdbuf: line-buffered output through the pipe, so the SUBACK line arrives before the push.
        using var sub = Process.Start(new ProcessStartInfo("stdbuf", $"-oL mosquitto_sub -d -h 127.0.0.1 -p {env.MqttPort} -t nanonode/virtual-1/config/set -C 1 -W 30")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var lines = new List<string>();
        using var cts = new CancellationTokenSource(DeviceEnvironment.Wait);
        while (!lines.Any(l => l.Contains("received SUBACK", StringComparison.Ordinal)))
        {
            lines.Add(await sub.StandardOutput.ReadLineAsync(cts.Token) ?? throw new Xunit.Sdk.XunitException("mosquitto_sub ended: " + string.Join("\n", lines)));
        }

        var push = env.Manager.PushConfig("virtual-1", new JsonObject { ["broker_user"] = "virtual-1", ["broker_password"] = "hunter2-secret" });
        Assert.Equal(NanoNode.BrokerHost.Devices.DeviceManager.SecretShown, (string?)push.Patch!["broker_password"]);
        Assert.Equal("virtual-1", (string?)push.Patch["broker_user"]);

        string wire = await sub.StandardOutput.ReadToEndAsync(cts.Token);
        await sub.WaitForExitAsync(cts.Token);
        Assert.Contains("\"broker_password\":\"hunter2-secret\"", wire);

        var device = await env.Http().GetStringAsync("/api/devices/virtual-1");
        Assert.DoesNotContain("hunter2", device);
        Assert.Contains(NanoNode.BrokerHost.Devices.DeviceManager.SecretShown, device);
        Assert.True(env.Manager.History!.Flush(DeviceEnvironment.Wait));
        var events = await env.Http().GetStringAsync("/api/devices/virtual-1/events");
        Assert.Contains("config_push", events);
        Assert.DoesNotContain("hunter2", events);
    }
}
