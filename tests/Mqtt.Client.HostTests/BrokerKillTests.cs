using System.Text;
using NanoNode.Mqtt;
using NanoNode.Tests.Shared;
using Xunit;

namespace NanoNode.Mqtt.Client.HostTests;

/// <summary>Mosquitto (persistence on) killed with SIGKILL and restarted in the middle of 1,000 QoS 1 and 1,000 QoS 2 messages.</summary>
public sealed class BrokerKillTests : IDisposable
{
    // Save the broker's state after every change so a SIGKILL loses as little as the broker allows.
    private readonly MosquittoFixture _broker = new("autosave_on_changes true\nmax_inflight_messages 20\n");

    public void Dispose() => _broker.Dispose();

    [Fact]
    public void Qos1ArrivesAtLeastOnceAndQos2ExactlyOnceAcrossABrokerKill()
    {
        const int count = 1000;
        using var receiver = new Node(_broker.Port, "kill-receiver", o => o.Session.CleanSession = false).Connect();
        receiver.Client.Subscribe(new[] { "k1/#", "k2/#" }, new[] { 1, 2 }, receiver.Recorder);
        Node.Pump(() => receiver.Client.GrantedQos(0) == 1 && receiver.Client.GrantedQos(1) == 2, 10, receiver);

        using var sender = new Node(_broker.Port, "kill-sender", o => { o.Session.CleanSession = false; o.Limits.OutboxMessages = 64; o.Limits.OutboxBytes = 8192; }).Connect();
        var payload = new byte[8];
        int next = 0;
        bool killed = false;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (next < 2 * count && DateTime.UtcNow < deadline)
        {
            int qos = next < count ? 1 : 2;
            int n = next % count;
            int len = Encoding.ASCII.GetBytes(n.ToString("D6"), 0, 6, payload, 0);
            var status = sender.Client.Publish(qos == 1 ? "k1/m" : "k2/m", payload, 0, len, qos, false);
            if (status == MqttStatus.Sent || status == MqttStatus.Queued)
            {
                next++;
            }
            else
            {
                Assert.Equal(MqttStatus.OutboxFull, status);
            }

            if (!killed && next == count / 2)
            {
                _broker.Kill();
                _broker.Start();
                killed = true;
            }

            sender.Client.Poll(0);
            receiver.Client.Poll(0);
        }

        Assert.True(killed);
        Assert.Equal(2 * count, next);
        Node.TryPump(() => Distinct(receiver, "k1/m") == count && Distinct(receiver, "k2/m") == count, 90, sender, receiver);

        var q1 = receiver.Recorder.Messages.Where(m => m.Topic == "k1/m").GroupBy(m => m.Payload).ToDictionary(g => g.Key, g => g.Count());
        var q2 = receiver.Recorder.Messages.Where(m => m.Topic == "k2/m").GroupBy(m => m.Payload).ToDictionary(g => g.Key, g => g.Count());
        var missing1 = Enumerable.Range(0, count).Select(i => i.ToString("D6")).Where(p => !q1.ContainsKey(p)).ToArray();
        var missing2 = Enumerable.Range(0, count).Select(i => i.ToString("D6")).Where(p => !q2.ContainsKey(p)).ToArray();
        Assert.True(missing1.Length == 0, "QoS 1 missing: " + string.Join(",", missing1.Take(20)));
        Assert.True(missing2.Length == 0, "QoS 2 missing: " + string.Join(",", missing2.Take(20)));
        var doubled = q2.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToArray();
        Assert.True(doubled.Length == 0, "QoS 2 delivered twice: " + string.Join(",", doubled.Take(20)));
        Assert.True(receiver.Client.Connects >= 2 && sender.Client.Connects >= 2, "both clients reconnected");
    }

    private static int Distinct(Node node, string topic) => node.Recorder.Messages.Where(m => m.Topic == topic).Select(m => m.Payload).Distinct().Count();
}
