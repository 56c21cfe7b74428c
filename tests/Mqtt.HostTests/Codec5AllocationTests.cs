using System.Text;
using Xunit;

namespace NanoNode.Mqtt.HostTests;

/// <summary>
/// The MQTT 5 codec allocates nothing in the steady state (DESIGN §2): for each packet type, 5,000 iterations of
/// "build properties with the writer, encode, check the frame, decode (validating the properties), walk them with the
/// reader", after warm-up, allocate 0 bytes on the calling thread. A count, not a timing.
/// </summary>
public class Codec5AllocationTests
{
    private const int Iterations = 5_000;

    private static readonly byte[] Buffer = new byte[4096];
    private static readonly byte[] Scratch = new byte[512];
    private static readonly byte[] WillScratch = new byte[256];
    private static readonly byte[] Payload = new byte[1024];
    private static readonly byte[] TopicBytes = Encoding.UTF8.GetBytes("nanonode/dev1/telemetry");
    private static readonly byte[] FilterA = Encoding.UTF8.GetBytes("nanonode/+/config/set");
    private static readonly byte[] FilterB = Encoding.UTF8.GetBytes("$share/grp/nanonode/all/#");
    private static readonly byte[] ClientId = Encoding.UTF8.GetBytes("nanonode-dev1");
    private static readonly byte[] WillTopic = Encoding.UTF8.GetBytes("nanonode/dev1/status");
    private static readonly byte[] WillMessage = Encoding.UTF8.GetBytes("offline");
    private static readonly byte[] User = Encoding.UTF8.GetBytes("nanouser");
    private static readonly byte[] Password = Encoding.UTF8.GetBytes("s3cret");
    private static readonly byte[] Correlation = { 1, 2, 3, 4, 5, 6, 7, 8 };
    private static readonly byte[] SubAckCodes = { 0x00, 0x02, 0x8F };
    private static readonly byte[] UnsubAckCodes = { 0x00, 0x11 };
    private static readonly byte[] Forwarded = new byte[512];
    private static readonly Mqtt5TopicAliases Inbound = new Mqtt5TopicAliases(10, 64);
    private static readonly Mqtt5TopicAliases Outbound = new Mqtt5TopicAliases(10, 64);

    [Theory]
    [InlineData("CONNECT")]
    [InlineData("CONNACK")]
    [InlineData("PUBLISH")]
    [InlineData("PUBLISH-header")]
    [InlineData("PUBACK")]
    [InlineData("PUBREC")]
    [InlineData("PUBREL")]
    [InlineData("PUBCOMP")]
    [InlineData("SUBSCRIBE")]
    [InlineData("SUBACK")]
    [InlineData("UNSUBSCRIBE")]
    [InlineData("UNSUBACK")]
    [InlineData("DISCONNECT")]
    [InlineData("AUTH")]
    [InlineData("FORWARD+ALIAS")]
    public void EncodeAndDecodeAllocateNothing(string packetType)
    {
        var packet = new Mqtt5Packet();
        var writer = new Mqtt5PropertyWriter();
        var willWriter = new Mqtt5PropertyWriter();
        var reader = new Mqtt5PropertyReader();
        for (int i = 0; i < 100; i++)
        {
            RoundTrip(packetType, packet, writer, willWriter, reader, i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            RoundTrip(packetType, packet, writer, willWriter, reader, i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0L, allocated);
    }

    [Fact]
    public void TheProbeSeesAnAllocation()
    {
        // Guards the measurement: a decode into a fresh Mqtt5Packet per iteration (it owns two property sets) must show up.
        int written;
        Check(Mqtt5PubAckPacket.Encode(Buffer, 0, Buffer.Length, MqttPacketType.PubAck, 1, 0, null, 0, 0, out written) == MqttStatus.Ok);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Check(Mqtt5Decoder.Decode(Buffer, 0, written, MqttRole.Any, new Mqtt5Packet()) == MqttStatus.Ok);
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before >= 100 * 3 * 43);
    }

    private static void RoundTrip(string packetType, Mqtt5Packet packet, Mqtt5PropertyWriter w, Mqtt5PropertyWriter ww, Mqtt5PropertyReader r, int i)
    {
        int written;
        int id = 1 + (i % 65535);
        MqttStatus s;
        Check(w.Reset(Scratch, 0, Scratch.Length) == MqttStatus.Ok);
        switch (packetType)
        {
            case "CONNECT":
                Check(w.AddFourByteInteger(Mqtt5Properties.SessionExpiryInterval, 3600 + i) == MqttStatus.Ok);
                Check(w.AddTwoByteInteger(Mqtt5Properties.ReceiveMaximum, 10) == MqttStatus.Ok);
                Check(w.AddFourByteInteger(Mqtt5Properties.MaximumPacketSize, 4096) == MqttStatus.Ok);
                Check(w.AddUserProperty("site", "lab") == MqttStatus.Ok);
                Check(ww.Reset(WillScratch, 0, WillScratch.Length) == MqttStatus.Ok);
                Check(ww.AddFourByteInteger(Mqtt5Properties.WillDelayInterval, 5) == MqttStatus.Ok);
                Check(ww.AddString(Mqtt5Properties.ContentType, "text/plain") == MqttStatus.Ok);
                s = Mqtt5ConnectPacket.Encode(Buffer, 0, Buffer.Length, ClientId, true, 60, w.Buffer, w.Offset, w.Length,
                    WillTopic, WillMessage, 1, true, ww.Buffer, ww.Offset, ww.Length, User, Password, out written);
                Decode(s, written, MqttRole.Server, packet, MqttPacketType.Connect);
                Check(packet.Properties.Get(Mqtt5Properties.SessionExpiryInterval, 0) == 3600 + i && packet.WillProperties.Has(Mqtt5Properties.WillDelayInterval));
                break;
            case "CONNACK":
                Check(w.AddTwoByteInteger(Mqtt5Properties.TopicAliasMaximum, 10) == MqttStatus.Ok);
                Check(w.AddString(Mqtt5Properties.AssignedClientIdentifier, "auto-1234") == MqttStatus.Ok);
                Check(w.AddByte(Mqtt5Properties.MaximumQos, 1) == MqttStatus.Ok);
                s = Mqtt5ConnAckPacket.Encode(Buffer, 0, Buffer.Length, i % 2 == 0, 0, w.Buffer, w.Offset, w.Length, out written);
                Decode(s, written, MqttRole.Client, packet, MqttPacketType.ConnAck);
                break;
            case "PUBLISH":
                Check(w.AddString(Mqtt5Properties.ContentType, "application/json") == MqttStatus.Ok);
                Check(w.AddBinary(Mqtt5Properties.CorrelationData, Correlation, 0, Correlation.Length) == MqttStatus.Ok);
                Check(w.AddVariableByteInteger(Mqtt5Properties.SubscriptionIdentifier, id) == MqttStatus.Ok);
                Check(w.AddTwoByteInteger(Mqtt5Properties.TopicAlias, 1 + (i % 10)) == MqttStatus.Ok);
                s = Mqtt5PublishPacket.Encode(Buffer, 0, Buffer.Length, TopicBytes, 0, TopicBytes.Length, 1 + (i % 2), i % 3 == 0, false, id,
                    w.Buffer, w.Offset, w.Length, Payload, 0, 100 + (i % 900), out written);
                Decode(s, written, MqttRole.Client, packet, MqttPacketType.Publish);
                Check(packet.PacketId == id && packet.PayloadLength == 100 + (i % 900));
                break;
            case "PUBLISH-header":
                Check(w.AddTwoByteInteger(Mqtt5Properties.TopicAlias, 3) == MqttStatus.Ok);
                s = Mqtt5PublishPacket.EncodeHeader(Buffer, 0, Buffer.Length, null, 0, 0, 0, false, false, 0, w.Buffer, w.Offset, w.Length, 3000, out written);
                Check(s == MqttStatus.Ok);
                Check(Mqtt5Decoder.CheckFrame(Buffer, 0, written, 0, out int frame, out int header, out int missing) == MqttStatus.NeedMoreBytes && missing == 3000 && frame == written + 3000 && header == 3);
                break;
            case "PUBACK":
            case "PUBREC":
            case "PUBREL":
            case "PUBCOMP":
                var type = packetType == "PUBACK" ? MqttPacketType.PubAck : packetType == "PUBREC" ? MqttPacketType.PubRec
                    : packetType == "PUBREL" ? MqttPacketType.PubRel : MqttPacketType.PubComp;
                Check(w.AddString(Mqtt5Properties.ReasonString, "ok") == MqttStatus.Ok);
                int reason = type == MqttPacketType.PubRel || type == MqttPacketType.PubComp ? 0x92 : 0x10;
                s = Mqtt5PubAckPacket.Encode(Buffer, 0, Buffer.Length, type, id, i % 2 == 0 ? 0 : reason, w.Buffer, w.Offset, i % 3 == 0 ? 0 : w.Length, out written);
                Decode(s, written, MqttRole.Any, packet, type);
                Check(packet.PacketId == id);
                break;
            case "SUBSCRIBE":
                Check(w.AddVariableByteInteger(Mqtt5Properties.SubscriptionIdentifier, id) == MqttStatus.Ok);
                int entries = Mqtt5SubscribePacket.EntrySize(FilterA.Length) + Mqtt5SubscribePacket.EntrySize(FilterB.Length);
                s = Mqtt5SubscribePacket.EncodeHeader(Buffer, 0, Buffer.Length, id, w.Buffer, w.Offset, w.Length, entries, out written);
                Check(s == MqttStatus.Ok);
                s = Mqtt5SubscribePacket.EncodeEntry(Buffer, written, Buffer.Length - written, FilterA, 0, FilterA.Length, Mqtt5SubscribePacket.Options(1, true, true, 2), out int a);
                Check(s == MqttStatus.Ok);
                s = Mqtt5SubscribePacket.EncodeEntry(Buffer, written + a, Buffer.Length - written - a, FilterB, 0, FilterB.Length, 2, out int b);
                Decode(s, written + a + b, MqttRole.Server, packet, MqttPacketType.Subscribe);
                int next = Mqtt5SubscribePacket.ReadEntry(Buffer, packet.ItemsOffset, out int fo, out int fl, out int options);
                Check(packet.ItemCount == 2 && fl == FilterA.Length && options == 0x2D && next > fo);
                break;
            case "SUBACK":
                Check(w.AddString(Mqtt5Properties.ReasonString, "partly") == MqttStatus.Ok);
                s = Mqtt5SubAckPacket.Encode(Buffer, 0, Buffer.Length, id, w.Buffer, w.Offset, w.Length, SubAckCodes, 0, SubAckCodes.Length, out written);
                Decode(s, written, MqttRole.Client, packet, MqttPacketType.SubAck);
                Check(packet.ItemCount == 3);
                break;
            case "UNSUBSCRIBE":
                Check(w.AddUserProperty("k", "v") == MqttStatus.Ok);
                s = Mqtt5UnsubscribePacket.Encode(Buffer, 0, Buffer.Length, id, w.Buffer, w.Offset, w.Length, FilterB, 0, FilterB.Length, out written);
                Decode(s, written, MqttRole.Server, packet, MqttPacketType.Unsubscribe);
                Check(packet.ItemCount == 1);
                break;
            case "UNSUBACK":
                s = Mqtt5UnsubAckPacket.Encode(Buffer, 0, Buffer.Length, id, null, 0, 0, UnsubAckCodes, 0, UnsubAckCodes.Length, out written);
                Decode(s, written, MqttRole.Client, packet, MqttPacketType.UnsubAck);
                Check(packet.ItemCount == 2);
                break;
            case "DISCONNECT":
                Check(w.AddFourByteInteger(Mqtt5Properties.SessionExpiryInterval, 0) == MqttStatus.Ok);
                Check(w.AddString(Mqtt5Properties.ReasonString, "bye") == MqttStatus.Ok);
                s = Mqtt5DisconnectPacket.Encode(Buffer, 0, Buffer.Length, i % 2 == 0 ? 0 : Mqtt5ReasonCodes.SessionTakenOver, w.Buffer, w.Offset, w.Length, out written);
                Decode(s, written, MqttRole.Client, packet, MqttPacketType.Disconnect);
                break;
            case "AUTH":
                Check(w.AddString(Mqtt5Properties.AuthenticationMethod, "SCRAM-SHA-1") == MqttStatus.Ok);
                Check(w.AddBinary(Mqtt5Properties.AuthenticationData, Correlation, 0, Correlation.Length) == MqttStatus.Ok);
                s = Mqtt5AuthPacket.Encode(Buffer, 0, Buffer.Length, Mqtt5ReasonCodes.ContinueAuthentication, w.Buffer, w.Offset, w.Length, out written);
                Decode(s, written, MqttRole.Server, packet, MqttPacketType.Auth);
                break;
            case "FORWARD+ALIAS":
                // Inbound PUBLISH with properties and a topic alias -> resolve the alias, copy the properties for a
                // subscriber (expiry recomputed, its subscription id added), pick an outbound alias, encode, decode.
                Check(w.AddString(Mqtt5Properties.ContentType, "application/json") == MqttStatus.Ok);
                Check(w.AddFourByteInteger(Mqtt5Properties.MessageExpiryInterval, 600) == MqttStatus.Ok);
                Check(w.AddUserProperty("unit", "C") == MqttStatus.Ok);
                Check(w.AddTwoByteInteger(Mqtt5Properties.TopicAlias, 1 + (i % 5)) == MqttStatus.Ok);
                bool bind = i % 10 < 5; // i % 10 in 0..4 binds aliases 1..5, 5..9 sends them with an empty topic
                s = Mqtt5PublishPacket.Encode(Buffer, 0, Buffer.Length, TopicBytes, 0, bind ? TopicBytes.Length : 0, 1, false, false, id,
                    w.Buffer, w.Offset, w.Length, Payload, 0, 64, out written);
                Decode(s, written, MqttRole.Server, packet, MqttPacketType.Publish);
                s = Inbound.Resolve(Buffer, packet.TopicOffset, packet.TopicLength, (int)packet.Properties.Get(Mqtt5Properties.TopicAlias, 0), out byte[] tb, out int to, out int tl);
                Check(s == MqttStatus.Ok && tl == TopicBytes.Length);
                Check(ww.Reset(WillScratch, 0, WillScratch.Length) == MqttStatus.Ok);
                Check(Mqtt5Forwarding.CopyPublishProperties(Buffer, packet.PropertiesOffset, packet.PropertiesLength, 590, ww) == MqttStatus.Ok);
                Check(Mqtt5Forwarding.AddSubscriptionIdentifier(ww, 7) == MqttStatus.Ok);
                int outAlias = Outbound.Assign(tb, to, tl, out bool known);
                Check(outAlias > 0 && ww.AddTwoByteInteger(Mqtt5Properties.TopicAlias, outAlias) == MqttStatus.Ok);
                s = Mqtt5PublishPacket.Encode(Forwarded, 0, Forwarded.Length, tb, to, known ? 0 : tl, 1, false, false, id,
                    ww.Buffer, ww.Offset, ww.Length, Buffer, packet.PayloadOffset, packet.PayloadLength, out written);
                Check(s == MqttStatus.Ok && Mqtt5Decoder.Decode(Forwarded, 0, written, MqttRole.Client, packet) == MqttStatus.Ok);
                Check(packet.Properties.Get(Mqtt5Properties.MessageExpiryInterval, 0) == 590 && packet.Properties.Get(Mqtt5Properties.SubscriptionIdentifier, 0) == 7);
                break;
            default:
                throw new ArgumentException(packetType);
        }

        if (packet.Type != MqttPacketType.None)
        {
            r.Reset(packet.Buffer, packet.PropertiesOffset, packet.PropertiesLength);
            int n = 0;
            while (r.Next())
            {
                n++;
            }

            Check(r.Status == MqttStatus.Ok);
        }
    }

    private static void Decode(MqttStatus encodeStatus, int written, MqttRole role, Mqtt5Packet packet, MqttPacketType expected)
    {
        Check(encodeStatus == MqttStatus.Ok);
        Check(Mqtt5Decoder.CheckFrame(Buffer, 0, written, 0, out int frame, out _, out _) == MqttStatus.Ok && frame == written);
        Check(Mqtt5Decoder.Decode(Buffer, 0, written, role, packet) == MqttStatus.Ok);
        Check(packet.Type == expected && packet.Length == written);
    }

    // Throws only on failure, so the success path allocates nothing.
    private static void Check(bool condition)
    {
        if (!condition)
        {
            throw new Xunit.Sdk.XunitException("MQTT 5 codec round trip failed");
        }
    }
}
