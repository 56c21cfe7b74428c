using System;
using System.Collections;
using NanoNode.Mqtt.Client;

namespace NanoNode.Mqtt.Tests.Client
{
    /// <summary>One packet the client sent, copied out of the transport.</summary>
    public class SentPacket
    {
        public int Type;
        public int Flags;
        public byte[] Body;

        /// <summary>Packet id in the first two body bytes (acks, SUBSCRIBE, UNSUBSCRIBE).</summary>
        public int FirstId
        {
            get { return (Body[0] << 8) | Body[1]; }
        }

        /// <summary>Packet id of a QoS &gt; 0 PUBLISH (after the topic).</summary>
        public int PublishId
        {
            get
            {
                int tl = (Body[0] << 8) | Body[1];
                return (Body[2 + tl] << 8) | Body[3 + tl];
            }
        }

        /// <summary>Payload of a PUBLISH as ASCII.</summary>
        public string PublishPayload
        {
            get
            {
                int tl = (Body[0] << 8) | Body[1];
                int start = 2 + tl + (((Flags >> 1) & 3) > 0 ? 2 : 0);
                char[] c = new char[Body.Length - start];
                for (int i = 0; i < c.Length; i++)
                {
                    c[i] = (char)Body[start + i];
                }

                return new string(c);
            }
        }
    }

    /// <summary>
    /// A broker script for state-machine tests over <see cref="MemoryTransport"/>: records every packet the client sends
    /// and answers per its switches. Test code (allocates freely); nanoFramework-compatible C#.
    /// </summary>
    public class ScriptedBroker : IMemoryTransportPeer
    {
        public bool AcceptTcp = true;
        public bool AnswerConnect = true;
        public int ConnackCode;
        public bool SessionPresent;
        public bool AnswerPing = true;
        public bool AckPublishes = true;
        public bool AnswerSubscribe = true;
        public int SubackCode = -1;
        public bool CloseAfterConnack;
        public bool Qos2AnsweredWithPuback;
        public ArrayList Sent = new ArrayList();
        public int Connects;
        private readonly byte[] _buf = new byte[8192];
        private MemoryTransport _t;

        public bool OnConnect(MemoryTransport transport)
        {
            _t = transport;
            if (AcceptTcp)
            {
                Connects++;
            }

            return AcceptTcp;
        }

        public void Pump(MemoryTransport transport)
        {
            _t = transport;
            while (true)
            {
                int n = transport.PeerPeek(_buf, 0, _buf.Length);
                if (n < 2)
                {
                    return;
                }

                int rem = 0;
                int mul = 1;
                int i = 1;
                while (true)
                {
                    if (i >= n)
                    {
                        return;
                    }

                    rem += (_buf[i] & 0x7F) * mul;
                    mul *= 128;
                    if ((_buf[i++] & 0x80) == 0)
                    {
                        break;
                    }
                }

                if (n < i + rem)
                {
                    return;
                }

                transport.PeerRead(_buf, 0, i + rem);
                SentPacket p = new SentPacket();
                p.Type = _buf[0] >> 4;
                p.Flags = _buf[0] & 15;
                p.Body = new byte[rem];
                Array.Copy(_buf, i, p.Body, 0, rem);
                Sent.Add(p);
                React(p);
            }
        }

        private void React(SentPacket p)
        {
            switch (p.Type)
            {
                case 1:
                    if (AnswerConnect)
                    {
                        Write(new byte[] { 0x20, 2, (byte)(SessionPresent ? 1 : 0), (byte)ConnackCode });
                        if (CloseAfterConnack)
                        {
                            _t.PeerClose();
                        }
                    }

                    break;
                case 3:
                    int qos = (p.Flags >> 1) & 3;
                    if (AckPublishes && qos > 0)
                    {
                        WriteAck(qos == 1 || Qos2AnsweredWithPuback ? 4 : 5, p.PublishId);
                    }

                    break;
                case 6:
                    if (AckPublishes)
                    {
                        WriteAck(7, p.FirstId);
                    }

                    break;
                case 8:
                    if (AnswerSubscribe)
                    {
                        // Count the filters: each is 2 + len + 1 bytes after the packet id.
                        int count = 0;
                        int pos = 2;
                        byte[] codes = new byte[16];
                        while (pos < p.Body.Length)
                        {
                            int fl = (p.Body[pos] << 8) | p.Body[pos + 1];
                            codes[count++] = (byte)(SubackCode >= 0 ? SubackCode : p.Body[pos + 2 + fl]);
                            pos += 3 + fl;
                        }

                        byte[] suback = new byte[4 + count];
                        suback[0] = 0x90;
                        suback[1] = (byte)(2 + count);
                        suback[2] = p.Body[0];
                        suback[3] = p.Body[1];
                        Array.Copy(codes, 0, suback, 4, count);
                        Write(suback);
                    }

                    break;
                case 10:
                    WriteAck(11, p.FirstId);
                    break;
                case 12:
                    if (AnswerPing)
                    {
                        Write(new byte[] { 0xD0, 0 });
                    }

                    break;
            }
        }

        /// <summary>Queues raw bytes for the client.</summary>
        public void Write(byte[] bytes)
        {
            _t.PeerWrite(bytes, 0, bytes.Length);
        }

        /// <summary>Queues a 4-byte ack packet of <paramref name="type"/> (PUBREL gets flags 0010).</summary>
        public void WriteAck(int type, int id)
        {
            Write(new byte[] { (byte)((type << 4) | (type == 6 ? 2 : 0)), 2, (byte)(id >> 8), (byte)id });
        }

        /// <summary>Queues a PUBLISH with an ASCII topic and payload.</summary>
        public void WritePublish(string topic, string payload, int qos, int id, bool dup)
        {
            Write(BuildPublish(topic, payload, qos, id, dup));
        }

        /// <summary>The bytes of a PUBLISH with an ASCII topic and payload (remaining length below 16,384).</summary>
        public static byte[] BuildPublish(string topic, string payload, int qos, int id, bool dup)
        {
            int rem = 2 + topic.Length + (qos > 0 ? 2 : 0) + payload.Length;
            byte[] b = new byte[1 + (rem < 128 ? 1 : 2) + rem];
            int p = 0;
            b[p++] = (byte)(0x30 | (dup ? 8 : 0) | (qos << 1));
            if (rem < 128)
            {
                b[p++] = (byte)rem;
            }
            else
            {
                b[p++] = (byte)((rem % 128) | 0x80);
                b[p++] = (byte)(rem / 128);
            }

            b[p++] = (byte)(topic.Length >> 8);
            b[p++] = (byte)topic.Length;
            for (int i = 0; i < topic.Length; i++)
            {
                b[p++] = (byte)topic[i];
            }

            if (qos > 0)
            {
                b[p++] = (byte)(id >> 8);
                b[p++] = (byte)id;
            }

            for (int i = 0; i < payload.Length; i++)
            {
                b[p++] = (byte)payload[i];
            }

            return b;
        }

        /// <summary>Queues <paramref name="count"/> bytes of <paramref name="bytes"/> from <paramref name="offset"/>.</summary>
        public void WritePart(byte[] bytes, int offset, int count)
        {
            _t.PeerWrite(bytes, offset, count);
        }

        /// <summary>Packets of <paramref name="type"/> the client sent so far.</summary>
        public int CountOf(int type)
        {
            int n = 0;
            for (int i = 0; i < Sent.Count; i++)
            {
                if (((SentPacket)Sent[i]).Type == type)
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>The <paramref name="k"/>-th packet of <paramref name="type"/> (0-based), or null.</summary>
        public SentPacket Nth(int type, int k)
        {
            for (int i = 0; i < Sent.Count; i++)
            {
                SentPacket p = (SentPacket)Sent[i];
                if (p.Type == type && k-- == 0)
                {
                    return p;
                }
            }

            return null;
        }
    }

    /// <summary>Counts deliveries; keeps the last topic/payload as strings.</summary>
    public class CountingHandler : IMqttMessageHandler
    {
        public int Count;
        public string LastTopic;
        public string LastPayload;
        public int LastQos;
        public bool LastRetain;

        public void OnMessage(byte[] buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength, int qos, bool retain)
        {
            Count++;
            LastTopic = Ascii(buffer, topicOffset, topicLength);
            LastPayload = Ascii(buffer, payloadOffset, payloadLength);
            LastQos = qos;
            LastRetain = retain;
        }

        private static string Ascii(byte[] b, int o, int n)
        {
            char[] c = new char[n];
            for (int i = 0; i < n; i++)
            {
                c[i] = (char)b[o + i];
            }

            return new string(c);
        }
    }

    /// <summary>A <see cref="CountingHandler"/> that is also told about skipped oversized messages.</summary>
    public class OversizeHandler : CountingHandler, IMqttOversizedMessageHandler
    {
        public int Oversized;
        public string OversizedTopic;
        public int OversizedLength = -1;
        public int OversizedQos = -1;
        public bool OversizedRetain;

        public void OnOversizedMessage(byte[] buffer, int topicOffset, int topicLength, int payloadLength, int qos, bool retain)
        {
            Oversized++;
            char[] c = new char[topicLength];
            for (int i = 0; i < topicLength; i++)
            {
                c[i] = (char)buffer[topicOffset + i];
            }

            OversizedTopic = new string(c);
            OversizedLength = payloadLength;
            OversizedQos = qos;
            OversizedRetain = retain;
        }
    }

    /// <summary>A client wired to a scripted broker and a manual clock.</summary>
    public class Rig
    {
        public ManualClock Clock = new ManualClock();
        public ScriptedBroker Broker = new ScriptedBroker();
        public MemoryTransport Transport;
        public MqttClient Client;
        public MqttClientOptions Options = new MqttClientOptions();

        public Rig()
        {
            Options.Timing.JitterSeed = 12345;
            Options.Timing.ReconnectFloorMs = 1000;
            Options.Timing.ReconnectCeilingMs = 8000;
            Options.Timing.KeepAliveSeconds = 10;
            Options.Timing.PingTimeoutMs = 3000;
            Transport = new MemoryTransport(16384, Broker);
        }

        /// <summary>Builds the client (after options were adjusted) and starts it.</summary>
        public Rig Build()
        {
            Client = new MqttClient(Options, Transport, Clock);
            Client.Start();
            return this;
        }

        /// <summary>Polls <paramref name="times"/> times without moving the clock.</summary>
        public MqttStatus Poll(int times)
        {
            MqttStatus last = MqttStatus.Ok;
            for (int i = 0; i < times; i++)
            {
                MqttStatus s = Client.Poll(0);
                if (s != MqttStatus.Ok)
                {
                    last = s;
                }
            }

            return last;
        }

        /// <summary>Moves the clock in <paramref name="stepMs"/> steps up to <paramref name="totalMs"/>, polling at each step.</summary>
        public MqttStatus Run(int totalMs, int stepMs)
        {
            MqttStatus last = MqttStatus.Ok;
            for (int t = 0; t < totalMs; t += stepMs)
            {
                Clock.Advance(stepMs);
                MqttStatus s = Poll(2);
                if (s != MqttStatus.Ok)
                {
                    last = s;
                }
            }

            return last;
        }
    }
}
