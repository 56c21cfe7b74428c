using System.Diagnostics;
using NanoNode.Mqtt;
using NanoNode.Tests.Shared;
using Xunit;

namespace NanoNode.Mqtt.Client.HostTests;

/// <summary>QoS 0/1/2 in both directions between the NanoNode client and Mosquitto's own clients, plus retained delivery.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly MosquittoFixture _broker = new();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public void NanoPublishesQos012ToItselfThroughTheBroker()
    {
        using var node = new Node(_broker.Port, "rt-self").Connect();
        Assert.Equal(MqttStatus.Sent, node.Client.Subscribe("rt/#", 2, node.Recorder));
        Node.Pump(() => node.Client.GrantedQos(node.Client.FindSubscription("rt/#")) == 2, 10, node);
        for (int q = 0; q <= 2; q++)
        {
            Assert.Equal(MqttStatus.Sent, node.Publish("rt/" + q, "payload-" + q, q));
        }

        Node.Pump(() => node.Recorder.Messages.Count == 3 && node.Client.InflightCount == 0, 10, node);
        var got = node.Recorder.Messages.OrderBy(m => m.Topic).ToArray();
        for (int q = 0; q <= 2; q++)
        {
            Assert.Equal(new Received("rt/" + q, "payload-" + q, q, false), got[q]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void NanoToMosquittoSub(int qos)
    {
        using var node = new Node(_broker.Port, "to-sub-" + qos).Connect();
        // A retained marker tells us when mosquitto_sub has subscribed (it receives the marker first).
        Assert.Equal(MqttStatus.Sent, node.Publish($"out{qos}/ready", "ready", 1, retain: true));
        Node.Pump(() => node.Client.InflightCount == 0, 10, node);
        var output = new List<string>();
        using var sub = StartTool("mosquitto_sub", $"-h 127.0.0.1 -p {_broker.Port} -t out{qos}/# -q {qos} -F \"%t %q %r %p\" -C 4 -W 20", output);
        Node.Pump(() => { lock (output) { return output.Count >= 1; } }, 20, node);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(MqttStatus.Sent, node.Publish($"out{qos}/m", "m" + i, qos));
        }

        Node.Pump(() => { lock (output) { return output.Count >= 4; } }, 20, node);
        Assert.True(sub.WaitForExit(10000));
        lock (output)
        {
            Assert.Equal($"out{qos}/ready {Math.Min(1, qos)} 1 ready", output[0]);
            Assert.Equal(new[] { $"out{qos}/m {qos} 0 m0", $"out{qos}/m {qos} 0 m1", $"out{qos}/m {qos} 0 m2" }, output.Skip(1).ToArray());
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void MosquittoPubToNano(int qos)
    {
        using var node = new Node(_broker.Port, "from-pub-" + qos).Connect();
        node.Client.Subscribe("in/#", 2, node.Recorder);
        Node.Pump(() => node.Client.GrantedQos(node.Client.FindSubscription("in/#")) == 2, 10, node);
        using (var pub = StartTool("mosquitto_pub", $"-h 127.0.0.1 -p {_broker.Port} -t in/x -q {qos} -m hello-{qos}", null))
        {
            Node.Pump(() => pub.HasExited, 20, node);
            Assert.Equal(0, pub.ExitCode);
        }

        Node.Pump(() => node.Recorder.Messages.Count >= 1, 10, node);
        Assert.Equal(new Received("in/x", "hello-" + qos, qos, false), node.Recorder.Messages.Single());
    }

    [Fact]
    public void RetainedMessageIsDeliveredToALaterSubscriberWithRetainSet()
    {
        using (var pub = StartTool("mosquitto_pub", $"-h 127.0.0.1 -p {_broker.Port} -t keep/me -q 1 -r -m kept", null))
        {
            Assert.True(pub.WaitForExit(10000));
            Assert.Equal(0, pub.ExitCode);
        }

        using var node = new Node(_broker.Port, "retained").Connect();
        node.Client.Subscribe("keep/+", 1, node.Recorder);
        Node.Pump(() => node.Recorder.Messages.Count >= 1, 10, node);
        Assert.Equal(new Received("keep/me", "kept", 1, true), node.Recorder.Messages.Single());
    }

    /// <summary>Starts a Mosquitto client tool; its stdout lines go to <paramref name="lines"/> when given.</summary>
    internal static Process StartTool(string name, string args, List<string>? lines)
    {
        var psi = new ProcessStartInfo(name, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data != null && lines != null)
            {
                lock (lines)
                {
                    lines.Add(e.Data);
                }
            }
        };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
