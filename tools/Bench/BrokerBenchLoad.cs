using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NanoNode.Mqtt;

namespace NanoNode.Bench;

/// <summary>
/// The one load generator of the <c>broker</c> mode, used unchanged against every broker. Raw blocking sockets plus the
/// shared codec (<see cref="BrokerBenchClient"/>), one thread per publisher and per subscriber (the fan-out receivers
/// are async loops on the thread pool). Every run is bounded in message count and wall time; a run that hits its time
/// limit reports what it got with <see cref="RunResult.TimedOut"/> set.
/// </summary>
/// <remarks>
/// Payload (64 bytes unless told): bytes 0..3 publisher index, 4..7 sequence number, 8..15 <see cref="Stopwatch"/>
/// timestamp at encode time (big-endian), the rest filler. Sequence numbers let the subscriber count distinct messages,
/// duplicates (QoS 1 redelivery) and losses per publisher.
/// </remarks>
public static class BrokerBenchLoad
{
    /// <summary>QoS 1 publish window: PUBLISH packets a publisher may have sent without a PUBACK.</summary>
    public const int Qos1Window = 100;

    /// <summary>QoS 0 PUBLISH packets encoded into one send() call by a publisher.</summary>
    public const int Qos0Batch = 256;

    /// <summary>Receive-idle time after the publishers finished that ends a run whose messages were lost (ms).</summary>
    public const int QuiescenceMs = 2000;

    private const int ConnectTimeoutMs = 10_000;
    private const int PollMs = 100;

    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>Figures of one throughput run.</summary>
    public sealed class RunResult
    {
        /// <summary>PUBLISH packets the publishers sent.</summary>
        public long Sent;

        /// <summary>PUBLISH packets the subscriber(s) received (duplicates included).</summary>
        public long Received;

        /// <summary>Distinct (publisher, sequence) pairs received; per subscriber summed for fan-out.</summary>
        public long Distinct;

        /// <summary>Expected deliveries (sent × subscribers).</summary>
        public long Expected;

        /// <summary>Seconds from the first publish to the last receipt.</summary>
        public double Seconds;

        /// <summary>The run hit its time limit before every expected delivery arrived (or was given up as lost).</summary>
        public bool TimedOut;

        /// <summary>Deliveries that never arrived (Expected − Distinct).</summary>
        public long Lost => Expected - Distinct;

        /// <summary>Distinct deliveries per second.</summary>
        public double Rate => Seconds > 0 ? Distinct / Seconds : 0;
    }

    /// <summary>
    /// Fan-in: <paramref name="publishers"/> publishers → 1 subscriber on topic filter <c>bench/&lt;run&gt;/+</c>, each
    /// publisher sending <paramref name="perPublisher"/> messages of <paramref name="payloadSize"/> bytes at
    /// <paramref name="qos"/> as fast as the broker takes them (QoS 0: batches of <see cref="Qos0Batch"/>, TCP
    /// back-pressure only; QoS 1: at most <see cref="Qos1Window"/> unacknowledged per publisher). The subscriber
    /// acknowledges QoS 1 deliveries (acks batched per read). Throughput = distinct messages received / (last receipt −
    /// first publish). Ends when all arrived, when the publishers are done and nothing arrived for
    /// <see cref="QuiescenceMs"/> (the rest counts as lost), or at <paramref name="timeLimit"/>.
    /// <paramref name="endToEndWindow"/> &gt; 0 closes the loop: a publisher also waits while more than that many of its
    /// messages have not reached the subscriber yet, so a broker that queues or drops instead of pushing back is
    /// measured at the rate it can deliver without loss (0 = open loop, the broker's own flow control only).
    /// <paramref name="protocolLevel"/>: 4 = every client speaks MQTT 3.1.1, 5 = every client speaks MQTT 5.0 (no properties).
    /// </summary>
    public static RunResult FanIn(int port, string run, int qos, int publishers, int perPublisher, int payloadSize, TimeSpan timeLimit, int endToEndWindow = 0, int protocolLevel = 4)
    {
        var result = new RunResult { Expected = (long)publishers * perPublisher };
        using var sub = BrokerBenchClient.Connect(port, run + "-sub", 0, ConnectTimeoutMs, BrokerBenchClient.ReceiveBufferSize, protocolLevel);
        sub.Subscribe("bench/" + run + "/+", qos, ConnectTimeoutMs);
        var pubs = new BrokerBenchClient[publishers];
        try
        {
            for (int i = 0; i < publishers; i++)
            {
                pubs[i] = BrokerBenchClient.Connect(port, run + "-pub" + i, 0, ConnectTimeoutMs, BrokerBenchClient.ReceiveBufferSize, protocolLevel);
            }

            long deadline = Stopwatch.GetTimestamp() + (long)(timeLimit.TotalSeconds * Stopwatch.Frequency);
            var seen = new bool[publishers][];
            for (int i = 0; i < publishers; i++)
            {
                seen[i] = new bool[perPublisher];
            }

            var delivered = new long[publishers];
            var flow = new Flow(delivered, endToEndWindow);
            long firstPublish = long.MaxValue;
            int publishersDone = 0;
            long sent = 0;
            using var start = new ManualResetEventSlim(false);
            var threads = new Thread[publishers];
            for (int i = 0; i < publishers; i++)
            {
                int index = i;
                threads[i] = new Thread(() =>
                {
                    start.Wait();
                    long t0 = Stopwatch.GetTimestamp();
                    InterlockedMin(ref firstPublish, t0);
                    long n = qos == 0
                        ? PublishQos0(pubs[index], "bench/" + run + "/" + index, index, perPublisher, payloadSize, deadline, flow)
                        : PublishQos1(pubs[index], "bench/" + run + "/" + index, index, perPublisher, payloadSize, deadline, flow);
                    Interlocked.Add(ref sent, n);
                    Interlocked.Increment(ref publishersDone);
                }) { IsBackground = true, Name = "pub" + i };
                threads[i].Start();
            }

            start.Set();
            long lastReceipt = Receive(sub, qos, seen, delivered, result, () => Volatile.Read(ref publishersDone) == publishers, deadline, result.Expected);
            foreach (var t in threads)
            {
                t.Join();
            }

            result.Sent = sent;
            result.Seconds = lastReceipt > firstPublish ? (double)(lastReceipt - firstPublish) / Stopwatch.Frequency : 0;
            foreach (var p in pubs)
            {
                p.Disconnect();
            }

            sub.Disconnect();
            return result;
        }
        finally
        {
            foreach (var p in pubs)
            {
                p?.Dispose();
            }
        }
    }

    /// <summary>
    /// QoS 1 round trip: one publisher, one subscriber (both QoS 1), a message every 1/<paramref name="rate"/> s for
    /// <paramref name="seconds"/> s after a 0.5 s warm-up that is not counted. Latency = receipt − the Stopwatch timestamp
    /// written into the payload just before the send (same process, same clock). Returns the latencies in microseconds,
    /// sorted; <paramref name="lost"/> = measured messages that never arrived.
    /// </summary>
    /// <paramref name="slowUs"/> &gt; 0 collects a line per sample at or over it (sequence, send time, latency) into
    /// <paramref name="slow"/>, for diagnosis.
    public static double[] Latency(int port, string run, int rate, double seconds, int payloadSize, out long lost, double slowUs = 0, List<string>? slow = null)
    {
        slow ??= new List<string>();
        long t0 = Stopwatch.GetTimestamp();
        using var sub = BrokerBenchClient.Connect(port, run + "-sub", 0, ConnectTimeoutMs);
        using var pub = BrokerBenchClient.Connect(port, run + "-pub", 0, ConnectTimeoutMs);
        sub.Subscribe("bench/" + run, 1, ConnectTimeoutMs);
        sub.Socket.ReceiveTimeout = PollMs;
        pub.Socket.ReceiveTimeout = PollMs;
        int warmup = rate / 2;
        int total = warmup + (int)(rate * seconds);
        var latencies = new List<double>(total);
        long deadline = Stopwatch.GetTimestamp() + (long)((seconds + 10) * Stopwatch.Frequency);
        int received = 0;
        var receiver = new Thread(() =>
        {
            var acks = new byte[BrokerBenchClient.ReceiveBufferSize];
            while (received < total && Stopwatch.GetTimestamp() < deadline)
            {
                int n = sub.Fill();
                if (n == 0)
                {
                    return;
                }

                long now = Stopwatch.GetTimestamp();
                int ackBytes = 0;
                while (sub.TryNext())
                {
                    var p = sub.Packet;
                    if (p.Type != MqttPacketType.Publish)
                    {
                        continue;
                    }

                    int seq = BinaryPrimitives.ReadInt32BigEndian(p.Buffer.AsSpan(p.PayloadOffset + 4));
                    long stamp = BinaryPrimitives.ReadInt64BigEndian(p.Buffer.AsSpan(p.PayloadOffset + 8));
                    if (seq >= warmup)
                    {
                        double us = (now - stamp) * 1e6 / Stopwatch.Frequency;
                        latencies.Add(us);
                        if (slowUs > 0 && us >= slowUs)
                        {
                            slow.Add($"seq {seq} at {(stamp - t0) * 1000.0 / Stopwatch.Frequency:0.0} ms: {us:0} us");
                        }
                    }

                    received++;
                    if (p.Qos == 1)
                    {
                        PubAckPacket.Encode(acks, ackBytes, acks.Length - ackBytes, MqttPacketType.PubAck, p.PacketId, out int w);
                        ackBytes += w;
                    }
                }

                if (ackBytes > 0)
                {
                    sub.Send(acks, 0, ackBytes);
                }
            }
        }) { IsBackground = true, Name = "latency-sub" };
        receiver.Start();

        byte[] topic = Utf8.GetBytes("bench/" + run);
        var payload = Payload(0, payloadSize);
        var packet = new byte[PublishPacket.Size(topic.Length, 1, payloadSize)];
        long period = Stopwatch.Frequency / rate;
        long next = Stopwatch.GetTimestamp();
        for (int i = 0; i < total; i++)
        {
            // Paced by an absolute schedule (no drift); sleeps in 1 ms steps, spins the last 2 ms.
            while (true)
            {
                long wait = next - Stopwatch.GetTimestamp();
                if (wait <= 0)
                {
                    break;
                }

                if (wait > Stopwatch.Frequency / 1000 * 2)
                {
                    Thread.Sleep(1);
                }
                else
                {
                    Thread.SpinWait(50);
                }
            }

            // A publisher that fell behind (the bench descheduled on a busy machine) does not send a catch-up burst:
            // the schedule restarts from now, so one stall shows as one slow sample, not as a queue of them.
            long sendAt = Stopwatch.GetTimestamp();
            next = sendAt - next > period ? sendAt + period : next + period;
            BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), i);
            BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(8), Stopwatch.GetTimestamp());
            BrokerBenchClient.Check(PublishPacket.Encode(packet, 0, packet.Length, topic, 0, topic.Length, 1, false, false, (i % 65535) + 1, payload, 0, payload.Length, out int n), "PUBLISH");
            pub.Send(packet, 0, n);

            // PUBACKs are read without blocking (the window is never the limit at this rate).
            if (pub.Socket.Available > 0)
            {
                pub.Fill();
                while (pub.TryNext())
                {
                }
            }
        }

        receiver.Join();
        pub.Disconnect();
        sub.Disconnect();
        lost = total - warmup - latencies.Count;
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>
    /// Fan-out: <paramref name="subscribers"/> subscribers on one topic (QoS 0), one publisher sending
    /// <paramref name="messages"/> QoS 0 messages in batches of <see cref="Qos0Batch"/>. Throughput = deliveries
    /// (PUBLISH frames counted by all subscribers) / (last receipt − first publish); lost = expected − counted.
    /// </summary>
    public static RunResult FanOut(int port, string run, int subscribers, int messages, int payloadSize, TimeSpan timeLimit)
    {
        var result = new RunResult { Expected = (long)subscribers * messages };
        var subs = new BrokerBenchClient[subscribers];
        using var pub = BrokerBenchClient.Connect(port, run + "-pub", 0, ConnectTimeoutMs);
        try
        {
            for (int i = 0; i < subscribers; i++)
            {
                subs[i] = BrokerBenchClient.Connect(port, run + "-sub" + i, 0, ConnectTimeoutMs, 64 * 1024);
                subs[i].Subscribe("bench/" + run, 0, ConnectTimeoutMs);
            }

            long deadline = Stopwatch.GetTimestamp() + (long)(timeLimit.TotalSeconds * Stopwatch.Frequency);
            long delivered = 0;
            long lastReceipt = 0;
            bool publisherDone = false;
            using var cancel = new CancellationTokenSource();
            var loops = new Task[subscribers];
            for (int i = 0; i < subscribers; i++)
            {
                var client = subs[i];
                loops[i] = Task.Run(async () =>
                {
                    long mine = 0;
                    try
                    {
                        while (mine < messages)
                        {
                            int n = await client.ReceiveAsync(cancel.Token).ConfigureAwait(false);
                            if (n == 0)
                            {
                                break;
                            }

                            int c = client.CountPublishFrames();
                            if (c > 0)
                            {
                                mine += c;
                                Interlocked.Add(ref delivered, c);
                                InterlockedMax(ref lastReceipt, Stopwatch.GetTimestamp());
                            }
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    catch (SocketException)
                    {
                    }
                });
            }

            long firstPublish = Stopwatch.GetTimestamp();
            var publisher = new Thread(() =>
            {
                long n = PublishQos0(pub, "bench/" + run, 0, messages, payloadSize, deadline, null);
                Interlocked.Add(ref result.Sent, n);
                Volatile.Write(ref publisherDone, true);
            }) { IsBackground = true, Name = "fanout-pub" };
            publisher.Start();

            // Wait for every delivery, for quiescence after the publisher finished, or for the time limit.
            long lastSeen = 0;
            long lastChange = Stopwatch.GetTimestamp();
            while (true)
            {
                Thread.Sleep(20);
                long d = Interlocked.Read(ref delivered);
                long now = Stopwatch.GetTimestamp();
                if (d != lastSeen)
                {
                    lastSeen = d;
                    lastChange = now;
                }

                if (d >= result.Expected)
                {
                    break;
                }

                if (now > deadline)
                {
                    result.TimedOut = true;
                    break;
                }

                if (Volatile.Read(ref publisherDone) && now - lastChange > QuiescenceMs * Stopwatch.Frequency / 1000)
                {
                    break;
                }
            }

            cancel.Cancel();
            publisher.Join();
            Task.WaitAll(loops, 5000);
            result.Received = result.Distinct = Interlocked.Read(ref delivered);
            long last = Interlocked.Read(ref lastReceipt);
            result.Seconds = last > firstPublish ? (double)(last - firstPublish) / Stopwatch.Frequency : 0;
            pub.Disconnect();
            foreach (var s in subs)
            {
                s.Disconnect();
            }

            return result;
        }
        finally
        {
            foreach (var s in subs)
            {
                s?.Dispose();
            }
        }
    }

    /// <summary>
    /// Opens idle MQTT connections (CONNECT with keep alive 0 = never times out [MQTT-3.1.2-24], clean session, CONNACK
    /// awaited) until <paramref name="target"/> are open, <paramref name="concurrency"/> handshakes at a time. Sockets
    /// go into <paramref name="open"/>; returns null when the target was reached, else why it stopped (the caller
    /// reports the count reached).
    /// </summary>
    public static string? OpenIdle(int port, string run, List<Socket> open, int target, int concurrency, TimeSpan timeLimit)
    {
        long deadline = Environment.TickCount64 + (long)timeLimit.TotalMilliseconds;
        string? failure = null;
        int next = open.Count;
        var gate = new object();
        var workers = new Task[concurrency];
        for (int w = 0; w < concurrency; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                var buffer = new byte[16];
                while (true)
                {
                    int index;
                    lock (gate)
                    {
                        if (failure != null || next >= target)
                        {
                            return;
                        }

                        if (Environment.TickCount64 > deadline)
                        {
                            failure ??= "time limit reached";
                            return;
                        }

                        index = next++;
                    }

                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        using var timeout = new CancellationTokenSource(ConnectTimeoutMs);
                        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token).ConfigureAwait(false);
                        byte[] connect = BrokerBenchClient.EncodeConnect(run + "-idle" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), 0);
                        await socket.SendAsync(connect, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                        int got = 0;
                        while (got < 4)
                        {
                            int n = await socket.ReceiveAsync(buffer.AsMemory(got, 4 - got), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                            if (n == 0)
                            {
                                throw new IOException("connection closed before CONNACK");
                            }

                            got += n;
                        }

                        if (buffer[0] != 0x20 || buffer[3] != 0)
                        {
                            throw new IOException($"CONNACK {buffer[0]:x2} {buffer[1]:x2} {buffer[2]:x2} {buffer[3]:x2}");
                        }

                        lock (gate)
                        {
                            open.Add(socket);
                        }
                    }
                    catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
                    {
                        socket.Dispose();
                        lock (gate)
                        {
                            failure ??= $"connection {index + 1} failed: {e.GetType().Name}: {e.Message}";
                        }

                        return;
                    }
                }
            });
        }

        Task.WaitAll(workers);
        return failure;
    }

    /// <summary>A payload of <paramref name="size"/> bytes (at least 16) for publisher <paramref name="publisher"/>.</summary>
    public static byte[] Payload(int publisher, int size)
    {
        var payload = new byte[Math.Max(16, size)];
        for (int i = 16; i < payload.Length; i++)
        {
            payload[i] = (byte)('a' + (i % 26));
        }

        BinaryPrimitives.WriteInt32BigEndian(payload, publisher);
        return payload;
    }

    // QoS 0 publisher: batches of Qos0Batch packets per send(); returns the number sent (fewer at the deadline).
    private static long PublishQos0(BrokerBenchClient pub, string topicName, int index, int count, int payloadSize, long deadline, Flow? flow)
    {
        byte[] topic = Utf8.GetBytes(topicName);
        byte[] payload = Payload(index, payloadSize);
        int size = pub.PublishSize(topic.Length, 0, payload.Length);
        var batch = new byte[size * Qos0Batch];
        int sent = 0;
        while (sent < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                break;
            }

            int inBatch = Math.Min(Qos0Batch, count - sent);
            if (flow != null && !flow.WaitForRoom(index, sent + inBatch, deadline))
            {
                break;
            }

            int at = 0;
            for (int i = 0; i < inBatch; i++)
            {
                BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), sent + i);
                BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(8), Stopwatch.GetTimestamp());
                at += pub.EncodePublish(batch, at, topic, 0, 0, payload);
            }

            try
            {
                pub.Send(batch, 0, at);
            }
            catch (SocketException)
            {
                break;
            }

            sent += inBatch;
        }

        return sent;
    }

    // QoS 1 publisher: keeps up to Qos1Window PUBLISH unacknowledged (MQTT 5: at most the broker's Receive Maximum);
    // returns the number sent.
    private static long PublishQos1(BrokerBenchClient pub, string topicName, int index, int count, int payloadSize, long deadline, Flow flow)
    {
        byte[] topic = Utf8.GetBytes(topicName);
        byte[] payload = Payload(index, payloadSize);
        int size = pub.PublishSize(topic.Length, 1, payload.Length);
        var batch = new byte[size * Qos1Window];
        pub.Socket.ReceiveTimeout = PollMs;
        int sent = 0;
        int acked = 0;

        // An MQTT 5 broker's Receive Maximum bounds the window (both brokers announce 64 in the bench: NanoNode's
        // ReceiveMaximum set by BrokerBench, Mosquitto's max_inflight_messages 64).
        int window = Math.Min(Qos1Window, pub.SendQuota);
        while (acked < count && Stopwatch.GetTimestamp() < deadline)
        {
            int room = Math.Min(window - (sent - acked), count - sent);
            room = Math.Min(room, flow.Room(index, sent));
            if (room <= 0 && sent - acked < window && sent < count)
            {
                // Held back by the end-to-end window only: wait for the subscriber, keep draining PUBACKs.
                flow.WaitForRoom(index, sent + 1, deadline);
                if (pub.Socket.Available == 0)
                {
                    continue;
                }
            }
            else if (room > 0)
            {
                int at = 0;
                for (int i = 0; i < room; i++)
                {
                    BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), sent + i);
                    BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(8), Stopwatch.GetTimestamp());
                    int id = ((sent + i) % 65535) + 1;
                    at += pub.EncodePublish(batch, at, topic, 1, id, payload);
                }

                pub.Send(batch, 0, at);
                sent += room;
            }

            int r = pub.Fill();
            if (r == 0)
            {
                break;
            }

            while (pub.TryNext())
            {
                if (pub.Packet.Type == MqttPacketType.PubAck)
                {
                    acked++;
                }
            }
        }

        return sent;
    }

    // Subscriber loop of a fan-in run; returns the Stopwatch timestamp of the last receipt.
    private static long Receive(BrokerBenchClient sub, int qos, bool[][] seen, long[] delivered, RunResult result, Func<bool> publishersDone, long deadline, long expected)
    {
        sub.Socket.ReceiveTimeout = PollMs;
        var acks = new byte[BrokerBenchClient.ReceiveBufferSize];
        long lastReceipt = 0;
        long quiet = QuiescenceMs * Stopwatch.Frequency / 1000;
        while (result.Distinct < expected)
        {
            long now = Stopwatch.GetTimestamp();
            if (now > deadline)
            {
                result.TimedOut = true;
                break;
            }

            if (publishersDone() && now - Math.Max(lastReceipt, 0) > quiet && lastReceipt != 0)
            {
                break;
            }

            int n = sub.Fill();
            if (n == 0)
            {
                break;
            }

            if (n < 0)
            {
                continue;
            }

            int ackBytes = 0;
            bool any = false;
            while (sub.TryNext())
            {
                var p = sub.Packet;
                if (p.Type != MqttPacketType.Publish)
                {
                    continue;
                }

                any = true;
                result.Received++;
                int publisher = BinaryPrimitives.ReadInt32BigEndian(p.Buffer.AsSpan(p.PayloadOffset));
                int seq = BinaryPrimitives.ReadInt32BigEndian(p.Buffer.AsSpan(p.PayloadOffset + 4));
                if ((uint)publisher < (uint)seen.Length && (uint)seq < (uint)seen[publisher].Length && !seen[publisher][seq])
                {
                    seen[publisher][seq] = true;
                    result.Distinct++;
                    Volatile.Write(ref delivered[publisher], delivered[publisher] + 1);
                }

                if (p.Qos == 1)
                {
                    ackBytes += sub.EncodePubAck(acks, ackBytes, p.PacketId);
                }
            }

            if (any)
            {
                lastReceipt = Stopwatch.GetTimestamp();
            }

            if (ackBytes > 0)
            {
                sub.Send(acks, 0, ackBytes);
            }
        }

        return lastReceipt;
    }

    // End-to-end flow control of a closed-loop fan-in run: the subscriber counts deliveries per publisher (single
    // writer), a publisher may run at most Window messages ahead of them. Window 0 = open loop (never waits).
    private sealed class Flow
    {
        private readonly long[] _delivered;
        private readonly long[] _writtenOff;

        public Flow(long[] delivered, int window)
        {
            _delivered = delivered;
            _writtenOff = new long[delivered.Length];
            Window = window;
        }

        public int Window { get; }

        // Messages publisher `index` may still send after `sent`.
        public int Room(int index, long sent)
            => Window <= 0 ? int.MaxValue : (int)Math.Max(0, Window - (sent - Volatile.Read(ref _delivered[index]) - _writtenOff[index]));

        // Waits until sending up to `upTo` messages stays within the window; false at the deadline. When deliveries
        // stop for QuiescenceMs the missing ones are written off (the broker lost them; the run counts them as lost).
        public bool WaitForRoom(int index, long upTo, long deadline)
        {
            if (Window <= 0)
            {
                return true;
            }

            var spin = new SpinWait();
            long seen = Volatile.Read(ref _delivered[index]);
            long since = Stopwatch.GetTimestamp();
            while (true)
            {
                long d = Volatile.Read(ref _delivered[index]);
                long excess = upTo - d - _writtenOff[index] - Window;
                if (excess <= 0)
                {
                    return true;
                }

                long now = Stopwatch.GetTimestamp();
                if (now > deadline)
                {
                    return false;
                }

                if (d != seen)
                {
                    seen = d;
                    since = now;
                }
                else if (now - since > QuiescenceMs * Stopwatch.Frequency / 1000)
                {
                    _writtenOff[index] += excess;
                    return true;
                }

                spin.SpinOnce();
            }
        }
    }

    private static void InterlockedMin(ref long target, long value)
    {
        long current = Volatile.Read(ref target);
        while (value < current)
        {
            long seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current = Volatile.Read(ref target);
        while (value > current)
        {
            long seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
