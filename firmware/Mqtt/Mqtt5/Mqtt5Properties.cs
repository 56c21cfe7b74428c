namespace NanoNode.Mqtt
{
    /// <summary>
    /// MQTT 5.0 properties (§2.2.2): the identifiers of §2.2.2.2 (table 2-4) with their data type and the packets each
    /// may appear in, and the validation of a property section. A section is "property length (variable byte integer),
    /// then properties"; each property is "identifier (variable byte integer), then a value of the identifier's type".
    /// </summary>
    /// <remarks>
    /// Contexts: a property section belongs to a packet type (<see cref="MqttPacketType"/> value 1..15) or, for the will
    /// properties of CONNECT (§3.1.3.2), to <see cref="WillContext"/> (0). Static, stateless, no allocation.
    /// </remarks>
    public static class Mqtt5Properties
    {
        // ---------------------------------------------------------------- identifiers (§2.2.2.2, table 2-4)

        /// <summary>0x01 Payload Format Indicator, byte 0/1; PUBLISH, will properties (§3.3.2.3.2).</summary>
        public const int PayloadFormatIndicator = 0x01;

        /// <summary>0x02 Message Expiry Interval, four-byte integer, seconds; PUBLISH, will properties (§3.3.2.3.3).</summary>
        public const int MessageExpiryInterval = 0x02;

        /// <summary>0x03 Content Type, UTF-8 string; PUBLISH, will properties (§3.3.2.3.9).</summary>
        public const int ContentType = 0x03;

        /// <summary>0x08 Response Topic, UTF-8 string (a topic name, no wildcards); PUBLISH, will properties (§3.3.2.3.5).</summary>
        public const int ResponseTopic = 0x08;

        /// <summary>0x09 Correlation Data, binary data; PUBLISH, will properties (§3.3.2.3.6).</summary>
        public const int CorrelationData = 0x09;

        /// <summary>0x0B Subscription Identifier, variable byte integer 1..268,435,455; PUBLISH (server → client, may repeat), SUBSCRIBE (§3.8.2.1.2).</summary>
        public const int SubscriptionIdentifier = 0x0B;

        /// <summary>0x11 Session Expiry Interval, four-byte integer, seconds; CONNECT, CONNACK, DISCONNECT (§3.1.2.11.2).</summary>
        public const int SessionExpiryInterval = 0x11;

        /// <summary>0x12 Assigned Client Identifier, UTF-8 string; CONNACK (§3.2.2.3.7).</summary>
        public const int AssignedClientIdentifier = 0x12;

        /// <summary>0x13 Server Keep Alive, two-byte integer, seconds; CONNACK (§3.2.2.3.14).</summary>
        public const int ServerKeepAlive = 0x13;

        /// <summary>0x15 Authentication Method, UTF-8 string; CONNECT, CONNACK, AUTH (§3.1.2.11.9).</summary>
        public const int AuthenticationMethod = 0x15;

        /// <summary>0x16 Authentication Data, binary data; CONNECT, CONNACK, AUTH; only with an Authentication Method (§3.1.2.11.10).</summary>
        public const int AuthenticationData = 0x16;

        /// <summary>0x17 Request Problem Information, byte 0/1; CONNECT (§3.1.2.11.7).</summary>
        public const int RequestProblemInformation = 0x17;

        /// <summary>0x18 Will Delay Interval, four-byte integer, seconds; will properties (§3.1.3.2.2).</summary>
        public const int WillDelayInterval = 0x18;

        /// <summary>0x19 Request Response Information, byte 0/1; CONNECT (§3.1.2.11.6).</summary>
        public const int RequestResponseInformation = 0x19;

        /// <summary>0x1A Response Information, UTF-8 string; CONNACK (§3.2.2.3.15).</summary>
        public const int ResponseInformation = 0x1A;

        /// <summary>0x1C Server Reference, UTF-8 string; CONNACK, DISCONNECT (§3.2.2.3.16).</summary>
        public const int ServerReference = 0x1C;

        /// <summary>0x1F Reason String, UTF-8 string; CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, DISCONNECT, AUTH (§3.2.2.3.9).</summary>
        public const int ReasonString = 0x1F;

        /// <summary>0x21 Receive Maximum, two-byte integer 1..65535; CONNECT, CONNACK (§3.1.2.11.3).</summary>
        public const int ReceiveMaximum = 0x21;

        /// <summary>0x22 Topic Alias Maximum, two-byte integer; CONNECT, CONNACK (§3.1.2.11.5).</summary>
        public const int TopicAliasMaximum = 0x22;

        /// <summary>0x23 Topic Alias, two-byte integer 1..65535; PUBLISH (§3.3.2.3.4).</summary>
        public const int TopicAlias = 0x23;

        /// <summary>0x24 Maximum QoS, byte 0/1 (absent = 2); CONNACK (§3.2.2.3.4).</summary>
        public const int MaximumQos = 0x24;

        /// <summary>0x25 Retain Available, byte 0/1; CONNACK (§3.2.2.3.5).</summary>
        public const int RetainAvailable = 0x25;

        /// <summary>0x26 User Property, UTF-8 string pair; every packet with properties and the will properties; may repeat (§3.1.2.11.8).</summary>
        public const int UserProperty = 0x26;

        /// <summary>0x27 Maximum Packet Size, four-byte integer 1..; CONNECT, CONNACK (§3.1.2.11.4).</summary>
        public const int MaximumPacketSize = 0x27;

        /// <summary>0x28 Wildcard Subscription Available, byte 0/1; CONNACK (§3.2.2.3.11).</summary>
        public const int WildcardSubscriptionAvailable = 0x28;

        /// <summary>0x29 Subscription Identifiers Available, byte 0/1; CONNACK (§3.2.2.3.12).</summary>
        public const int SubscriptionIdentifiersAvailable = 0x29;

        /// <summary>0x2A Shared Subscription Available, byte 0/1; CONNACK (§3.2.2.3.13).</summary>
        public const int SharedSubscriptionAvailable = 0x2A;

        /// <summary>Highest identifier defined by MQTT 5.0; sizes of the per-identifier arrays of <see cref="Mqtt5PropertySet"/> are this + 1.</summary>
        public const int MaxIdentifier = 0x2A;

        // ---------------------------------------------------------------- data types (§1.5)

        /// <summary>Type code: identifier not defined.</summary>
        public const int TypeNone = 0;

        /// <summary>Type code: byte (§1.5.1).</summary>
        public const int TypeByte = 1;

        /// <summary>Type code: two-byte integer (§1.5.2).</summary>
        public const int TypeTwoByteInteger = 2;

        /// <summary>Type code: four-byte integer (§1.5.3).</summary>
        public const int TypeFourByteInteger = 3;

        /// <summary>Type code: variable byte integer (§1.5.5).</summary>
        public const int TypeVariableByteInteger = 4;

        /// <summary>Type code: UTF-8 encoded string (§1.5.4).</summary>
        public const int TypeUtf8String = 5;

        /// <summary>Type code: binary data (§1.5.6).</summary>
        public const int TypeBinary = 6;

        /// <summary>Type code: UTF-8 string pair (§1.5.7).</summary>
        public const int TypeStringPair = 7;

        /// <summary>The context of the will properties in the CONNECT payload (§3.1.3.2); packet sections use their packet type 1..15.</summary>
        public const int WillContext = 0;

        // Bit per context: bit 0 = will properties, bit n = packet type n.
        private const int W = 1 << 0;
        private const int C = 1 << 1;
        private const int CA = 1 << 2;
        private const int P = 1 << 3;
        private const int PA = 1 << 4;
        private const int PREC = 1 << 5;
        private const int PREL = 1 << 6;
        private const int PC = 1 << 7;
        private const int S = 1 << 8;
        private const int SA = 1 << 9;
        private const int U = 1 << 10;
        private const int UA = 1 << 11;
        private const int D = 1 << 14;
        private const int A = 1 << 15;

        /// <summary>The data type code (<see cref="TypeByte"/> ...) of <paramref name="id"/>; <see cref="TypeNone"/> for an undefined identifier.</summary>
        public static int TypeOf(int id)
        {
            switch (id)
            {
                case PayloadFormatIndicator:
                case RequestProblemInformation:
                case RequestResponseInformation:
                case MaximumQos:
                case RetainAvailable:
                case WildcardSubscriptionAvailable:
                case SubscriptionIdentifiersAvailable:
                case SharedSubscriptionAvailable:
                    return TypeByte;
                case ServerKeepAlive:
                case ReceiveMaximum:
                case TopicAliasMaximum:
                case TopicAlias:
                    return TypeTwoByteInteger;
                case MessageExpiryInterval:
                case SessionExpiryInterval:
                case WillDelayInterval:
                case MaximumPacketSize:
                    return TypeFourByteInteger;
                case SubscriptionIdentifier:
                    return TypeVariableByteInteger;
                case ContentType:
                case ResponseTopic:
                case AssignedClientIdentifier:
                case AuthenticationMethod:
                case ResponseInformation:
                case ServerReference:
                case ReasonString:
                    return TypeUtf8String;
                case CorrelationData:
                case AuthenticationData:
                    return TypeBinary;
                case UserProperty:
                    return TypeStringPair;
                default:
                    return TypeNone;
            }
        }

        /// <summary>True when <paramref name="id"/> may appear in <paramref name="context"/> (packet type 1..15 or <see cref="WillContext"/>), per §2.2.2.2 table 2-4.</summary>
        public static bool IsAllowedIn(int id, int context)
        {
            if (context < 0 || context > 15)
            {
                return false;
            }

            return (ContextsOf(id) & (1 << context)) != 0;
        }

        private static int ContextsOf(int id)
        {
            switch (id)
            {
                case PayloadFormatIndicator:
                case MessageExpiryInterval:
                case ContentType:
                case ResponseTopic:
                case CorrelationData:
                    return P | W;
                case SubscriptionIdentifier:
                    return P | S;
                case SessionExpiryInterval:
                    return C | CA | D;
                case AssignedClientIdentifier:
                case ServerKeepAlive:
                case ResponseInformation:
                case MaximumQos:
                case RetainAvailable:
                case WildcardSubscriptionAvailable:
                case SubscriptionIdentifiersAvailable:
                case SharedSubscriptionAvailable:
                    return CA;
                case AuthenticationMethod:
                case AuthenticationData:
                    return C | CA | A;
                case RequestProblemInformation:
                case RequestResponseInformation:
                    return C;
                case WillDelayInterval:
                    return W;
                case ServerReference:
                    return CA | D;
                case ReasonString:
                    return CA | PA | PREC | PREL | PC | SA | UA | D | A;
                case ReceiveMaximum:
                case TopicAliasMaximum:
                case MaximumPacketSize:
                    return C | CA;
                case TopicAlias:
                    return P;
                case UserProperty:
                    return C | CA | P | W | PA | PREC | PREL | PC | S | SA | U | UA | D | A;
                default:
                    return 0;
            }
        }

        /// <summary>
        /// True when <paramref name="id"/> may occur more than once in one section: User Property always (§3.1.2.11.8),
        /// Subscription Identifier in a PUBLISH, which a server sends with one identifier per matching subscription (§3.3.4).
        /// </summary>
        public static bool MayRepeat(int id, int context)
        {
            return id == UserProperty || (id == SubscriptionIdentifier && context == (int)MqttPacketType.Publish);
        }

        /// <summary>
        /// Validates a property section's content (<paramref name="length"/> bytes at <paramref name="offset"/>, the bytes
        /// after the property length) for <paramref name="context"/>, as received by <paramref name="receiver"/>
        /// (<see cref="MqttRole.Server"/>: the packet came from a client; <see cref="MqttRole.Any"/>: no direction rule).
        /// Fills <paramref name="set"/> (may be null) with what was found. Statuses, first failure wins:
        /// <list type="bullet">
        /// <item><see cref="MqttStatus.MalformedVariableByteInteger"/>: identifier or Subscription Identifier not a minimal VBI [MQTT-1.5.5-1].</item>
        /// <item><see cref="MqttStatus.MalformedPropertyId"/>: identifier not in table 2-4 (§2.2.2.2).</item>
        /// <item><see cref="MqttStatus.PropertyNotAllowed"/>: identifier not valid in this context (§2.2.2.2); Subscription
        /// Identifier in a PUBLISH a server receives (§3.3.4: a client must not send it).</item>
        /// <item><see cref="MqttStatus.MalformedPropertyLength"/>: a value runs past the section.</item>
        /// <item><see cref="MqttStatus.MalformedUtf8"/> / <see cref="MqttStatus.MalformedUtf8Null"/>: a UTF-8 string or
        /// either string of a pair is ill-formed [MQTT-1.5.4-1] [MQTT-1.5.4-2] [MQTT-1.5.7-1].</item>
        /// <item><see cref="MqttStatus.DuplicateProperty"/>: a second occurrence where <see cref="MayRepeat"/> is false.</item>
        /// <item><see cref="MqttStatus.InvalidPropertyValue"/>: see that status (0/1 bytes, zero values, wildcard Response
        /// Topic, Authentication Data without Authentication Method).</item>
        /// </list>
        /// </summary>
        public static MqttStatus Validate(byte[] buffer, int offset, int length, int context, MqttRole receiver, Mqtt5PropertySet set)
        {
            if (!MqttWire.IsRange(buffer, offset, length) || context < 0 || context > 15)
            {
                return MqttStatus.InvalidArgument;
            }

            if (set != null)
            {
                set.Clear();
            }

            long seen = 0;
            int end = offset + length;
            int p = offset;
            while (p < end)
            {
                int start = p;
                int id;
                long value;
                int valueOffset;
                int valueLength;
                int pairOffset;
                int pairLength;
                MqttStatus status = ReadOne(buffer, p, end, out id, out value, out valueOffset, out valueLength, out pairOffset, out pairLength, out p);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                if ((ContextsOf(id) & (1 << context)) == 0)
                {
                    return MqttStatus.PropertyNotAllowed; // §2.2.2.2
                }

                if (id == SubscriptionIdentifier && context == (int)MqttPacketType.Publish && receiver == MqttRole.Server)
                {
                    return MqttStatus.PropertyNotAllowed; // §3.3.4: a PUBLISH from a client carries no Subscription Identifier
                }

                long bit = 1L << id;
                if ((seen & bit) != 0 && !MayRepeat(id, context))
                {
                    return MqttStatus.DuplicateProperty;
                }

                status = CheckValue(buffer, id, value, valueOffset, valueLength);
                if (status != MqttStatus.Ok)
                {
                    return status;
                }

                if (set != null)
                {
                    set.Record(id, (seen & bit) != 0, start, value, valueOffset, valueLength);
                }

                seen |= bit;
            }

            if ((seen & (1L << AuthenticationData)) != 0 && (seen & (1L << AuthenticationMethod)) == 0)
            {
                return MqttStatus.InvalidPropertyValue; // §3.1.2.11.10: Authentication Data needs an Authentication Method
            }

            return MqttStatus.Ok;
        }

        private static MqttStatus CheckValue(byte[] buffer, int id, long value, int valueOffset, int valueLength)
        {
            switch (id)
            {
                case PayloadFormatIndicator:
                case RequestProblemInformation:
                case RequestResponseInformation:
                case MaximumQos:
                case RetainAvailable:
                case WildcardSubscriptionAvailable:
                case SubscriptionIdentifiersAvailable:
                case SharedSubscriptionAvailable:
                    return value > 1 ? MqttStatus.InvalidPropertyValue : MqttStatus.Ok; // "Protocol Error to include a value other than 0 or 1"
                case ReceiveMaximum:
                case TopicAlias:
                case MaximumPacketSize:
                case SubscriptionIdentifier:
                    return value == 0 ? MqttStatus.InvalidPropertyValue : MqttStatus.Ok; // §3.1.2.11.3, §3.3.2.3.4, §3.1.2.11.4, §3.8.2.1.2
                case ResponseTopic:
                    return Topic.ValidateName(buffer, valueOffset, valueLength) == MqttStatus.Ok ? MqttStatus.Ok : MqttStatus.InvalidPropertyValue; // §3.3.2.3.5
                default:
                    return MqttStatus.Ok;
            }
        }

        /// <summary>
        /// Reads one property at <paramref name="p"/> (identifier + value) without the context rules; <paramref name="next"/> =
        /// the position after it. Integer values go to <paramref name="value"/>; strings and binary data to the view
        /// <paramref name="valueOffset"/>/<paramref name="valueLength"/>; a pair's name to that view and its value to
        /// <paramref name="pairOffset"/>/<paramref name="pairLength"/>.
        /// </summary>
        internal static MqttStatus ReadOne(byte[] buffer, int p, int end, out int id, out long value, out int valueOffset, out int valueLength,
            out int pairOffset, out int pairLength, out int next)
        {
            value = 0;
            valueOffset = 0;
            valueLength = 0;
            pairOffset = 0;
            pairLength = 0;
            next = p;
            int consumed;
            MqttStatus status = Mqtt5Wire.ReadVariableByteInteger(buffer, p, end - p, out id, out consumed);
            if (status != MqttStatus.Ok)
            {
                return status == MqttStatus.NeedMoreBytes ? MqttStatus.MalformedPropertyLength : status;
            }

            p += consumed;
            int left = end - p;
            switch (TypeOf(id))
            {
                case TypeByte:
                    if (left < 1)
                    {
                        return MqttStatus.MalformedPropertyLength;
                    }

                    value = buffer[p];
                    next = p + 1;
                    return MqttStatus.Ok;
                case TypeTwoByteInteger:
                    if (left < 2)
                    {
                        return MqttStatus.MalformedPropertyLength;
                    }

                    value = (buffer[p] << 8) | buffer[p + 1];
                    next = p + 2;
                    return MqttStatus.Ok;
                case TypeFourByteInteger:
                    if (left < 4)
                    {
                        return MqttStatus.MalformedPropertyLength;
                    }

                    value = Mqtt5Wire.GetFourByteInteger(buffer, p);
                    next = p + 4;
                    return MqttStatus.Ok;
                case TypeVariableByteInteger:
                    int v;
                    status = Mqtt5Wire.ReadVariableByteInteger(buffer, p, left, out v, out consumed);
                    if (status != MqttStatus.Ok)
                    {
                        return status == MqttStatus.NeedMoreBytes ? MqttStatus.MalformedPropertyLength : status;
                    }

                    value = v;
                    next = p + consumed;
                    return MqttStatus.Ok;
                case TypeUtf8String:
                    status = MqttWire.ReadUtf8String(buffer, p, left, out valueOffset, out valueLength);
                    next = valueOffset + valueLength;
                    return status == MqttStatus.NeedMoreBytes ? MqttStatus.MalformedPropertyLength : status;
                case TypeBinary:
                    status = MqttWire.ReadBinary(buffer, p, left, out valueOffset, out valueLength);
                    next = valueOffset + valueLength;
                    return status == MqttStatus.NeedMoreBytes ? MqttStatus.MalformedPropertyLength : status;
                case TypeStringPair:
                    status = Mqtt5Wire.ReadStringPair(buffer, p, left, out valueOffset, out valueLength, out pairOffset, out pairLength, out consumed);
                    next = p + consumed;
                    return status == MqttStatus.NeedMoreBytes ? MqttStatus.MalformedPropertyLength : status;
                default:
                    return MqttStatus.MalformedPropertyId; // §2.2.2.2
            }
        }

        /// <summary>
        /// Reads a property section header at <paramref name="p"/> inside a packet ending at <paramref name="end"/>: the
        /// property length (minimal VBI) and the view of the properties. A length running past <paramref name="end"/> (or
        /// a missing length) is <see cref="MqttStatus.MalformedPropertyLength"/>.
        /// </summary>
        internal static MqttStatus ReadSection(byte[] buffer, int p, int end, out int propertiesOffset, out int propertiesLength)
        {
            propertiesOffset = p;
            propertiesLength = 0;
            int consumed;
            int n;
            MqttStatus status = Mqtt5Wire.ReadVariableByteInteger(buffer, p, end - p, out n, out consumed);
            if (status != MqttStatus.Ok)
            {
                return status == MqttStatus.NeedMoreBytes ? MqttStatus.MalformedPropertyLength : status;
            }

            if (n > end - p - consumed)
            {
                return MqttStatus.MalformedPropertyLength;
            }

            propertiesOffset = p + consumed;
            propertiesLength = n;
            return MqttStatus.Ok;
        }

        /// <summary>ReadSection + Validate, for the packet decoders; on Ok the next field starts at <paramref name="propertiesOffset"/> + <paramref name="propertiesLength"/>.</summary>
        internal static MqttStatus DecodeSection(byte[] buffer, int p, int end, int context, MqttRole receiver, Mqtt5PropertySet set,
            out int propertiesOffset, out int propertiesLength)
        {
            MqttStatus status = ReadSection(buffer, p, end, out propertiesOffset, out propertiesLength);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            return Validate(buffer, propertiesOffset, propertiesLength, context, receiver, set);
        }

        /// <summary>Checks caller-built properties before an encoder writes them (null with length 0 = no properties).</summary>
        internal static MqttStatus CheckForEncode(byte[] properties, int propertiesOffset, int propertiesLength, int context)
        {
            if (!MqttWire.IsSourceRange(properties, propertiesOffset, propertiesLength))
            {
                return MqttStatus.InvalidArgument;
            }

            if (propertiesLength == 0)
            {
                return MqttStatus.Ok;
            }

            if (MqttWire.VariableByteIntegerSize(propertiesLength) == 0)
            {
                return MqttStatus.TooLarge;
            }

            return Validate(properties, propertiesOffset, propertiesLength, context, MqttRole.Any, null);
        }
    }

    /// <summary>
    /// What <see cref="Mqtt5Properties.Validate"/> found in one property section: which identifiers are present, the
    /// integer value and the value view of each identifier's first occurrence, and counts of the repeatable ones. Allocate
    /// once (its arrays are made in the constructor) and reuse; <see cref="Mqtt5Packet"/> holds two.
    /// Public fields: nanoCLR interprets each property call. Not thread-safe.
    /// </summary>
    public class Mqtt5PropertySet
    {
        /// <summary>Bit n set when identifier n is present.</summary>
        public long Present;

        /// <summary>Integer value of each present integer property (byte, two-byte, four-byte, VBI), by identifier.</summary>
        public readonly long[] Values = new long[Mqtt5Properties.MaxIdentifier + 1];

        /// <summary>View offset of each present string / binary property (a pair: its name), by identifier; absolute in the packet buffer.</summary>
        public readonly int[] Offsets = new int[Mqtt5Properties.MaxIdentifier + 1];

        /// <summary>View length matching <see cref="Offsets"/>.</summary>
        public readonly int[] Lengths = new int[Mqtt5Properties.MaxIdentifier + 1];

        /// <summary>Number of User Property pairs (walk them with <see cref="Mqtt5PropertyReader"/>).</summary>
        public int UserPropertyCount;

        /// <summary>Number of Subscription Identifiers (more than one only in a PUBLISH from the server).</summary>
        public int SubscriptionIdentifierCount;

        /// <summary>True when identifier <paramref name="id"/> is present.</summary>
        public bool Has(int id)
        {
            return id > 0 && id <= Mqtt5Properties.MaxIdentifier && (Present & (1L << id)) != 0;
        }

        /// <summary>The integer value of <paramref name="id"/>, or <paramref name="absent"/> when it is not present (e.g. the spec's default).</summary>
        public long Get(int id, long absent)
        {
            return Has(id) ? Values[id] : absent;
        }

        /// <summary>Forgets everything (the arrays are not cleared: <see cref="Present"/> says what is valid).</summary>
        public void Clear()
        {
            Present = 0;
            UserPropertyCount = 0;
            SubscriptionIdentifierCount = 0;
        }

        internal void Record(int id, bool repeat, int start, long value, int valueOffset, int valueLength)
        {
            if (id == Mqtt5Properties.UserProperty)
            {
                UserPropertyCount++;
            }
            else if (id == Mqtt5Properties.SubscriptionIdentifier)
            {
                SubscriptionIdentifierCount++;
            }

            if (repeat)
            {
                return;
            }

            Present |= 1L << id;
            Values[id] = value;
            Offsets[id] = valueOffset;
            Lengths[id] = valueLength;
        }
    }
}
