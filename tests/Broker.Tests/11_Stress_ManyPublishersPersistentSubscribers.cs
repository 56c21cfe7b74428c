// Liveness of the durable path under load: 6 mosquitto_pub processes (3 at QoS 1, 3 at QoS 2) stream 2,000 messages
// each at once into persistent QoS 1 and QoS 2 subscribers, so every acknowledgement waits for a group commit and every
// QoS 2 delivery for its packet id commit. Every publisher completes, each subscriber gets all 12,000 payloads, the QoS 2
// subscriber none twice [MQTT-4.3.3], and nothing is left inflight or queued. Bounded: 12,000 messages, 90 s per step.
namespace NanoNode.Broker.Tests;

public sealed class Stress_ManyPublishersPersistentSubscribers
{
    private const int Publishers = 6;
    private const int PerPublisher = 2000;

    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        int total = Publishers * PerPublisher;
        using var sub1 = Tools.SubBackground(broker.Port, "-t", "stress/#", "-q", "1", "-c", "-i", "stress-sub1", "-C", total.ToString());
        using var sub2 = Tools.SubBackground(broker.Port, "-t", "stress/#", "-q", "2", "-c", "-i", "stress-sub2", "-C", total.ToString());
        Assert.True(sub1.WaitForSubscribed());
        Assert.True(sub2.WaitForSubscribed());

        var expected = new HashSet<string>();
        var runs = new List<Task<(int ExitCode, string Output, string Error)>>();
        for (int k = 0; k < Publishers; k++)
        {
            var lines = new System.Text.StringBuilder();
            for (int i = 0; i < PerPublisher; i++)
            {
                string payload = $"p{k}-{i}";
                expected.Add(payload);
                lines.Append(payload).Append('\n');
            }

            string qos = k % 2 == 0 ? "1" : "2";
            string input = lines.ToString();
            string topic = "stress/" + k;
            runs.Add(Task.Run(() => Tools.Run("/usr/bin/mosquitto_pub", new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", topic, "-q", qos, "-l", "-i", "stress-pub" + topic[7..] }, 90, input)));
        }

        var results = await Task.WhenAll(runs);
        for (int k = 0; k < Publishers; k++)
        {
            Assert.True(results[k].ExitCode == 0, $"publisher {k} exit {results[k].ExitCode}: {results[k].Error}");
        }

        Assert.True(sub1.WaitForExit(90), $"QoS 1 subscriber got {sub1.Messages.Length} of {total}; {Sessions(broker)}");
        Assert.True(sub2.WaitForExit(90), $"QoS 2 subscriber got {sub2.Messages.Length} of {total}; {Sessions(broker)}");
        var got1 = sub1.Messages;
        var got2 = sub2.Messages;
        Assert.True(expected.SetEquals(got1), $"QoS 1 subscriber: {expected.Except(got1).Count()} missing");
        Assert.True(expected.SetEquals(got2), $"QoS 2 subscriber: {expected.Except(got2).Count()} missing");
        Assert.True(got2.Length == total, $"QoS 2 subscriber got {got2.Length - got2.Distinct().Count()} duplicates");
        foreach (var id in new[] { "stress-sub1", "stress-sub2" })
        {
            // The subscriber may still be sending its last PUBACK/PUBCOMP when it exits; wait for the broker to see it.
            var s = broker.Broker.FindSession(id)!;
            Assert.True(Tools.WaitUntil(() => s.InflightCount == 0 && s.QueuedCount == 0, 10), $"{id} left with {Sessions(broker)}");
        }
    }

    private static string Sessions(BrokerFixture broker)
        => string.Join(", ", broker.Broker.Sessions.Select(x => $"{x.ClientId} inflight {x.InflightCount} queued {x.QueuedCount} connected {x.Connection != null}"));
}
