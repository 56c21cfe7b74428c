using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using NanoNode.Mqtt;
using NanoNode.Mqtt.Client;

namespace NanoNode.Mqtt.Client.HostTests;

/// <summary>One received message, copied out of the client's receive buffer.</summary>
public sealed record Received(string Topic, string Payload, int Qos, bool Retain);

/// <summary>Records every message handed to it (copies; the views are only valid during the call).</summary>
public sealed class Recorder : IMqttMessageHandler
{
    public ConcurrentQueue<Received> Messages { get; } = new();

    public void OnMessage(byte[] buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength, int qos, bool retain)
    {
        Messages.Enqueue(new Received(
            Encoding.UTF8.GetString(buffer, topicOffset, topicLength),
            Encoding.UTF8.GetString(buffer, payloadOffset, payloadLength),
            qos,
            retain));
    }
}

/// <summary>A NanoNode client over TCP to 127.0.0.1 with a recorder, driven by <see cref="Pump"/>.</summary>
public sealed class Node : IDisposable
{
    public Node(int port, string clientId, Action<MqttClientOptions>? configure = null)
    {
        Options = new MqttClientOptions();
        Options.Connection.ClientId = clientId;
        Options.Timing.ReconnectFloorMs = 50;
        Options.Timing.ReconnectCeilingMs = 500;
        Options.Limits.MaxInflight = 16;
        configure?.Invoke(Options);
        Transport = new TcpTransport("127.0.0.1", port);
        Client = new MqttClient(Options, Transport, SystemClock.Instance);
    }

    public MqttClientOptions Options { get; }

    public TcpTransport Transport { get; }

    public MqttClient Client { get; }

    public Recorder Recorder { get; } = new();

    /// <summary>Starts the client and pumps until connected (or throws after <paramref name="seconds"/>).</summary>
    public Node Connect(int seconds = 10)
    {
        Client.Start();
        Pump(() => Client.IsConnected, seconds, this);
        return this;
    }

    public MqttStatus Publish(string topic, string payload, int qos, bool retain = false)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Client.Publish(topic, bytes, 0, bytes.Length, qos, retain);
    }

    /// <summary>Polls every node until <paramref name="done"/> is true; false when <paramref name="seconds"/> passed first.</summary>
    public static bool TryPump(Func<bool> done, double seconds, params Node[] nodes)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed.TotalSeconds > seconds)
            {
                return false;
            }

            foreach (var n in nodes)
            {
                n.Client.Poll(1);
            }
        }

        return true;
    }

    /// <summary>As <see cref="TryPump"/>, failing the test on timeout.</summary>
    public static void Pump(Func<bool> done, double seconds, params Node[] nodes)
    {
        if (!TryPump(done, seconds, nodes))
        {
            throw new Xunit.Sdk.XunitException($"condition not reached within {seconds} s");
        }
    }

    public void Dispose() => Client.Abort();
}
