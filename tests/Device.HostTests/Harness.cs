using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using NanoNode.Mqtt;
using NanoNode.Mqtt.Client;
using NanoNode.VirtualDevice;

namespace NanoNode.Device.HostTests;

/// <summary>One message received by the controller.</summary>
public sealed record Msg(string Topic, string Payload, bool Retain)
{
    public JsonElement Json => JsonDocument.Parse(Payload).RootElement;
}

/// <summary>The test's own MQTT client (NanoNode client over TCP) that records everything it receives.</summary>
public sealed class Controller : IMqttMessageHandler, IDisposable
{
    public Controller(int port, string id, params string[] filters)
    {
        var o = new MqttClientOptions();
        o.Connection.ClientId = id;
        o.Limits.MaxPacketSize = 16384;
        o.Limits.OutboxBytes = 65536;
        o.Limits.MaxInflight = 16;
        o.Timing.ReconnectFloorMs = 50;
        o.Timing.ReconnectCeilingMs = 500;
        Client = new MqttClient(o, new TcpTransport("127.0.0.1", port), SystemClock.Instance);
        foreach (string f in filters)
        {
            Client.Subscribe(f, 1, this);
        }

        Client.Start();
    }

    public MqttClient Client { get; }

    public ConcurrentQueue<Msg> Messages { get; } = new();

    public void OnMessage(byte[] buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength, int qos, bool retain)
    {
        Messages.Enqueue(new Msg(Encoding.UTF8.GetString(buffer, topicOffset, topicLength), Encoding.UTF8.GetString(buffer, payloadOffset, payloadLength), retain));
    }

    public MqttStatus Publish(string topic, string payload, int qos = 1) => Publish(topic, Encoding.UTF8.GetBytes(payload), qos);

    public MqttStatus Publish(string topic, byte[] payload, int qos = 1) => Client.Publish(topic, payload, 0, payload.Length, qos, false);

    public List<Msg> On(string topic) => Messages.Where(m => m.Topic == topic).ToList();

    public void Dispose() => Client.Abort();
}

/// <summary>Polling helpers: everything runs on the test thread (no hidden threads, like the device).</summary>
public static class Pump
{
    /// <summary>Polls the controller and the nodes until <paramref name="done"/>; throws after <paramref name="seconds"/>.</summary>
    public static void Until(Func<bool> done, double seconds, Controller controller, params VirtualNode[] nodes)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed.TotalSeconds > seconds)
            {
                throw new Xunit.Sdk.XunitException($"condition not reached within {seconds} s");
            }

            foreach (var n in nodes)
            {
                n.Poll(0);
            }

            controller.Client.Poll(1);
        }
    }

    /// <summary>Polls for <paramref name="seconds"/> regardless.</summary>
    public static void For(double seconds, Controller controller, params VirtualNode[] nodes)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            foreach (var n in nodes)
            {
                n.Poll(0);
            }

            controller.Client.Poll(1);
        }
    }

    public static string TempDir()
    {
        string d = Path.Combine(Path.GetTempPath(), "nanonode-device-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }
}
