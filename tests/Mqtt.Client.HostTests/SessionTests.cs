using System.Text;
using NanoNode.Mqtt;
using NanoNode.Tests.Shared;
using Xunit;

namespace NanoNode.Mqtt.Client.HostTests;

/// <summary>Last will (abnormal close vs DISCONNECT) and persistent-session redelivery against Mosquitto.</summary>
public sealed class SessionTests : IDisposable
{
    private readonly MosquittoFixture _broker = new();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public void WillIsPublishedOnAbnormalCloseOnly()
    {
        using var watcher = new Node(_broker.Port, "will-watcher").Connect();
        watcher.Client.Subscribe("will/#", 1, watcher.Recorder);
        Node.Pump(() => watcher.Client.GrantedQos(0) == 1, 10, watcher);

        using var polite = new Node(_broker.Port, "polite", o => { o.Connection.WillTopic = "will/polite"; o.Connection.WillPayload = Encoding.UTF8.GetBytes("offline"); }).Connect();
        polite.Client.Disconnect();
        // A marker published after the DISCONNECT: if a will were sent it would arrive before the marker.
        watcher.Publish("will/marker", "m", 1);
        Node.Pump(() => watcher.Recorder.Messages.Any(m => m.Topic == "will/marker"), 10, watcher);
        Assert.DoesNotContain(watcher.Recorder.Messages, m => m.Topic == "will/polite");

        using var rude = new Node(_broker.Port, "rude", o => { o.Connection.WillTopic = "will/rude"; o.Connection.WillPayload = Encoding.UTF8.GetBytes("offline"); o.Connection.WillRetain = false; }).Connect();
        rude.Client.Abort();
        Node.Pump(() => watcher.Recorder.Messages.Any(m => m.Topic == "will/rude"), 10, watcher);
        Assert.Equal(new Received("will/rude", "offline", 1, false), watcher.Recorder.Messages.Single(m => m.Topic == "will/rude"));
        // Checked again once the later connection's will has arrived: a late will from "polite" would be here by now.
        Assert.DoesNotContain(watcher.Recorder.Messages, m => m.Topic == "will/polite");
    }

    [Fact]
    public void PersistentSessionRedeliversWhatWasPublishedWhileOffline()
    {
        using var sub = new Node(_broker.Port, "persistent-sub", o => o.Session.CleanSession = false).Connect();
        sub.Client.Subscribe("ps/#", 2, sub.Recorder);
        Node.Pump(() => sub.Client.GrantedQos(0) == 2, 10, sub);
        sub.Client.Disconnect();

        using var pub = new Node(_broker.Port, "persistent-pub").Connect();
        for (int i = 0; i < 5; i++)
        {
            pub.Publish("ps/t", "q1-" + i, 1);
            pub.Publish("ps/t", "q2-" + i, 2);
        }

        Node.Pump(() => pub.Client.InflightCount == 0 && pub.Client.Outbox.Count == 0, 10, pub);
        sub.Client.Start();
        Node.Pump(() => sub.Recorder.Messages.Count >= 10, 10, sub);
        Assert.True(sub.Client.SessionPresent);
        var payloads = sub.Recorder.Messages.Select(m => m.Payload).OrderBy(p => p).ToArray();
        Assert.Equal(Enumerable.Range(0, 5).SelectMany(i => new[] { "q1-" + i, "q2-" + i }).OrderBy(p => p).ToArray(), payloads);
    }
}
