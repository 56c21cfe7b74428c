namespace NanoNode.Mqtt.Client
{
    /// <summary>State of one outbound QoS 1/2 message in the inflight table (MQTT 3.1.1 §4.3).</summary>
    public enum MqttFlowState
    {
        /// <summary>Slot unused.</summary>
        Free = 0,

        /// <summary>QoS 1 PUBLISH sent, waiting for PUBACK [MQTT-4.3.2-1].</summary>
        WaitPuback = 1,

        /// <summary>QoS 2 PUBLISH sent, waiting for PUBREC [MQTT-4.3.3-1].</summary>
        WaitPubrec = 2,

        /// <summary>QoS 2 PUBREC received and PUBREL sent, waiting for PUBCOMP [MQTT-4.3.3-1].</summary>
        WaitPubcomp = 3,
    }

    /// <summary>What the client does after a QoS transition; decided by <see cref="MqttQosFlow"/>, carried out by the client.</summary>
    public enum MqttFlowAction
    {
        /// <summary>Nothing to send; state unchanged (e.g. an acknowledgement for a packet id we do not hold).</summary>
        Ignore = 0,

        /// <summary>The outbound message is done: free its slot.</summary>
        Complete,

        /// <summary>Send PUBREL for the packet id (first time or again after a duplicate PUBREC / a reconnect).</summary>
        SendPubrel,

        /// <summary>The peer broke the protocol (e.g. PUBCOMP for a QoS 1 message): close the connection.</summary>
        ProtocolError,

        /// <summary>Send the stored PUBLISH again with DUP = 1 (session resumed) [MQTT-3.3.1-1] [MQTT-4.4.0-1].</summary>
        ResendPublishDup,

        /// <summary>Send the stored PUBLISH again as a new delivery (DUP = 0): the broker has no session.</summary>
        ResendPublish,

        /// <summary>Inbound QoS 0: deliver to the handlers, send nothing.</summary>
        Deliver,

        /// <summary>Inbound QoS 1: deliver, then send PUBACK [MQTT-4.3.2-2].</summary>
        DeliverPuback,

        /// <summary>Inbound QoS 2 seen for the first time: deliver, remember the packet id, send PUBREC [MQTT-4.3.3-2].</summary>
        DeliverStorePubrec,

        /// <summary>Inbound QoS 2 already delivered (packet id stored): send PUBREC again, do not deliver twice.</summary>
        SendPubrec,

        /// <summary>Inbound PUBREL: forget the stored packet id and send PUBCOMP [MQTT-4.3.3-2].</summary>
        ReleasePubcomp,

        /// <summary>Inbound PUBREL for an id we do not hold: send PUBCOMP anyway so the broker can finish.</summary>
        SendPubcomp,
    }

    /// <summary>
    /// The QoS 1/2 state transitions as pure functions (no I/O, no fields), tested alone (STYLE §7).
    /// Packet types are MQTT 3.1.1 control packet type numbers (4 PUBACK, 5 PUBREC, 6 PUBREL, 7 PUBCOMP).
    /// </summary>
    public static class MqttQosFlow
    {
        /// <summary>PUBACK control packet type (§2.2.1).</summary>
        public const int Puback = (int)MqttPacketType.PubAck;

        /// <summary>PUBREC control packet type.</summary>
        public const int Pubrec = (int)MqttPacketType.PubRec;

        /// <summary>PUBREL control packet type.</summary>
        public const int Pubrel = (int)MqttPacketType.PubRel;

        /// <summary>PUBCOMP control packet type.</summary>
        public const int Pubcomp = (int)MqttPacketType.PubComp;

        /// <summary>State of an outbound message once its PUBLISH has been sent at <paramref name="qos"/> (1 or 2); Free for QoS 0.</summary>
        public static MqttFlowState AfterPublishSent(int qos)
        {
            if (qos == 1)
            {
                return MqttFlowState.WaitPuback;
            }

            return qos == 2 ? MqttFlowState.WaitPubrec : MqttFlowState.Free;
        }

        /// <summary>
        /// An acknowledgement (<paramref name="packetType"/> PUBACK, PUBREC or PUBCOMP) arrived for a slot in
        /// <paramref name="state"/>; <paramref name="next"/> is the slot's new state.
        /// </summary>
        public static MqttFlowAction OnAck(MqttFlowState state, int packetType, out MqttFlowState next)
        {
            next = state;
            if (state == MqttFlowState.Free)
            {
                return MqttFlowAction.Ignore;
            }

            if (packetType == Puback)
            {
                if (state != MqttFlowState.WaitPuback)
                {
                    return MqttFlowAction.ProtocolError;
                }

                next = MqttFlowState.Free;
                return MqttFlowAction.Complete;
            }

            if (packetType == Pubrec)
            {
                if (state == MqttFlowState.WaitPuback)
                {
                    return MqttFlowAction.ProtocolError;
                }

                // A duplicate PUBREC while waiting for PUBCOMP is answered with PUBREL again.
                next = MqttFlowState.WaitPubcomp;
                return MqttFlowAction.SendPubrel;
            }

            if (packetType == Pubcomp)
            {
                if (state != MqttFlowState.WaitPubcomp)
                {
                    return MqttFlowAction.ProtocolError;
                }

                next = MqttFlowState.Free;
                return MqttFlowAction.Complete;
            }

            return MqttFlowAction.ProtocolError;
        }

        /// <summary>
        /// What to do with an inflight slot after a new CONNACK. With the session present the client re-sends unacknowledged
        /// PUBLISH (DUP = 1) and PUBREL packets with their original ids [MQTT-4.4.0-1]. Without a session, a PUBLISH not yet
        /// acknowledged is sent again as a new delivery, and a QoS 2 message already PUBRECed is complete: the broker took
        /// ownership at PUBREC and sending it again could deliver it twice.
        /// </summary>
        public static MqttFlowAction OnReconnect(MqttFlowState state, bool sessionPresent)
        {
            switch (state)
            {
                case MqttFlowState.WaitPuback:
                case MqttFlowState.WaitPubrec:
                    return sessionPresent ? MqttFlowAction.ResendPublishDup : MqttFlowAction.ResendPublish;
                case MqttFlowState.WaitPubcomp:
                    return sessionPresent ? MqttFlowAction.SendPubrel : MqttFlowAction.Complete;
                default:
                    return MqttFlowAction.Ignore;
            }
        }

        /// <summary>
        /// An inbound PUBLISH at <paramref name="qos"/>; <paramref name="alreadyStored"/> says whether its packet id is held
        /// in the inbound QoS 2 table (received before, PUBREL not yet seen).
        /// </summary>
        public static MqttFlowAction OnInboundPublish(int qos, bool alreadyStored)
        {
            if (qos == 0)
            {
                return MqttFlowAction.Deliver;
            }

            if (qos == 1)
            {
                return MqttFlowAction.DeliverPuback;
            }

            return alreadyStored ? MqttFlowAction.SendPubrec : MqttFlowAction.DeliverStorePubrec;
        }

        /// <summary>An inbound PUBREL; <paramref name="stored"/> says whether its packet id is in the inbound QoS 2 table.</summary>
        public static MqttFlowAction OnInboundPubrel(bool stored)
        {
            return stored ? MqttFlowAction.ReleasePubcomp : MqttFlowAction.SendPubcomp;
        }
    }
}
