namespace NanoNode.Mqtt.Tests.Codec
{
    /// <summary>
    /// Golden MQTT 3.1.1 packets, each with how it was obtained.
    /// "Captured": Debian mosquitto 2.0.11 on 127.0.0.1 (config: listener $PORT 127.0.0.1, allow_anonymous true,
    /// persistence false) with mosquitto_pub / mosquitto_sub 2.0.11, recorded by
    /// <c>tshark -i lo -f "tcp port $PORT" -w cap.pcapng</c> and split into packets from
    /// <c>tshark -r cap.pcapng -Y "tcp.len>0" -T fields -e tcp.srcport -e tcp.dstport -e tcp.payload</c>
    /// (script: tests/Mqtt.Tests/Codec/capture-golden.sh). The client commands ran one after another in one capture.
    /// "By hand": written from the figures of the OASIS MQTT 3.1.1 specification, as cited per vector.
    /// </summary>
    public static class GoldenVectors
    {
        /// <summary>CONNECT, client id "nn-golden-pub", clean session, keep alive 60, will QoS 1 retained "nanonode/dev1/status" = "offline", user "nanouser", password "s3cret" (flags 0xEE).</summary>
        /// <remarks>Captured, client → broker: mosquitto_pub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-pub -u nanouser -P s3cret --will-topic nanonode/dev1/status --will-payload offline --will-qos 1 --will-retain -t nanonode/dev1/telemetry -m '{"t":21.5}' -q 0 -r</remarks>
        public static readonly byte[] ConnectWillCredentials = new byte[]
        {
            0x10, 0x4A, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x04, 0xEE, 0x00, 0x3C, 0x00, 0x0D, 0x6E, 0x6E,
            0x2D, 0x67, 0x6F, 0x6C, 0x64, 0x65, 0x6E, 0x2D, 0x70, 0x75, 0x62, 0x00, 0x14, 0x6E, 0x61, 0x6E,
            0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76, 0x31, 0x2F, 0x73, 0x74, 0x61, 0x74, 0x75,
            0x73, 0x00, 0x07, 0x6F, 0x66, 0x66, 0x6C, 0x69, 0x6E, 0x65, 0x00, 0x08, 0x6E, 0x61, 0x6E, 0x6F,
            0x75, 0x73, 0x65, 0x72, 0x00, 0x06, 0x73, 0x33, 0x63, 0x72, 0x65, 0x74,
        };

        /// <summary>CONNACK, session present 0, return code 0 (accepted).</summary>
        /// <remarks>Captured, broker → client, answer to every CONNECT of the runs below (all four identical).</remarks>
        public static readonly byte[] ConnAckAccepted = new byte[]
        {
            0x20, 0x02, 0x00, 0x00,
        };

        /// <summary>PUBLISH QoS 0, RETAIN, topic "nanonode/dev1/telemetry", payload '{"t":21.5}'.</summary>
        /// <remarks>Captured, client → broker: mosquitto_pub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-pub -u nanouser -P s3cret --will-topic nanonode/dev1/status --will-payload offline --will-qos 1 --will-retain -t nanonode/dev1/telemetry -m '{"t":21.5}' -q 0 -r</remarks>
        public static readonly byte[] PublishQos0Retain = new byte[]
        {
            0x31, 0x23, 0x00, 0x17, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76,
            0x31, 0x2F, 0x74, 0x65, 0x6C, 0x65, 0x6D, 0x65, 0x74, 0x72, 0x79, 0x7B, 0x22, 0x74, 0x22, 0x3A,
            0x32, 0x31, 0x2E, 0x35, 0x7D,
        };

        /// <summary>DISCONNECT.</summary>
        /// <remarks>Captured, client → broker, end of every mosquitto_pub/mosquitto_sub run above.</remarks>
        public static readonly byte[] Disconnect = new byte[]
        {
            0xE0, 0x00,
        };

        /// <summary>CONNECT, client id "nn-golden-q1", clean session, keep alive 60, no will, no credentials (flags 0x02).</summary>
        /// <remarks>Captured, client → broker: mosquitto_pub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-q1 -t nanonode/dev1/info -m 'v1' -q 1 -r</remarks>
        public static readonly byte[] ConnectMinimal = new byte[]
        {
            0x10, 0x18, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3C, 0x00, 0x0C, 0x6E, 0x6E,
            0x2D, 0x67, 0x6F, 0x6C, 0x64, 0x65, 0x6E, 0x2D, 0x71, 0x31,
        };

        /// <summary>PUBLISH QoS 1, RETAIN, packet id 1, topic "nanonode/dev1/info", payload "v1". Same bytes broker → client when mosquitto_sub got the retained message.</summary>
        /// <remarks>Captured, client → broker: mosquitto_pub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-q1 -t nanonode/dev1/info -m 'v1' -q 1 -r (and broker → client during: mosquitto_sub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-sub -k 5 -q 1 -t 'nanonode/+/info' -t 'nanonode/all/#' -t 'sensors/temp' -U 'old/filter' -U 'legacy/+/x' -W 8 -v)</remarks>
        public static readonly byte[] PublishQos1Retain = new byte[]
        {
            0x33, 0x18, 0x00, 0x12, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76,
            0x31, 0x2F, 0x69, 0x6E, 0x66, 0x6F, 0x00, 0x01, 0x76, 0x31,
        };

        /// <summary>PUBACK, packet id 1.</summary>
        /// <remarks>Captured, broker → client: mosquitto_pub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-q1 -t nanonode/dev1/info -m 'v1' -q 1 -r</remarks>
        public static readonly byte[] PubAck = new byte[]
        {
            0x40, 0x02, 0x00, 0x01,
        };

        /// <summary>PUBLISH QoS 2, packet id 1, topic "nanonode/dev1/config", payload '{"rev":7}'.</summary>
        /// <remarks>Captured, client → broker: mosquitto_pub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-q2 -t nanonode/dev1/config -m '{"rev":7}' -q 2</remarks>
        public static readonly byte[] PublishQos2 = new byte[]
        {
            0x34, 0x21, 0x00, 0x14, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76,
            0x31, 0x2F, 0x63, 0x6F, 0x6E, 0x66, 0x69, 0x67, 0x00, 0x01, 0x7B, 0x22, 0x72, 0x65, 0x76, 0x22,
            0x3A, 0x37, 0x7D,
        };

        /// <summary>PUBREC, packet id 1.</summary>
        /// <remarks>Captured, broker → client: mosquitto_pub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-q2 -t nanonode/dev1/config -m '{"rev":7}' -q 2</remarks>
        public static readonly byte[] PubRec = new byte[]
        {
            0x50, 0x02, 0x00, 0x01,
        };

        /// <summary>PUBREL, packet id 1 (flags 0010, [MQTT-3.6.1-1]).</summary>
        /// <remarks>Captured, client → broker: mosquitto_pub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-q2 -t nanonode/dev1/config -m '{"rev":7}' -q 2</remarks>
        public static readonly byte[] PubRel = new byte[]
        {
            0x62, 0x02, 0x00, 0x01,
        };

        /// <summary>PUBCOMP, packet id 1.</summary>
        /// <remarks>Captured, broker → client: mosquitto_pub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-q2 -t nanonode/dev1/config -m '{"rev":7}' -q 2</remarks>
        public static readonly byte[] PubComp = new byte[]
        {
            0x70, 0x02, 0x00, 0x01,
        };

        /// <summary>CONNECT, client id "nn-golden-sub", clean session, keep alive 5.</summary>
        /// <remarks>Captured, client → broker: mosquitto_sub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-sub -k 5 -q 1 -t 'nanonode/+/info' -t 'nanonode/all/#' -t 'sensors/temp' -U 'old/filter' -U 'legacy/+/x' -W 8 -v</remarks>
        public static readonly byte[] ConnectKeepAlive5 = new byte[]
        {
            0x10, 0x19, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x05, 0x00, 0x0D, 0x6E, 0x6E,
            0x2D, 0x67, 0x6F, 0x6C, 0x64, 0x65, 0x6E, 0x2D, 0x73, 0x75, 0x62,
        };

        /// <summary>SUBSCRIBE packet id 1: "nanonode/+/info" QoS 1, "nanonode/all/#" QoS 1, "sensors/temp" QoS 1.</summary>
        /// <remarks>Captured, client → broker: mosquitto_sub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-sub -k 5 -q 1 -t 'nanonode/+/info' -t 'nanonode/all/#' -t 'sensors/temp' -U 'old/filter' -U 'legacy/+/x' -W 8 -v</remarks>
        public static readonly byte[] SubscribeThreeFilters = new byte[]
        {
            0x82, 0x34, 0x00, 0x01, 0x00, 0x0F, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x2B,
            0x2F, 0x69, 0x6E, 0x66, 0x6F, 0x01, 0x00, 0x0E, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65,
            0x2F, 0x61, 0x6C, 0x6C, 0x2F, 0x23, 0x01, 0x00, 0x0C, 0x73, 0x65, 0x6E, 0x73, 0x6F, 0x72, 0x73,
            0x2F, 0x74, 0x65, 0x6D, 0x70, 0x01,
        };

        /// <summary>SUBACK packet id 1, return codes 1, 1, 1.</summary>
        /// <remarks>Captured, broker → client: mosquitto_sub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-sub -k 5 -q 1 -t 'nanonode/+/info' -t 'nanonode/all/#' -t 'sensors/temp' -U 'old/filter' -U 'legacy/+/x' -W 8 -v</remarks>
        public static readonly byte[] SubAckThreeGranted = new byte[]
        {
            0x90, 0x05, 0x00, 0x01, 0x01, 0x01, 0x01,
        };

        /// <summary>UNSUBSCRIBE packet id 2: "old/filter".</summary>
        /// <remarks>Captured, client → broker: mosquitto_sub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-sub -k 5 -q 1 -t 'nanonode/+/info' -t 'nanonode/all/#' -t 'sensors/temp' -U 'old/filter' -U 'legacy/+/x' -W 8 -v (the first -U)</remarks>
        public static readonly byte[] UnsubscribeOldFilter = new byte[]
        {
            0xA2, 0x0E, 0x00, 0x02, 0x00, 0x0A, 0x6F, 0x6C, 0x64, 0x2F, 0x66, 0x69, 0x6C, 0x74, 0x65, 0x72,
        };

        /// <summary>UNSUBSCRIBE packet id 3: "legacy/+/x".</summary>
        /// <remarks>Captured, client → broker: mosquitto_sub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-sub -k 5 -q 1 -t 'nanonode/+/info' -t 'nanonode/all/#' -t 'sensors/temp' -U 'old/filter' -U 'legacy/+/x' -W 8 -v (the second -U)</remarks>
        public static readonly byte[] UnsubscribeWildcardFilter = new byte[]
        {
            0xA2, 0x0E, 0x00, 0x03, 0x00, 0x0A, 0x6C, 0x65, 0x67, 0x61, 0x63, 0x79, 0x2F, 0x2B, 0x2F, 0x78,
        };

        /// <summary>UNSUBACK packet id 2.</summary>
        /// <remarks>Captured, broker → client: mosquitto_sub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-sub -k 5 -q 1 -t 'nanonode/+/info' -t 'nanonode/all/#' -t 'sensors/temp' -U 'old/filter' -U 'legacy/+/x' -W 8 -v</remarks>
        public static readonly byte[] UnsubAck = new byte[]
        {
            0xB0, 0x02, 0x00, 0x02,
        };

        /// <summary>PINGREQ.</summary>
        /// <remarks>Captured, client → broker, sent by mosquitto_sub after its 5 s keep alive: mosquitto_sub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-sub -k 5 -q 1 -t 'nanonode/+/info' -t 'nanonode/all/#' -t 'sensors/temp' -U 'old/filter' -U 'legacy/+/x' -W 8 -v</remarks>
        public static readonly byte[] PingReq = new byte[]
        {
            0xC0, 0x00,
        };

        /// <summary>PINGRESP.</summary>
        /// <remarks>Captured, broker → client: mosquitto_sub -h 127.0.0.1 -p $PORT -V mqttv311 -i nn-golden-sub -k 5 -q 1 -t 'nanonode/+/info' -t 'nanonode/all/#' -t 'sensors/temp' -U 'old/filter' -U 'legacy/+/x' -W 8 -v</remarks>
        public static readonly byte[] PingResp = new byte[]
        {
            0xD0, 0x00,
        };

        /// <summary>CONNECT with the variable header of the spec's example (protocol "MQTT", level 4, flags 0xCE = user name, password, will QoS 1, will flag, clean session; keep alive 10), payload client id "nn", will topic "w", will message "bye", user "u", password "p".</summary>
        /// <remarks>By hand: fixed header 0x10 + remaining length 28 (10 + 4 + 3 + 5 + 3 + 3), variable header from MQTT 3.1.1 §3.1.2.10 Figure 3.6 (non-normative example), payload fields in the order of [MQTT-3.1.3-1].</remarks>
        public static readonly byte[] SpecConnect = new byte[]
        {
            0x10, 0x1C, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x04, 0xCE, 0x00, 0x0A, 0x00, 0x02, 0x6E, 0x6E,
            0x00, 0x01, 0x77, 0x00, 0x03, 0x62, 0x79, 0x65, 0x00, 0x01, 0x75, 0x00, 0x01, 0x70,
        };

        /// <summary>CONNACK return code 0x01 (unacceptable protocol level), session present 0.</summary>
        /// <remarks>By hand: §3.2 Figure 3.8 / table 3.1, the answer a server sends for [MQTT-3.1.2-2].</remarks>
        public static readonly byte[] SpecConnAckRefusedProtocol = new byte[]
        {
            0x20, 0x02, 0x00, 0x01,
        };

        /// <summary>PUBLISH QoS 1, topic "a/b", packet id 10, payload "hi".</summary>
        /// <remarks>By hand: variable header from MQTT 3.1.1 §3.3.2.3 Figure 3.11 (topic "a/b", packet id 10), fixed header 0x32 + remaining length 9, payload "hi".</remarks>
        public static readonly byte[] SpecPublishQos1 = new byte[]
        {
            0x32, 0x09, 0x00, 0x03, 0x61, 0x2F, 0x62, 0x00, 0x0A, 0x68, 0x69,
        };

        /// <summary>SUBSCRIBE packet id 10: "a/b" QoS 1, "c/d" QoS 2.</summary>
        /// <remarks>By hand: MQTT 3.1.1 §3.8.3.1 Figure 3.22 (payload example) + Figure 3.20 variable header (packet id 10), fixed header 0x82 + 14.</remarks>
        public static readonly byte[] SpecSubscribe = new byte[]
        {
            0x82, 0x0E, 0x00, 0x0A, 0x00, 0x03, 0x61, 0x2F, 0x62, 0x01, 0x00, 0x03, 0x63, 0x2F, 0x64, 0x02,
        };

        /// <summary>SUBACK packet id 10: return codes 0x00, 0x02, 0x80 (failure).</summary>
        /// <remarks>By hand: MQTT 3.1.1 §3.9.3 Figure 3.26 (payload example) with packet id 10, fixed header 0x90 + 5.</remarks>
        public static readonly byte[] SpecSubAck = new byte[]
        {
            0x90, 0x05, 0x00, 0x0A, 0x00, 0x02, 0x80,
        };

        /// <summary>UNSUBSCRIBE packet id 10: "a/b", "c/d".</summary>
        /// <remarks>By hand: MQTT 3.1.1 §3.10.3.1 Figure 3.30 (payload example) with packet id 10, fixed header 0xA2 + 12.</remarks>
        public static readonly byte[] SpecUnsubscribe = new byte[]
        {
            0xA2, 0x0C, 0x00, 0x0A, 0x00, 0x03, 0x61, 0x2F, 0x62, 0x00, 0x03, 0x63, 0x2F, 0x64,
        };

    }
}
