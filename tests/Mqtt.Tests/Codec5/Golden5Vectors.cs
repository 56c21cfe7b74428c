namespace NanoNode.Mqtt.Tests.Codec5
{
    /// <summary>
    /// Golden MQTT 5.0 packets, each with how it was obtained.
    /// "Captured": Debian mosquitto 2.0.11 on 127.0.0.1 (config: listener $PORT 127.0.0.1, allow_anonymous true,
    /// persistence false, max_packet_size 65536) with mosquitto_pub / mosquitto_sub 2.0.11 (-V mqttv5) and
    /// paho-python 1.6.1 (protocol=MQTTv5), each client connected through a TCP tap that relays to the broker and
    /// records the bytes of both directions: tests/Mqtt.Tests/Codec5/capture-golden5.py (scenarios A..G); its full output
    /// of the run these vectors come from is tests/Mqtt.Tests/Codec5/golden5-capture.txt.
    /// "By hand": written from the MQTT Version 5.0 OASIS Standard (2019), as cited per vector.
    /// </summary>
    public static class Golden5Vectors
    {
        /// <summary>CONNECT v5, client id "nn5-pub", clean start, keep alive 30, flags 0xEE (will QoS 1 retained, user, password); properties: Receive Maximum 10, Maximum Packet Size 4096, Topic Alias Maximum 5, User Property site=lab, Session Expiry Interval 120; will properties: Will Delay Interval 5, Content Type "text/plain", Message Expiry Interval 600, Payload Format Indicator 1; will topic "nanonode/dev1/status" = "offline"; user "nanouser", password "s3cret".</summary>
        /// <remarks>Captured, client → broker: mosquitto_pub -V mqttv5 -i nn5-pub -u nanouser -P s3cret -k 30 -x 120 -D connect receive-maximum 10 -D connect maximum-packet-size 4096 -D connect topic-alias-maximum 5 -D connect user-property site lab --will-topic nanonode/dev1/status --will-payload offline --will-qos 1 --will-retain -D will will-delay-interval 5 -D will content-type text/plain -D will message-expiry-interval 600 -D will payload-format-indicator 1 -t nanonode/dev1/telemetry -m '{"t":21.5}' -q 1 -D publish content-type application/json -D publish message-expiry-interval 300 -D publish payload-format-indicator 1 -D publish response-topic nanonode/dev1/reply -D publish correlation-data c0ffee -D publish user-property unit C -D publish topic-alias 1</remarks>
        public static readonly byte[] ConnectAllProperties = new byte[]
        {
            0x10, 0x7B, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x05, 0xEE, 0x00, 0x1E, 0x1C, 0x21, 0x00, 0x0A,
            0x27, 0x00, 0x00, 0x10, 0x00, 0x22, 0x00, 0x05, 0x26, 0x00, 0x04, 0x73, 0x69, 0x74, 0x65, 0x00,
            0x03, 0x6C, 0x61, 0x62, 0x11, 0x00, 0x00, 0x00, 0x78, 0x00, 0x07, 0x6E, 0x6E, 0x35, 0x2D, 0x70,
            0x75, 0x62, 0x19, 0x18, 0x00, 0x00, 0x00, 0x05, 0x03, 0x00, 0x0A, 0x74, 0x65, 0x78, 0x74, 0x2F,
            0x70, 0x6C, 0x61, 0x69, 0x6E, 0x02, 0x00, 0x00, 0x02, 0x58, 0x01, 0x01, 0x00, 0x14, 0x6E, 0x61,
            0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76, 0x31, 0x2F, 0x73, 0x74, 0x61, 0x74,
            0x75, 0x73, 0x00, 0x07, 0x6F, 0x66, 0x66, 0x6C, 0x69, 0x6E, 0x65, 0x00, 0x08, 0x6E, 0x61, 0x6E,
            0x6F, 0x75, 0x73, 0x65, 0x72, 0x00, 0x06, 0x73, 0x33, 0x63, 0x72, 0x65, 0x74,
        };

        /// <summary>CONNACK v5, session present 0, reason 0x00; properties: Topic Alias Maximum 10, Maximum Packet Size 65536, Receive Maximum 20 (Mosquitto's answer to every accepted CONNECT with a client id; broker config max_packet_size 65536).</summary>
        /// <remarks>Captured, broker → client, every accepted CONNECT of scenarios A, B, C, E, F, G</remarks>
        public static readonly byte[] ConnAckProperties = new byte[]
        {
            0x20, 0x0E, 0x00, 0x00, 0x0B, 0x22, 0x00, 0x0A, 0x27, 0x00, 0x01, 0x00, 0x00, 0x21, 0x00, 0x14,
        };

        /// <summary>PUBLISH v5 QoS 1, packet id 1, topic "nanonode/dev1/telemetry"; properties: Content Type "application/json", Message Expiry Interval 300, Payload Format Indicator 1, Response Topic "nanonode/dev1/reply", Correlation Data "c0ffee" (6 bytes), User Property unit=C, Topic Alias 1; payload '{"t":21.5}'.</summary>
        /// <remarks>Captured, client → broker: mosquitto_pub -V mqttv5 -i nn5-pub -u nanouser -P s3cret -k 30 -x 120 -D connect receive-maximum 10 -D connect maximum-packet-size 4096 -D connect topic-alias-maximum 5 -D connect user-property site lab --will-topic nanonode/dev1/status --will-payload offline --will-qos 1 --will-retain -D will will-delay-interval 5 -D will content-type text/plain -D will message-expiry-interval 600 -D will payload-format-indicator 1 -t nanonode/dev1/telemetry -m '{"t":21.5}' -q 1 -D publish content-type application/json -D publish message-expiry-interval 300 -D publish payload-format-indicator 1 -D publish response-topic nanonode/dev1/reply -D publish correlation-data c0ffee -D publish user-property unit C -D publish topic-alias 1</remarks>
        public static readonly byte[] PublishQos1AllProperties = new byte[]
        {
            0x32, 0x6C, 0x00, 0x17, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76,
            0x31, 0x2F, 0x74, 0x65, 0x6C, 0x65, 0x6D, 0x65, 0x74, 0x72, 0x79, 0x00, 0x01, 0x46, 0x03, 0x00,
            0x10, 0x61, 0x70, 0x70, 0x6C, 0x69, 0x63, 0x61, 0x74, 0x69, 0x6F, 0x6E, 0x2F, 0x6A, 0x73, 0x6F,
            0x6E, 0x02, 0x00, 0x00, 0x01, 0x2C, 0x01, 0x01, 0x08, 0x00, 0x13, 0x6E, 0x61, 0x6E, 0x6F, 0x6E,
            0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76, 0x31, 0x2F, 0x72, 0x65, 0x70, 0x6C, 0x79, 0x09, 0x00,
            0x06, 0x63, 0x30, 0x66, 0x66, 0x65, 0x65, 0x26, 0x00, 0x04, 0x75, 0x6E, 0x69, 0x74, 0x00, 0x01,
            0x43, 0x23, 0x00, 0x01, 0x7B, 0x22, 0x74, 0x22, 0x3A, 0x32, 0x31, 0x2E, 0x35, 0x7D,
        };

        /// <summary>PUBACK v5, packet id 1, reason 0x10 No matching subscribers, no property section (remaining length 3, §3.4.2.2).</summary>
        /// <remarks>Captured, broker → client: mosquitto_pub -V mqttv5 -i nn5-pub -u nanouser -P s3cret -k 30 -x 120 -D connect receive-maximum 10 -D connect maximum-packet-size 4096 -D connect topic-alias-maximum 5 -D connect user-property site lab --will-topic nanonode/dev1/status --will-payload offline --will-qos 1 --will-retain -D will will-delay-interval 5 -D will content-type text/plain -D will message-expiry-interval 600 -D will payload-format-indicator 1 -t nanonode/dev1/telemetry -m '{"t":21.5}' -q 1 -D publish content-type application/json -D publish message-expiry-interval 300 -D publish payload-format-indicator 1 -D publish response-topic nanonode/dev1/reply -D publish correlation-data c0ffee -D publish user-property unit C -D publish topic-alias 1</remarks>
        public static readonly byte[] PubAckNoMatchingSubscribers = new byte[]
        {
            0x40, 0x03, 0x00, 0x01, 0x10,
        };

        /// <summary>DISCONNECT v5, remaining length 0 (reason 0x00 Normal disconnection, §3.14.2.1).</summary>
        /// <remarks>Captured, client → broker, end of every mosquitto_pub/mosquitto_sub run</remarks>
        public static readonly byte[] DisconnectNormal = new byte[]
        {
            0xE0, 0x00,
        };

        /// <summary>SUBSCRIBE v5, packet id 1; properties: Subscription Identifier 7, User Property who=sub; entries "nanonode/+/info" options 0x02, "$share/grp/nanonode/all/#" options 0x02.</summary>
        /// <remarks>Captured, client → broker: mosquitto_sub -V mqttv5 -i nn5-sub -k 5 -q 2 -t 'nanonode/+/info' -t '$share/grp/nanonode/all/#' -D subscribe subscription-identifier 7 -D subscribe user-property who sub -U old/filter -D unsubscribe user-property why cleanup -C 1 -W 4 (after mosquitto_pub -V mqttv5 -i nn5-ret -t nanonode/dev2/info -m v5 -q 1 -r)</remarks>
        public static readonly byte[] SubscribeIdentifierShared = new byte[]
        {
            0x82, 0x3E, 0x00, 0x01, 0x0D, 0x0B, 0x07, 0x26, 0x00, 0x03, 0x77, 0x68, 0x6F, 0x00, 0x03, 0x73,
            0x75, 0x62, 0x00, 0x0F, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x2B, 0x2F, 0x69,
            0x6E, 0x66, 0x6F, 0x02, 0x00, 0x19, 0x24, 0x73, 0x68, 0x61, 0x72, 0x65, 0x2F, 0x67, 0x72, 0x70,
            0x2F, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x61, 0x6C, 0x6C, 0x2F, 0x23, 0x02,
        };

        /// <summary>SUBACK v5, packet id 1, no properties (length 0), reason codes 0x02 0x02.</summary>
        /// <remarks>Captured, broker → client: mosquitto_sub -V mqttv5 -i nn5-sub -k 5 -q 2 -t 'nanonode/+/info' -t '$share/grp/nanonode/all/#' -D subscribe subscription-identifier 7 -D subscribe user-property who sub -U old/filter -D unsubscribe user-property why cleanup -C 1 -W 4 (after mosquitto_pub -V mqttv5 -i nn5-ret -t nanonode/dev2/info -m v5 -q 1 -r)</remarks>
        public static readonly byte[] SubAckGranted2x2 = new byte[]
        {
            0x90, 0x05, 0x00, 0x01, 0x00, 0x02, 0x02,
        };

        /// <summary>PUBLISH v5 QoS 1 RETAIN, packet id 1, topic "nanonode/dev2/info"; properties: Subscription Identifier 7; payload "v5" (the retained message delivered on subscribe).</summary>
        /// <remarks>Captured, broker → client: mosquitto_sub -V mqttv5 -i nn5-sub -k 5 -q 2 -t 'nanonode/+/info' -t '$share/grp/nanonode/all/#' -D subscribe subscription-identifier 7 -D subscribe user-property who sub -U old/filter -D unsubscribe user-property why cleanup -C 1 -W 4 (after mosquitto_pub -V mqttv5 -i nn5-ret -t nanonode/dev2/info -m v5 -q 1 -r)</remarks>
        public static readonly byte[] PublishFromServerWithIdentifier = new byte[]
        {
            0x33, 0x1B, 0x00, 0x12, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76,
            0x32, 0x2F, 0x69, 0x6E, 0x66, 0x6F, 0x00, 0x01, 0x02, 0x0B, 0x07, 0x76, 0x35,
        };

        /// <summary>PUBACK v5, packet id 1, remaining length 2 (reason 0x00, no properties).</summary>
        /// <remarks>Captured, client → broker: mosquitto_sub -V mqttv5 -i nn5-sub -k 5 -q 2 -t 'nanonode/+/info' -t '$share/grp/nanonode/all/#' -D subscribe subscription-identifier 7 -D subscribe user-property who sub -U old/filter -D unsubscribe user-property why cleanup -C 1 -W 4 (after mosquitto_pub -V mqttv5 -i nn5-ret -t nanonode/dev2/info -m v5 -q 1 -r)</remarks>
        public static readonly byte[] PubAckShort = new byte[]
        {
            0x40, 0x02, 0x00, 0x01,
        };

        /// <summary>UNSUBSCRIBE v5, packet id 2; properties: User Property why=cleanup; filter "old/filter".</summary>
        /// <remarks>Captured, client → broker: mosquitto_sub -V mqttv5 -i nn5-sub -k 5 -q 2 -t 'nanonode/+/info' -t '$share/grp/nanonode/all/#' -D subscribe subscription-identifier 7 -D subscribe user-property who sub -U old/filter -D unsubscribe user-property why cleanup -C 1 -W 4 (after mosquitto_pub -V mqttv5 -i nn5-ret -t nanonode/dev2/info -m v5 -q 1 -r)</remarks>
        public static readonly byte[] UnsubscribeUserProperty = new byte[]
        {
            0xA2, 0x1E, 0x00, 0x02, 0x0F, 0x26, 0x00, 0x03, 0x77, 0x68, 0x79, 0x00, 0x07, 0x63, 0x6C, 0x65,
            0x61, 0x6E, 0x75, 0x70, 0x00, 0x0A, 0x6F, 0x6C, 0x64, 0x2F, 0x66, 0x69, 0x6C, 0x74, 0x65, 0x72,
        };

        /// <summary>UNSUBACK v5, packet id 2, no properties, reason 0x11 No subscription existed.</summary>
        /// <remarks>Captured, broker → client: mosquitto_sub -V mqttv5 -i nn5-sub -k 5 -q 2 -t 'nanonode/+/info' -t '$share/grp/nanonode/all/#' -D subscribe subscription-identifier 7 -D subscribe user-property who sub -U old/filter -D unsubscribe user-property why cleanup -C 1 -W 4 (after mosquitto_pub -V mqttv5 -i nn5-ret -t nanonode/dev2/info -m v5 -q 1 -r)</remarks>
        public static readonly byte[] UnsubAckNoSubscriptionExisted = new byte[]
        {
            0xB0, 0x04, 0x00, 0x02, 0x00, 0x11,
        };

        /// <summary>SUBSCRIBE v5, packet id 1; properties: Subscription Identifier 3; entries "nanonode/+/cmd/#" options 0x2E (QoS 2, No Local, Retain As Published, Retain Handling 2), "nanonode/dev3/config/set" options 0x11 (QoS 1, Retain Handling 1).</summary>
        /// <remarks>Captured, client → broker: paho-python 1.6.1 MQTTv5 client 'nn5-paho' (scenario C of capture-golden5.py): subscribe([...SubscribeOptions(qos=2, noLocal=True, retainAsPublished=True, retainHandling=2), SubscribeOptions(qos=1, retainHandling=1)], SubscriptionIdentifier=3)</remarks>
        public static readonly byte[] SubscribeOptions = new byte[]
        {
            0x82, 0x33, 0x00, 0x01, 0x02, 0x0B, 0x03, 0x00, 0x10, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64,
            0x65, 0x2F, 0x2B, 0x2F, 0x63, 0x6D, 0x64, 0x2F, 0x23, 0x2E, 0x00, 0x18, 0x6E, 0x61, 0x6E, 0x6F,
            0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76, 0x33, 0x2F, 0x63, 0x6F, 0x6E, 0x66, 0x69, 0x67,
            0x2F, 0x73, 0x65, 0x74, 0x11,
        };

        /// <summary>SUBACK v5, packet id 1, no properties, reason codes 0x02 0x01.</summary>
        /// <remarks>Captured, broker → client: paho-python 1.6.1 MQTTv5 client 'nn5-paho' (scenario C of capture-golden5.py)</remarks>
        public static readonly byte[] SubAckGranted2x1 = new byte[]
        {
            0x90, 0x05, 0x00, 0x01, 0x00, 0x02, 0x01,
        };

        /// <summary>PUBLISH v5 QoS 2, packet id 1, topic "nanonode/dev3/config/set"; properties: Payload Format Indicator 1, Message Expiry Interval 60, Content Type "application/json", Response Topic "nanonode/dev3/config/ack", Correlation Data 01 02 03 04, User Property rev=8, User Property by=paho; payload '{"rev":8}'.</summary>
        /// <remarks>Captured, client → broker: paho-python 1.6.1 MQTTv5 client 'nn5-paho-pub' publishing QoS 2 with properties (scenario C)</remarks>
        public static readonly byte[] PublishQos2Properties = new byte[]
        {
            0x34, 0x76, 0x00, 0x18, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76,
            0x33, 0x2F, 0x63, 0x6F, 0x6E, 0x66, 0x69, 0x67, 0x2F, 0x73, 0x65, 0x74, 0x00, 0x01, 0x50, 0x01,
            0x01, 0x02, 0x00, 0x00, 0x00, 0x3C, 0x03, 0x00, 0x10, 0x61, 0x70, 0x70, 0x6C, 0x69, 0x63, 0x61,
            0x74, 0x69, 0x6F, 0x6E, 0x2F, 0x6A, 0x73, 0x6F, 0x6E, 0x08, 0x00, 0x18, 0x6E, 0x61, 0x6E, 0x6F,
            0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76, 0x33, 0x2F, 0x63, 0x6F, 0x6E, 0x66, 0x69, 0x67,
            0x2F, 0x61, 0x63, 0x6B, 0x09, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04, 0x26, 0x00, 0x03, 0x72, 0x65,
            0x76, 0x00, 0x01, 0x38, 0x26, 0x00, 0x02, 0x62, 0x79, 0x00, 0x04, 0x70, 0x61, 0x68, 0x6F, 0x7B,
            0x22, 0x72, 0x65, 0x76, 0x22, 0x3A, 0x38, 0x7D,
        };

        /// <summary>PUBREC v5, packet id 1, remaining length 2.</summary>
        /// <remarks>Captured, broker → client: paho-python 1.6.1 MQTTv5 client 'nn5-paho-pub' publishing QoS 2 with properties (scenario C)</remarks>
        public static readonly byte[] PubRecShort = new byte[]
        {
            0x50, 0x02, 0x00, 0x01,
        };

        /// <summary>PUBREL v5, packet id 1, remaining length 2.</summary>
        /// <remarks>Captured, client → broker: paho-python 1.6.1 MQTTv5 client 'nn5-paho-pub' publishing QoS 2 with properties (scenario C)</remarks>
        public static readonly byte[] PubRelShort = new byte[]
        {
            0x62, 0x02, 0x00, 0x01,
        };

        /// <summary>PUBCOMP v5, packet id 1, remaining length 2.</summary>
        /// <remarks>Captured, broker → client: paho-python 1.6.1 MQTTv5 client 'nn5-paho-pub' publishing QoS 2 with properties (scenario C)</remarks>
        public static readonly byte[] PubCompShort = new byte[]
        {
            0x70, 0x02, 0x00, 0x01,
        };

        /// <summary>PUBLISH v5 QoS 1 (granted QoS 1 of subscription 3), packet id 1, topic "nanonode/dev3/config/set"; properties: Subscription Identifier 3, Payload Format Indicator 1, Content Type, Response Topic, Correlation Data, User Property rev=8, User Property by=paho, Message Expiry Interval 60 (Mosquitto re-orders the properties and puts the identifier first).</summary>
        /// <remarks>Captured, broker → client: paho-python 1.6.1 MQTTv5 client 'nn5-paho' (scenario C of capture-golden5.py) (the message of paho-python 1.6.1 MQTTv5 client 'nn5-paho-pub' publishing QoS 2 with properties (scenario C))</remarks>
        public static readonly byte[] PublishFromServerTwoIdentifiersFirst = new byte[]
        {
            0x32, 0x78, 0x00, 0x18, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76,
            0x33, 0x2F, 0x63, 0x6F, 0x6E, 0x66, 0x69, 0x67, 0x2F, 0x73, 0x65, 0x74, 0x00, 0x01, 0x52, 0x0B,
            0x03, 0x01, 0x01, 0x03, 0x00, 0x10, 0x61, 0x70, 0x70, 0x6C, 0x69, 0x63, 0x61, 0x74, 0x69, 0x6F,
            0x6E, 0x2F, 0x6A, 0x73, 0x6F, 0x6E, 0x08, 0x00, 0x18, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64,
            0x65, 0x2F, 0x64, 0x65, 0x76, 0x33, 0x2F, 0x63, 0x6F, 0x6E, 0x66, 0x69, 0x67, 0x2F, 0x61, 0x63,
            0x6B, 0x09, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04, 0x26, 0x00, 0x03, 0x72, 0x65, 0x76, 0x00, 0x01,
            0x38, 0x26, 0x00, 0x02, 0x62, 0x79, 0x00, 0x04, 0x70, 0x61, 0x68, 0x6F, 0x02, 0x00, 0x00, 0x00,
            0x3C, 0x7B, 0x22, 0x72, 0x65, 0x76, 0x22, 0x3A, 0x38, 0x7D,
        };

        /// <summary>PUBLISH v5 QoS 0, topic "nanonode/dev3/config/set"; properties: Subscription Identifier 9 and the same properties as the QoS 1 copy (the second matching subscription gets its own copy).</summary>
        /// <remarks>Captured, broker → client: paho-python 1.6.1 MQTTv5 client 'nn5-paho' (scenario C of capture-golden5.py)</remarks>
        public static readonly byte[] PublishFromServerQos0Identifier9 = new byte[]
        {
            0x30, 0x76, 0x00, 0x18, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F, 0x64, 0x65, 0x76,
            0x33, 0x2F, 0x63, 0x6F, 0x6E, 0x66, 0x69, 0x67, 0x2F, 0x73, 0x65, 0x74, 0x52, 0x0B, 0x09, 0x01,
            0x01, 0x03, 0x00, 0x10, 0x61, 0x70, 0x70, 0x6C, 0x69, 0x63, 0x61, 0x74, 0x69, 0x6F, 0x6E, 0x2F,
            0x6A, 0x73, 0x6F, 0x6E, 0x08, 0x00, 0x18, 0x6E, 0x61, 0x6E, 0x6F, 0x6E, 0x6F, 0x64, 0x65, 0x2F,
            0x64, 0x65, 0x76, 0x33, 0x2F, 0x63, 0x6F, 0x6E, 0x66, 0x69, 0x67, 0x2F, 0x61, 0x63, 0x6B, 0x09,
            0x00, 0x04, 0x01, 0x02, 0x03, 0x04, 0x26, 0x00, 0x03, 0x72, 0x65, 0x76, 0x00, 0x01, 0x38, 0x26,
            0x00, 0x02, 0x62, 0x79, 0x00, 0x04, 0x70, 0x61, 0x68, 0x6F, 0x02, 0x00, 0x00, 0x00, 0x3C, 0x7B,
            0x22, 0x72, 0x65, 0x76, 0x22, 0x3A, 0x38, 0x7D,
        };

        /// <summary>UNSUBACK v5, packet id 3, no properties, reason 0x00.</summary>
        /// <remarks>Captured, broker → client: paho-python 1.6.1 MQTTv5 client 'nn5-paho' (scenario C of capture-golden5.py)</remarks>
        public static readonly byte[] UnsubAckSuccess = new byte[]
        {
            0xB0, 0x04, 0x00, 0x03, 0x00, 0x00,
        };

        /// <summary>DISCONNECT v5, reason 0x04 Disconnect with Will Message; properties: Session Expiry Interval 0, Reason String "done".</summary>
        /// <remarks>Captured, client → broker: paho-python 1.6.1 MQTTv5 client 'nn5-paho' (scenario C of capture-golden5.py): disconnect(reasoncode=Disconnect with will message, SessionExpiryInterval=0, ReasonString='done')</remarks>
        public static readonly byte[] DisconnectWithWillAndProperties = new byte[]
        {
            0xE0, 0x0E, 0x04, 0x0C, 0x11, 0x00, 0x00, 0x00, 0x00, 0x1F, 0x00, 0x04, 0x64, 0x6F, 0x6E, 0x65,
        };

        /// <summary>CONNECT v5, empty client id, clean start, keep alive 20, no properties (length 0).</summary>
        /// <remarks>Captured, client → broker: paho-python 1.6.1 MQTTv5 Client(client_id='') (scenario D)</remarks>
        public static readonly byte[] ConnectEmptyClientId = new byte[]
        {
            0x10, 0x0D, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x05, 0x02, 0x00, 0x14, 0x00, 0x00, 0x00,
        };

        /// <summary>CONNACK v5, reason 0x00; properties: Topic Alias Maximum 10, Assigned Client Identifier "auto-" + a UUID (41 characters), Maximum Packet Size 65536, Receive Maximum 20.</summary>
        /// <remarks>Captured, broker → client: scenario D, answer to ConnectEmptyClientId</remarks>
        public static readonly byte[] ConnAckAssignedClientId = new byte[]
        {
            0x20, 0x3A, 0x00, 0x00, 0x37, 0x22, 0x00, 0x0A, 0x12, 0x00, 0x29, 0x61, 0x75, 0x74, 0x6F, 0x2D,
            0x43, 0x43, 0x31, 0x38, 0x37, 0x33, 0x34, 0x36, 0x2D, 0x31, 0x38, 0x43, 0x38, 0x2D, 0x32, 0x38,
            0x45, 0x30, 0x2D, 0x42, 0x42, 0x32, 0x31, 0x2D, 0x44, 0x38, 0x33, 0x36, 0x45, 0x36, 0x32, 0x37,
            0x45, 0x44, 0x34, 0x33, 0x27, 0x00, 0x01, 0x00, 0x00, 0x21, 0x00, 0x14,
        };

        /// <summary>CONNECT v5, client id "nn5-auth", clean start, keep alive 20; properties: Authentication Method "SCRAM-SHA-1", Authentication Data "n,,n=nano,r=abc", Request Problem Information 1, Request Response Information 1.</summary>
        /// <remarks>Captured, client → broker: paho-python 1.6.1 MQTTv5 with those CONNECT properties (scenario D2)</remarks>
        public static readonly byte[] ConnectAuthenticationMethod = new byte[]
        {
            0x10, 0x39, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x05, 0x02, 0x00, 0x14, 0x24, 0x15, 0x00, 0x0B,
            0x53, 0x43, 0x52, 0x41, 0x4D, 0x2D, 0x53, 0x48, 0x41, 0x2D, 0x31, 0x16, 0x00, 0x0F, 0x6E, 0x2C,
            0x2C, 0x6E, 0x3D, 0x6E, 0x61, 0x6E, 0x6F, 0x2C, 0x72, 0x3D, 0x61, 0x62, 0x63, 0x17, 0x01, 0x19,
            0x01, 0x00, 0x08, 0x6E, 0x6E, 0x35, 0x2D, 0x61, 0x75, 0x74, 0x68,
        };

        /// <summary>CONNACK v5, reason 0x8C Bad authentication method, properties length 0 (Mosquitto has no SCRAM).</summary>
        /// <remarks>Captured, broker → client: answer to ConnectAuthenticationMethod (scenario D2)</remarks>
        public static readonly byte[] ConnAckBadAuthenticationMethod = new byte[]
        {
            0x20, 0x03, 0x00, 0x8C, 0x00,
        };

        /// <summary>DISCONNECT v5 from the server, reason 0x95 Packet too large, remaining length 1 (no property section, §3.14.2.2.1).</summary>
        /// <remarks>Captured, broker → client: paho-python published 70,000 bytes to a broker with max_packet_size 65536 (scenario F)</remarks>
        public static readonly byte[] DisconnectPacketTooLarge = new byte[]
        {
            0xE0, 0x01, 0x95,
        };

        /// <summary>PINGREQ (same in 5.0 as in 3.1.1).</summary>
        /// <remarks>Captured, client → broker: paho-python MQTTv5 keep alive 1 (scenario G)</remarks>
        public static readonly byte[] PingReq = new byte[]
        {
            0xC0, 0x00,
        };

        /// <summary>PINGRESP (same in 5.0 as in 3.1.1).</summary>
        /// <remarks>Captured, broker → client (scenario G)</remarks>
        public static readonly byte[] PingResp = new byte[]
        {
            0xD0, 0x00,
        };

        /// <summary>AUTH, reason 0x18 Continue authentication; properties: Authentication Method "SCRAM-SHA-1", Authentication Data DE AD BE EF.</summary>
        /// <remarks>By hand from §3.15 (fixed header F0, §3.15.1; reason code, §3.15.2.1; properties, §3.15.2.2): Mosquitto 2.0 sends or accepts AUTH only with an authentication plugin, so it cannot be captured from a stock Debian broker.</remarks>
        public static readonly byte[] AuthContinue = new byte[]
        {
            0xF0, 0x17, 0x18, 0x15, 0x15, 0x00, 0x0B, 0x53, 0x43, 0x52, 0x41, 0x4D, 0x2D, 0x53, 0x48, 0x41,
            0x2D, 0x31, 0x16, 0x00, 0x04, 0xDE, 0xAD, 0xBE, 0xEF,
        };

        /// <summary>AUTH, reason 0x00 Success; properties: Authentication Method "SCRAM-SHA-1", Reason String "ok".</summary>
        /// <remarks>By hand from §3.15 (see <see cref="AuthContinue"/>).</remarks>
        public static readonly byte[] AuthSuccess = new byte[]
        {
            0xF0, 0x15, 0x00, 0x13, 0x15, 0x00, 0x0B, 0x53, 0x43, 0x52, 0x41, 0x4D, 0x2D, 0x53, 0x48, 0x41,
            0x2D, 0x31, 0x1F, 0x00, 0x02, 0x6F, 0x6B,
        };

        /// <summary>AUTH, remaining length 0: reason 0x00 Success without properties (§3.15.2.1).</summary>
        /// <remarks>By hand from §3.15.2.1.</remarks>
        public static readonly byte[] AuthShort = new byte[]
        {
            0xF0, 0x00,
        };
    }
}
