using System.Diagnostics;
using System.Text;
using NanoNode.Mqtt;
using NanoNode.Tests.Shared;
using Xunit;

namespace NanoNode.Mqtt.Client.HostTests;

/// <summary>
/// Mosquitto (persistence on) killed with SIGKILL and restarted in the middle of 1,000 QoS 1 and 1,000 QoS 2 messages
/// (interleaved), with messages in flight in both directions at the kill.
/// </summary>
/// <remarks>
/// Mosquitto answers PUBACK / PUBREC before it writes its database (the autosave runs between loop iterations), so a
/// SIGKILL that lands in that window loses messages the broker had already acknowledged; no client can get them back
/// (seen in Mosquitto 2.0.11's log: PUBREC sent for a message, broker killed, the restored session lacks it, the re-sent
/// PUBREL is answered with PUBCOMP). The broker is therefore frozen (SIGSTOP) once its database holds everything it
/// acknowledged, and killed while frozen. In flight at the kill: 16 QoS 1/2 PUBLISH the sender wrote to the frozen broker
/// (never read: re-sent with DUP after the reconnect), and the broker's window of messages to the receiver, which the
/// receiver read, delivered and acknowledged after the freeze (acks never read: the broker re-sends them with DUP, and
/// the QoS 2 ones must not be delivered twice).
/// </remarks>
public sealed class BrokerKillTests : IDisposable
{
    private const int Count = 1000;
    private const int SenderInflight = 16;

    // Save the broker's state after every change so a SIGKILL loses as little as the broker allows.
    private readonly MosquittoFixture _broker = new("autosave_on_changes true\nmax_inflight_messages 20\n");
    private readonly byte[] _payload = new byte[8];
    private int _next;

    public void Dispose() => _broker.Dispose();

    [Fact]
    public void Qos1ArrivesAtLeastOnceAndQos2ExactlyOnceAcrossABrokerKill()
    {
        using var receiver = new Node(_broker.Port, "kill-receiver", o => o.Session.CleanSession = false).Connect();
        receiver.Client.Subscribe(new[] { "k1/#", "k2/#" }, new[] { 1, 2 }, receiver.Recorder);
        Node.Pump(() => receiver.Client.GrantedQos(0) == 1 && receiver.Client.GrantedQos(1) == 2, 10, receiver);
        using var sender = new Node(_broker.Port, "kill-sender", o =>
        {
            o.Session.CleanSession = false;
            o.Limits.MaxInflight = SenderInflight;
            o.Limits.OutboxMessages = 64;
            o.Limits.OutboxBytes = 8192;
        }).Connect();
        using var probe = new Node(_broker.Port, "kill-probe").Connect();

        // First half; the receiver stops reading at 800 so the broker's window to it (20 messages) fills.
        PublishUntil(sender, receiver, 800, pollReceiver: true);
        PublishUntil(sender, receiver, Count, pollReceiver: false);
        Node.Pump(() => sender.Client.InflightCount == 0 && sender.Client.Outbox.Count == 0, 30, sender);

        // A QoS 1 round trip on another connection after the sender's last acknowledgement: the broker read it in a later
        // loop iteration, and every iteration starts with the autosave of the previous one's changes.
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(MqttStatus.Sent, probe.Publish("probe/x", "p", 1));
            Node.Pump(() => probe.Client.InflightCount == 0, 10, probe, sender);
        }

        Signal("STOP", _broker.Pid);
        try
        {
            int before = receiver.Recorder.Messages.Count;
            Node.Pump(() => receiver.Recorder.Messages.Count > before, 10, receiver);
            for (int i = 0; i < 100; i++)
            {
                receiver.Client.Poll(1);
            }

            // The sender goes on: 16 PUBLISH into the frozen broker's socket, the rest into the outbox.
            PublishUntil(sender, receiver, Count + 40, pollReceiver: false);
            Assert.Equal(SenderInflight, sender.Client.InflightCount);
        }
        finally
        {
            _broker.Kill();
        }

        _broker.Start();
        PublishUntil(sender, receiver, 2 * Count, pollReceiver: true);
        Assert.Equal(2 * Count, _next);
        Node.TryPump(() => Distinct(receiver, "k1/m") == Count && Distinct(receiver, "k2/m") == Count, 90, sender, receiver);

        var q1 = receiver.Recorder.Messages.Where(m => m.Topic == "k1/m").GroupBy(m => m.Payload).ToDictionary(g => g.Key, g => g.Count());
        var q2 = receiver.Recorder.Messages.Where(m => m.Topic == "k2/m").GroupBy(m => m.Payload).ToDictionary(g => g.Key, g => g.Count());
        var missing1 = Enumerable.Range(0, Count).Select(i => i.ToString("D6")).Where(p => !q1.ContainsKey(p)).ToArray();
        var missing2 = Enumerable.Range(0, Count).Select(i => i.ToString("D6")).Where(p => !q2.ContainsKey(p)).ToArray();
        Assert.True(missing1.Length == 0, "QoS 1 missing: " + string.Join(",", missing1.Take(20)) + $" n={missing1.Length} rxErr={receiver.Client.LastError} rxDec={receiver.Client.LastDecodeStatus} rxConn={receiver.Client.Connects} dup={receiver.Client.DuplicatesSuppressed} rxMsgs={receiver.Client.MessagesReceived} txErr={sender.Client.LastError} txConn={sender.Client.Connects}");
        Assert.True(missing2.Length == 0, "QoS 2 missing: " + string.Join(",", missing2.Take(20)));
        var doubled = q2.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToArray();
        Assert.True(doubled.Length == 0, "QoS 2 delivered twice: " + string.Join(",", doubled.Take(20)));
        Assert.True(receiver.Client.Connects >= 2 && sender.Client.Connects >= 2, "both clients reconnected");
        Assert.True(receiver.Client.SessionPresent && sender.Client.SessionPresent, "both sessions resumed from the broker's database");
        // The broker re-sent QoS 2 messages the receiver had already delivered before the kill: suppressed, not delivered.
        Assert.True(receiver.Client.DuplicatesSuppressed > 0, "no QoS 2 re-delivery was exercised");
    }

    // Publishes message _next.. limit-1: even = QoS 1 on k1/m, odd = QoS 2 on k2/m, payload = index within its QoS.
    private void PublishUntil(Node sender, Node receiver, int limit, bool pollReceiver)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (_next < limit && DateTime.UtcNow < deadline)
        {
            int qos = 1 + (_next % 2);
            int len = Encoding.ASCII.GetBytes((_next / 2).ToString("D6"), 0, 6, _payload, 0);
            var status = sender.Client.Publish(qos == 1 ? "k1/m" : "k2/m", _payload, 0, len, qos, false);
            if (status == MqttStatus.Sent || status == MqttStatus.Queued)
            {
                _next++;
            }
            else
            {
                Assert.Equal(MqttStatus.OutboxFull, status);
            }

            sender.Client.Poll(0);
            if (pollReceiver)
            {
                receiver.Client.Poll(0);
            }
        }

        Assert.Equal(limit, _next);
    }

    private static void Signal(string signal, int pid)
    {
        Assert.NotEqual(0, pid);
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static int Distinct(Node node, string topic) => node.Recorder.Messages.Where(m => m.Topic == topic).Select(m => m.Payload).Distinct().Count();
}
