using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NanoNode.Tests.Shared;

/// <summary>
/// Debian's Mosquitto (/usr/sbin/mosquitto) on 127.0.0.1 and a free port, with persistence in its own temp folder.
/// Started by the test that owns the fixture, killed by PID (SIGKILL) in <see cref="Kill"/> / <see cref="Dispose"/>;
/// <see cref="Start"/> after <see cref="Kill"/> restarts it on the same port with the same persistence folder.
/// Shared with other test projects via &lt;Compile Include="..\Shared\MosquittoFixture.cs" Link="..." /&gt;.
/// </summary>
public sealed class MosquittoFixture : IDisposable
{
    /// <summary>Path of the broker executable (Debian package mosquitto).</summary>
    public const string Executable = "/usr/sbin/mosquitto";

    private Process? _process;

    /// <summary>Starts a broker; <paramref name="extraConfig"/> lines are appended to the generated configuration.</summary>
    public MosquittoFixture(string? extraConfig = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "nanonode-mosquitto-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        // Mosquitto started as root drops to the 'mosquitto' user: let it write its persistence file.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Directory, (UnixFileMode)0x1FF);
        }
        Port = TestPorts.Free();
        ConfigPath = Path.Combine(Directory, "mosquitto.conf");
        File.WriteAllText(ConfigPath,
            $"listener {Port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location {Directory}/\n" +
            "autosave_interval 1\nmax_queued_messages 100000\nlog_dest stdout\n" + (extraConfig ?? ""));
        Start();
    }

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The fixture's temp folder (config, persistence, log).</summary>
    public string Directory { get; }

    /// <summary>The generated mosquitto.conf.</summary>
    public string ConfigPath { get; }

    /// <summary>PID of the running broker, or 0.</summary>
    public int Pid => _process is { HasExited: false } p ? p.Id : 0;

    /// <summary>Starts the broker (if not running) and waits until it accepts TCP connections (10 s at most).</summary>
    public void Start()
    {
        if (Pid != 0)
        {
            return;
        }

        var psi = new ProcessStartInfo(Executable, $"-c {ConfigPath}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(psi) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with {_process.ExitCode}");
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException("mosquitto did not open its port");
    }

    /// <summary>
    /// Stops the broker cleanly (SIGTERM: Mosquitto writes its persistence file on the way out) and waits for it to
    /// exit (10 s at most, then SIGKILL); <see cref="Start"/> starts it again on the same port and persistence folder.
    /// </summary>
    public void Stop() => End(p =>
    {
        using (var kill = Process.Start(new ProcessStartInfo("/bin/kill", $"-TERM {p.Id}") { UseShellExecute = false }))
        {
            kill?.WaitForExit(5000);
        }

        if (!p.WaitForExit(10000))
        {
            p.Kill();
            p.WaitForExit(10000);
        }
    });

    /// <summary>Kills the broker with SIGKILL (no clean shutdown) and waits for it to exit.</summary>
    public void Kill() => End(p =>
    {
        p.Kill();
        p.WaitForExit(10000);
    });

    // Takes the running process (if any) out of the fixture, ends it with stop unless it has exited, disposes it.
    private void End(Action<Process> stop)
    {
        var p = _process;
        _process = null;
        if (p == null)
        {
            return;
        }

        try
        {
            if (!p.HasExited)
            {
                stop(p);
            }
        }
        finally
        {
            p.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        try
        {
            System.IO.Directory.Delete(Directory, true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

}
