using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NanoNode.Mqtt;
using NanoNode.Mqtt.Client;

namespace NanoNode.Bench;

/// <summary>
/// `client`: the device MQTT client (firmware/Mqtt/Client) and the shared codec.
/// <list type="bullet">
/// <item><c>alloc_bytes_per_op.&lt;scenario&gt;</c>: <see cref="GC.GetAllocatedBytesForCurrentThread"/> around
/// <c>ops</c> operations after warm-up, divided by <c>ops</c>. Client over <see cref="MemoryTransport"/> with an
/// in-process loopback broker (<see cref="LoopBroker"/>, itself allocation-free, on the same thread) and a manual
/// clock; the reconnect cycle therefore excludes the OS socket object. Each scenario also checks that the work was
/// really done (acks, deliveries, connects) and fails the run otherwise.</item>
/// <item><c>ns_per_op.codec.*</c>: encode / decode of a PUBLISH with a 64-byte payload (host CPU, wall time).</item>
/// <item><c>msgs_per_s.e2e.*</c>: publish throughput through Debian's Mosquitto (started here on 127.0.0.1, killed by
/// PID) for NanoNode's client and Eclipse Paho C (tools/Bench/peer/paho_pub.c, built with gcc at run time), same mode:
/// QoS 0 back to back; QoS 1 one message in flight, each acknowledged (PUBACK) before the next. "Delivered" = counted
/// by one subscriber (a NanoNode client on its own thread, subscribed at the same QoS); the rate is
/// (received - 1) / (time of last receipt - time of first receipt), so process start and CONNECT are excluded.</item>
/// </list>
/// Arguments: [ops] [e2e_qos0_count] [e2e_qos1_count] (defaults 20000, 20000, 5000).
/// </summary>
public sealed class ClientBench : IBenchMode
{
    private const int PayloadSize = 64;
    private static readonly byte[] BenchTopic = Encoding.UTF8.GetBytes("nanonode/bench/telemetry");

    public string Name => "client";

    public string Description => "MQTT client: allocation per op (in-memory), codec ns/op, e2e throughput vs Paho C via Mosquitto";

    public int Run(string[] args)
    {
        int ops = Arg(args, 0, 20000);
        int qos0Count = Arg(args, 1, 20000);
        int qos1Count = Arg(args, 2, 5000);
        int failures = 0;
        failures += AllocationScenarios(ops);
        failures += Codec(1_000_000);
        failures += EndToEnd(qos0Count, qos1Count);
        return failures == 0 ? 0 : 1;
    }

    private static int Arg(string[] args, int i, int fallback) =>
        args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;

    // ================================================================ allocation per operation (in-memory)

    private static int AllocationScenarios(int ops)
    {
        int failures = 0;
        byte[] payload = new byte[PayloadSize];
        for (int qos = 0; qos <= 2; qos++)
        {
            Rig r = new Rig();
            int q = qos;
            failures += Measure("publish_qos" + qos, ops, () =>
            {
                MqttStatus s = r.Client.Publish(BenchTopic, 0, BenchTopic.Length, payload, 0, payload.Length, q, false);
                r.Client.Poll(0);
                return s == MqttStatus.Sent && r.Client.InflightCount == 0;
            }, () => r.Client.IsConnected && r.Broker.Publishes > 0);
        }

        for (int qos = 0; qos <= 2; qos++)
        {
            Rig r = new Rig();
            CountingHandler h = new CountingHandler();
            r.Client.Subscribe("nanonode/#", 2, h);
            r.Client.Poll(0);
            byte[] packet = r.Broker.EncodePublish(BenchTopic, payload, qos, out int idPos);
            int id = 0;
            failures += Measure("receive_qos" + qos, ops, () =>
            {
                id = id == 65535 ? 1 : id + 1;
                if (idPos > 0)
                {
                    packet[idPos] = (byte)(id >> 8);
                    packet[idPos + 1] = (byte)id;
                }

                r.Transport.PeerWrite(packet, 0, packet.Length);
                int before = h.Count;
                r.Client.Poll(0);
                return h.Count == before + 1;
            }, () => r.Client.IsConnected && r.Broker.OpenQos2 == 0);
        }

        {
            // Dispatch over a full table (8 filters): the topic matches 4 of them, each with its own handler.
            Rig r = new Rig();
            string[] filters = { "nanonode/bench/#", "nanonode/+/telemetry", "other/#", "nanonode/bench/x", "+/+/+", "x/y", "#", "$SYS/#" };
            CountingHandler[] handlers = new CountingHandler[filters.Length];
            for (int i = 0; i < filters.Length; i++)
            {
                handlers[i] = new CountingHandler();
                r.Client.Subscribe(filters[i], 0, handlers[i]);
            }

            r.Client.Poll(0);
            byte[] packet = r.Broker.EncodePublish(BenchTopic, payload, 0, out _);
            failures += Measure("subscribe_dispatch", ops, () =>
            {
                int before = handlers[0].Count + handlers[1].Count + handlers[4].Count + handlers[6].Count;
                r.Transport.PeerWrite(packet, 0, packet.Length);
                r.Client.Poll(0);
                return handlers[0].Count + handlers[1].Count + handlers[4].Count + handlers[6].Count == before + 4 && handlers[2].Count == 0;
            }, () => r.Client.IsConnected);
        }

        {
            Rig r = new Rig();
            CountingHandler h = new CountingHandler();
            failures += Measure("subscribe_unsubscribe", ops, () =>
            {
                bool ok = r.Client.Subscribe("nanonode/cmd/+", 1, h) == MqttStatus.Sent;
                r.Client.Poll(0);
                ok &= r.Client.GrantedQos(0) == 1;
                ok &= r.Client.Unsubscribe("nanonode/cmd/+") == MqttStatus.Sent;
                r.Client.Poll(0);
                return ok && r.Client.SubscriptionState(0) == MqttSubscriptionState.Free;
            }, () => r.Client.IsConnected);
        }

        {
            Rig r = new Rig(keepAliveSeconds: 1);
            failures += Measure("ping", ops, () =>
            {
                int before = r.Broker.Pings;
                r.Clock.Advance(1000);
                r.Client.Poll(0); // sends PINGREQ (idle for the keepalive)
                r.Client.Poll(0); // reads PINGRESP
                return r.Broker.Pings == before + 1;
            }, () => r.Client.IsConnected && r.Client.PingTimeouts == 0);
        }

        {
            // Broker drops the link; the client backs off, reconnects, gets CONNACK and re-subscribes (2 filters).
            Rig r = new Rig();
            CountingHandler h = new CountingHandler();
            r.Client.Subscribe("nanonode/a/#", 1, h);
            r.Client.Subscribe("nanonode/b/#", 1, h);
            r.Client.Poll(0);
            failures += Measure("reconnect_cycle", ops, () =>
            {
                int before = r.Client.Connects;
                r.Transport.PeerClose();
                r.Client.Poll(0); // reads the close: ConnectionLost, reconnect scheduled
                r.Clock.Advance(2000); // past the backoff ceiling
                r.Client.Poll(0); // CONNECT, CONNACK, SUBSCRIBE
                r.Client.Poll(0); // SUBACK
                return r.Client.Connects == before + 1 && r.Client.IsConnected && r.Client.GrantedQos(1) == 1;
            }, () => r.Client.IsConnected);
        }

        return failures;
    }

    private static int Measure(string scenario, int ops, Func<bool> op, Func<bool> finalCheck)
    {
        int warmup = Math.Min(ops, 2000);
        bool ok = true;
        for (int i = 0; i < warmup; i++)
        {
            ok &= op();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < ops; i++)
        {
            ok &= op();
        }

        long elapsed = Stopwatch.GetTimestamp() - start;
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        ok &= finalCheck();
        BenchOutput.Figure("alloc_bytes_per_op." + scenario, (double)bytes / ops, "B");
        BenchOutput.Figure("ns_per_op." + scenario, Math.Round(elapsed * 1e9 / Stopwatch.Frequency / ops), "ns");
        if (!ok)
        {
            Console.Error.WriteLine($"client bench: scenario {scenario} did not complete its operations");
            return 1;
        }

        return 0;
    }

    private sealed class CountingHandler : IMqttMessageHandler
    {
        public int Count;

        public void OnMessage(byte[] buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength, int qos, bool retain) => Count++;
    }

    /// <summary>A connected client over a <see cref="MemoryTransport"/> to a <see cref="LoopBroker"/>, manual clock.</summary>
    private sealed class Rig
    {
        public readonly ManualClock Clock = new() { NowMs = 1_000_000 };
        public readonly LoopBroker Broker = new();
        public readonly MemoryTransport Transport;
        public readonly MqttClient Client;

        public Rig(int keepAliveSeconds = 60)
        {
            Transport = new MemoryTransport(1 << 16, Broker);
            MqttClientOptions o = new();
            o.Connection.ClientId = "bench";
            o.Connection.WillTopic = null;
            o.Timing.KeepAliveSeconds = keepAliveSeconds;
            o.Timing.ReconnectFloorMs = 100;
            o.Timing.ReconnectCeilingMs = 1000;
            o.Timing.JitterSeed = 12345;
            Client = new MqttClient(o, Transport, Clock);
            Client.Start();
            Client.Poll(0);
            if (!Client.IsConnected)
            {
                throw new InvalidOperationException("in-memory connect failed: " + Client.LastError);
            }
        }
    }

    /// <summary>
    /// Minimal in-process broker for one client, on the shared codec in the server role (MqttFrameReader + MqttDecoder
    /// + Packets/* encoders): answers CONNECT, PUBLISH QoS 1/2, PUBREL, SUBSCRIBE, UNSUBSCRIBE, PINGREQ and drives the
    /// broker→client QoS 2 flow (PUBREC → PUBREL). Preallocated buffers only, so it adds nothing to the client's figures.
    /// </summary>
    private sealed class LoopBroker : IMemoryTransportPeer
    {
        private readonly byte[] _in = new byte[1 << 16];
        private readonly byte[] _out = new byte[1 << 12];
        private readonly byte[] _codes = new byte[64];
        private readonly MqttPacket _p = new();
        private int _count;

        public int Publishes;
        public int Pings;
        public int OpenQos2;

        public bool OnConnect(MemoryTransport transport)
        {
            _count = 0;
            OpenQos2 = 0;
            return true;
        }

        public void Pump(MemoryTransport t)
        {
            _count += t.PeerRead(_in, _count, _in.Length - _count);
            int pos = 0;
            while (MqttFrameReader.Check(_in, pos, _count - pos, _in.Length, out int frame, out _, out _) == MqttStatus.Ok)
            {
                if (MqttDecoder.Decode(_in, pos, frame, MqttRole.Server, _p) != MqttStatus.Ok)
                {
                    t.PeerClose();
                    return;
                }

                Answer(t);
                pos += frame;
            }

            if (pos > 0)
            {
                Array.Copy(_in, pos, _in, 0, _count - pos);
                _count -= pos;
            }
        }

        private void Answer(MemoryTransport t)
        {
            int n = 0;
            switch (_p.Type)
            {
                case MqttPacketType.Connect:
                    ConnAckPacket.Encode(_out, 0, _out.Length, false, ConnAckPacket.Accepted, out n);
                    break;
                case MqttPacketType.Publish:
                    Publishes++;
                    if (_p.Qos > 0)
                    {
                        PubAckPacket.Encode(_out, 0, _out.Length, _p.Qos == 1 ? MqttPacketType.PubAck : MqttPacketType.PubRec, _p.PacketId, out n);
                    }

                    break;
                case MqttPacketType.PubRel:
                    PubAckPacket.Encode(_out, 0, _out.Length, MqttPacketType.PubComp, _p.PacketId, out n);
                    break;
                case MqttPacketType.PubRec:
                    OpenQos2++;
                    PubAckPacket.Encode(_out, 0, _out.Length, MqttPacketType.PubRel, _p.PacketId, out n);
                    break;
                case MqttPacketType.PubComp:
                    OpenQos2--;
                    break;
                case MqttPacketType.Subscribe:
                    int position = _p.ItemsOffset;
                    for (int i = 0; i < _p.ItemCount; i++)
                    {
                        position = SubscribePacket.ReadFilter(_in, position, out _, out _, out int requested);
                        _codes[i] = (byte)requested;
                    }

                    SubAckPacket.Encode(_out, 0, _out.Length, _p.PacketId, _codes, 0, _p.ItemCount, out n);
                    break;
                case MqttPacketType.Unsubscribe:
                    UnsubAckPacket.Encode(_out, 0, _out.Length, _p.PacketId, out n);
                    break;
                case MqttPacketType.PingReq:
                    Pings++;
                    PingRespPacket.Encode(_out, 0, _out.Length, out n);
                    break;
            }

            if (n > 0)
            {
                t.PeerWrite(_out, 0, n);
            }
        }

        /// <summary>A broker→client PUBLISH (packet id 1 when QoS &gt; 0); <paramref name="idPos"/> = index of the id bytes (0 for QoS 0).</summary>
        public byte[] EncodePublish(byte[] topic, byte[] payload, int qos, out int idPos)
        {
            byte[] packet = new byte[PublishPacket.Size(topic.Length, qos, payload.Length)];
            PublishPacket.Encode(packet, 0, packet.Length, topic, 0, topic.Length, qos, false, false, 1, payload, 0, payload.Length, out _);
            idPos = qos > 0 ? PublishPacket.HeaderSize(topic.Length, qos, payload.Length) - 2 : 0;
            return packet;
        }
    }

    // ================================================================ codec ns per op

    private static int Codec(int ops)
    {
        byte[] payload = new byte[PayloadSize];
        byte[] buffer = new byte[256];
        MqttPacket packet = new();
        int written = 0;
        MqttStatus status = MqttStatus.Ok;
        for (int i = 0; i < 10000; i++)
        {
            PublishPacket.Encode(buffer, 0, buffer.Length, BenchTopic, 0, BenchTopic.Length, 1, false, false, 1 + (i & 0x3FFF), payload, 0, payload.Length, out written);
            MqttDecoder.Decode(buffer, 0, written, MqttRole.Client, packet);
        }

        long allocBefore = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < ops; i++)
        {
            status |= PublishPacket.Encode(buffer, 0, buffer.Length, BenchTopic, 0, BenchTopic.Length, 1, false, false, 1 + (i & 0x3FFF), payload, 0, payload.Length, out written);
        }

        long encode = Stopwatch.GetTimestamp() - start;
        start = Stopwatch.GetTimestamp();
        for (int i = 0; i < ops; i++)
        {
            status |= MqttDecoder.Decode(buffer, 0, written, MqttRole.Client, packet);
        }

        long decode = Stopwatch.GetTimestamp() - start;
        long alloc = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
        BenchOutput.Figure("packet_bytes.codec.publish_qos1_payload64", written, "B");
        BenchOutput.Figure("ns_per_op.codec.encode_publish_payload64", Math.Round(encode * 1e9 / Stopwatch.Frequency / ops, 1), "ns");
        BenchOutput.Figure("ns_per_op.codec.decode_publish_payload64", Math.Round(decode * 1e9 / Stopwatch.Frequency / ops, 1), "ns");
        BenchOutput.Figure("alloc_bytes_per_op.codec.encode_decode", (double)alloc / (2.0 * ops), "B");
        if (status != MqttStatus.Ok || packet.PayloadLength != PayloadSize)
        {
            Console.Error.WriteLine("client bench: codec round trip failed");
            return 1;
        }

        return 0;
    }

    // ================================================================ end to end through Mosquitto

    private static int EndToEnd(int qos0Count, int qos1Count)
    {
        string? paho = BuildPaho();
        using Mosquitto broker = new();
        // The issue asks for a peer client in the same run: without it the comparison is missing, so the run fails.
        int failures = paho == null ? 1 : 0;
        int[] counts = { qos0Count, qos1Count };
        for (int qos = 0; qos <= 1; qos++)
        {
            int n = counts[qos];
            double nano = Throughput(broker.Port, qos, n, "nanonode", () => NanoPublish(broker.Port, qos, n), ref failures);
            double peer = paho == null ? double.NaN : Throughput(broker.Port, qos, n, "paho_c", () => PahoPublish(paho, broker.Port, qos, n), ref failures);
            if (paho != null && peer > 0)
            {
                BenchOutput.Figure($"ratio.e2e.qos{qos}.nanonode_over_paho_c", Math.Round(nano / peer, 3), "x");
            }
        }

        return failures;
    }

    private static double Throughput(int port, int qos, int n, string who, Func<bool> publish, ref int failures)
    {
        string name = $"e2e.qos{qos}.{who}";
        using Subscriber sub = new(port, qos, n);
        bool published = publish();
        bool all = sub.WaitAll(TimeSpan.FromSeconds(60));
        double rate = sub.Rate();
        BenchOutput.Figure("delivered." + name, sub.Count, "msgs");
        BenchOutput.Figure("msgs_per_s." + name, Math.Round(rate), "msgs/s");
        if (!published || (qos == 1 && !all))
        {
            Console.Error.WriteLine($"client bench: {name}: published={published}, delivered {sub.Count}/{n}");
            failures++;
        }

        return rate;
    }

    private static bool NanoPublish(int port, int qos, int n)
    {
        MqttClientOptions o = new();
        o.Connection.ClientId = "nanonode-bench-pub";
        o.Connection.WillTopic = null;
        o.Limits.MaxInflight = 1;
        MqttClient client = new(o, new TcpTransport("127.0.0.1", port), SystemClock.Instance);
        client.Start();
        Stopwatch w = Stopwatch.StartNew();
        while (!client.IsConnected && w.Elapsed.TotalSeconds < 10)
        {
            client.Poll(1);
        }

        byte[] payload = new byte[PayloadSize];
        payload.AsSpan().Fill((byte)'n');
        bool ok = client.IsConnected;
        for (int i = 0; i < n && ok; i++)
        {
            ok = client.Publish(BenchTopic, 0, BenchTopic.Length, payload, 0, payload.Length, qos, false) == MqttStatus.Sent;
            if (qos == 0)
            {
                client.Poll(0);
                continue;
            }

            // One in flight, acknowledged before the next (the same mode as paho_pub.c).
            while (ok && client.InflightCount > 0)
            {
                ok = client.Poll(1) == MqttStatus.Ok && w.Elapsed.TotalSeconds < 120;
            }
        }

        client.Disconnect();
        return ok;
    }

    private static bool PahoPublish(string exe, int port, int qos, int n)
    {
        ProcessStartInfo psi = new(exe, $"127.0.0.1 {port} {Encoding.UTF8.GetString(BenchTopic)} {n} {qos} {PayloadSize}")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        };
        using Process p = Process.Start(psi)!;
        if (!p.WaitForExit(120_000))
        {
            p.Kill();
            return false;
        }

        string err = p.StandardError.ReadToEnd();
        if (err.Length > 0)
        {
            Console.Error.Write(err);
        }

        return p.ExitCode == 0;
    }

    // gcc -O2 tools/Bench/peer/paho_pub.c -lpaho-mqtt3c into artifacts/bench/; null (and a note) when that fails.
    private static string? BuildPaho()
    {
        string root = RepoRoot();
        string outDir = Path.Combine(root, "artifacts", "bench");
        Directory.CreateDirectory(outDir);
        string exe = Path.Combine(outDir, "paho_pub");
        ProcessStartInfo psi = new("gcc", $"-O2 -o {exe} {Path.Combine(root, "tools", "Bench", "peer", "paho_pub.c")} -lpaho-mqtt3c")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        };
        try
        {
            using Process p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode == 0)
            {
                return exe;
            }

            Console.Error.WriteLine("client bench: paho_pub.c did not build (apt-get install -y libpaho-mqtt-dev gcc): " + err);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine("client bench: gcc not found: " + e.Message);
        }

        return null;
    }

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "Directory.Packages.props")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? Directory.GetCurrentDirectory();
    }

    /// <summary>Counts messages on the bench topic on its own thread (a NanoNode client subscribed at the run's QoS).</summary>
    private sealed class Subscriber : IMqttMessageHandler, IDisposable
    {
        private readonly int _expected;
        private readonly MqttClient _client;
        private readonly Thread _thread;
        private readonly ManualResetEventSlim _done = new();
        private volatile bool _stop;
        private long _first;
        private long _last;
        private int _count;

        public Subscriber(int port, int qos, int expected)
        {
            _expected = expected;
            MqttClientOptions o = new();
            o.Connection.ClientId = "nanonode-bench-sub";
            o.Connection.WillTopic = null;
            o.Limits.MaxPacketSize = 4096;
            _client = new MqttClient(o, new TcpTransport("127.0.0.1", port), SystemClock.Instance);
            _client.Subscribe(Encoding.UTF8.GetString(BenchTopic), qos, this);
            _client.Start();
            Stopwatch w = Stopwatch.StartNew();
            while ((!_client.IsConnected || _client.GrantedQos(0) != qos) && w.Elapsed.TotalSeconds < 10)
            {
                _client.Poll(1);
            }

            if (_client.GrantedQos(0) != qos)
            {
                throw new InvalidOperationException("bench subscriber did not get its SUBACK: " + _client.LastError);
            }

            _thread = new Thread(Loop) { IsBackground = true, Name = "bench-sub" };
            _thread.Start();
        }

        public int Count => Volatile.Read(ref _count);

        public void OnMessage(byte[] buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength, int qos, bool retain)
        {
            long now = Stopwatch.GetTimestamp();
            if (_count == 0)
            {
                _first = now;
            }

            _last = now;
            if (Interlocked.Increment(ref _count) >= _expected)
            {
                _done.Set();
            }
        }

        public bool WaitAll(TimeSpan limit)
        {
            // Waits for every message, or until nothing arrived for 2 s (QoS 0 may be dropped), or the limit.
            Stopwatch w = Stopwatch.StartNew();
            int seen = -1;
            Stopwatch quiet = Stopwatch.StartNew();
            while (!_done.Wait(100) && w.Elapsed < limit)
            {
                int c = Count;
                if (c != seen)
                {
                    seen = c;
                    quiet.Restart();
                }
                else if (quiet.Elapsed.TotalSeconds > 2)
                {
                    return false;
                }
            }

            return Count >= _expected;
        }

        public double Rate()
        {
            int c = Count;
            return c < 2 ? 0 : (c - 1) / ((double)(_last - _first) / Stopwatch.Frequency);
        }

        private void Loop()
        {
            while (!_stop)
            {
                _client.Poll(5);
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
            _client.Disconnect();
            _done.Dispose();
        }
    }

    /// <summary>Debian's Mosquitto on 127.0.0.1 and a free port, no persistence, unbounded queues; killed by PID on Dispose.</summary>
    private sealed class Mosquitto : IDisposable
    {
        private readonly Process _process;
        private readonly string _dir;

        public Mosquitto()
        {
            _dir = Path.Combine(Path.GetTempPath(), "nanonode-bench-mosquitto-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
            TcpListener l = new(IPAddress.Loopback, 0);
            l.Start();
            Port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            string conf = Path.Combine(_dir, "mosquitto.conf");
            File.WriteAllText(conf, $"listener {Port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\nmax_queued_bytes 0\nmax_inflight_messages 20\nlog_dest none\n");
            _process = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", $"-c {conf}") { UseShellExecute = false })
                ?? throw new InvalidOperationException("mosquitto did not start");
            Stopwatch w = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using TcpClient probe = new();
                    probe.Connect(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException) when (w.Elapsed.TotalSeconds < 10 && !_process.HasExited)
                {
                    Thread.Sleep(50);
                }
            }
        }

        public int Port { get; }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10000);
            }

            _process.Dispose();
            try
            {
                Directory.Delete(_dir, true);
            }
            catch (IOException)
            {
            }
        }
    }
}
