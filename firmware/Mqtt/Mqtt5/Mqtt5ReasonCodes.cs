namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 reason codes (§2.4, table 2-6) and which packets may carry each (the reason code tables of §3.2.2.2,
    /// §3.4.2.1, §3.5.2.1, §3.6.2.1, §3.7.2.1, §3.9.3, §3.11.3, §3.14.2.1, §3.15.2.1). Values below 0x80 are success,
    /// 0x80 and above failure. Static, no allocation.
    /// </summary>
    public static class Mqtt5ReasonCodes
    {
        /// <summary>0x00 Success (CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK, AUTH), Normal disconnection (DISCONNECT), Granted QoS 0 (SUBACK).</summary>
        public const int Success = 0x00;

        /// <summary>0x01 Granted QoS 1 (SUBACK).</summary>
        public const int GrantedQos1 = 0x01;

        /// <summary>0x02 Granted QoS 2 (SUBACK).</summary>
        public const int GrantedQos2 = 0x02;

        /// <summary>0x04 Disconnect with Will Message (DISCONNECT from a client).</summary>
        public const int DisconnectWithWillMessage = 0x04;

        /// <summary>0x10 No matching subscribers (PUBACK, PUBREC).</summary>
        public const int NoMatchingSubscribers = 0x10;

        /// <summary>0x11 No subscription existed (UNSUBACK).</summary>
        public const int NoSubscriptionExisted = 0x11;

        /// <summary>0x18 Continue authentication (AUTH).</summary>
        public const int ContinueAuthentication = 0x18;

        /// <summary>0x19 Re-authenticate (AUTH).</summary>
        public const int ReAuthenticate = 0x19;

        /// <summary>0x80 Unspecified error.</summary>
        public const int UnspecifiedError = 0x80;

        /// <summary>0x81 Malformed Packet.</summary>
        public const int MalformedPacket = 0x81;

        /// <summary>0x82 Protocol Error.</summary>
        public const int ProtocolError = 0x82;

        /// <summary>0x83 Implementation specific error.</summary>
        public const int ImplementationSpecificError = 0x83;

        /// <summary>0x84 Unsupported Protocol Version (CONNACK).</summary>
        public const int UnsupportedProtocolVersion = 0x84;

        /// <summary>0x85 Client Identifier not valid (CONNACK).</summary>
        public const int ClientIdentifierNotValid = 0x85;

        /// <summary>0x86 Bad User Name or Password (CONNACK).</summary>
        public const int BadUserNameOrPassword = 0x86;

        /// <summary>0x87 Not authorized.</summary>
        public const int NotAuthorized = 0x87;

        /// <summary>0x88 Server unavailable (CONNACK).</summary>
        public const int ServerUnavailable = 0x88;

        /// <summary>0x89 Server busy.</summary>
        public const int ServerBusy = 0x89;

        /// <summary>0x8A Banned (CONNACK).</summary>
        public const int Banned = 0x8A;

        /// <summary>0x8B Server shutting down (DISCONNECT).</summary>
        public const int ServerShuttingDown = 0x8B;

        /// <summary>0x8C Bad authentication method (CONNACK).</summary>
        public const int BadAuthenticationMethod = 0x8C;

        /// <summary>0x8D Keep Alive timeout (DISCONNECT).</summary>
        public const int KeepAliveTimeout = 0x8D;

        /// <summary>0x8E Session taken over (DISCONNECT).</summary>
        public const int SessionTakenOver = 0x8E;

        /// <summary>0x8F Topic Filter invalid (SUBACK, UNSUBACK, DISCONNECT).</summary>
        public const int TopicFilterInvalid = 0x8F;

        /// <summary>0x90 Topic Name invalid (CONNACK, PUBACK, PUBREC, DISCONNECT).</summary>
        public const int TopicNameInvalid = 0x90;

        /// <summary>0x91 Packet Identifier in use (PUBACK, PUBREC, SUBACK, UNSUBACK).</summary>
        public const int PacketIdentifierInUse = 0x91;

        /// <summary>0x92 Packet Identifier not found (PUBREL, PUBCOMP).</summary>
        public const int PacketIdentifierNotFound = 0x92;

        /// <summary>0x93 Receive Maximum exceeded (DISCONNECT).</summary>
        public const int ReceiveMaximumExceeded = 0x93;

        /// <summary>0x94 Topic Alias invalid (DISCONNECT).</summary>
        public const int TopicAliasInvalid = 0x94;

        /// <summary>0x95 Packet too large (CONNACK, DISCONNECT).</summary>
        public const int PacketTooLarge = 0x95;

        /// <summary>0x96 Message rate too high (DISCONNECT).</summary>
        public const int MessageRateTooHigh = 0x96;

        /// <summary>0x97 Quota exceeded.</summary>
        public const int QuotaExceeded = 0x97;

        /// <summary>0x98 Administrative action (DISCONNECT).</summary>
        public const int AdministrativeAction = 0x98;

        /// <summary>0x99 Payload format invalid.</summary>
        public const int PayloadFormatInvalid = 0x99;

        /// <summary>0x9A Retain not supported (CONNACK, DISCONNECT).</summary>
        public const int RetainNotSupported = 0x9A;

        /// <summary>0x9B QoS not supported (CONNACK, DISCONNECT).</summary>
        public const int QosNotSupported = 0x9B;

        /// <summary>0x9C Use another server (CONNACK, DISCONNECT).</summary>
        public const int UseAnotherServer = 0x9C;

        /// <summary>0x9D Server moved (CONNACK, DISCONNECT).</summary>
        public const int ServerMoved = 0x9D;

        /// <summary>0x9E Shared Subscriptions not supported (SUBACK, DISCONNECT).</summary>
        public const int SharedSubscriptionsNotSupported = 0x9E;

        /// <summary>0x9F Connection rate exceeded (CONNACK, DISCONNECT).</summary>
        public const int ConnectionRateExceeded = 0x9F;

        /// <summary>0xA0 Maximum connect time (DISCONNECT).</summary>
        public const int MaximumConnectTime = 0xA0;

        /// <summary>0xA1 Subscription Identifiers not supported (SUBACK, DISCONNECT).</summary>
        public const int SubscriptionIdentifiersNotSupported = 0xA1;

        /// <summary>0xA2 Wildcard Subscriptions not supported (SUBACK, DISCONNECT).</summary>
        public const int WildcardSubscriptionsNotSupported = 0xA2;

        /// <summary>True for a failure code (0x80 and above, §2.4).</summary>
        public static bool IsFailure(int code)
        {
            return code >= 0x80;
        }

        /// <summary>
        /// True when <paramref name="code"/> is one of the reason codes the packet type may carry (PUBACK...PUBCOMP,
        /// CONNACK, SUBACK, UNSUBACK, DISCONNECT, AUTH; false for any other type). The tables are those of each
        /// packet's section (see the class summary); a code outside them is <see cref="MqttStatus.MalformedReasonCode"/>.
        /// </summary>
        public static bool IsValidFor(MqttPacketType type, int code)
        {
            switch (type)
            {
                case MqttPacketType.ConnAck:
                    return code == Success || code == UnspecifiedError || code == MalformedPacket || code == ProtocolError
                        || code == ImplementationSpecificError || (code >= UnsupportedProtocolVersion && code <= Banned)
                        || code == BadAuthenticationMethod || code == TopicNameInvalid || code == PacketTooLarge
                        || code == QuotaExceeded || (code >= PayloadFormatInvalid && code <= ServerMoved) || code == ConnectionRateExceeded;
                case MqttPacketType.PubAck:
                case MqttPacketType.PubRec:
                    return code == Success || code == NoMatchingSubscribers || code == UnspecifiedError || code == ImplementationSpecificError
                        || code == NotAuthorized || code == TopicNameInvalid || code == PacketIdentifierInUse || code == QuotaExceeded
                        || code == PayloadFormatInvalid;
                case MqttPacketType.PubRel:
                case MqttPacketType.PubComp:
                    return code == Success || code == PacketIdentifierNotFound;
                case MqttPacketType.SubAck:
                    return code == Success || code == GrantedQos1 || code == GrantedQos2 || code == UnspecifiedError
                        || code == ImplementationSpecificError || code == NotAuthorized || code == TopicFilterInvalid
                        || code == PacketIdentifierInUse || code == QuotaExceeded || code == SharedSubscriptionsNotSupported
                        || code == SubscriptionIdentifiersNotSupported || code == WildcardSubscriptionsNotSupported;
                case MqttPacketType.UnsubAck:
                    return code == Success || code == NoSubscriptionExisted || code == UnspecifiedError || code == ImplementationSpecificError
                        || code == NotAuthorized || code == TopicFilterInvalid || code == PacketIdentifierInUse;
                case MqttPacketType.Disconnect:
                    return code == Success || code == DisconnectWithWillMessage || (code >= UnspecifiedError && code <= ImplementationSpecificError)
                        || code == NotAuthorized || code == ServerBusy || code == ServerShuttingDown
                        || (code >= KeepAliveTimeout && code <= TopicNameInvalid) || (code >= ReceiveMaximumExceeded && code <= WildcardSubscriptionsNotSupported);
                case MqttPacketType.Auth:
                    return code == Success || code == ContinueAuthentication || code == ReAuthenticate;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The reason code an MQTT 5 receiver sends (DISCONNECT, or CONNACK during CONNECT) before closing for a decode
        /// status (§4.13): 0x82 Protocol Error for the rules the spec words as "Protocol Error" (duplicate property,
        /// property value, missing Topic Alias, shared subscription syntax); 0x95 Packet too large for <see cref="MqttStatus.TooLarge"/>; 0x94 for <see cref="MqttStatus.TopicAliasInvalid"/>; 0x84 for an unsupported protocol
        /// level; 0x81 Malformed Packet for every other malformed status; 0x00 for <see cref="MqttStatus.Ok"/>;
        /// 0x80 for anything else.
        /// </summary>
        public static int ForStatus(MqttStatus status)
        {
            switch (status)
            {
                case MqttStatus.Ok:
                    return Success;
                case MqttStatus.DuplicateProperty:
                case MqttStatus.InvalidPropertyValue:
                case MqttStatus.MissingTopicAlias:
                case MqttStatus.MalformedSharedSubscription:
                    return ProtocolError;
                case MqttStatus.TooLarge:
                    return PacketTooLarge;
                case MqttStatus.TopicAliasInvalid:
                    return TopicAliasInvalid;
                case MqttStatus.UnacceptableProtocolLevel:
                    return UnsupportedProtocolVersion;
                default:
                    return MqttStatusInfo.IsMalformed(status) ? MalformedPacket : UnspecifiedError;
            }
        }
    }
}
