using System.Buffers;
using System.Text;
using NanoNode.Mqtt;

namespace NanoNode.BrokerHost.Mqtt;

/// <summary>
/// The MQTT 5.0 side of a connection (OASIS MQTT 5.0, 2019), chosen per connection by the protocol level of its
/// CONNECT. Decoding with the shared <see cref="Mqtt5Decoder"/>; sessions, routing, ACL and persistence are the same
/// as for 3.1.1, so both versions exchange messages on the same topics. Application properties of a PUBLISH travel
/// with the message (<see cref="BrokerMessage.Properties"/>) to MQTT 5 subscribers and are dropped toward 3.1.1 ones.
/// Not implemented yet: enhanced authentication (AUTH).
/// </summary>
public sealed partial class MqttConnection
{
    // Dispatches one decoded MQTT 5 packet (reader task); false = close the connection.
    private bool Handle5(MqttStatus status, Mqtt5Packet p)
    {
        if (!_connected)
        {
            if (p.Type != MqttPacketType.Connect)
            {
                return ProtocolError(status == MqttStatus.Ok ? MqttStatus.ProtocolError : status);
            }

            if (status != MqttStatus.Ok)
            {
                _connectClientId = TryReadClientId5(p);
                LogEvent("refused", "malformed MQTT 5 CONNECT ({0}): refused", status);
                return ProtocolError(status);
            }

            return HandleConnect5(p);
        }

        if (status != MqttStatus.Ok)
        {
            return ProtocolError(status);
        }

        switch (p.Type)
        {
            case MqttPacketType.Publish:
                return HandlePublish5(p);
            case MqttPacketType.PubAck:
                return _session!.OnPubAck((ushort)p.PacketId, _broker.Options) || WrongAck5(p);
            case MqttPacketType.PubRec:
                return _session!.OnPubRec((ushort)p.PacketId) || WrongAck5(p);
            case MqttPacketType.PubRel:
                ushort rel = (ushort)p.PacketId;
                _inboundQos2?.Remove(rel); // its flow ends with the PUBCOMP this answers (§4.9)
                _broker.Release(_session!, rel, _order, () => SendAck(PacketKind.PubComp, rel));
                return true;
            case MqttPacketType.PubComp:
                return _session!.OnPubComp((ushort)p.PacketId, _broker.Options) || WrongAck5(p);
            case MqttPacketType.Subscribe:
                return HandleSubscribe5(p);
            case MqttPacketType.Unsubscribe:
                return HandleUnsubscribe5(p);
            case MqttPacketType.PingReq:
                SendRaw(PingResp);
                return true;
            case MqttPacketType.Disconnect:
                // 0x04 Disconnect with Will Message keeps the will (§3.14.2.1); any other reason discards it
                // [MQTT-3.14.4-3]. The server closes [MQTT-3.14.4-1].
                if (p.Properties.Has(Mqtt5Properties.SessionExpiryInterval)
                    && !_broker.ChangeSessionExpiry(_session!, _connectPersistent, p.Properties.Get(Mqtt5Properties.SessionExpiryInterval, 0)))
                {
                    // Non-zero after a CONNECT with 0 (§3.14.2.2.2): Protocol Error, DISCONNECT 0x82; the will stays.
                    SendDisconnect(Mqtt5ReasonCodes.ProtocolError, "Session Expiry Interval set by DISCONNECT after a CONNECT with 0");
                    return ProtocolError(MqttStatus.ProtocolError);
                }

                _graceful = true;
                _keepWill = p.ReasonCode == Mqtt5ReasonCodes.DisconnectWithWillMessage;
                if (!_keepWill)
                {
                    _will = null;
                }

                return false;
            case MqttPacketType.Auth:
                // No authentication method was agreed (CONNECT with one is refused): an AUTH is a Protocol Error (§4.12).
                SendDisconnect(Mqtt5ReasonCodes.ProtocolError, "AUTH without an agreed authentication method");
                return ProtocolError(MqttStatus.ProtocolError);
            default:
                // A second CONNECT: Protocol Error [MQTT-3.1.0-2].
                SendDisconnect(Mqtt5ReasonCodes.ProtocolError, "second CONNECT");
                return ProtocolError(MqttStatus.ProtocolError);
        }
    }

    private bool WrongAck5(Mqtt5Packet p) => WrongAck(p.Type, p.PacketId);

    // MQTT 5 connection state of this file (reader task unless noted): the Server Keep Alive sent in CONNACK (0 = none);
    // the inbound QoS 1 PUBLISHes not yet acknowledged (Interlocked: the PUBACK is queued from the store's callback)
    // and the packet ids of inbound QoS 2 flows counted against the broker's Receive Maximum (until their PUBREL).
    private int _serverKeepAlive;
    private int _inboundQos1;
    private HashSet<ushort>? _inboundQos2;

    private bool HandleConnect5(Mqtt5Packet p)
    {
        var buf = p.Buffer;
        var limits = _limits = new Mqtt5ConnectionLimits();
        limits.ReadConnect(p);
        string clientId = Encoding.UTF8.GetString(buf, p.ClientIdOffset, p.ClientIdLength);
        _connectClientId = clientId.Length == 0 ? "(empty)" : clientId;
        if (p.Properties.Has(Mqtt5Properties.AuthenticationMethod))
        {
            // Enhanced authentication (§4.12) is not supported: 0x8C Bad authentication method [MQTT-4.12.0-1].
            LogEvent("refused", "CONNECT with an authentication method refused (enhanced authentication not supported)");
            return Refuse5(Mqtt5ReasonCodes.BadAuthenticationMethod, "enhanced authentication is not supported");
        }

        if (clientId.Length == 0)
        {
            // The server assigns an id and returns it in CONNACK (§3.1.3.1, §3.2.2.3.7).
            clientId = "auto-" + Guid.NewGuid().ToString("N");
            _assignedClientId = true;
        }
        else if (p.ClientIdLength > _broker.Options.MaxClientIdLength)
        {
            _connectClientId = clientId.Substring(0, Math.Min(clientId.Length, 64)) + "...";
            LogEvent("refused", "CONNECT with a {0}-byte client id refused (client identifier not valid)", p.ClientIdLength);
            return Refuse5(Mqtt5ReasonCodes.ClientIdentifierNotValid, "client identifier longer than " + _broker.Options.MaxClientIdLength + " bytes");
        }

        _connectClientId = clientId;
        string? userName = p.HasUserName ? Encoding.UTF8.GetString(buf, p.UserNameOffset, p.UserNameLength) : null;
        byte[]? password = p.HasPassword ? buf.AsSpan(p.PasswordOffset, p.PasswordLength).ToArray() : null;
        _connectUserName = userName;
        _connectClean = p.CleanStart;
        // Session Expiry Interval > 0 keeps the session after the connection for that many seconds, 0xFFFFFFFF for
        // ever (§3.1.2.11.2).
        _connectPersistent = limits.SessionExpirySeconds > 0;
        _connectExpiryMs = limits.SessionExpirySeconds is > 0 and < 0xFFFFFFFF ? limits.SessionExpirySeconds * 1000L : 0;
        _connectKeepAlive = p.KeepAliveSeconds;
        int maxKeepAlive = Math.Clamp(_broker.Options.MaxKeepAliveSeconds, 0, 65535);
        if (maxKeepAlive > 0 && (p.KeepAliveSeconds == 0 || p.KeepAliveSeconds > maxKeepAlive))
        {
            // Server Keep Alive (§3.2.2.3.14): the client must use it instead of its own [MQTT-3.2.2-21], and the
            // server times the connection out by it.
            _serverKeepAlive = maxKeepAlive;
            _connectKeepAlive = maxKeepAlive;
        }

        _connectWill = p.WillFlag
            ? new BrokerMessage(Encoding.UTF8.GetString(buf, p.WillTopicOffset, p.WillTopicLength), buf.AsSpan(p.WillMessageOffset, p.WillMessageLength).ToArray(), (byte)p.WillQos, p.WillRetain)
            {
                Properties = WillProperties(p),
            }
            : null;
        _willDelayMs = p.WillFlag ? p.WillProperties.Get(Mqtt5Properties.WillDelayInterval, 0) * 1000L : 0;
        return StartAuth(userName, password);
    }

    // The will's properties as PUBLISH properties (§3.1.3.2): every one but Will Delay Interval, which is not a PUBLISH
    // property (the delay is applied by MqttBroker.CloseSession). Null = none.
    private static byte[]? WillProperties(Mqtt5Packet p)
    {
        if (p.WillPropertiesLength == 0)
        {
            return null;
        }

        var reader = new Mqtt5PropertyReader();
        reader.Reset(p.Buffer, p.WillPropertiesOffset, p.WillPropertiesLength);
        var writer = new Mqtt5PropertyWriter();
        var scratch = new byte[p.WillPropertiesLength];
        writer.Reset(scratch, 0, scratch.Length);
        var b = p.Buffer;
        while (reader.Next())
        {
            MqttStatus status;
            switch (reader.Type)
            {
                case Mqtt5Properties.TypeByte:
                    status = writer.AddByte(reader.Id, (int)reader.Value);
                    break;
                case Mqtt5Properties.TypeFourByteInteger:
                    status = reader.Id == Mqtt5Properties.WillDelayInterval ? MqttStatus.Ok : writer.AddFourByteInteger(reader.Id, reader.Value);
                    break;
                case Mqtt5Properties.TypeUtf8String:
                    status = writer.AddString(reader.Id, b, reader.ValueOffset, reader.ValueLength);
                    break;
                case Mqtt5Properties.TypeBinary:
                    status = writer.AddBinary(reader.Id, b, reader.ValueOffset, reader.ValueLength);
                    break;
                case Mqtt5Properties.TypeStringPair:
                    status = writer.AddUserProperty(b, reader.ValueOffset, reader.ValueLength, b, reader.PairValueOffset, reader.PairValueLength);
                    break;
                default:
                    status = MqttStatus.Ok; // no other type is a will property (the decoder validated the section)
                    break;
            }

            if (status != MqttStatus.Ok)
            {
                return null;
            }
        }

        return writer.Length == 0 ? null : scratch.AsSpan(0, writer.Length).ToArray();
    }

    // The accepting CONNACK of an MQTT 5 connection with the capabilities this server has (§3.2.2.3): absent
    // properties mean "available". Server Keep Alive when MaxKeepAliveSeconds lowered the client's; Response
    // Information when asked for (left out if it would exceed the client's Maximum Packet Size, [MQTT-3.1.2-24]).
    private bool SendConnAck5(bool present)
    {
        string? responseInformation = _limits is { RequestResponseInformation: true } ? ResponseInformation() : null;
        byte[]? connack = ConnAck5(present, responseInformation);
        if (connack != null && responseInformation != null && !FitsClient(connack.Length))
        {
            connack = ConnAck5(present, null);
        }

        if (connack == null)
        {
            return false;
        }

        SendRaw(connack);
        return true;
    }

    private byte[]? ConnAck5(bool present, string? responseInformation)
    {
        var options = _broker.Options;
        var writer = new Mqtt5PropertyWriter();
        var props = new byte[1024 + (responseInformation?.Length * 3 ?? 0)];
        writer.Reset(props, 0, props.Length);
        MqttStatus status = Mqtt5ConnectionLimits.WriteServerCapabilities(writer, Math.Clamp(options.ReceiveMaximum, 1, 65535), options.MaxPacketSize,
            topicAliasMaximum: Math.Clamp(options.TopicAliasMaximum, 0, 65535), maximumQos: 2, retainAvailable: true, wildcardSubscriptionAvailable: true,
            subscriptionIdentifiersAvailable: true, sharedSubscriptionAvailable: true);
        if (status == MqttStatus.Ok && _assignedClientId)
        {
            status = writer.AddString(Mqtt5Properties.AssignedClientIdentifier, _session!.ClientId);
        }

        if (status == MqttStatus.Ok && _serverKeepAlive > 0)
        {
            status = writer.AddTwoByteInteger(Mqtt5Properties.ServerKeepAlive, _serverKeepAlive);
        }

        if (status == MqttStatus.Ok && responseInformation != null)
        {
            status = writer.AddString(Mqtt5Properties.ResponseInformation, responseInformation);
        }

        if (!Encoded(status, "CONNACK properties"))
        {
            return null;
        }

        var connack = new byte[Mqtt5ConnAckPacket.Size(writer.Length)];
        return Encoded(Mqtt5ConnAckPacket.Encode(connack, 0, connack.Length, present, Mqtt5ReasonCodes.Success, props, 0, writer.Length, out _), "CONNACK")
            ? connack
            : null;
    }

    // Response Information for this client (§3.2.2.3.15), or null: a topic prefix it may publish and subscribe under,
    // so a requester can build its response topics from it. A device user: "<TopicPrefix>/<device id>/<level>" (inside
    // the only subtree its ACL allows); an admin: "<level>/<client id>"; anybody else (no publish rights), or an empty
    // ResponseInformationLevel: none, which the spec allows (the server MAY send it).
    private string? ResponseInformation()
    {
        string level = _broker.Options.ResponseInformationLevel ?? string.Empty;
        var principal = _principal;
        if (level.Length == 0 || principal == null)
        {
            return null;
        }

        string? info = principal.IsAdmin ? level + "/" + _session!.ClientId
            : principal.DeviceId != null ? _broker.Options.TopicPrefix + "/" + principal.DeviceId + "/" + level
            : null;

        // A client id may hold characters no topic may (wildcards, U+0000): then none.
        return info != null && info.IndexOfAny(NotInTopics) < 0 ? info : null;
    }

    private static readonly char[] NotInTopics = { '+', '#', '\0' };

    // True when a packet of size bytes may be sent to this client (its Maximum Packet Size, §3.1.2.11.4); always before
    // the client's CONNECT was read.
    private bool FitsClient(int size) => _limits == null || _limits.Allows(size);

    // A Reason String property (§3.2.2.3.10, §3.14.2.2.2 ...) holding text, or null when the client asked for no
    // problem information and the packet is not a CONNACK or DISCONNECT (§3.1.2.11.7, [MQTT-3.1.2-29]).
    private byte[]? ReasonString(string? text, bool connAckOrDisconnect)
    {
        if (string.IsNullOrEmpty(text) || (!connAckOrDisconnect && _limits is { RequestProblemInformation: false }))
        {
            return null;
        }

        var props = new byte[3 + Encoding.UTF8.GetByteCount(text)];
        var writer = new Mqtt5PropertyWriter();
        writer.Reset(props, 0, props.Length);
        return writer.AddString(Mqtt5Properties.ReasonString, text) == MqttStatus.Ok && writer.Length == props.Length ? props : null;
    }

    // A refusing MQTT 5 CONNACK (Session Present 0, [MQTT-3.2.2-6]), then the server closes [MQTT-3.2.2-7].
    private bool Refuse5(int reasonCode, string? reason = null)
    {
        Interlocked.Increment(ref _broker.Stats.ConnectionsRefused);
        SendConnAckRefusal5(reasonCode, reason);
        return false;
    }

    // With a Reason String (reason, else ReasonText's), left out when it would make the CONNACK larger than the
    // client's Maximum Packet Size [MQTT-3.2.2-19] or the CONNECT could not be read (its limits are unknown).
    private void SendConnAckRefusal5(int reasonCode, string? reason = null)
    {
        byte[]? props = _limits == null ? null : ReasonString(reason ?? ReasonText(reasonCode), connAckOrDisconnect: true);
        if (props != null && !FitsClient(Mqtt5ConnAckPacket.Size(props.Length)))
        {
            props = null;
        }

        var connack = new byte[Mqtt5ConnAckPacket.Size(props?.Length ?? 0)];
        if (Encoded(Mqtt5ConnAckPacket.Encode(connack, 0, connack.Length, false, reasonCode, props!, 0, props?.Length ?? 0, out int n), "CONNACK"))
        {
            SendRaw(n == connack.Length ? connack : connack.AsSpan(0, n).ToArray());
        }
    }

    // A Reason String for a decode status more precise than its reason code's text, else null.
    private static string? ReasonText(MqttStatus status) => status switch
    {
        MqttStatus.MalformedSharedSubscription => "shared subscription filter not valid: $share/<name>/<filter>, the name one level without + or #",
        MqttStatus.MissingTopicAlias => "empty topic name without a topic alias",
        MqttStatus.MalformedTopicFilter => "topic filter not valid: + and # fill a whole level, # only as the last",
        _ => null,
    };

    // The short human-readable text sent as Reason String with a refusal or server DISCONNECT (§3.2.2.3.10,
    // §3.14.2.2.2): what went wrong, never a secret (e.g. not which part of a login was wrong).
    private static string? ReasonText(int reasonCode) => reasonCode switch
    {
        Mqtt5ReasonCodes.MalformedPacket => "malformed packet",
        Mqtt5ReasonCodes.ProtocolError => "protocol error",
        Mqtt5ReasonCodes.UnsupportedProtocolVersion => "only MQTT 3.1.1 and 5.0 are supported",
        Mqtt5ReasonCodes.ClientIdentifierNotValid => "client identifier not valid",
        Mqtt5ReasonCodes.BadUserNameOrPassword => "bad user name or password",
        Mqtt5ReasonCodes.NotAuthorized => "not authorized",
        Mqtt5ReasonCodes.ServerUnavailable => "too many logins waiting, try again later",
        Mqtt5ReasonCodes.BadAuthenticationMethod => "enhanced authentication is not supported",
        Mqtt5ReasonCodes.ServerShuttingDown => "server shutting down",
        Mqtt5ReasonCodes.KeepAliveTimeout => "nothing received within 1.5 times the keep alive",
        Mqtt5ReasonCodes.SessionTakenOver => "another connection took over this client id",
        Mqtt5ReasonCodes.TopicFilterInvalid => "topic filter not valid",
        Mqtt5ReasonCodes.ReceiveMaximumExceeded => "more unacknowledged QoS 1/2 PUBLISHes than the Receive Maximum",
        Mqtt5ReasonCodes.TopicAliasInvalid => "topic alias not valid",
        Mqtt5ReasonCodes.PacketTooLarge => "packet larger than the Maximum Packet Size",
        _ => null,
    };

    // The MQTT 5 CONNACK reason for a 3.1.1 return code from the authenticator (§3.2.2.2).
    private static int ConnAckCode5(byte code) => code switch
    {
        ConnAckPacket.UnacceptableProtocolVersion => Mqtt5ReasonCodes.UnsupportedProtocolVersion,
        ConnAckPacket.IdentifierRejected => Mqtt5ReasonCodes.ClientIdentifierNotValid,
        ConnAckPacket.ServerUnavailable => Mqtt5ReasonCodes.ServerUnavailable,
        ConnAckPacket.BadUserNameOrPassword => Mqtt5ReasonCodes.BadUserNameOrPassword,
        ConnAckPacket.NotAuthorized => Mqtt5ReasonCodes.NotAuthorized,
        _ => Mqtt5ReasonCodes.UnspecifiedError,
    };

    /// <summary>
    /// Queues a server DISCONNECT with <paramref name="reasonCode"/> (§3.14) on an accepted MQTT 5 connection, at most
    /// one per connection; nothing for 3.1.1 (which has no server DISCONNECT). The caller then closes. It carries a
    /// Reason String (<paramref name="reason"/>, else a text for the code) unless that would make it larger than the
    /// client's Maximum Packet Size [MQTT-3.14.2-3].
    /// </summary>
    private void SendDisconnect(int reasonCode, string? reason = null)
    {
        if (!_v5 || !_connected || Interlocked.Exchange(ref _disconnectSent, 1) != 0)
        {
            return;
        }

        if (!Mqtt5ReasonCodes.IsValidFor(MqttPacketType.Disconnect, reasonCode))
        {
            reasonCode = Mqtt5ReasonCodes.UnspecifiedError;
        }

        byte[]? props = ReasonString(reason ?? ReasonText(reasonCode), connAckOrDisconnect: true);
        var packet = new byte[8 + (props?.Length ?? 0)];
        if (props != null
            && (Mqtt5DisconnectPacket.Encode(packet, 0, packet.Length, reasonCode, props, 0, props.Length, out int size) != MqttStatus.Ok || !FitsClient(size)))
        {
            props = null;
        }

        if (Mqtt5DisconnectPacket.Encode(packet, 0, packet.Length, reasonCode, props!, 0, props?.Length ?? 0, out int n) == MqttStatus.Ok)
        {
            SendRaw(packet.AsSpan(0, n).ToArray());
        }
    }

    // PUBACK / PUBREC with a reason code (MQTT 5 only), and a Reason String when the client wants problem information
    // and it fits its Maximum Packet Size (§3.4.2.2.2, [MQTT-3.4.2-2], [MQTT-3.5.2-2]).
    private void SendAckReason5(MqttPacketType type, ushort packetId, int reasonCode, string? reason = null)
    {
        byte[]? props = ReasonString(reason, connAckOrDisconnect: false);
        var packet = new byte[8 + (props?.Length ?? 0)];
        if (props != null
            && (Mqtt5PubAckPacket.Encode(packet, 0, packet.Length, type, packetId, reasonCode, props, 0, props.Length, out int size) != MqttStatus.Ok || !FitsClient(size)))
        {
            props = null;
        }

        if (Encoded(Mqtt5PubAckPacket.Encode(packet, 0, packet.Length, type, packetId, reasonCode, props!, 0, props?.Length ?? 0, out int n), type.ToString()))
        {
            SendRaw(packet.AsSpan(0, n).ToArray());
        }
    }

    // The PUBACK of an accepted QoS 1 PUBLISH from an MQTT 5 client: 0x10 No matching subscribers when the message
    // reached no session (the server MAY say so instead of 0x00, §3.4.2.1), else 0x00. As Mosquitto 2.0, only for
    // PUBACK: a QoS 2 flow's PUBREC stays 0x00 (§3.5.2.1 would allow 0x10 there too).
    private void PubAck5(ushort packetId, bool matched)
    {
        if (matched)
        {
            SendAck(PacketKind.PubAck, packetId);
        }
        else
        {
            SendAckReason5(MqttPacketType.PubAck, packetId, Mqtt5ReasonCodes.NoMatchingSubscribers);
        }
    }

    private bool HandlePublish5(Mqtt5Packet p)
    {
        // Topic Alias (§3.3.2.3.4): 1..the Topic Alias Maximum CONNACK announced; an alias with a topic (re)binds it, an
        // alias with an empty topic stands for the bound one. Anything else (alias 0, above the maximum, unbound, a topic
        // longer than MaxAliasedTopicBytes) is DISCONNECT 0x94 Topic Alias invalid.
        byte[] topicBuffer = p.Buffer;
        int topicOffset = p.TopicOffset;
        int topicLength = p.TopicLength;
        if (p.Properties.Has(Mqtt5Properties.TopicAlias))
        {
            int maximum = Math.Clamp(_broker.Options.TopicAliasMaximum, 0, 65535);
            if (maximum == 0)
            {
                return ProtocolError(MqttStatus.TopicAliasInvalid);
            }

            _inAliases ??= new Mqtt5TopicAliases(maximum, Math.Max(1, _broker.Options.MaxAliasedTopicBytes));
            var status = _inAliases.Resolve(p.Buffer, p.TopicOffset, p.TopicLength, (int)p.Properties.Get(Mqtt5Properties.TopicAlias, 0),
                out topicBuffer, out topicOffset, out topicLength);
            if (status != MqttStatus.Ok)
            {
                return ProtocolError(MqttStatus.TopicAliasInvalid);
            }
        }
        else if (p.TopicLength == 0)
        {
            // An empty topic name without an alias is a Protocol Error (§3.3.2.1).
            return ProtocolError(MqttStatus.ProtocolError);
        }

        byte[]? properties = null;
        long expiresAt = 0;
        if (p.PropertiesLength > 0)
        {
            // The application properties travel with the message (topic alias and subscription identifiers never do).
            var writer = new Mqtt5PropertyWriter();
            var scratch = new byte[p.PropertiesLength];
            writer.Reset(scratch, 0, scratch.Length);
            MqttStatus status = Mqtt5Forwarding.CopyPublishProperties(p.Buffer, p.PropertiesOffset, p.PropertiesLength, -1, writer);
            if (status != MqttStatus.Ok)
            {
                return ProtocolError(status);
            }

            properties = writer.Length == 0 ? null : scratch.AsSpan(0, writer.Length).ToArray();
            if (p.Properties.Has(Mqtt5Properties.MessageExpiryInterval))
            {
                // Message Expiry Interval in seconds (§3.3.2.3.3): not delivered once it has run out.
                expiresAt = Environment.TickCount64 + p.Properties.Get(Mqtt5Properties.MessageExpiryInterval, 0) * 1000L;
            }
        }

        return Publish(p.Buffer, topicOffset, topicLength, p.PacketId, p.Qos, p.Retain, p.PayloadOffset, p.PayloadLength, properties, expiresAt, topicBuffer);
    }

    private bool HandleSubscribe5(Mqtt5Packet p)
    {
        // Subscription Identifier (§3.8.2.1.2, 1..268,435,455; 0 is refused by the decoder): kept with each filter of this SUBSCRIBE.
        int subscriptionId = (int)p.Properties.Get(Mqtt5Properties.SubscriptionIdentifier, 0);
        var buf = p.Buffer;
        var codes = new byte[p.ItemCount];
        var filters = new List<string>(p.ItemCount);
        var requested = new List<byte>(p.ItemCount);
        var index = new List<int>(p.ItemCount);
        var options5 = new List<byte>(p.ItemCount);
        int pos = p.ItemsOffset;
        for (int i = 0; i < codes.Length; i++)
        {
            pos = Mqtt5SubscribePacket.ReadEntry(buf, pos, out int fo, out int fl, out int options);
            string filter = Encoding.UTF8.GetString(buf, fo, fl);
            if ((options & 0x04) != 0 && SharedSubscriptions.IsShared(filter))
            {
                // No Local on a shared subscription is a Protocol Error [MQTT-3.8.3-4].
                SendDisconnect(Mqtt5ReasonCodes.ProtocolError, "No Local on a shared subscription");
                return ProtocolError(MqttStatus.ProtocolError);
            }

            // Options (§3.8.3.1): bits 0-1 maximum QoS, No Local (bit 2), Retain As Published (bit 3), Retain Handling (bits 4-5).
            index.Add(i);
            filters.Add(filter);
            requested.Add((byte)(options & 0x03));
            options5.Add((byte)options);
        }

        ushort id = (ushort)p.PacketId;
        if (filters.Count == 0)
        {
            SendSubAck5(id, codes);
            return true;
        }

        var filterArray = filters.ToArray();
        _broker.Subscribe(_session!, _principal!, filterArray, requested.ToArray(), options5.ToArray(), subscriptionId, _order, granted =>
        {
            for (int j = 0; j < granted.Length; j++)
            {
                // A refusal by the ACL is 0x87 Not authorized in MQTT 5 (§3.9.3).
                codes[index[j]] = granted[j] == 0x80 ? (byte)Mqtt5ReasonCodes.NotAuthorized : granted[j];
                if (granted[j] == 0x80)
                {
                    LogEvent("acl", "{0} may not subscribe to {1}: refused (0x87)", _principal!.Name, filterArray[j]);
                }
            }

            SendSubAck5(id, codes);
        });
        return true;
    }

    // SUBACK with one reason code per filter, in order (§3.9.3). When a filter was refused, a Reason String naming the
    // refusals (unless the client asked for no problem information, or it would exceed its Maximum Packet Size,
    // [MQTT-3.9.2-1]).
    private void SendSubAck5(ushort id, byte[] codes)
    {
        bool denied = Array.IndexOf(codes, (byte)Mqtt5ReasonCodes.NotAuthorized) >= 0;
        bool invalid = Array.IndexOf(codes, (byte)Mqtt5ReasonCodes.TopicFilterInvalid) >= 0;
        string? reason = denied && invalid ? "filters refused: not authorized (0x87), shared subscription filter not valid (0x8F)"
            : denied ? "not authorized to subscribe to a filter (0x87)"
            : invalid ? "shared subscription filter not valid (0x8F)"
            : null;
        byte[]? props = ReasonString(reason, connAckOrDisconnect: false);
        if (props != null && !FitsClient(Mqtt5SubAckPacket.Size(props.Length, codes.Length)))
        {
            props = null;
        }

        var suback = new byte[Mqtt5SubAckPacket.Size(props?.Length ?? 0, codes.Length)];
        if (Encoded(Mqtt5SubAckPacket.Encode(suback, 0, suback.Length, id, props!, 0, props?.Length ?? 0, codes, 0, codes.Length, out _), "SUBACK"))
        {
            SendRaw(suback);
        }
    }

    private bool HandleUnsubscribe5(Mqtt5Packet p)
    {
        var filters = new string[p.ItemCount];
        int pos = p.ItemsOffset;
        for (int i = 0; i < filters.Length; i++)
        {
            pos = Mqtt5UnsubscribePacket.ReadEntry(p.Buffer, pos, out int fo, out int fl);
            filters[i] = Encoding.UTF8.GetString(p.Buffer, fo, fl);
        }

        ushort id = (ushort)p.PacketId;
        _broker.Unsubscribe(_session!, filters, _order, (bool[] existed) =>
        {
            // 0x00 Success, or 0x11 No subscription existed (§3.11.3).
            var codes = new byte[existed.Length];
            for (int i = 0; i < codes.Length; i++)
            {
                codes[i] = existed[i] ? (byte)Mqtt5ReasonCodes.Success : (byte)Mqtt5ReasonCodes.NoSubscriptionExisted;
            }

            var unsuback = new byte[Mqtt5UnsubAckPacket.Size(0, codes.Length)];
            if (Encoded(Mqtt5UnsubAckPacket.Encode(unsuback, 0, unsuback.Length, id, null!, 0, 0, codes, 0, codes.Length, out _), "UNSUBACK"))
            {
                SendRaw(unsuback);
            }
        });
        return true;
    }

    /// <inheritdoc />
    public bool Fits(BrokerMessage message, byte qos)
    {
        var limits = _limits;
        if (!_v5 || limits == null || limits.MaximumPacketSize == 0)
        {
            return true;
        }

        // As WritePublish5 will write it: the message's properties plus the Subscription Identifiers it adds (a packet
        // found too large only there would be dropped with its QoS 1/2 flow left open).
        int propsLength = (message.Properties?.Length ?? 0) + SubscriptionIdBytes(_session?.SubscriptionIds, message, out _);
        int size = Mqtt5PublishPacket.Size(message.TopicUtf8.Length, qos, propsLength, message.Payload.Length);
        return size >= 0 && limits.Allows(size);
    }

    // Bytes the Subscription Identifier properties of the session's subscriptions matching the message's topic add to its
    // PUBLISH (identifier byte + variable byte integer each), and how many there are.
    private static int SubscriptionIdBytes(SubscriptionIdentifier[]? ids, BrokerMessage m, out int matching)
    {
        matching = 0;
        int bytes = 0;
        if (ids != null)
        {
            foreach (var s in ids)
            {
                if (NanoNode.Mqtt.Topic.Matches(s.MatchFilterUtf8, 0, s.MatchFilterUtf8.Length, m.TopicUtf8, 0, m.TopicUtf8.Length))
                {
                    matching++;
                    bytes += 1 + MqttWire.VariableByteIntegerSize(s.Id);
                }
            }
        }

        return bytes;
    }

    /// <inheritdoc />
    public int ReceiveMaximum => _v5 && _limits != null ? _limits.ReceiveMaximum : 65535;

    // Topic aliases broker -> client of this network connection (drain only, under _outGate); created at the first
    // PUBLISH when BrokerOptions.OutboundTopicAliasMaximum and the client's Topic Alias Maximum are both above 0. A new
    // connection is a new MqttConnection, so the map starts empty on every connection [MQTT-3.3.2-7].
    private OutboundTopicAliases? _outAliases;

    // Writes an MQTT 5 PUBLISH (drain, under _outGate): the message's properties, the Message Expiry Interval lowered by
    // the time it waited (§3.3.2.3.3), the Subscription Identifiers of the matching subscriptions (§3.3.4) and, when
    // enabled, a Topic Alias (§3.3.2.3.4). A packet over the client's Maximum Packet Size is not written (Session checks
    // the size without an alias before sending; this is the last guard, [MQTT-3.1.2-24]).
    private int WritePublish5(in OutItem item)
    {
        var m = item.Message!;
        Interlocked.Add(ref _queuedBytes, -m.Size);
        byte[]? props = m.Properties;
        int propsLength = props?.Length ?? 0;

        // The Subscription Identifiers of every subscription of the session that matches the topic (§3.3.4: one PUBLISH
        // may carry several); a snapshot, read without the session's lock.
        var ids = _session?.SubscriptionIds;
        SubscriptionIdBytes(ids, m, out int matching);

        // Topic alias: the topic's bound alias (sent with an empty topic name), else the next free one (bound by this
        // packet, sent with the topic name), else none. An alias costs 3 bytes, so topics of 3 bytes or less get none.
        int aliasMaximum = Math.Min(Math.Clamp(_broker.Options.OutboundTopicAliasMaximum, 0, 65535), _limits?.TopicAliasMaximum ?? 0);
        int alias = 0;
        bool bind = false;
        if (aliasMaximum > 0 && m.TopicUtf8.Length > 3)
        {
            var aliases = _outAliases ??= new OutboundTopicAliases(aliasMaximum);
            alias = aliases.Find(m.Topic);
            if (alias == 0)
            {
                alias = aliases.NextFree;
                bind = alias != 0;
            }
        }

        int withoutAlias = propsLength;
        if ((props != null && m.ExpiresAt != 0) || matching > 0 || alias != 0)
        {
            long remaining = m.ExpiresAt != 0 ? Math.Max(1, (m.ExpiresAt - Environment.TickCount64 + 999) / 1000) : -1;
            var writer = t_props ??= new Mqtt5PropertyWriter();
            var rewritten = new byte[propsLength + (5 * matching) + (alias != 0 ? 3 : 0)];
            writer.Reset(rewritten, 0, rewritten.Length);
            if (props != null && !WriteEncoded(Mqtt5Forwarding.CopyPublishProperties(props, 0, props.Length, remaining, writer), "PUBLISH properties"))
            {
                return 0;
            }

            if (matching > 0)
            {
                foreach (var s in ids!)
                {
                    if (NanoNode.Mqtt.Topic.Matches(s.MatchFilterUtf8, 0, s.MatchFilterUtf8.Length, m.TopicUtf8, 0, m.TopicUtf8.Length)
                        && !WriteEncoded(Mqtt5Forwarding.AddSubscriptionIdentifier(writer, s.Id), "PUBLISH subscription identifier"))
                    {
                        return 0;
                    }
                }
            }

            // The alias goes last, so the section without it is rewritten[0..withoutAlias).
            withoutAlias = writer.Length;
            if (alias != 0 && !WriteEncoded(writer.AddTwoByteInteger(Mqtt5Properties.TopicAlias, alias), "PUBLISH topic alias"))
            {
                return 0;
            }

            props = rewritten;
            propsLength = writer.Length;
        }

        // The client's Maximum Packet Size judges the packet as encoded. With an alias it may be larger than without
        // (binding adds 3 bytes to the full topic): then it goes without the alias, leaving the map as it was.
        int topicLength = alias != 0 && !bind ? 0 : m.TopicUtf8.Length;
        int size = Mqtt5PublishPacket.Size(topicLength, item.Qos, propsLength, m.Payload.Length);
        if (alias != 0 && _limits != null && !_limits.Allows(size))
        {
            alias = 0;
            bind = false;
            propsLength = withoutAlias;
            topicLength = m.TopicUtf8.Length;
            size = Mqtt5PublishPacket.Size(topicLength, item.Qos, propsLength, m.Payload.Length);
        }

        if (_limits != null && !_limits.Allows(size))
        {
            Interlocked.Increment(ref _broker.Stats.TooLargeForClient);
            return 0;
        }

        int header = size - m.Payload.Length;
        var scratch = t_scratch ??= new byte[256];
        if (scratch.Length < header)
        {
            scratch = t_scratch = new byte[Math.Max(header, scratch.Length * 2)];
        }

        var status = Mqtt5PublishPacket.EncodeHeader(scratch, 0, scratch.Length, m.TopicUtf8, 0, topicLength, item.Qos, item.Retain, item.Dup, item.PacketId,
            props!, 0, propsLength, m.Payload.Length, out int h);
        if (!WriteEncoded(status, "PUBLISH"))
        {
            return 0;
        }

        if (bind)
        {
            _outAliases!.Bind(m.Topic, alias);
        }

        _output.Write(scratch.AsSpan(0, h));
        _output.Write(m.Payload);
        return h + m.Payload.Length;
    }

    // The client id of an MQTT 5 CONNECT that failed to decode, for the log line; null when it cannot be read.
    private static string? TryReadClientId5(Mqtt5Packet p)
    {
        var b = p.Buffer;
        if (b == null || p.ClientIdLength <= 0 || p.ClientIdOffset + p.ClientIdLength > b.Length)
        {
            return null;
        }

        return Encoding.UTF8.GetString(b, p.ClientIdOffset, Math.Min(p.ClientIdLength, 64));
    }
}
