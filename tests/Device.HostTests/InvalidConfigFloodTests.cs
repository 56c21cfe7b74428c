using System.Text;
using NanoNode.Device.Config;
using NanoNode.Tests.Shared;
using NanoNode.VirtualDevice;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>02: 10,000 generated invalid configs are each acked rejected/stale with the reason their kind must produce; the effective config never changes and telemetry never stops.</summary>
public sealed class InvalidConfigFloodTests
{
    private const int Count = 10_000;
    private const int CurrentRev = 5;

    private static readonly string[] IntKeys = { "interval_s", "telemetry_qos", "keepalive_s", "broker_port", "max_silence_s", "rollback_timeout_s", "bme280_address", "scd4x_address" };
    private static readonly string[] BoolKeys = { "telemetry_retain", "broker_tls", "ha_discovery", "sht3x_enabled", "bh1750_enabled" };
    private static readonly string[] StringKeys = { "topic_prefix", "broker_host", "broker_user", "broker_password", "ha_prefix" };

    /// <summary>One invalid payload, the result it must get and the reasons (any of, '|'-separated) its first error may carry.</summary>
    private static (byte[] Payload, string Expected, string Kind, string Reasons) Generate(Random r, int i)
    {
        int rev = CurrentRev + 1 + i;
        int kind = i % 10;
        string key;
        switch (kind)
        {
            case 0: // wrong type
                key = IntKeys[r.Next(IntKeys.Length)];
                string[] wrong = { "\"12\"", "true", "null", "[1]", "{\"a\":1}", "1.5", "2e1" };
                return (Utf8($"{{\"rev\":{rev},\"{key}\":{wrong[r.Next(wrong.Length)]}}}"), "rejected", "wrong_type", "expected_integer");
            case 1: // out of range
                key = IntKeys[r.Next(IntKeys.Length)];
                long v = r.Next(2) == 0 ? -1 - r.Next(1000) : 100000 + r.Next(1_000_000_000);
                return (Utf8($"{{\"rev\":{rev},\"{key}\":{v}}}"), "rejected", "out_of_range", "out_of_range");
            case 2: // unknown key (plus a valid one: still nothing applied)
                return (Utf8($"{{\"rev\":{rev},\"interval_s\":7,\"k{r.Next()}\":1}}"), "rejected", "unknown_key", "unknown_key");
            case 3: // malformed JSON: a valid patch cut short
                string full = $"{{\"rev\":{rev},\"interval_s\":7,\"broker_host\":\"h\\u00e9\"}}";
                return (Utf8(full.Substring(0, r.Next(full.Length))), "rejected", "malformed", "malformed_json");
            case 4: // huge payload (valid JSON, larger than the node accepts)
                int size = ConfigPatch.MaxPayload + 1 + r.Next(4000);
                var sb = new StringBuilder($"{{\"rev\":{rev},\"broker_user\":\"");
                sb.Append('x', size - sb.Length - 2).Append("\"}");
                return (Utf8(sb.ToString()), "rejected", "too_large", "payload_too_large");
            case 5: // stale rev
                return (Utf8($"{{\"rev\":{r.Next(CurrentRev + 1)},\"interval_s\":7}}"), "stale", "stale", "stale");
            case 6: // string too long or with forbidden characters
                key = StringKeys[r.Next(StringKeys.Length)];
                bool tooLong = r.Next(2) == 0;
                int maxLength = key == "broker_password" ? 512 : 64; // broker_password holds a JWT
                string s = tooLong ? new string('a', maxLength + 1 + r.Next(100)) : (key == "broker_host" ? "bad host" : key.EndsWith("prefix") ? "a/#" : "nul\\u0000");
                return (Utf8($"{{\"rev\":{rev},\"{key}\":\"{s}\"}}"), "rejected", "bad_string", tooLong ? "bad_length" : "invalid_characters");
            case 7: // not an object
                string[] notObject = { "[]", "42", "\"config\"", "null", "true" };
                return (Utf8(notObject[r.Next(notObject.Length)]), "rejected", "not_object", "not_an_object");
            case 8: // missing rev, duplicate keys or a wrong boolean
                key = BoolKeys[r.Next(BoolKeys.Length)];
                string[] bad = { $"{{\"{key}\":true}}", $"{{\"rev\":{rev},\"{key}\":true,\"{key}\":false}}", $"{{\"rev\":{rev},\"{key}\":1}}" };
                string[] badReasons = { "missing", "duplicate_key", "expected_boolean" };
                int b = r.Next(bad.Length);
                return (Utf8(bad[b]), "rejected", "bool_rev", badReasons[b]);
            default: // random bytes
                byte[] junk = new byte[1 + r.Next(200)];
                r.NextBytes(junk);
                junk[0] = (byte)'{';
                return (junk, "rejected", "junk", "malformed_json|missing"); // "{}" + whitespace is a valid object without rev
        }
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void TenThousandInvalidConfigsChangeNothing()
    {
        using var broker = new MosquittoFixture();
        using var controller = new Controller(broker.Port, "ctl-02", "nanonode/f02/#");
        var node = new VirtualNode("f02", Pump.TempDir(), "127.0.0.1", broker.Port, 1, null, false);
        node.Boot();
        Pump.Until(() => controller.Client.IsConnected && node.Link.IsConnected, 10, controller, node);
        controller.Publish("nanonode/f02/config/set", $"{{\"rev\":{CurrentRev},\"deadband_temperature_c\":0}}");
        Pump.Until(() => controller.On("nanonode/f02/config/ack").Count == 1, 10, controller, node);
        Assert.Equal("applied", controller.On("nanonode/f02/config/ack")[0].Json.GetProperty("result").GetString());

        var snapshot = new DeviceConfig();
        snapshot.CopyFrom(node.Node.Config);
        int seqBefore = node.Node.Telemetry.Sequence;
        int cyclesBefore = node.Node.Telemetry.Cycles;
        int suppressedBefore = node.Node.Telemetry.Suppressed;
        int dropsBefore = node.Node.Telemetry.Drops;
        int appliedBefore = node.Node.ConfigService.Applied;
        int configDocsBefore = controller.On("nanonode/f02/config").Count;
        int acksBefore = 1;
        var random = new Random(20261122);
        var expected = new List<(string Result, string Kind, string Reasons)>();
        int sent = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (controller.On("nanonode/f02/config/ack").Count < acksBefore + Count)
        {
            Assert.True(watch.Elapsed.TotalSeconds < 240, $"only {controller.On("nanonode/f02/config/ack").Count - acksBefore} acks after 240 s");
            int acked = controller.Messages.Count(m => m.Topic == "nanonode/f02/config/ack") - acksBefore;
            while (sent < Count && sent - acked < 24)
            {
                var (payload, result, kind, reasons) = Generate(random, sent);
                if (controller.Publish("nanonode/f02/config/set", payload) is not (Mqtt.MqttStatus.Sent or Mqtt.MqttStatus.Queued))
                {
                    break;
                }

                expected.Add((result, kind, reasons));
                sent++;
            }

            node.Poll(0);
            controller.Client.Poll(1);
        }

        var acks = controller.On("nanonode/f02/config/ack").Skip(acksBefore).ToList();
        var byKind = new Dictionary<string, int>();
        for (int i = 0; i < Count; i++)
        {
            var j = acks[i].Json;
            Assert.True(expected[i].Result == j.GetProperty("result").GetString(), $"#{i} ({expected[i].Kind}): {acks[i].Payload}");
            Assert.True(j.GetProperty("errors").GetArrayLength() > 0, $"#{i}: {acks[i].Payload}");
            // Every error of the payload is listed (a cut-off patch may also carry a bad value read before the cut):
            // the one its kind must produce is among them.
            var errors = j.GetProperty("errors").EnumerateArray().ToList();
            Assert.Contains(errors, e => expected[i].Reasons.Split('|').Contains(e.GetProperty("reason").GetString()));
            foreach (var e in errors)
            {
                Assert.False(string.IsNullOrEmpty(e.GetProperty("reason").GetString()), $"#{i}: {acks[i].Payload}");
                if (e.GetProperty("reason").GetString() == "malformed_json")
                {
                    // Strict reader: a status name and the byte position where it stopped.
                    Assert.False(string.IsNullOrEmpty(e.GetProperty("detail").GetString()), $"#{i}: {acks[i].Payload}");
                    Assert.True(e.GetProperty("position").GetInt32() >= 0, $"#{i}: {acks[i].Payload}");
                }
            }

            byKind[expected[i].Kind] = byKind.GetValueOrDefault(expected[i].Kind) + 1;
        }

        Assert.Equal(Count, byKind.Values.Sum());
        Assert.True(node.Node.Config.SameAs(snapshot), "effective config changed");
        Assert.Equal(CurrentRev, node.Node.Config.Rev);
        Assert.Equal(appliedBefore, node.Node.ConfigService.Applied);
        Assert.Equal(configDocsBefore, controller.On("nanonode/f02/config").Count); // no config document published by a rejected patch

        // Telemetry went on: the scheduler kept cycling, every cycle was published (deadbands 0: nothing suppressed,
        // nothing dropped) and the controller received every sequence number, without gaps, up to the node's last.
        int lastSeq = node.Node.Telemetry.Sequence;
        Pump.Until(() => controller.On("nanonode/f02/telemetry").Any(m => m.Json.GetProperty("seq").GetInt32() == lastSeq), 10, controller);
        var seqs = controller.On("nanonode/f02/telemetry").Select(m => m.Json.GetProperty("seq").GetInt32()).Where(q => q <= lastSeq).ToList();
        Assert.True(node.Node.Telemetry.Cycles > cyclesBefore, "the telemetry scheduler stopped");
        Assert.Equal(suppressedBefore, node.Node.Telemetry.Suppressed);
        Assert.Equal(dropsBefore, node.Node.Telemetry.Drops);
        Assert.Equal(node.Node.Telemetry.Cycles - cyclesBefore, lastSeq - seqBefore);
        for (int i = 1; i < seqs.Count; i++)
        {
            Assert.Equal(seqs[i - 1] + 1, seqs[i]);
        }

        Assert.Equal(lastSeq, seqs[^1]);
        Console.WriteLine($"10,000 invalid configs acked in {watch.Elapsed.TotalSeconds:F1} s; kinds: {string.Join(", ", byKind.Select(kv => kv.Key + "=" + kv.Value))}; telemetry {seqs.Count}");
        node.Shutdown();
    }
}
