using System.Collections;
using NanoNode.Device.Config;
using NanoNode.Device.Node;

namespace NanoNode.Device.Tests.Node
{
    /// <summary>One message the fake link was asked to publish (copied; tests may allocate).</summary>
    public sealed class Sent
    {
        /// <summary>Topic.</summary>
        public string Topic;

        /// <summary>Payload as text.</summary>
        public string Payload;

        /// <summary>QoS.</summary>
        public int Qos;

        /// <summary>Retain flag.</summary>
        public bool Retain;
    }

    /// <summary>An <see cref="IDeviceLink"/> that records publishes and reconnect requests; the test drives the connection.</summary>
    public sealed class FakeLink : IDeviceLink
    {
        /// <summary>Everything published, in order.</summary>
        public readonly ArrayList Messages = new ArrayList();

        /// <summary>Connection state reported.</summary>
        public bool Connected = true;

        /// <summary>Connections so far.</summary>
        public int Connects = 1;

        /// <summary>Reconnect requests.</summary>
        public int Reconnects;

        /// <summary>broker_host of the last reconnect request.</summary>
        public string ReconnectHost;

        /// <summary>When false, publishes are refused.</summary>
        public bool Accept = true;

        /// <inheritdoc />
        public bool IsConnected
        {
            get { return Connected; }
        }

        /// <inheritdoc />
        public int ConnectCount
        {
            get { return Connects; }
        }

        /// <summary>Reported as <see cref="IDeviceLink.LastError"/> (set by the test; cleared by Reconnect).</summary>
        public string Error;

        /// <inheritdoc />
        public string LastError
        {
            get { return Error; }
        }

        /// <summary>Reported as <see cref="IDeviceLink.Broker"/>.</summary>
        public string BrokerName = "fake:1883";

        /// <summary>Link statistics (the test sets the QoS cap and records ends as the real link would).</summary>
        public readonly LinkStats LinkStats = new LinkStats();

        /// <inheritdoc />
        public string Broker
        {
            get { return BrokerName; }
        }

        /// <inheritdoc />
        public LinkStats Stats
        {
            get { return LinkStats; }
        }

        /// <inheritdoc />
        public bool Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int payloadOffset, int payloadLength, int qos, bool retain)
        {
            if (!Accept)
            {
                return false;
            }

            Sent s = new Sent();
            s.Topic = Text.String(topic, topicOffset, topicLength);
            s.Payload = Text.String(payload, payloadOffset, payloadLength);
            s.Qos = qos;
            s.Retain = retain;
            Messages.Add(s);
            return true;
        }

        /// <inheritdoc />
        public void Reconnect(DeviceConfig config)
        {
            Reconnects++;
            Connected = false;
            Error = null;
            ReconnectHost = config.GetString(ConfigSchema.BrokerHost);
        }

        /// <summary>The link comes up (a new CONNACK).</summary>
        public void Up()
        {
            Connected = true;
            Connects++;
        }

        /// <summary>Messages published on <paramref name="topic"/>.</summary>
        public int Count(string topic)
        {
            int n = 0;
            foreach (Sent s in Messages)
            {
                if (s.Topic == topic)
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>The last message on <paramref name="topic"/>, or null.</summary>
        public Sent Last(string topic)
        {
            Sent last = null;
            foreach (Sent s in Messages)
            {
                if (s.Topic == topic)
                {
                    last = s;
                }
            }

            return last;
        }
    }
}
