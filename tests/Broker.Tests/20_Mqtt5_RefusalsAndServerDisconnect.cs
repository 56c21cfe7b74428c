// MQTT 5 refusals and server DISCONNECT reason codes, byte for byte on the wire (raw socket: no client library hides
// what the server sent), the same packets also sent to Mosquitto in the same test:
// - a CONNECT with an Authentication Method: CONNACK 0x8C Bad authentication method (§4.12, both brokers);
// - protocol level 6: CONNACK 0x84 in the MQTT 5 format ([MQTT-3.1.2-2]; Mosquitto 2.0.11 answers the 3.1.1 form 0x01);
// - keep alive 1 s and silence: DISCONNECT 0x8D (§3.1.2.10; Mosquitto 2.0.11 closes without a DISCONNECT);
// - a PUBLISH with Content Type twice: DISCONNECT 0x82 Protocol Error (§2.2.2.2; Mosquitto 2.0.11 closes without one);
// - a SUBSCRIBE with Subscription Identifier 0: DISCONNECT 0x82 Protocol Error (§3.8.2.1.2; Mosquitto closes);
// - a PUBLISH with Topic Alias 11, above the Topic Alias Maximum 10 both announce: DISCONNECT 0x94 (§3.3.2.3.4;
//   Mosquitto 2.0.11 may close without it); an empty topic with an alias never bound: 0x94 too.
namespace NanoNode.Broker.Tests;

using NanoNode.Tests.Shared;
using static NanoNode.Broker.Tests.Infrastructure.Mqtt5Raw;

public sealed class Mqtt5_RefusalsAndServerDisconnect
{
    [Fact]
    public async Task Test()
    {
        await using (var broker = await BrokerFixture.StartAsync())
        {
            int port = broker.Port;
            // Each refusal and server DISCONNECT carries a Reason String (23_Mqtt5_ConnectionLimitsRaw checks when it may not).
            Assert.Equal(ConnAckHex(0x8C, "enhanced authentication is not supported") + " | closed", Exchange(port, 0, Connect("r-auth", props: Prop(0x15, Str("SCRAM-SHA-1")))));
            Assert.Equal("20 03 00 84 00 | closed", Exchange(port, 0, Connect("r-l6", level: 6)));
            Assert.EndsWith("| " + DisconnectHex(0x8D, "nothing received within 1.5 times the keep alive") + " | closed", Exchange(port, 0, Connect("r-ka", keepAlive: 1)));
            Assert.EndsWith("| " + DisconnectHex(0x82, "protocol error") + " | closed", Exchange(port, 0, Connect("r-dup"), Publish("t/x", props: Cat(Prop(0x03, Str("a")), Prop(0x03, Str("b"))))));
            Assert.EndsWith("| " + DisconnectHex(0x82, "protocol error") + " | closed", Exchange(port, 0, Connect("r-sid"), Subscribe(1, "t/#", props: Prop(0x0B, new byte[] { 0 }))));
            Assert.EndsWith("| " + DisconnectHex(0x94, "topic alias not valid") + " | closed", Exchange(port, 0, Connect("r-ta"), Publish("t/x", props: Prop(0x23, new byte[] { 0, 11 }))));
            Assert.EndsWith("| " + DisconnectHex(0x94, "topic alias not valid") + " | closed", Exchange(port, 0, Connect("r-ta0"), Publish(string.Empty, props: Prop(0x23, new byte[] { 0, 3 }))));
        }

        using var mosquitto = new MosquittoFixture();
        int mport = mosquitto.Port;
        Assert.Equal("20 03 00 8C 00 | closed", Exchange(mport, 0, Connect("r-auth", props: Prop(0x15, Str("SCRAM-SHA-1")))));
        Assert.Equal("20 02 00 01 | closed", Exchange(mport, 0, Connect("r-l6", level: 6)));
        // Mosquitto closes these two; if it sent a DISCONNECT, its reason code would have to be the same one.
        Assert.Matches(@"^20 [0-9A-F ]+( \| E0 01 8D)? \| closed$", Exchange(mport, 0, Connect("r-ka", keepAlive: 1)));
        Assert.Matches(@"^20 [0-9A-F ]+( \| E0 01 8[12])? \| closed$", Exchange(mport, 0, Connect("r-dup"), Publish("t/x", props: Cat(Prop(0x03, Str("a")), Prop(0x03, Str("b"))))));
        Assert.Matches(@"^20 [0-9A-F ]+( \| E0 01 8[12])? \| closed$", Exchange(mport, 0, Connect("r-sid"), Subscribe(1, "t/#", props: Prop(0x0B, new byte[] { 0 }))));
        Assert.Matches(@"^20 [0-9A-F ]+( \| E0 01 94)? \| closed$", Exchange(mport, 0, Connect("r-ta"), Publish("t/x", props: Prop(0x23, new byte[] { 0, 11 }))));
        Assert.Matches(@"^20 [0-9A-F ]+( \| E0 01 (94|82))? \| closed$", Exchange(mport, 0, Connect("r-ta0"), Publish(string.Empty, props: Prop(0x23, new byte[] { 0, 3 }))));
    }
}
