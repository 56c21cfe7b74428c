using System.Diagnostics;
using NanoNode.Tests.Shared;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>04/05: the VirtualDevice process: a restart keeps the config; kill -9 leaves "offline" on status via the will.</summary>
public sealed class ProcessTests
{
    /// <summary>Starts tools/VirtualDevice (built next to this assembly) for one node; the caller kills it by PID.</summary>
    private static Process StartDevice(int port, string id, string dataDir)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "NanoNode.VirtualDevice.dll");
        var psi = new ProcessStartInfo("dotnet", $"\"{dll}\" --broker mqtt://127.0.0.1:{port} --id {id} --interval 1 --data-dir \"{dataDir}\" --quiet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static void KillHard(Process p)
    {
        if (!p.HasExited)
        {
            p.Kill(); // SIGKILL on Linux: no DISCONNECT, the broker publishes the will
            p.WaitForExit(10_000);
        }

        p.Dispose();
    }

    [Fact]
    public void KillNineLeavesOfflineOnStatusViaTheWill()
    {
        using var broker = new MosquittoFixture();
        using var controller = new Controller(broker.Port, "ctl-05", "nanonode/k05/status");
        var device = StartDevice(broker.Port, "k05", Pump.TempDir());
        try
        {
            Pump.Until(() => controller.Messages.LastOrDefault()?.Payload == "online", 30, controller);
        }
        finally
        {
            KillHard(device);
        }

        Pump.Until(() => controller.Messages.LastOrDefault()?.Payload == "offline", 15, controller);

        // A new subscriber sees the retained "offline".
        using var late = new Controller(broker.Port, "ctl-05-late", "nanonode/k05/status");
        Pump.Until(() => late.Messages.Count >= 1, 10, late);
        Assert.Equal("offline", late.Messages.First().Payload);
        Assert.True(late.Messages.First().Retain);
    }

    [Fact]
    public void RestartKeepsTheConfig()
    {
        using var broker = new MosquittoFixture();
        using var controller = new Controller(broker.Port, "ctl-04", "nanonode/s04/#");
        string dir = Pump.TempDir();
        var device = StartDevice(broker.Port, "s04", dir);
        try
        {
            Pump.Until(() => controller.On("nanonode/s04/status").LastOrDefault()?.Payload == "online", 30, controller);
            controller.Publish("nanonode/s04/config/set", "{\"rev\":3,\"interval_s\":4,\"deadband_humidity_pct\":1.5,\"broker_password\":\"pw\",\"broker_user\":\"\"}");
            Pump.Until(() => controller.On("nanonode/s04/config/ack").Count >= 1, 15, controller);
            Assert.Equal("applied", controller.On("nanonode/s04/config/ack").Single().Json.GetProperty("result").GetString());
        }
        finally
        {
            KillHard(device);
        }

        int configsBefore = controller.On("nanonode/s04/config").Count;
        device = StartDevice(broker.Port, "s04", dir);
        try
        {
            Pump.Until(() => controller.On("nanonode/s04/config").Count > configsBefore && controller.On("nanonode/s04/status").LastOrDefault()?.Payload == "online", 30, controller);
            var config = controller.On("nanonode/s04/config").Last().Json;
            Assert.Equal(3, config.GetProperty("rev").GetInt32());
            Assert.Equal(4, config.GetProperty("interval_s").GetInt32());
            Assert.Equal(1.5, config.GetProperty("deadband_humidity_pct").GetDouble());
            Assert.False(config.TryGetProperty("broker_password", out _));
        }
        finally
        {
            KillHard(device);
        }
    }
}
