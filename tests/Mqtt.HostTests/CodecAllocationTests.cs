using System.Text;
using Xunit;

namespace NanoNode.Mqtt.HostTests;

/// <summary>
/// The codec allocates nothing in the steady state (DESIGN §2): 10,000 encode + decode iterations per packet type,
/// after warm-up, allocate 0 bytes on the calling thread. A count, not a timing.
/// </summary>
public class CodecAllocationTests
{
    private const int Iterations = 10_000;

    private static readonly byte[] Buffer = new byte[4096];
    private static readonly byte[] Payload = new byte[1024];
    private static readonly byte[] TopicBytes = Encoding.UTF8.GetBytes("nanonode/dev1/telemetry");
    private static readonly byte[] FilterA = Encoding.UTF8.GetBytes("nanonode/+/config/set");
    private static readonly byte[] FilterB = Encoding.UTF8.GetBytes("nanonode/all/#");
    private static readonly byte[] ClientId = Encoding.UTF8.GetBytes("nanonode-dev1");
    private static readonly byte[] WillTopic = Encoding.UTF8.GetBytes("nanonode/dev1/status");
    private static readonly byte[] WillMessage = Encoding.UTF8.GetBytes("offline");
    private static readonly byte[] User = Encoding.UTF8.GetBytes("nanouser");
    private static readonly byte[] Password = Encoding.UTF8.GetBytes("s3cret");
    private static readonly byte[] Codes = { 0x00, 0x01, 0x80 };

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
    [InlineData("PINGREQ")]
    [InlineData("PINGRESP")]
    [InlineData("DISCONNECT")]
    [InlineData("frame+topic+string")]
    public void EncodeAndDecodeAllocateNothing(string packetType)
    {
        var packet = new MqttPacket();
        for (int i = 0; i < 100; i++)
        {
            RoundTrip(packetType, packet, i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            RoundTrip(packetType, packet, i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0L, allocated);
    }

    [Fact]
    public void TheProbeSeesAnAllocation()
    {
        // Guards the measurement itself: an encode into a fresh array per iteration must show up.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            var fresh = new byte[4];
            Check(PubAckPacket.Encode(fresh, 0, 4, MqttPacketType.PubAck, 1, out _) == MqttStatus.Ok);
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before >= 100 * 4);
    }

    private static void RoundTrip(string packetType, MqttPacket packet, int i)
    {
        int written;
        int id = 1 + (i % 65535);
        MqttStatus s;
        switch (packetType)
        {
            case "CONNECT":
                s = ConnectPacket.Encode(Buffer, 0, Buffer.Length, ClientId, WillTopic, WillMessage, 1, true, User, Password, true, 60, out written);
                Decode(s, written, MqttRole.Server, packet, MqttPacketType.Connect);
                Check(packet.ClientIdLength == ClientId.Length && packet.PasswordLength == Password.Length);
                break;
            case "CONNACK":
                s = ConnAckPacket.Encode(Buffer, 0, Buffer.Length, true, 0, out written);
                Decode(s, written, MqttRole.Client, packet, MqttPacketType.ConnAck);
                Check(packet.SessionPresent);
                break;
            case "PUBLISH":
                s = PublishPacket.Encode(Buffer, 0, Buffer.Length, TopicBytes, 0, TopicBytes.Length, 1 + (i % 2), i % 3 == 0, false, id, Payload, 0, 100 + (i % 900), out written);
                Decode(s, written, MqttRole.Client, packet, MqttPacketType.Publish);
                Check(packet.PacketId == id && packet.PayloadLength == 100 + (i % 900));
                break;
            case "PUBLISH-header":
                s = PublishPacket.EncodeHeader(Buffer, 0, Buffer.Length, TopicBytes, 0, TopicBytes.Length, 0, false, false, 0, 3000, out written);
                Check(s == MqttStatus.Ok && PublishPacket.SetDup(Buffer, 0) == MqttStatus.InvalidArgument);
                s = MqttFrameReader.Check(Buffer, 0, written, 0, out int frame, out int header, out int missing);
                Check(s == MqttStatus.NeedMoreBytes && missing == 3000 && frame == written + 3000 && header == 3);
                break;
            case "PUBACK":
            case "PUBREC":
            case "PUBREL":
            case "PUBCOMP":
                var type = packetType == "PUBACK" ? MqttPacketType.PubAck : packetType == "PUBREC" ? MqttPacketType.PubRec
                    : packetType == "PUBREL" ? MqttPacketType.PubRel : MqttPacketType.PubComp;
                s = PubAckPacket.Encode(Buffer, 0, Buffer.Length, type, id, out written);
                Decode(s, written, MqttRole.Any, packet, type);
                Check(packet.PacketId == id);
                break;
            case "SUBSCRIBE":
                int entries = SubscribePacket.EntrySize(FilterA.Length) + SubscribePacket.EntrySize(FilterB.Length);
                s = SubscribePacket.EncodeHeader(Buffer, 0, Buffer.Length, id, entries, out written);
                Check(s == MqttStatus.Ok);
                s = SubscribePacket.EncodeEntry(Buffer, written, Buffer.Length - written, FilterA, 0, FilterA.Length, 1, out int a);
                Check(s == MqttStatus.Ok);
                s = SubscribePacket.EncodeEntry(Buffer, written + a, Buffer.Length - written - a, FilterB, 0, FilterB.Length, 2, out int b);
                Decode(s, written + a + b, MqttRole.Server, packet, MqttPacketType.Subscribe);
                int next = SubscribePacket.ReadFilter(Buffer, packet.ItemsOffset, out int fo, out int fl, out int q);
                Check(packet.ItemCount == 2 && fl == FilterA.Length && q == 1 && next > fo);
                break;
            case "SUBACK":
                s = SubAckPacket.Encode(Buffer, 0, Buffer.Length, id, Codes, 0, Codes.Length, out written);
                Decode(s, written, MqttRole.Client, packet, MqttPacketType.SubAck);
                Check(packet.ItemCount == 3);
                break;
            case "UNSUBSCRIBE":
                s = UnsubscribePacket.Encode(Buffer, 0, Buffer.Length, id, FilterB, 0, FilterB.Length, out written);
                Decode(s, written, MqttRole.Server, packet, MqttPacketType.Unsubscribe);
                Check(packet.ItemCount == 1);
                break;
            case "UNSUBACK":
                s = UnsubAckPacket.Encode(Buffer, 0, Buffer.Length, id, out written);
                Decode(s, written, MqttRole.Client, packet, MqttPacketType.UnsubAck);
                break;
            case "PINGREQ":
                s = PingReqPacket.Encode(Buffer, 0, Buffer.Length, out written);
                Decode(s, written, MqttRole.Server, packet, MqttPacketType.PingReq);
                break;
            case "PINGRESP":
                s = PingRespPacket.Encode(Buffer, 0, Buffer.Length, out written);
                Decode(s, written, MqttRole.Client, packet, MqttPacketType.PingResp);
                break;
            case "DISCONNECT":
                s = DisconnectPacket.Encode(Buffer, 0, Buffer.Length, out written);
                Decode(s, written, MqttRole.Server, packet, MqttPacketType.Disconnect);
                break;
            case "frame+topic+string":
                s = MqttWire.WriteUtf8String(Buffer, 0, Buffer.Length, "nanonode/d\u00E9v1/\uD83D\uDE00", out written);
                Check(s == MqttStatus.Ok);
                s = MqttWire.ReadUtf8String(Buffer, 0, written, out int so, out int sl);
                Check(s == MqttStatus.Ok && Topic.ValidateName(Buffer, so, sl) == MqttStatus.Ok);
                Check(Topic.Matches(FilterA, 0, FilterA.Length, Buffer, so, sl) == false && Topic.Matches(FilterB, 0, FilterB.Length, FilterB, 0, 12));
                break;
            default:
                throw new ArgumentException(packetType);
        }
    }

    private static void Decode(MqttStatus encodeStatus, int written, MqttRole role, MqttPacket packet, MqttPacketType expected)
    {
        Check(encodeStatus == MqttStatus.Ok);
        Check(MqttFrameReader.Check(Buffer, 0, written, 0, out int frame, out _, out _) == MqttStatus.Ok && frame == written);
        Check(MqttDecoder.Decode(Buffer, 0, written, role, packet) == MqttStatus.Ok);
        Check(packet.Type == expected && packet.Length == written);
    }

    // Throws only on failure, so the success path allocates nothing.
    private static void Check(bool condition)
    {
        if (!condition)
        {
            throw new Xunit.Sdk.XunitException("codec round trip failed");
        }
    }
}
