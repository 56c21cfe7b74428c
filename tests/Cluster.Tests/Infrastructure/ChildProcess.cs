using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NanoNode.Cluster.Tests.Infrastructure;

/// <summary>A child process started by a test, output captured, stopped by its PID only (SIGTERM, then SIGKILL).</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>Short name for messages.</summary>
    public string Name { get; }

    /// <summary>PID.</summary>
    public int Pid => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Exit code (after exit).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Output so far (stdout and stderr interleaved), last 60 lines.</summary>
    public string Tail
    {
        get
        {
            lock (_lines)
            {
                return Name + " output:\n" + string.Join("\n", _lines.TakeLast(60));
            }
        }
    }

    /// <summary>Starts <paramref name="file"/> with <paramref name="args"/> and extra environment variables.</summary>
    public static ChildProcess Start(string name, string file, IEnumerable<string> args, IDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        if (workingDirectory != null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        var p = new ChildProcess(Process.Start(psi) ?? throw new InvalidOperationException(file + " did not start"), name);
        p._process.OutputDataReceived += (_, e) => p.Add(e.Data);
        p._process.ErrorDataReceived += (_, e) => p.Add(e.Data);
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        return p;
    }

    /// <summary>Runs a command to completion (bounded); exit code and output.</summary>
    public static (int Code, string Output) Run(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        using var p = Start(Path.GetFileName(file), file, args, env);
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(120)))
        {
            p.Kill();
            return (-1, p.Tail + "\n(timed out)");
        }

        return (p.ExitCode, p.Tail);
    }

    /// <summary>Waits for the exit (and the end of its output).</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    /// <summary>SIGTERM to this PID (orderly stop), then waits up to <paramref name="timeout"/>; SIGKILL if still running.</summary>
    public void Terminate(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", new[] { "-TERM", _process.Id.ToString() }) { UseShellExecute = false }))
        {
            kill?.WaitForExit(5000);
        }

        if (!WaitForExit(timeout))
        {
            Kill();
        }
    }

    /// <summary>SIGKILL to this PID (no orderly shutdown: a client's will is published by its broker).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>A TCP port free on 127.0.0.1 at the time of the call (<see cref="NanoNode.Tests.Shared.TestPorts.Free"/>).</summary>
    public static int FreePort() => NanoNode.Tests.Shared.TestPorts.Free();

    /// <summary>Waits until 127.0.0.1:<paramref name="port"/> accepts a TCP connection.</summary>
    public static bool WaitForPort(int port, TimeSpan timeout, Func<bool>? givenUp = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (givenUp?.Invoke() == true)
            {
                return false;
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        return false;
    }

    private void Add(string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            if (_lines.Count > 2000)
            {
                _lines.RemoveRange(0, 1000);
            }
        }
    }
}
