using System.Diagnostics;
using NanoNode.Device.Node;
using NanoNode.Tests.Shared;
using NanoNode.VirtualDevice;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>13: nodes answer the fleet and their own cmd/announce by republishing status, config and info; the virtual node logs in with user and password.</summary>
public sealed class AnnounceAndLoginTests
{
    [Fact]
    public void FleetAnnounceIsAnsweredOncePerWindowByEveryNode()
    {
        using var broker = new MosquittoFixture();
        using var controller = new Controller(broker.Port, "ctl-a1", "nanonode/+/status", "nanonode/+/info", "nanonode/+/config", "nanonode/+/cmd/ack");
        var n1 = new VirtualNode("a1", Pump.TempDir(), "127.0.0.1", broker.Port, 60, null, false);
        var n2 = new VirtualNode("a2", Pump.TempDir(), "127.0.0.1", broker.Port, 60, null, false);
        n1.Boot();
        n2.Boot();
        Pump.Until(() => controller.On("nanonode/a1/info").Count >= 1 && controller.On("nanonode/a2/info").Count >= 1, 15, controller, n1, n2);
        Pump.For(0.5, controller, n1, n2);
        int info1 = controller.On("nanonode/a1/info").Count;
        int config2 = controller.On("nanonode/a2/config").Count;
        int status2 = controller.On("nanonode/a2/status").Count;

        controller.Publish("nanonode/all/cmd/announce", "");
        Pump.Until(() => n1.Node.Announces == 1 && n2.Node.Announces == 1, 15, controller, n1, n2);
        Pump.Until(() => controller.On("nanonode/a1/info").Count > info1 && controller.On("nanonode/a2/config").Count > config2
                         && controller.On("nanonode/a2/status").Count > status2, 15, controller, n1, n2);
        Assert.Equal("online", controller.On("nanonode/a2/status").Last().Payload);

        // A second request inside the 10 s window is not answered again (no announce storm).
        controller.Publish("nanonode/all/cmd/announce", "");
        Pump.Until(() => n1.Node.AnnouncesIgnored == 1 && n2.Node.AnnouncesIgnored == 1, 15, controller, n1, n2);
        Pump.For(2.5, controller, n1, n2);
        Assert.Equal(1, n1.Node.Announces);
        Assert.Equal(1, n2.Node.Announces);

        // The node's own cmd/announce is answered at once, whatever the fleet window, and acked.
        int info2 = controller.On("nanonode/a2/info").Count;
        controller.Publish("nanonode/a2/cmd/announce", "");
        Pump.Until(() => controller.On("nanonode/a2/cmd/ack").Any(m => m.Payload.Contains("\"announce\"")), 15, controller, n1, n2);
        Pump.Until(() => controller.On("nanonode/a2/info").Count > info2, 15, controller, n1, n2);
        Assert.Equal(2, n2.Node.Announces);
        Assert.Equal(1, n1.Node.Announces);
        var counters = controller.On("nanonode/a2/info").Last().Json.GetProperty("counters");
        Assert.Equal(2, counters.GetProperty("announces").GetInt32());
        Assert.Equal(1, counters.GetProperty("announces_ignored").GetInt32());
        n1.Shutdown();
        n2.Shutdown();
    }

    [Fact]
    public void VirtualNodeLogsInWithUserAndPasswordAndCountsARefusal()
    {
        string dir = Pump.TempDir();
        string passwords = Path.Combine(dir, "passwd");
        File.WriteAllText(passwords, "");
        Run("/usr/bin/mosquitto_passwd", $"-b {passwords} dev-l1 s3cret");
        Run("/usr/bin/mosquitto_passwd", $"-b {passwords} ctl s3cret");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
            File.SetUnixFileMode(passwords, (UnixFileMode)0x1B6);
        }

        // The fixture writes allow_anonymous true first; the later line turns it off.
        using var secured = new MosquittoFixture($"password_file {passwords}\nallow_anonymous false\n");
        var good = new VirtualNode("l1", Pump.TempDir(), "127.0.0.1", secured.Port, 60, null, false) { User = "dev-l1", Password = "s3cret" };
        good.Boot();
        var bad = new VirtualNode("l2", Pump.TempDir(), "127.0.0.1", secured.Port, 60, null, false) { User = "dev-l1", Password = "wrong" };
        bad.Boot();
        var watch = Stopwatch.StartNew();
        while (!(good.Link.IsConnected && bad.Link.Stats.Failures >= 1))
        {
            Assert.True(watch.Elapsed.TotalSeconds < 20, "login outcome not reached");
            good.Poll(1);
            bad.Poll(1);
        }

        Assert.False(bad.Link.IsConnected);
        Assert.True(bad.Link.Stats.CountOf("refused_bad_credentials") + bad.Link.Stats.CountOf("refused_not_authorized") >= 1);
        good.Shutdown();
        bad.Shutdown();
    }

    private static void Run(string exe, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(exe, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        p.WaitForExit(10000);
        Assert.Equal(0, p.ExitCode);
    }
}
