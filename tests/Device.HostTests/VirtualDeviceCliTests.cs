using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NanoNode.Tests.Shared;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>13: the VirtualDevice process takes a broker URL list and a login, says on stderr why a connection failed (rate-limited), and refuses bad arguments with a message.</summary>
public sealed class VirtualDeviceCliTests
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "NanoNode.VirtualDevice.dll");

    private static int ClosedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static (Process Process, ConcurrentQueue<string> Errors) Start(string args)
    {
        var psi = new ProcessStartInfo("dotnet", $"\"{Dll}\" {args}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var p = Process.Start(psi)!;
        var errors = new ConcurrentQueue<string>();
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                errors.Enqueue(e.Data);
            }
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return (p, errors);
    }

    private static void Kill(Process p)
    {
        if (!p.HasExited)
        {
            p.Kill();
            p.WaitForExit(10_000);
        }

        p.Dispose();
    }

    [Fact]
    public void UrlListAndLoginConnectThroughTheFallbackAndTheFailureIsLogged()
    {
        string dir = Pump.TempDir();
        string passwords = Path.Combine(dir, "passwd");
        File.WriteAllText(passwords, "");
        foreach (string user in new[] { "cli-1", "ctl" })
        {
            using var pw = Process.Start(new ProcessStartInfo("/usr/bin/mosquitto_passwd", $"-b {passwords} {user} s3cret") { RedirectStandardError = true })!;
            pw.WaitForExit(10_000);
            Assert.Equal(0, pw.ExitCode);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
            File.SetUnixFileMode(passwords, (UnixFileMode)0x1B6);
        }

        using var broker = new MosquittoFixture($"password_file {passwords}\nallow_anonymous false\n");
        using var sub = Process.Start(new ProcessStartInfo("/usr/bin/mosquitto_sub",
            $"-h 127.0.0.1 -p {broker.Port} -u ctl -P s3cret -t nanonode/cli-1/status -C 1 -W 60") { RedirectStandardOutput = true, UseShellExecute = false })!;
        int dead = ClosedPort();
        var (device, errors) = Start($"--broker mqtt://127.0.0.1:{dead},mqtt://127.0.0.1:{broker.Port} --user cli-1 --password s3cret --id cli-1 --interval 1 --data-dir \"{Path.Combine(dir, "data")}\" --quiet");
        try
        {
            Assert.True(sub.WaitForExit(60_000), "status not seen");
            Assert.Equal("online", sub.StandardOutput.ReadToEnd().Trim());
            var watch = Stopwatch.StartNew();
            while (!errors.Any(l => l.Contains("link: connect_failed") && l.Contains($"127.0.0.1:{dead}")))
            {
                Assert.True(watch.Elapsed.TotalSeconds < 30, "no log line; stderr: " + string.Join(" | ", errors));
                Thread.Sleep(50);
            }
        }
        finally
        {
            Kill(device);
            sub.Dispose();
        }
    }

    [Fact]
    public void RepeatedFailuresAreLoggedAtMostOncePerReasonPer10Seconds()
    {
        int dead = ClosedPort();
        var (device, errors) = Start($"--broker mqtt://127.0.0.1:{dead} --id cli-2 --data-dir \"{Pump.TempDir()}\" --quiet");
        List<string> lines;
        try
        {
            // The client retries with a backoff from 0.5 s doubling to 30 s: about five failures in the 10 s after the
            // first. The first is logged; the next line comes at least 10 s later and sums up the ones in between.
            var watch = Stopwatch.StartNew();
            while ((lines = errors.Where(l => l.Contains("link: connect_failed")).ToList()).Count < 2)
            {
                Assert.True(watch.Elapsed.TotalSeconds < 60, "stderr: " + string.Join(" | ", errors));
                Thread.Sleep(50);
            }
        }
        finally
        {
            Kill(device);
        }

        Assert.EndsWith("1 in all", lines[0]);
        var m = System.Text.RegularExpressions.Regex.Match(lines[1], @"x(\d+) since the last line, (\d+) in all");
        Assert.True(m.Success, lines[1]);
        Assert.True(int.Parse(m.Groups[1].Value) >= 2, lines[1]);
        Assert.Equal(int.Parse(m.Groups[1].Value) + 1, int.Parse(m.Groups[2].Value));
    }

    [Theory]
    [InlineData("--broker mqtt://a:1,http://b:2", "--broker")]
    [InlineData("--broker mqtt://a:1,mqtts://b:2", "same scheme")]
    [InlineData("--broker mqtt://a:1 --password x", "--password needs --user")]
    [InlineData("--broker mqtt://a:1,mqtt://b,mqtt://c,mqtt://d,mqtt://e,mqtt://f,mqtt://g,mqtt://h,mqtt://i,mqtt://j", "at most 9")]
    public void BadArgumentsAreRefusedWithAMessage(string args, string message)
    {
        var (device, errors) = Start(args + $" --data-dir \"{Pump.TempDir()}\"");
        Assert.True(device.WaitForExit(30_000));
        device.WaitForExit();
        Assert.Equal(2, device.ExitCode);
        Assert.Contains(errors, l => l.Contains(message));
        device.Dispose();
    }
}
