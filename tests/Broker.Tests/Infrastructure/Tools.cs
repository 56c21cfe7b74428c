using System.Diagnostics;
using System.Text;

namespace NanoNode.Broker.Tests.Infrastructure;

/// <summary>Runs Debian's mosquitto clients and Python paho (/usr/bin/python3) as child processes, killed by PID on timeout.</summary>
public static class Tools
{
    /// <summary>Debian's Python (paho is importable there, not by another python3 on PATH).</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Runs a process to completion (or kills it after <paramref name="timeoutSeconds"/>); returns exit code and stdout.</summary>
    public static (int ExitCode, string Output, string Error) Run(string file, IEnumerable<string> args, double timeoutSeconds = 20, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin != null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = new StringBuilder();
        var error = new StringBuilder();
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (error)
                {
                    error.AppendLine(e.Data);
                }
            }
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (stdin != null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }

        if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            p.Kill();
            p.WaitForExit(5000);
            lock (output)
            {
                return (-1, output.ToString(), error + "\n(timeout)");
            }
        }

        p.WaitForExit();
        lock (output)
        {
            return (p.ExitCode, output.ToString(), error.ToString());
        }
    }

    /// <summary>mosquitto_pub against 127.0.0.1:<paramref name="port"/>; extra args appended (e.g. "-t", "a", "-m", "x").</summary>
    public static (int ExitCode, string Output, string Error) Pub(int port, params string[] args)
        => Run("/usr/bin/mosquitto_pub", new[] { "-h", "127.0.0.1", "-p", port.ToString() }.Concat(args));

    /// <summary>mosquitto_sub against 127.0.0.1:<paramref name="port"/>; use -C/-W to bound it.</summary>
    public static (int ExitCode, string Output, string Error) Sub(int port, params string[] args)
        => Run("/usr/bin/mosquitto_sub", new[] { "-h", "127.0.0.1", "-p", port.ToString() }.Concat(args));

    /// <summary>Starts mosquitto_sub in the background (caller waits for the SUBACK via <see cref="BackgroundProcess.WaitForSubscribed"/>).</summary>
    public static BackgroundProcess SubBackground(int port, params string[] args)
        // stdbuf: mosquitto_sub's stdout is block-buffered on a pipe; line-buffer it so "received SUBACK" shows at once.
        => BackgroundProcess.Start("/usr/bin/stdbuf", new[] { "-oL", "/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", port.ToString(), "-d" }.Concat(args));

    /// <summary>Runs a paho script (Scripts/&lt;name&gt;.py) with arguments; returns its stdout lines.</summary>
    public static (int ExitCode, string[] Lines, string Error) Paho(string script, params string[] args)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Scripts", script);
        var r = Run(Python, new[] { path }.Concat(args), 60);
        return (r.ExitCode, r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), r.Error);
    }

    /// <summary>Polls <paramref name="condition"/> until true or <paramref name="seconds"/> passed.</summary>
    public static bool WaitUntil(Func<bool> condition, double seconds = 10)
    {
        var w = Stopwatch.StartNew();
        while (w.Elapsed.TotalSeconds < seconds)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return condition();
    }
}

/// <summary>A child process whose output lines are collected; killed by PID on dispose.</summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly List<string> _errors = new();

    private BackgroundProcess(Process process) => _process = process;

    /// <summary>Stdout lines so far.</summary>
    public string[] Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    /// <summary>Stderr lines so far (mosquitto clients' -d debug output goes to stdout, errors here).</summary>
    public string[] Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToArray();
            }
        }
    }

    /// <summary>True once the process exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the process.</summary>
    public static BackgroundProcess Start(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        var bp = new BackgroundProcess(p);
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (bp._lines)
                {
                    bp._lines.Add(e.Data);
                }
            }
        };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (bp._errors)
                {
                    bp._errors.Add(e.Data);
                }
            }
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return bp;
    }

    /// <summary>Waits for mosquitto_sub -d's "received SUBACK" line.</summary>
    public bool WaitForSubscribed(double seconds = 10) => Tools.WaitUntil(() => Lines.Any(l => l.Contains("received SUBACK", StringComparison.OrdinalIgnoreCase)), seconds);

    /// <summary>Output lines that are not mosquitto client debug lines.</summary>
    public string[] Messages => Lines.Where(l => !l.StartsWith("Client ") && !l.StartsWith("Subscribed (")).ToArray();

    /// <summary>Waits for the process to exit.</summary>
    public bool WaitForExit(double seconds)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            return false;
        }

        // The parameterless overload also waits for the redirected output to be drained.
        _process.WaitForExit();
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
