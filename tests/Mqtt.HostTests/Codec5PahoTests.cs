using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace NanoNode.Mqtt.HostTests;

/// <summary>
/// The server-role MQTT 5 encoders read by a third-party client: the test plays a broker with the codec alone
/// (CONNACK with properties, SUBACK with reason codes, PUBLISH with Subscription Identifiers and application
/// properties, server-sent DISCONNECT 0x8E with a Reason String) to paho-python (protocol=MQTTv5, Debian's
/// python3-paho-mqtt), which prints what it parsed; paho's own packets are decoded by the codec on the way in.
/// </summary>
public sealed class Codec5PahoTests
{
    private const string Script = """
import json, sys, threading
import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
done = threading.Event()
def out(**kw):
    print(json.dumps(kw), flush=True)
def on_connect(c, u, flags, rc, props):
    out(ev='connack', rc=rc.value, session=flags['session present'], assigned=getattr(props, 'AssignedClientIdentifier', None),
        alias_max=getattr(props, 'TopicAliasMaximum', None), keep_alive=getattr(props, 'ServerKeepAlive', None),
        max_qos=getattr(props, 'MaximumQoS', None), retain=getattr(props, 'RetainAvailable', None))
    sp = Properties(PacketTypes.SUBSCRIBE)
    sp.SubscriptionIdentifier = 5
    c.subscribe([('nn5/a/#', 1), ('nn5/denied', 1)], properties=sp)
def on_subscribe(c, u, mid, codes, props):
    out(ev='suback', codes=[x.value for x in codes], reason=getattr(props, 'ReasonString', None))
def on_message(c, u, m):
    p = m.properties
    out(ev='publish', topic=m.topic, payload=m.payload.decode(), qos=m.qos, ids=getattr(p, 'SubscriptionIdentifier', None),
        content_type=getattr(p, 'ContentType', None), response_topic=getattr(p, 'ResponseTopic', None),
        correlation=getattr(p, 'CorrelationData', b'').hex(), user=getattr(p, 'UserProperty', None),
        expiry=getattr(p, 'MessageExpiryInterval', None), pfi=getattr(p, 'PayloadFormatIndicator', None))
def on_disconnect(c, u, rc, props=None):
    out(ev='disconnect', rc=rc.value if hasattr(rc, 'value') else rc, reason=getattr(props, 'ReasonString', None) if props else None)
    done.set()
c = mqtt.Client(client_id='', protocol=mqtt.MQTTv5)
c.on_connect, c.on_subscribe, c.on_message, c.on_disconnect = on_connect, on_subscribe, on_message, on_disconnect
c.connect('127.0.0.1', int(sys.argv[1]), keepalive=60, clean_start=True)
c.loop_start()
done.wait(20)
c.loop_stop()
""";

    [Fact]
    public async Task PahoReadsWhatTheServerRoleEncoders()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string scriptPath = Path.Combine(Path.GetTempPath(), "nn5-paho-" + Guid.NewGuid().ToString("N") + ".py");
        File.WriteAllText(scriptPath, Script);
        var psi = new ProcessStartInfo("/usr/bin/python3", $"{scriptPath} {port}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var python = Process.Start(psi)!;
        var lines = new List<string>();
        var stderr = new StringBuilder();
        python.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (lines) { lines.Add(e.Data); } } };
        python.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        python.BeginOutputReadLine();
        python.BeginErrorReadLine();
        try
        {
            var accept = listener.AcceptTcpClientAsync();
            Assert.True(await Task.WhenAny(accept, Task.Delay(TimeSpan.FromSeconds(20))) == accept, "paho did not connect: " + stderr);
            using var tcp = await accept;
            var stream = tcp.GetStream();
            stream.ReadTimeout = 20000;
            var rx = new Reader(stream);
            var w = new Mqtt5PropertyWriter();
            var scratch = new byte[512];
            var tx = new byte[1024];

            // CONNECT from paho (empty client id) -> CONNACK with Assigned Client Identifier and capabilities.
            var p = rx.Next(MqttRole.Server);
            Assert.Equal(MqttPacketType.Connect, p.Type);
            Assert.Equal(5, p.ProtocolLevel);
            Assert.Equal(0, p.ClientIdLength);
            w.Reset(scratch, 0, scratch.Length);
            Ok(w.AddString(Mqtt5Properties.AssignedClientIdentifier, "auto-nn5"));
            Ok(w.AddTwoByteInteger(Mqtt5Properties.TopicAliasMaximum, 8));
            Ok(w.AddTwoByteInteger(Mqtt5Properties.ServerKeepAlive, 30));
            Ok(w.AddByte(Mqtt5Properties.MaximumQos, 1));
            Ok(w.AddByte(Mqtt5Properties.RetainAvailable, 1));
            Ok(Mqtt5ConnAckPacket.Encode(tx, 0, tx.Length, false, 0, scratch, 0, w.Length, out int n));
            stream.Write(tx, 0, n);

            // SUBSCRIBE (id 5, two filters) -> SUBACK granted QoS 1 + 0x87 Not authorized, with a Reason String.
            p = rx.Next(MqttRole.Server);
            Assert.Equal(MqttPacketType.Subscribe, p.Type);
            Assert.Equal(2, p.ItemCount);
            Assert.Equal(5L, p.Properties.Get(Mqtt5Properties.SubscriptionIdentifier, 0));
            w.Reset(scratch, 0, scratch.Length);
            Ok(w.AddString(Mqtt5Properties.ReasonString, "second filter not allowed"));
            Ok(Mqtt5SubAckPacket.Encode(tx, 0, tx.Length, p.PacketId, scratch, 0, w.Length, new byte[] { 1, 0x87 }, 0, 2, out n));
            stream.Write(tx, 0, n);

            // PUBLISH QoS 1 with two Subscription Identifiers and application properties -> PUBACK from paho.
            w.Reset(scratch, 0, scratch.Length);
            Ok(Mqtt5Forwarding.AddSubscriptionIdentifier(w, 5));
            Ok(Mqtt5Forwarding.AddSubscriptionIdentifier(w, 300));
            Ok(w.AddString(Mqtt5Properties.ContentType, "application/json"));
            Ok(w.AddString(Mqtt5Properties.ResponseTopic, "nn5/a/reply"));
            Ok(w.AddBinary(Mqtt5Properties.CorrelationData, new byte[] { 0xCA, 0xFE }, 0, 2));
            Ok(w.AddUserProperty("k1", "v1"));
            Ok(w.AddUserProperty("k2", "v2"));
            Ok(w.AddFourByteInteger(Mqtt5Properties.MessageExpiryInterval, 77));
            Ok(w.AddByte(Mqtt5Properties.PayloadFormatIndicator, 1));
            var topic = Encoding.UTF8.GetBytes("nn5/a/b");
            var payload = Encoding.UTF8.GetBytes("hello");
            Ok(Mqtt5PublishPacket.Encode(tx, 0, tx.Length, topic, 0, topic.Length, 1, false, false, 42, scratch, 0, w.Length, payload, 0, payload.Length, out n));
            stream.Write(tx, 0, n);
            p = rx.Next(MqttRole.Server);
            Assert.Equal(MqttPacketType.PubAck, p.Type);
            Assert.Equal(42, p.PacketId);

            // Server-sent DISCONNECT 0x8E Session taken over, with a Reason String.
            w.Reset(scratch, 0, scratch.Length);
            Ok(w.AddString(Mqtt5Properties.ReasonString, "another connection"));
            Ok(Mqtt5DisconnectPacket.Encode(tx, 0, tx.Length, Mqtt5ReasonCodes.SessionTakenOver, scratch, 0, w.Length, out n));
            stream.Write(tx, 0, n);
            Assert.True(python.WaitForExit(20000), "paho did not end");
            python.WaitForExit();
        }
        finally
        {
            if (!python.HasExited)
            {
                python.Kill();
            }

            File.Delete(scriptPath);
        }

        string all;
        lock (lines)
        {
            all = string.Join("\n", lines);
        }

        Assert.Contains("\"ev\": \"connack\", \"rc\": 0, \"session\": 0, \"assigned\": \"auto-nn5\", \"alias_max\": 8, \"keep_alive\": 30, \"max_qos\": 1, \"retain\": 1", all);
        Assert.Contains("\"ev\": \"suback\", \"codes\": [1, 135], \"reason\": \"second filter not allowed\"", all);
        Assert.Contains("\"ev\": \"publish\", \"topic\": \"nn5/a/b\", \"payload\": \"hello\", \"qos\": 1, \"ids\": [5, 300], \"content_type\": \"application/json\", \"response_topic\": \"nn5/a/reply\", \"correlation\": \"cafe\", \"user\": [[\"k1\", \"v1\"], [\"k2\", \"v2\"]], \"expiry\": 77, \"pfi\": 1", all);
        Assert.Contains("\"ev\": \"disconnect\", \"rc\": 142", all);
    }

    private static void Ok(MqttStatus status) => Assert.Equal(MqttStatus.Ok, status);

    private sealed class Reader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _count;

        public Mqtt5Packet Next(MqttRole role)
        {
            while (true)
            {
                var status = Mqtt5Decoder.CheckFrame(_buffer, 0, _count, 0, out int frame, out _, out _);
                if (status == MqttStatus.Ok)
                {
                    var copy = _buffer.AsSpan(0, frame).ToArray();
                    Array.Copy(_buffer, frame, _buffer, 0, _count - frame);
                    _count -= frame;
                    var p = new Mqtt5Packet();
                    Assert.Equal(MqttStatus.Ok, Mqtt5Decoder.Decode(copy, 0, copy.Length, role, p));
                    return p;
                }

                Assert.Equal(MqttStatus.NeedMoreBytes, status);
                int read = stream.Read(_buffer, _count, _buffer.Length - _count);
                if (read == 0)
                {
                    throw new Xunit.Sdk.XunitException("paho closed the connection");
                }

                _count += read;
            }
        }
    }
}
