using System.Net.Sockets;
using System.Text;
using NanoNode.Tests.Shared;
using Xunit;

namespace NanoNode.Mqtt.HostTests;

/// <summary>
/// The MQTT 5 codec against a real broker: packets encoded by the codec are accepted by Debian's Mosquitto 2.0, and
/// what Mosquitto sends back (CONNACK and SUBACK with properties, forwarded PUBLISH with Subscription Identifier and the
/// publisher's properties, alias-resolved topics, refusals) decodes with the expected fields. Malformed-property rules:
/// the codec refuses the packet and Mosquitto, given the same bytes, closes the connection too.
/// </summary>
public sealed class Codec5MosquittoTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly MosquittoFixture _mosquitto = new();

    public void Dispose() => _mosquitto.Dispose();

    [Fact]
    public void PropertiesSurviveARoundTripThroughMosquitto()
    {
        using var sub = new RawClient(_mosquitto.Port);
        var w = new Mqtt5PropertyWriter();
        var scratch = new byte[512];
        var packet = new byte[2048];

        // Subscriber: CONNECT v5 with properties -> CONNACK with Mosquitto's properties.
        w.Reset(scratch, 0, scratch.Length);
        Ok(w.AddTwoByteInteger(Mqtt5Properties.ReceiveMaximum, 10));
        Ok(w.AddTwoByteInteger(Mqtt5Properties.TopicAliasMaximum, 5));
        Ok(w.AddUserProperty("site", "lab"));
        Ok(Mqtt5ConnectPacket.Encode(packet, 0, packet.Length, Utf8("nn5-codec-sub"), true, 30, scratch, 0, w.Length,
            null, null, 0, false, null, 0, 0, null, null, out int n));
        sub.Send(packet, n);
        var p = sub.Receive(MqttRole.Client);
        Assert.Equal(MqttPacketType.ConnAck, p.Type);
        Assert.Equal(0, p.ReasonCode);
        Assert.True(p.Properties.Has(Mqtt5Properties.TopicAliasMaximum));

        // SUBSCRIBE with a Subscription Identifier and options -> SUBACK granted QoS 1.
        w.Reset(scratch, 0, scratch.Length);
        Ok(Mqtt5Forwarding.AddSubscriptionIdentifier(w, 11));
        var filter = Utf8("nn5/+/t");
        Ok(Mqtt5SubscribePacket.Encode(packet, 0, packet.Length, 1, scratch, 0, w.Length, filter, 0, filter.Length,
            Mqtt5SubscribePacket.Options(1, false, true, 0), out n));
        sub.Send(packet, n);
        p = sub.Receive(MqttRole.Client);
        Assert.Equal(MqttPacketType.SubAck, p.Type);
        Assert.Equal(1, p.ItemCount);
        Assert.Equal(1, p.Buffer[p.ItemsOffset]);

        // Publisher: QoS 1 PUBLISH with every application property and Topic Alias 2, then one with an empty topic + alias 2.
        using var pub = new RawClient(_mosquitto.Port);
        Ok(Mqtt5ConnectPacket.Encode(packet, 0, packet.Length, Utf8("nn5-codec-pub"), true, 30, null, 0, 0, null, null, 0, false, null, 0, 0, null, null, out n));
        pub.Send(packet, n);
        Assert.Equal(MqttPacketType.ConnAck, pub.Receive(MqttRole.Client).Type);
        w.Reset(scratch, 0, scratch.Length);
        Ok(w.AddByte(Mqtt5Properties.PayloadFormatIndicator, 1));
        Ok(w.AddFourByteInteger(Mqtt5Properties.MessageExpiryInterval, 100));
        Ok(w.AddString(Mqtt5Properties.ContentType, "application/json"));
        Ok(w.AddString(Mqtt5Properties.ResponseTopic, "nn5/a/reply"));
        Ok(w.AddBinary(Mqtt5Properties.CorrelationData, new byte[] { 9, 8, 7 }, 0, 3));
        Ok(w.AddUserProperty("first", "1"));
        Ok(w.AddUserProperty("second", "2"));
        Ok(w.AddTwoByteInteger(Mqtt5Properties.TopicAlias, 2));
        var topic = Utf8("nn5/a/t");
        var payload = Utf8("{\"v\":1}");
        Ok(Mqtt5PublishPacket.Encode(packet, 0, packet.Length, topic, 0, topic.Length, 1, false, false, 1, scratch, 0, w.Length, payload, 0, payload.Length, out n));
        pub.Send(packet, n);
        p = pub.Receive(MqttRole.Client);
        Assert.Equal(MqttPacketType.PubAck, p.Type);
        Assert.Equal(1, p.PacketId);
        Assert.Equal(0, p.ReasonCode);
        Ok(Mqtt5PublishPacket.Encode(packet, 0, packet.Length, topic, 0, 0, 1, false, false, 2, scratch, 0, w.Length, payload, 0, payload.Length, out n));
        pub.Send(packet, n);
        Assert.Equal(MqttPacketType.PubAck, pub.Receive(MqttRole.Client).Type);

        for (int i = 0; i < 2; i++)
        {
            p = sub.Receive(MqttRole.Client);
            Assert.Equal(MqttPacketType.Publish, p.Type);
            Assert.Equal("nn5/a/t", Encoding.UTF8.GetString(p.Buffer, p.TopicOffset, p.TopicLength));
            Assert.Equal("{\"v\":1}", Encoding.UTF8.GetString(p.Buffer, p.PayloadOffset, p.PayloadLength));
            Assert.Equal(11L, p.Properties.Get(Mqtt5Properties.SubscriptionIdentifier, 0));
            Assert.False(p.Properties.Has(Mqtt5Properties.TopicAlias));
            Assert.Equal(1L, p.Properties.Get(Mqtt5Properties.PayloadFormatIndicator, 0));
            Assert.InRange(p.Properties.Get(Mqtt5Properties.MessageExpiryInterval, 0), 1L, 100L);
            Assert.Equal("application/json", View(p, Mqtt5Properties.ContentType));
            Assert.Equal("nn5/a/reply", View(p, Mqtt5Properties.ResponseTopic));
            Assert.Equal(3, p.Properties.Lengths[Mqtt5Properties.CorrelationData]);
            var r = new Mqtt5PropertyReader();
            r.Reset(p.Buffer, p.PropertiesOffset, p.PropertiesLength);
            Assert.True(r.Find(Mqtt5Properties.UserProperty));
            Assert.Equal("first", Encoding.UTF8.GetString(p.Buffer, r.ValueOffset, r.ValueLength));
            Assert.True(r.FindNext(Mqtt5Properties.UserProperty));
            Assert.Equal("second", Encoding.UTF8.GetString(p.Buffer, r.ValueOffset, r.ValueLength));
            Ok(Mqtt5PubAckPacket.Encode(packet, 0, packet.Length, MqttPacketType.PubAck, p.PacketId, 0, null, 0, 0, out n));
            sub.Send(packet, n);
        }

        // UNSUBSCRIBE -> UNSUBACK 0x00; DISCONNECT with a Reason String is accepted (the broker just closes).
        Ok(Mqtt5UnsubscribePacket.Encode(packet, 0, packet.Length, 2, null, 0, 0, filter, 0, filter.Length, out n));
        sub.Send(packet, n);
        p = sub.Receive(MqttRole.Client);
        Assert.Equal(MqttPacketType.UnsubAck, p.Type);
        Assert.Equal(0, p.Buffer[p.ItemsOffset]);
        w.Reset(scratch, 0, scratch.Length);
        Ok(w.AddString(Mqtt5Properties.ReasonString, "done"));
        Ok(Mqtt5DisconnectPacket.Encode(packet, 0, packet.Length, 0, scratch, 0, w.Length, out n));
        sub.Send(packet, n);
        Assert.True(sub.WaitClosed(), "Mosquitto closes after DISCONNECT");
    }

    [Fact]
    public void AuthenticationMethodIsRefusedWith0x8C()
    {
        using var c = new RawClient(_mosquitto.Port);
        var w = new Mqtt5PropertyWriter();
        var scratch = new byte[128];
        var packet = new byte[256];
        w.Reset(scratch, 0, scratch.Length);
        Ok(w.AddString(Mqtt5Properties.AuthenticationMethod, "SCRAM-SHA-1"));
        Ok(w.AddBinary(Mqtt5Properties.AuthenticationData, new byte[] { 1, 2 }, 0, 2));
        Ok(Mqtt5ConnectPacket.Encode(packet, 0, packet.Length, Utf8("nn5-codec-auth"), true, 30, scratch, 0, w.Length, null, null, 0, false, null, 0, 0, null, null, out int n));
        c.Send(packet, n);
        var p = c.Receive(MqttRole.Client);
        Assert.Equal(MqttPacketType.ConnAck, p.Type);
        Assert.Equal(Mqtt5ReasonCodes.BadAuthenticationMethod, p.ReasonCode);
    }

    [Theory]
    [InlineData("duplicate Content Type", "03 00 01 74 03 00 01 74", MqttStatus.DuplicateProperty)]
    [InlineData("Session Expiry Interval in PUBLISH", "11 00 00 00 05", MqttStatus.PropertyNotAllowed)]
    [InlineData("Topic Alias 0", "23 00 00", MqttStatus.InvalidPropertyValue)]
    [InlineData("undefined identifier 0x04", "04 00", MqttStatus.MalformedPropertyId)]
    [InlineData("Message Expiry Interval cut short", "02 00 00", MqttStatus.MalformedPropertyLength)]
    [InlineData("Content Type not UTF-8", "03 00 02 C0 80", MqttStatus.MalformedUtf8)]
    public void MalformedPublishPropertiesAreRefusedByBoth(string rule, string propertiesHex, MqttStatus expected)
    {
        // PUBLISH QoS 0 "nn5/x" with the given properties and payload "p".
        byte[] props = Convert.FromHexString(propertiesHex.Replace(" ", ""));
        var body = new List<byte> { 0, 5 };
        body.AddRange(Utf8("nn5/x"));
        body.Add((byte)props.Length);
        body.AddRange(props);
        body.Add((byte)'p');
        var bytes = new List<byte> { 0x30, (byte)body.Count };
        bytes.AddRange(body);
        byte[] publish = bytes.ToArray();

        var decoded = new Mqtt5Packet();
        Assert.Equal(expected, Mqtt5Decoder.Decode(publish, 0, publish.Length, MqttRole.Server, decoded));

        using var c = new RawClient(_mosquitto.Port);
        var packet = new byte[256];
        Ok(Mqtt5ConnectPacket.Encode(packet, 0, packet.Length, Utf8("nn5-codec-bad"), true, 30, null, 0, 0, null, null, 0, false, null, 0, 0, null, null, out int n));
        c.Send(packet, n);
        Assert.Equal(MqttPacketType.ConnAck, c.Receive(MqttRole.Client).Type);
        c.Send(publish, publish.Length);
        // Mosquitto either sends DISCONNECT with a failure reason code or just closes; both end the connection.
        Mqtt5Packet? reply = c.TryReceive(MqttRole.Client);
        if (reply != null)
        {
            Assert.Equal(MqttPacketType.Disconnect, reply.Type);
            Assert.True(reply.ReasonCode >= 0x80, rule + ": reason " + reply.ReasonCode);
        }

        Assert.True(c.WaitClosed(), rule + ": Mosquitto keeps the connection open");
    }

    [Fact]
    public void ControlValidPublishPropertiesKeepTheConnection()
    {
        // The same PUBLISH shape as the malformed cases, with valid properties: both accept, Mosquitto answers PINGREQ after it.
        byte[] publish = Convert.FromHexString("300D" + "00056E6E352F78" + "04" + "03000174" + "70");
        var decoded = new Mqtt5Packet();
        Assert.Equal(MqttStatus.Ok, Mqtt5Decoder.Decode(publish, 0, publish.Length, MqttRole.Server, decoded));
        Assert.Equal(publish.Length, decoded.Length);
        Assert.Equal(1, decoded.PayloadLength);
        using var c = new RawClient(_mosquitto.Port);
        var packet = new byte[256];
        Ok(Mqtt5ConnectPacket.Encode(packet, 0, packet.Length, Utf8("nn5-codec-good"), true, 30, null, 0, 0, null, null, 0, false, null, 0, 0, null, null, out int n));
        c.Send(packet, n);
        Assert.Equal(MqttPacketType.ConnAck, c.Receive(MqttRole.Client).Type);
        c.Send(publish, publish.Length);
        Ok(PingReqPacket.Encode(packet, 0, packet.Length, out n));
        c.Send(packet, n);
        Assert.Equal(MqttPacketType.PingResp, c.Receive(MqttRole.Client).Type);
    }

    private static void Ok(MqttStatus status) => Assert.Equal(MqttStatus.Ok, status);

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string View(Mqtt5Packet p, int id) => Encoding.UTF8.GetString(p.Buffer, p.Properties.Offsets[id], p.Properties.Lengths[id]);

    /// <summary>A TCP connection that sends raw bytes and reads whole MQTT 5 packets with the codec's frame check.</summary>
    private sealed class RawClient : IDisposable
    {
        private readonly TcpClient _tcp = new();
        private readonly NetworkStream _stream;
        private readonly byte[] _buffer = new byte[1 << 17];
        private int _count;

        public RawClient(int port)
        {
            _tcp.Connect("127.0.0.1", port);
            _stream = _tcp.GetStream();
            _stream.ReadTimeout = (int)Timeout.TotalMilliseconds;
        }

        public void Send(byte[] bytes, int count) => _stream.Write(bytes, 0, count);

        public Mqtt5Packet Receive(MqttRole role) => TryReceive(role) ?? throw new Xunit.Sdk.XunitException("connection closed before a packet arrived");

        // Next whole packet (decoded, copied out of the receive buffer), or null when the peer closed first.
        public Mqtt5Packet? TryReceive(MqttRole role)
        {
            while (true)
            {
                var status = Mqtt5Decoder.CheckFrame(_buffer, 0, _count, 0, out int frame, out _, out _);
                if (status == MqttStatus.Ok)
                {
                    var copy = new byte[frame];
                    Array.Copy(_buffer, copy, frame);
                    Array.Copy(_buffer, frame, _buffer, 0, _count - frame);
                    _count -= frame;
                    var p = new Mqtt5Packet();
                    Assert.Equal(MqttStatus.Ok, Mqtt5Decoder.Decode(copy, 0, frame, role, p));
                    return p;
                }

                Assert.Equal(MqttStatus.NeedMoreBytes, status);
                int read;
                try
                {
                    read = _stream.Read(_buffer, _count, _buffer.Length - _count);
                }
                catch (IOException)
                {
                    return null;
                }

                if (read == 0)
                {
                    return null;
                }

                _count += read;
            }
        }

        public bool WaitClosed()
        {
            try
            {
                while (true)
                {
                    if (_stream.Read(_buffer, 0, _buffer.Length) == 0)
                    {
                        return true;
                    }
                }
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                return true;
            }
            catch (IOException)
            {
                return false; // read timeout: still open
            }
        }

        public void Dispose() => _tcp.Dispose();
    }
}
