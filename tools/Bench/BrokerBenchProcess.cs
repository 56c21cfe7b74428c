using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NanoNode.Bench;

/// <summary>
/// One broker process owned by the benchmark (NanoNode's broker host or Mosquitto), listening on 127.0.0.1 only, on a
/// port picked free at start. Started through <c>/bin/sh -c 'ulimit -n ...; exec ...'</c> so that the process id is the
/// broker's own (for /proc/&lt;pid&gt;/status and for killing it) and its descriptor limit fits 10,000 connections.
/// Output goes to a log file in the run's temporary folder. <see cref="Dispose"/> kills the process by its id; every
/// instance is also killed on Ctrl-C and at process exit (<see cref="KillAll"/>).
/// </summary>
public sealed class BrokerBenchProcess : IDisposable
{
    private static readonly List<BrokerBenchProcess> Live = new();
    private readonly Process _process;

    private BrokerBenchProcess(string name, Process process, int port, string log)
    {
        Name = name;
        _process = process;
        Port = port;
        LogPath = log;
    }

    /// <summary>Short name used in figure names: "nanonode" or "mosquitto".</summary>
    public string Name { get; }

    /// <summary>Process id of the broker itself.</summary>
    public int Pid => _process.Id;

    /// <summary>MQTT/TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The broker's stdout+stderr.</summary>
    public string LogPath { get; }

    /// <summary>
    /// Starts NanoNode's broker host: <c>dotnet &lt;dll&gt; serve --tcp-port P --tls-port -1 --http-port -1 --no-persistence
    /// --allow-anonymous --data &lt;dir&gt;</c> (plus <paramref name="extraArgs"/>), and waits until it accepts TCP connections.
    /// </summary>
    public static BrokerBenchProcess StartNanoNode(string dll, string workDir, string extraArgs, IDictionary<string, string>? environment = null)
    {
        int port = FreePort();
        string data = Path.Combine(workDir, "nanonode-data-" + port.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(data);
        string command = $"exec dotnet {Quote(dll)} serve --tcp-port {port} --tls-port -1 --http-port -1 --no-persistence --allow-anonymous --data {Quote(data)} {extraArgs}";
        return Start("nanonode", command, port, workDir, environment);
    }

    /// <summary>
    /// Starts Debian's Mosquitto with a generated configuration (listener on 127.0.0.1, anonymous, no persistence,
    /// <paramref name="configLines"/> appended) and waits until it accepts TCP connections.
    /// </summary>
    public static BrokerBenchProcess StartMosquitto(string executable, string workDir, IEnumerable<string> configLines)
    {
        int port = FreePort();
        string conf = Path.Combine(workDir, "mosquitto-" + port.ToString(CultureInfo.InvariantCulture) + ".conf");
        var lines = new List<string> { $"listener {port} 127.0.0.1", "allow_anonymous true", "persistence false", "log_dest stderr" };
        lines.AddRange(configLines);
        File.WriteAllLines(conf, lines);
        return Start("mosquitto", $"exec {Quote(executable)} -c {Quote(conf)}", port, workDir, null);
    }

    /// <summary>Resident set size of the broker (VmRSS of /proc/&lt;pid&gt;/status), bytes; -1 when unreadable.</summary>
    public long ResidentBytes()
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return -1;
    }

    /// <summary>Whether the broker process is still running.</summary>
    public bool IsRunning
    {
        get
        {
            try
            {
                return !_process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>Kills the broker by its process id (and waits up to 5 s for it to exit).</summary>
    public void Dispose()
    {
        lock (Live)
        {
            Live.Remove(this);
        }

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
        catch (System.ComponentModel.Win32Exception)
        {
        }

        _process.Dispose();
    }

    /// <summary>Kills every broker this process started and has not disposed yet (Ctrl-C, unhandled exit).</summary>
    public static void KillAll()
    {
        BrokerBenchProcess[] live;
        lock (Live)
        {
            live = Live.ToArray();
        }

        foreach (var b in live)
        {
            b.Dispose();
        }
    }

    /// <summary>The last lines of the broker's log, for error messages.</summary>
    public string LogTail(int lines = 10)
    {
        try
        {
            string[] all = File.ReadAllLines(LogPath);
            return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static BrokerBenchProcess Start(string name, string command, int port, string workDir, IDictionary<string, string>? environment)
    {
        string log = Path.Combine(workDir, name + "-" + port.ToString(CultureInfo.InvariantCulture) + ".log");
        var psi = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        psi.ArgumentList.Add("-c");

        // Raise the descriptor limit for 10,000 idle connections (root may raise the hard limit; otherwise use the hard one).
        psi.ArgumentList.Add($"ulimit -n 65536 2>/dev/null || ulimit -n $(ulimit -Hn); {command} >{Quote(log)} 2>&1");
        if (environment != null)
        {
            foreach (var kv in environment)
            {
                psi.Environment[kv.Key] = kv.Value;
            }
        }

        var process = Process.Start(psi) ?? throw new IOException("cannot start /bin/sh for " + name);
        var broker = new BrokerBenchProcess(name, process, port, log);
        lock (Live)
        {
            Live.Add(broker);
        }

        long deadline = Environment.TickCount64 + 60_000;
        while (Environment.TickCount64 < deadline)
        {
            if (process.HasExited)
            {
                string tail = broker.LogTail();
                broker.Dispose();
                throw new IOException($"{name} exited with code {process.ExitCode} at start-up:{Environment.NewLine}{tail}");
            }

            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                probe.Connect(new IPEndPoint(IPAddress.Loopback, port));
                return broker;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        broker.Dispose();
        throw new IOException($"{name} did not listen on 127.0.0.1:{port} within 60 s");
    }

    private static int FreePort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
