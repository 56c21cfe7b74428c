using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NanoNode.Tests.Shared;

namespace NanoNode.Broker.Tests.Infrastructure;

/// <summary>
/// The broker host as a child process (dotnet NanoNode.BrokerHost.dll serve) on 127.0.0.1, so tests can SIGKILL it
/// (<see cref="Kill"/>) and restart it on the same port and data folder. Killed by PID on dispose.
/// </summary>
public sealed class BrokerProcess : IDisposable
{
    private Process? _process;

    /// <summary>Creates (does not start) a broker process on a free port with a fresh data folder.</summary>
    public BrokerProcess(params string[] extraArgs)
    {
        DataDirectory = BrokerFixture.NewDataDirectory();
        Port = TestPorts.Free();
        ExtraArgs = extraArgs;
    }

    /// <summary>MQTT/TCP port.</summary>
    public int Port { get; }

    /// <summary>Data folder (SQLite).</summary>
    public string DataDirectory { get; }

    /// <summary>Additional command-line arguments.</summary>
    public string[] ExtraArgs { get; }

    /// <summary>Output lines of the current process.</summary>
    public List<string> Output { get; } = new();

    /// <summary>Starts the broker and waits until its port accepts connections.</summary>
    public void Start()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "NanoNode.BrokerHost.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "serve", "--tcp-port", Port.ToString(), "--tls-port", "-1", "--http-port", "-1", "--data", DataDirectory }.Concat(ExtraArgs))
        {
            psi.ArgumentList.Add(a);
        }

        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (Output)
                {
                    Output.Add(e.Data);
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (Output)
                {
                    Output.Add(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        bool up = Tools.WaitUntil(() =>
        {
            if (_process.HasExited)
            {
                return true;
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, 30);
        if (!up || _process.HasExited)
        {
            throw new InvalidOperationException("broker process did not start: " + string.Join("\n", Output));
        }
    }

    /// <summary>SIGKILL (no shutdown code runs) and wait for exit.</summary>
    public void Kill()
    {
        var p = _process;
        _process = null;
        if (p == null)
        {
            return;
        }

        if (!p.HasExited)
        {
            p.Kill();
            p.WaitForExit(10000);
        }

        p.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        BrokerFixture.TryDelete(DataDirectory);
    }

}
