// MQTT 5 Session Expiry Interval across a clean broker restart, with paho-python MQTTv5 (Scripts/paho5_restart.py
// "expiry"), on NanoNode's broker and on Mosquitto 2.0.11 (persistence on) in the same test. Before the restart,
// sessions subscribe and go offline: b (3600 s), c (3600 s, lowered to 1 s by its DISCONNECT,
// §3.14.2.2.2), d (3600 s, set to 0 by its DISCONNECT: ends at once), f (3600 s), a (6 s; on NanoNode the test
// checks that it still exists when the restart begins, so its expiry falls after the restart); e connects with interval 0 and
// sends DISCONNECT with 60 s: a Protocol Error (§3.14.2.2.2), so its will is published (checked by a subscriber).
// Then one QoS 1 message is published to each. After the restart and a pause longer than a's and c's intervals:
// - b is present with its message; d is not present;
// - a and c are not present: their intervals ran out, counted from when their connection ended (stored as wall-clock
//   time). Mosquitto 2.0.11 still has both (Session Present 1 with the message; observed, not asserted): its expiry
//   of a restored session does not count the time before the restart;
// - f resumes with Clean Start 0 and interval 0: its session is present with its message (§3.1.2.11.2: the
//   interval of the new CONNECT applies from then on), and ends with that connection: the next CONNECT finds none.
// Fails on the code before this change (checked, each part: a restored session never expired, DISCONNECT's interval
// was ignored (c and d present, no will for e), a resume with interval 0 discarded the session (f not present)).
namespace NanoNode.Broker.Tests;

using System.Text.Json.Nodes;

public sealed class Mqtt5_Restart_SessionExpiry
{
    // Longer than a's interval: after it, a has expired whatever the restart took.
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(7);

    [Fact]
    public async Task Test()
    {
        var (before, after) = await Restart5.OnNanoNodeAsync("expiry", Pause, beforeRestart: (broker, b) =>
            Assert.True(broker.Broker.FindSession("a-" + b.Replace('/', '-')) != null, "inconclusive: session a expired before the restart began (machine too slow?)"));
        Check(before, after, "NanoNode");
        Assert.Equal(0, Present(after, "a"));
        Assert.Equal(0, Present(after, "c"));

        var (mb, ma) = await Restart5.OnMosquittoAsync("expiry", Pause);
        Check(mb, ma, "Mosquitto");
    }

    // On the wire (raw socket): CONNECT with Session Expiry Interval 0, then DISCONNECT (reason 0) with Session Expiry
    // Interval 60: NanoNode answers DISCONNECT 0x82 Protocol Error (§3.14.2.2.2, §4.13) and closes. Mosquitto 2.0.11
    // closes; if it sent a DISCONNECT, the reason would have to be 0x82 too.
    [Fact]
    public async Task NonZeroIntervalAfterZeroIsAProtocolError()
    {
        byte[] connect = { 0x10, 0x0F, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x05, 0x02, 0x00, 0x3C, 0x00, 0x00, 0x02, (byte)'z', (byte)'0' };
        byte[] disconnect = { 0xE0, 0x07, 0x00, 0x05, 0x11, 0x00, 0x00, 0x00, 0x3C };
        await using (var broker = await BrokerFixture.StartAsync())
        {
            // With its Reason String (23_Mqtt5_ConnectionLimitsRaw checks when one may not be sent).
            string got = Mqtt5Raw.Exchange(broker.Port, 0, connect, disconnect);
            Assert.Matches(@"^20 [0-9A-F]{2} 00 00 ", got);
            Assert.EndsWith($" | {Mqtt5Raw.DisconnectHex(0x82, "Session Expiry Interval set by DISCONNECT after a CONNECT with 0")} | closed", got);
        }

        using var mosquitto = new NanoNode.Tests.Shared.MosquittoFixture();
        Assert.Matches(@"^20 [0-9A-F ]+( \| E0 01 82)? \| closed$", Mqtt5Raw.Exchange(mosquitto.Port, 0, connect, disconnect));
    }

    private static int Present(JsonObject o, string client) => (int)o["connack"]![client]![1]!;

    private static void Check(JsonObject before, JsonObject after, string name)
    {
        Assert.Equal("{\"b\":[0,0],\"c\":[0,0],\"d\":[0,0],\"f\":[0,0],\"e\":[0,0],\"a\":[0,0]}", before["connack"]!.ToJsonString());
        Assert.Equal("{\"b\":[1],\"c\":[1],\"d\":[1],\"f\":[1],\"w\":[1],\"a\":[1]}", before["suback"]!.ToJsonString());
        Assert.Equal("[1,1,1,1,1]", before["puback"]!.ToJsonString());
        Assert.True(before["will"]!.ToJsonString() == "[\"e-will\"]", $"{name}: the will of the DISCONNECT with a Protocol Error was not published");

        Assert.True(Present(after, "b") == 1, $"{name}: b not present: {after.ToJsonString()}");
        Assert.Equal("[\"x-b\"]", after["messages"]!["b"]!.ToJsonString());
        Assert.True(Present(after, "d") == 0, $"{name}: d present although its DISCONNECT set the interval to 0");
        Assert.True(Present(after, "f") == 1, $"{name}: f's session not resumed with interval 0: {after.ToJsonString()}");
        Assert.Equal("[\"x-f\"]", after["messages"]!["f"]!.ToJsonString());
        Assert.True(Present(after, "f2") == 0, $"{name}: f's session outlived the connection that resumed it with interval 0");
    }
}
