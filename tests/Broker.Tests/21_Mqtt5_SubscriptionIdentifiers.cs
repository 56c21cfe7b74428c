// Subscription identifiers (MQTT 5 §3.8.2.1.2, §3.3.4) with paho-python (Scripts/paho5_subid.py) against NanoNode's
// broker and against Mosquitto in the same test: identifiers 7 (base/a/#) and 9 (base/+/x) come back in the PUBLISHes
// their subscriptions match, none for a subscription without one; a message matching both identified filters carries
// both (NanoNode sends one PUBLISH with both, §3.3.4 allows that or one copy per subscription: the test accepts
// either by uniting the copies). CONNACK does not announce them as unavailable.
namespace NanoNode.Broker.Tests;

using System.Text.Json.Nodes;
using NanoNode.Tests.Shared;

public sealed class Mqtt5_SubscriptionIdentifiers
{
    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync())
        {
            var copies = Check(broker.Port, "NanoNode");

            // NanoNode: one delivery per session, carrying every matching identifier.
            Assert.Equal(4, copies);
        }

        using var mosquitto = new MosquittoFixture();
        Check(mosquitto.Port, "Mosquitto");
    }

    private static int Check(int port, string name)
    {
        string b = "subid/" + Guid.NewGuid().ToString("N")[..8];
        var (exit, lines, error) = Tools.Paho("paho5_subid.py", port.ToString(), b);
        Assert.True(exit == 0 && lines.Length > 0, $"{name}: script failed ({exit}): {error}");
        var o = JsonNode.Parse(lines[^1])!.AsObject();
        Assert.Equal(0, (int)o["connack"]!);
        Assert.Equal(1, (int)o["ids_available"]!);
        Assert.Equal("[[1],[1],[1]]", o["suback"]!.ToJsonString());
        var messages = o["messages"]!.AsArray();
        string Ids(string topic) => string.Join(",", messages.Where(m => (string)m!["topic"]! == topic)
            .SelectMany(m => m!["ids"]!.AsArray().Select(x => (int)x!)).Distinct().Order());
        Assert.Equal("7,9", Ids("/a/x"));
        Assert.Equal("7", Ids("/a/y"));
        Assert.Equal(string.Empty, Ids("/c"));
        Assert.Equal("9", Ids("/b/x"));
        return messages.Count;
    }
}
