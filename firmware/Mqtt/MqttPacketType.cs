namespace NanoNode.Mqtt
{
    /// <summary>MQTT 3.1.1 control packet types: the high nibble of the fixed header's first byte (§2.2.1). 0 is reserved; 15 is reserved in 3.1.1 and AUTH in 5.0.</summary>
    public enum MqttPacketType
    {
        /// <summary>Reserved (§2.2.1); never valid on the wire. Also the "nothing decoded" value of <see cref="MqttPacket.Type"/>.</summary>
        None = 0,

        /// <summary>CONNECT, client → server (§3.1).</summary>
        Connect = 1,

        /// <summary>CONNACK, server → client (§3.2).</summary>
        ConnAck = 2,

        /// <summary>PUBLISH, both directions (§3.3).</summary>
        Publish = 3,

        /// <summary>PUBACK, both directions (§3.4).</summary>
        PubAck = 4,

        /// <summary>PUBREC, both directions (§3.5).</summary>
        PubRec = 5,

        /// <summary>PUBREL, both directions, flags 0010 (§3.6).</summary>
        PubRel = 6,

        /// <summary>PUBCOMP, both directions (§3.7).</summary>
        PubComp = 7,

        /// <summary>SUBSCRIBE, client → server, flags 0010 (§3.8).</summary>
        Subscribe = 8,

        /// <summary>SUBACK, server → client (§3.9).</summary>
        SubAck = 9,

        /// <summary>UNSUBSCRIBE, client → server, flags 0010 (§3.10).</summary>
        Unsubscribe = 10,

        /// <summary>UNSUBACK, server → client (§3.11).</summary>
        UnsubAck = 11,

        /// <summary>PINGREQ, client → server (§3.12).</summary>
        PingReq = 12,

        /// <summary>PINGRESP, server → client (§3.13).</summary>
        PingResp = 13,

        /// <summary>DISCONNECT, client → server in 3.1.1 (§3.14); both directions in MQTT 5.0 (§3.14 of 5.0).</summary>
        Disconnect = 14,

        /// <summary>AUTH, both directions, MQTT 5.0 only (§3.15 of 5.0). Reserved in 3.1.1: the 3.1.1 decoder rejects it.</summary>
        Auth = 15,
    }

    /// <summary>Which end of the connection decodes: decides which packet types are acceptable (§2.2.1 "direction of flow").</summary>
    public enum MqttRole
    {
        /// <summary>Accept every packet type (tools, sniffers, tests).</summary>
        Any = 0,

        /// <summary>The client: accepts CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, PINGRESP.</summary>
        Client = 1,

        /// <summary>The server (broker): accepts CONNECT, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, DISCONNECT.</summary>
        Server = 2,
    }
}
