// MQTT 5 connection limits and reason strings byte for byte (raw socket: client libraries honour the broker's Receive
// Maximum, hide CONNACK properties or never send a stray AUTH), the same packets sent to Mosquitto 2.0.11 configured to
// match (max_keepalive 10, max_inflight_messages 2 = Receive Maximum 2, max_packet_size 200), in the same test:
// - Server Keep Alive (§3.2.2.3.14): keep alive 60 or 0 is answered with Server Keep Alive 10, 5 is kept (both); a
//   3.1.1 client keeps its 60 (both: 3.1.1 has no way to tell it). With a 2 s maximum ours times a keep alive 60 client
//   out by it: DISCONNECT 0x8D;
// - the broker's Receive Maximum (§3.3.4): CONNACK announces 2; a third unacknowledged QoS 2 PUBLISH gets DISCONNECT
//   0x93 [MQTT-3.3.4-9] (Mosquitto 2.0.11 instead answers PUBREC 0x97 Quota exceeded and stays open); a re-sent QoS 2
//   PUBLISH with a counted id and the PUBREL that ends a flow keep the client within it;
// - AUTH on a connection that agreed no authentication method: DISCONNECT 0x82 (§4.12; Mosquitto closes without one);
// - a packet over the Maximum Packet Size: DISCONNECT 0x95 before closing (both);
// - Reason Strings: on a PUBACK 0x87 (not with Request Problem Information 0, §3.1.2.11.7, where Mosquitto sends none
//   either way); left out of a DISCONNECT and a PUBACK that would exceed the client's Maximum Packet Size
//   [MQTT-3.14.2-3] [MQTT-3.4.2-2]; on a SUBACK 0x87 (a device user's filter outside its subtree); on the DISCONNECT
//   0x81/0x82 for a shared filter breaking §4.8.2 (Mosquitto 2.0.11: DISCONNECT 0x81 for "$share/g+/t", and "$share//t",
//   "$share/g" granted as plain filters);
// - Response Information (§3.2.2.3.15): only when requested; an admin (here the anonymous development client) gets
//   "response/<client id>". Mosquitto sends none.
namespace NanoNode.Broker.Tests;

using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;
using NanoNode.Tests.Shared;
using static NanoNode.Broker.Tests.Infrastructure.Mqtt5Raw;

public sealed class Mqtt5_ConnectionLimitsRaw
{
    private static readonly byte[] NoProblemInformation = Prop(0x17, new byte[] { 0 });

    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync(o =>
        {
            o.MaxKeepAliveSeconds = 10;
            o.ReceiveMaximum = 2;
            o.MaxPacketSize = 200;
        }))
        {
            broker.Server.Services.GetRequiredService<UserStore>().Add("dev-a", "pa", false, null, 1000);
            int port = broker.Port;
            KeepAlive(port);
            Assert.Contains("21 00 02", First(port, Connect("l-rm")));

            // Receive Maximum 2: PUBRECs 1 and 2, then 0x93 for the third.
            Assert.Equal($"50 02 00 01 | 50 02 00 02 | {DisconnectHex(0x93, "more unacknowledged QoS 1/2 PUBLISHes than the Receive Maximum")} | closed",
                After(port, 0, Connect("l-rm3"), Publish("t/a", 2, 1), Publish("t/a", 2, 2), Publish("t/a", 2, 3)));

            // A re-sent PUBLISH with a counted id is no new flow; the PUBREL ends flow 1, so id 3 is within the window.
            Assert.Equal("50 02 00 01 | 50 02 00 02 | 50 02 00 01 | 70 02 00 01 | 50 02 00 03 | open",
                After(port, 5, Connect("l-rm-ok"), Publish("t/a", 2, 1), Publish("t/a", 2, 2), Dup(Publish("t/a", 2, 1)), PubRel(1), Publish("t/a", 2, 3)));

            Assert.Equal($"{DisconnectHex(0x82, "AUTH without an agreed authentication method")} | closed", After(port, 0, Connect("l-auth"), new byte[] { 0xF0, 0 }));
            Assert.Equal($"{DisconnectHex(0x95, "packet larger than the Maximum Packet Size")} | closed",
                After(port, 0, Connect("l-big"), Publish("t/a", payload: new byte[300])));

            // Reason strings: with problem information, without, and when the client's Maximum Packet Size (40) has no room.
            Assert.Equal($"40 2E 00 05 87 2A {ReasonHex("not authorized to publish to this topic")} | open", After(port, 1, Connect("l-rs"), Publish("$SYS/x", 1, 5)));
            Assert.Equal("40 03 00 05 87 | open", After(port, 1, Connect("l-rs0", props: NoProblemInformation), Publish("$SYS/x", 1, 5)));
            var small = Prop(0x27, U32(40));
            Assert.Equal("40 03 00 05 87 | open", After(port, 1, Connect("l-rs-mps", props: small), Publish("$SYS/x", 1, 5)));
            Assert.Equal($"{DisconnectHex(0x82, null)} | closed", After(port, 0, Connect("l-dis-mps", props: small), new byte[] { 0xF0, 0 }));
            // A device user's SUBSCRIBE outside its subtree: SUBACK 0x87 with the reason, or without when asked for none.
            Assert.Equal($"90 35 00 07 31 {ReasonHex("not authorized to subscribe to a filter (0x87)")} 87 | open",
                After(port, 1, Connect("l-sub", user: "dev-a", password: "pa"), Subscribe(7, "nanonode/dev-b/#")));
            Assert.Equal("90 04 00 07 00 87 | open", After(port, 1, Connect("l-sub0", props: NoProblemInformation, user: "dev-a", password: "pa"), Subscribe(7, "nanonode/dev-b/#")));

            // A shared filter breaking §4.8.2 ([MQTT-4.8.2-1], [MQTT-4.8.2-2]) closes the connection, with the reason:
            // "g+" is no topic level at all (§4.7.1): 0x81 Malformed Packet; the other two break the ShareName rules: 0x82 Protocol Error.
            Assert.Equal($"{DisconnectHex(0x81, "topic filter not valid: + and # fill a whole level, # only as the last")} | closed",
                After(port, 0, Connect("l-share"), Subscribe(7, "$share/g+/t")));
            foreach (var bad in new[] { "$share//t", "$share/g" })
            {
                Assert.Equal($"{DisconnectHex(0x82, "shared subscription filter not valid: $share/<name>/<filter>, the name one level without + or #")} | closed",
                    After(port, 0, Connect("l-share"), Subscribe(7, bad)));
            }

            // Response Information only on request.
            Assert.Contains(Hex(Prop(0x1A, Str("response/l-ri"))), First(port, Connect("l-ri", props: Prop(0x19, new byte[] { 1 }))));
            Assert.DoesNotContain(" 1A 00", First(port, Connect("l-ri0")));
        }

        // Timed out by the Server Keep Alive (2 s), not by the keep alive of 60 s the client asked.
        await using (var broker = await BrokerFixture.StartAsync(o => o.MaxKeepAliveSeconds = 2))
        {
            string got = Exchange(broker.Port, 0, Connect("l-ka-timeout", keepAlive: 60));
            Assert.EndsWith($"| {DisconnectHex(0x8D, "nothing received within 1.5 times the keep alive")} | closed", got);
            Assert.Contains("13 00 02", got);
        }

        using var mosquitto = new MosquittoFixture("max_keepalive 10\nmax_inflight_messages 2\nmax_packet_size 200\n");
        int mport = mosquitto.Port;
        KeepAlive(mport);
        Assert.Contains("21 00 02", First(mport, Connect("l-rm")));
        // Mosquitto 2.0.11: PUBREC 0x97 Quota exceeded for the third, no DISCONNECT (the spec asks for DISCONNECT 0x93).
        Assert.Equal("50 02 00 01 | 50 02 00 02 | 50 03 00 03 97 | open",
            After(mport, 3, Connect("l-rm3"), Publish("t/a", 2, 1), Publish("t/a", 2, 2), Publish("t/a", 2, 3)));
        Assert.Equal("50 02 00 01 | 50 02 00 02 | 50 02 00 01 | 70 02 00 01 | 50 02 00 03 | open",
            After(mport, 5, Connect("l-rm-ok"), Publish("t/a", 2, 1), Publish("t/a", 2, 2), Dup(Publish("t/a", 2, 1)), PubRel(1), Publish("t/a", 2, 3)));
        Assert.Equal("closed", After(mport, 0, Connect("l-auth"), new byte[] { 0xF0, 0 })); // no DISCONNECT before closing
        Assert.StartsWith("E0 01 95 | ", After(mport, 0, Connect("l-big"), Publish("t/a", payload: new byte[300])));
        Assert.Equal("40 03 00 05 87 | open", After(mport, 1, Connect("l-rs"), Publish("$SYS/x", 1, 5)));
        Assert.Equal("40 03 00 05 87 | open", After(mport, 1, Connect("l-rs0", props: NoProblemInformation), Publish("$SYS/x", 1, 5)));
        // Mosquitto 2.0.11 has no device users (an acl_file is not applied at SUBSCRIBE, see 23_Mqtt5_ConnectionPropertiesPaho);
        // of the malformed shared filters it answers "$share/g+/t" with DISCONNECT 0x81 and grants the other two as
        // plain filters.
        Assert.Equal("E0 01 81 | closed", After(mport, 0, Connect("l-share"), Subscribe(7, "$share/g+/t")));
        Assert.Equal("90 04 00 07 00 01 | open", After(mport, 1, Connect("l-share"), Subscribe(7, "$share//t")));
        Assert.Equal("90 04 00 07 00 01 | open", After(mport, 1, Connect("l-share"), Subscribe(7, "$share/g")));
        Assert.DoesNotContain(" 1A 00", First(mport, Connect("l-ri", props: Prop(0x19, new byte[] { 1 }))));
    }

    // Keep alive 60 and 0 get Server Keep Alive 10; 5 does not; a 3.1.1 client with 60 is accepted as it is.
    private static void KeepAlive(int port)
    {
        Assert.Contains("13 00 0A", First(port, Connect("l-ka60", keepAlive: 60)));
        Assert.Contains("13 00 0A", First(port, Connect("l-ka0", keepAlive: 0)));
        Assert.DoesNotContain("13 00", First(port, Connect("l-ka5", keepAlive: 5)));
        var v311 = Packet(0x10, Cat(Str("MQTT"), new byte[] { 4, 0x02, 0, 60 }, Str("l-ka311")));
        Assert.Equal("20 02 00 00 | open", Exchange(port, 1, v311));
    }

    // The CONNACK (hex) for a CONNECT.
    private static string First(int port, byte[] connect)
    {
        string got = Exchange(port, 1, connect);
        Assert.StartsWith("20 ", got);
        return got.Split(" | ")[0];
    }

    // What follows the (accepting) CONNACK: packets = 0 reads until the server closes.
    private static string After(int port, int packets, params byte[][] send)
    {
        string got = Exchange(port, packets == 0 ? 0 : packets + 1, send);
        Assert.Matches("^20 [0-9A-F]{2} 00 00 ", got);
        int cut = got.IndexOf(" | ", StringComparison.Ordinal);
        return cut < 0 ? got : got[(cut + 3)..];
    }

    private static byte[] Dup(byte[] publish)
    {
        publish[0] |= 0x08;
        return publish;
    }
}
