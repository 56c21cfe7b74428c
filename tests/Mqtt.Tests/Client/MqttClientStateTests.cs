using nanoFramework.TestFramework;
using NanoNode.Mqtt.Client;

namespace NanoNode.Mqtt.Tests.Client
{
    /// <summary>The client's state machine over the in-memory transport, driven by a scripted broker and a manual clock.</summary>
    [TestClass]
    public class MqttClientStateTests
    {
        [TestMethod]
        public static void ConnectsAndSurfacesConnackRefusalThenBacksOff()
        {
            Rig r = new Rig();
            r.Broker.ConnackCode = 5;
            r.Build();
            Assert.AreEqual((int)MqttStatus.RefusedNotAuthorized, (int)r.Poll(2));
            Assert.IsFalse(r.Client.IsConnected);
            long wait = r.Client.NextAttemptMs - r.Clock.NowMs;
            Assert.IsTrue(wait >= 1000 && wait <= 2000, "first retry within [floor, 2 x floor]");
            r.Poll(10);
            Assert.AreEqual(1, r.Broker.Connects, "no attempt before the backoff delay");
            r.Broker.ConnackCode = 0;
            r.Clock.NowMs = r.Client.NextAttemptMs;
            r.Poll(2);
            Assert.IsTrue(r.Client.IsConnected);
            Assert.AreEqual(2, r.Broker.Connects);
        }

        [TestMethod]
        [DataRow(9)]
        [DataRow(13)]
        [DataRow(4)]
        public static void FirstPacketThatIsNotConnackClosesAtOnce(int type)
        {
            // [MQTT-3.2.0-1]: the first packet the server sends must be CONNACK. A SUBACK, PINGRESP or PUBACK in its
            // place closes the connection at once (protocol error), without waiting for the CONNACK timeout.
            Rig r = new Rig();
            r.Broker.AnswerConnect = false;
            r.Build();
            r.Poll(1);
            Assert.AreEqual(1, r.Broker.CountOf(1), "CONNECT sent");
            if (type == 9)
            {
                r.Broker.Write(new byte[] { 0x90, 3, 0, 1, 0 });
            }
            else if (type == 13)
            {
                r.Broker.Write(new byte[] { 0xD0, 0 });
            }
            else
            {
                r.Broker.WriteAck(4, 1);
            }

            MqttStatus s = r.Poll(2);
            Assert.AreEqual((int)MqttStatus.ProtocolError, (int)s);
            Assert.AreEqual((int)MqttConnectionState.Disconnected, (int)r.Client.State);
            Assert.AreEqual((int)MqttStatus.ProtocolError, (int)r.Client.LastError);
            Assert.AreEqual(1, r.Client.ConnectFailures);
        }

        [TestMethod]
        public static void PubackForAQos2PublishIsTakenAsQos1DeliveryNotAProtocolError()
        {
            // RabbitMQ 3.10 (no QoS 2) answers a QoS 2 PUBLISH with PUBACK. Closing would re-send and close for ever.
            Rig r = new Rig();
            r.Broker.Qos2AnsweredWithPuback = true;
            r.Build();
            r.Poll(2);
            byte[] payload = new byte[] { (byte)'x' };
            Assert.AreEqual((int)MqttStatus.Sent, (int)r.Client.Publish("d/q2", payload, 0, 1, 2, false));
            r.Poll(2);
            Assert.IsTrue(r.Client.IsConnected);
            Assert.AreEqual(0, r.Client.InflightCount);
            Assert.AreEqual(1, r.Client.PubackForQos2);
            Assert.AreEqual(0, r.Broker.CountOf(6), "no PUBREL");
            Assert.AreEqual(1, r.Broker.Connects);
        }

        [TestMethod]
        public static void CapPublishQosLowersUnansweredQos2AndQueuedMessages()
        {
            Rig r = new Rig();
            r.Broker.AckPublishes = false; // the broker never answers the QoS 2 publish (like one that does not support it)
            r.Build();
            r.Poll(2);
            Assert.IsTrue(r.Client.IsConnected);
            byte[] payload = new byte[] { (byte)'x' };
            Assert.AreEqual((int)MqttStatus.Sent, (int)r.Client.Publish("d/q2", payload, 0, 1, 2, false));
            Assert.AreEqual(1, r.Client.AwaitingPubrec);
            r.Poll(1);
            int firstId = r.Broker.Nth(3, 0).PublishId;
            Assert.AreEqual(2, (r.Broker.Nth(3, 0).Flags >> 1) & 3);

            r.Transport.PeerClose();
            r.Poll(2);
            Assert.IsFalse(r.Client.IsConnected);
            Assert.AreEqual((int)MqttStatus.Queued, (int)r.Client.Publish("d/q2b", payload, 0, 1, 2, false));
            Assert.AreEqual(2, r.Client.CapPublishQos(1), "one inflight, one queued");
            Assert.AreEqual(0, r.Client.AwaitingPubrec);

            r.Broker.AckPublishes = true;
            r.Run(20000, 100);
            Assert.IsTrue(r.Client.IsConnected);
            Assert.AreEqual(3, r.Broker.CountOf(3));
            SentPacket resent = r.Broker.Nth(3, 1);
            Assert.AreEqual(1, (resent.Flags >> 1) & 3, "re-sent at QoS 1");
            Assert.AreEqual(firstId, resent.PublishId, "same packet id");
            Assert.AreEqual(1, (r.Broker.Nth(3, 2).Flags >> 1) & 3, "the queued one leaves at QoS 1");
            Assert.AreEqual(0, r.Client.InflightCount, "both PUBACKed");
            Assert.AreEqual(0, r.Client.PubrecReceived);
        }

        [TestMethod]
        public static void BrokerThatNeverAnswersPingreqIsDroppedAndReconnected()
        {
            Rig r = new Rig().Build();
            r.Poll(2);
            Assert.IsTrue(r.Client.IsConnected);
            r.Broker.AnswerPing = false;
            MqttStatus s = r.Run(10000 + 3000 + 100, 100);
            Assert.AreEqual(1, r.Broker.CountOf(12));
            Assert.AreEqual((int)MqttStatus.PingTimeout, (int)s);
            Assert.AreEqual(1, r.Client.PingTimeouts);
            r.Run(3000, 100);
            Assert.IsTrue(r.Client.IsConnected, "reconnected after the backoff");
            Assert.AreEqual(2, r.Broker.Connects);
        }

        [TestMethod]
        public static void PingIsAnsweredAndHealthFigureTracksTheBroker()
        {
            Rig r = new Rig().Build();
            r.Poll(2);
            r.Clock.Advance(4000);
            Assert.AreEqual(4000L, r.Client.MsSinceLastBrokerPacket);
            r.Run(7000, 100);
            Assert.AreEqual(1, r.Broker.CountOf(12));
            Assert.IsTrue(r.Client.IsConnected);
            Assert.IsTrue(r.Client.MsSinceLastBrokerPacket <= 1000, "PINGRESP counted as broker traffic");
        }

        [TestMethod]
        public static void BrokerThatDropsAfterConnackCausesAReconnectNotATightLoop()
        {
            Rig r = new Rig();
            r.Broker.CloseAfterConnack = true;
            r.Build();
            r.Run(20000, 50);
            // Backoff: floor 1 s, cap doubling to 8 s, not reset by a CONNACK that is dropped at once: 20 s allow only a
            // handful of attempts (a reset per CONNACK gives one every 1-2 s, 14 here).
            Assert.IsTrue(r.Broker.Connects >= 3 && r.Broker.Connects <= 10, "bounded attempts (one per floor would be 14+): " + r.Broker.Connects);
            Assert.AreEqual((int)MqttStatus.ConnectionLost, (int)r.Client.LastError);
        }

        [TestMethod]
        public static void GarbageFromTheBrokerClosesTheConnection()
        {
            Rig r = new Rig().Build();
            r.Poll(2);
            r.Broker.Write(new byte[] { 0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 });
            MqttStatus s = r.Poll(1);
            Assert.AreEqual((int)MqttStatus.Malformed, (int)s);
            Assert.IsFalse(r.Client.IsConnected);

            Rig r2 = new Rig().Build();
            r2.Poll(2);
            r2.Broker.Write(new byte[] { 0x10, 0x00 });
            Assert.AreEqual((int)MqttStatus.ProtocolError, (int)r2.Poll(1), "CONNECT from a server");
        }

        [TestMethod]
        public static void InboundQos2DuplicateIsDeliveredOnceAndPubrelIsCompleted()
        {
            Rig r = new Rig().Build();
            CountingHandler h = new CountingHandler();
            r.Poll(2);
            r.Client.Subscribe("d/#", 2, h);
            r.Poll(2);
            Assert.AreEqual(2, r.Client.GrantedQos(0));
            r.Broker.WritePublish("d/x", "once", 2, 77, false);
            r.Broker.WritePublish("d/x", "once", 2, 77, true);
            r.Poll(2);
            Assert.AreEqual(1, h.Count);
            Assert.AreEqual("once", h.LastPayload);
            Assert.AreEqual(2, r.Broker.CountOf(5));
            Assert.AreEqual(1, r.Client.DuplicatesSuppressed);
            r.Broker.WriteAck(6, 77);
            r.Poll(2);
            Assert.AreEqual(77, r.Broker.Nth(7, 0).FirstId);
            // After PUBREL the id is free again: a new message with it is delivered.
            r.Broker.WritePublish("d/x", "again", 2, 77, false);
            r.Poll(2);
            Assert.AreEqual(2, h.Count);
        }

        [TestMethod]
        public static void ManyUnreleasedInboundQos2MessagesAreDeliveredWithoutClosing()
        {
            // MQTT 3.1.1 does not bound the QoS 2 messages a broker keeps between PUBREC and PUBREL (Mosquitto sends bursts
            // of dozens after a session resume); the default table holds any number, so nothing closes the connection.
            Rig r = new Rig().Build();
            CountingHandler h = new CountingHandler();
            r.Poll(2);
            r.Client.Subscribe("d/#", 2, h);
            r.Poll(2);
            for (int id = 1; id <= 300; id++)
            {
                r.Broker.WritePublish("d/x", "m", 2, id, false);
            }

            r.Poll(50);
            Assert.IsTrue(r.Client.IsConnected, "still connected: " + r.Client.LastError.ToString());
            Assert.AreEqual(300, h.Count);
            Assert.AreEqual(300, r.Broker.CountOf(5));
            r.Broker.WritePublish("d/x", "m", 2, 150, true);
            r.Poll(2);
            Assert.AreEqual(300, h.Count, "a held id is still suppressed");
            for (int id = 1; id <= 300; id++)
            {
                r.Broker.WriteAck(6, id);
            }

            r.Poll(50);
            Assert.AreEqual(300, r.Broker.CountOf(7), "PUBCOMP for each PUBREL");
        }

        [TestMethod]
        public static void InboundQos2IdIsKeptAcrossAReconnectWithSessionAndForgottenWithout()
        {
            Rig r = new Rig();
            r.Options.Session.CleanSession = false;
            r.Build();
            CountingHandler h = new CountingHandler();
            r.Poll(2);
            r.Client.Subscribe("d/#", 2, h);
            r.Poll(2);
            r.Broker.WritePublish("d/x", "one", 2, 5, false);
            r.Poll(2);
            Assert.AreEqual(1, h.Count);
            Assert.AreEqual(1, r.Broker.CountOf(5), "PUBREC");

            // The link drops before PUBREL; the broker resumes the session and re-sends the PUBLISH with DUP [MQTT-4.4.0-1].
            r.Broker.SessionPresent = true;
            r.Transport.PeerClose();
            r.Run(3000, 100);
            Assert.IsTrue(r.Client.IsConnected);
            Assert.IsTrue(r.Client.SessionPresent);
            r.Broker.WritePublish("d/x", "one", 2, 5, true);
            r.Poll(2);
            Assert.AreEqual(1, h.Count, "not delivered a second time");
            Assert.AreEqual(1, r.Client.DuplicatesSuppressed);
            Assert.AreEqual(2, r.Broker.CountOf(5), "PUBREC again");
            r.Broker.WriteAck(6, 5);
            r.Poll(2);
            Assert.AreEqual(5, r.Broker.Nth(7, 0).FirstId, "PUBCOMP");

            // A message PUBRECed, then a reconnect to a broker that lost the session: the id belongs to nothing any more.
            r.Broker.WritePublish("d/x", "two", 2, 6, false);
            r.Poll(2);
            Assert.AreEqual(2, h.Count);
            r.Broker.SessionPresent = false;
            r.Transport.PeerClose();
            r.Run(4100, 100); // second drop before the connection proved stable: delay up to 2 x 2 x floor
            Assert.IsTrue(r.Client.IsConnected);
            Assert.IsFalse(r.Client.SessionPresent);
            r.Broker.WritePublish("d/x", "three", 2, 6, false);
            r.Poll(2);
            Assert.AreEqual(3, h.Count, "a new session's message with the same id is delivered");
            Assert.AreEqual("three", h.LastPayload);
        }

        [TestMethod]
        public static void InflightIsResentWithoutDupAndSubscriptionsRestoredWhenTheSessionIsGone()
        {
            Rig r = new Rig();
            r.Options.Session.CleanSession = false;
            r.Build();
            CountingHandler h = new CountingHandler();
            r.Poll(2);
            r.Client.Subscribe("in/#", 1, h);
            r.Poll(2);
            Assert.AreEqual(1, r.Broker.CountOf(8));
            r.Broker.AckPublishes = false;
            byte[] p = MqttClientPartsTests.Bytes("x");
            Assert.AreEqual((int)MqttStatus.Sent, (int)r.Client.Publish("q/1", p, 0, 1, 1, false));
            r.Poll(2);
            int id = r.Broker.Nth(3, 0).PublishId;
            r.Broker.SessionPresent = false;
            r.Transport.PeerClose();
            r.Run(3000, 100);
            Assert.IsTrue(r.Client.IsConnected);
            SentPacket again = r.Broker.Nth(3, 1);
            Assert.IsNotNull(again, "the unacknowledged QoS 1 PUBLISH is sent again");
            Assert.AreEqual(0, again.Flags & 8, "as a new delivery: DUP 0");
            Assert.AreEqual(id, again.PublishId);
            Assert.AreEqual(2, r.Broker.CountOf(8), "SUBSCRIBE re-sent: the broker has no session");
            Assert.AreEqual(1, r.Client.InflightCount);
            r.Broker.WriteAck(4, id);
            r.Poll(2);
            Assert.AreEqual(0, r.Client.InflightCount);
        }

        [TestMethod]
        public static void BackoffStartsAgainFromTheFloorAfterAStableConnection()
        {
            Rig r = new Rig();
            r.Broker.AcceptTcp = false;
            r.Build();
            r.Run(30000, 100);
            Assert.IsTrue(r.Client.ConnectFailures >= 4);
            long grown = r.Client.NextAttemptMs - r.Clock.NowMs;
            r.Broker.AcceptTcp = true;
            r.Run(10000, 100);
            Assert.IsTrue(r.Client.IsConnected);
            // Up for the ceiling (8 s here), then lost: the next delay is drawn from [floor, 2 x floor] again.
            r.Run(8000, 1000);
            Assert.IsTrue(r.Client.IsConnected);
            r.Transport.PeerClose();
            r.Poll(1);
            Assert.IsFalse(r.Client.IsConnected);
            long wait = r.Client.NextAttemptMs - r.Clock.NowMs;
            Assert.IsTrue(wait >= 1000 && wait <= 2000, "reset to the first step: " + wait.ToString() + " (grown: " + grown.ToString() + ")");
        }

        [TestMethod]
        public static void InflightIsResentWithDupAndPubrelAfterReconnectWithSession()
        {
            Rig r = new Rig();
            r.Options.Session.CleanSession = false;
            r.Build();
            r.Poll(2);
            r.Broker.AckPublishes = false;
            byte[] p = MqttClientPartsTests.Bytes("x");
            Assert.AreEqual((int)MqttStatus.Sent, (int)r.Client.Publish("q/1", p, 0, 1, 1, false));
            Assert.AreEqual((int)MqttStatus.Sent, (int)r.Client.Publish("q/2", p, 0, 1, 2, false));
            r.Poll(2);
            int id2 = r.Broker.Nth(3, 1).PublishId;
            r.Broker.WriteAck(5, id2);
            r.Poll(2);
            Assert.AreEqual(1, r.Broker.CountOf(6), "PUBREL after PUBREC");
            r.Broker.SessionPresent = true;
            r.Transport.PeerClose();
            r.Poll(1);
            Assert.IsFalse(r.Client.IsConnected);
            r.Run(3000, 100);
            Assert.IsTrue(r.Client.IsConnected);
            SentPacket again = r.Broker.Nth(3, 2);
            Assert.IsNotNull(again);
            Assert.AreEqual(8, again.Flags & 8, "DUP set on the re-sent QoS 1 PUBLISH");
            Assert.AreEqual(r.Broker.Nth(3, 0).PublishId, again.PublishId);
            Assert.AreEqual(2, r.Broker.CountOf(6), "PUBREL re-sent for the PUBRECed QoS 2 message");
            Assert.AreEqual(3, r.Broker.CountOf(3), "the PUBRECed message is not published again");
        }

        [TestMethod]
        public static void OfflinePublishesAreQueuedAndDrainedInOrder()
        {
            Rig r = new Rig();
            r.Broker.AcceptTcp = false;
            r.Build();
            r.Poll(1);
            byte[] p = new byte[1];
            for (int i = 0; i < 5; i++)
            {
                p[0] = (byte)('a' + i);
                Assert.AreEqual((int)MqttStatus.Queued, (int)r.Client.Publish("o/t", p, 0, 1, i % 3, false));
            }

            Assert.AreEqual(5, r.Client.Outbox.Count);
            r.Broker.AcceptTcp = true;
            r.Run(3000, 100);
            Assert.IsTrue(r.Client.IsConnected);
            Assert.AreEqual(0, r.Client.Outbox.Count);
            for (int i = 0; i < 5; i++)
            {
                Assert.AreEqual(((char)('a' + i)).ToString(), r.Broker.Nth(3, i).PublishPayload);
            }
        }

        [TestMethod]
        public static void SubscriptionsAreRestoredWithoutSessionAndFailureIsSurfaced()
        {
            Rig r = new Rig().Build();
            CountingHandler h = new CountingHandler();
            r.Poll(2);
            Assert.AreEqual((int)MqttStatus.Sent, (int)r.Client.Subscribe(new string[] { "a/+", "b/#" }, new int[] { 1, 2 }, h));
            r.Poll(2);
            Assert.AreEqual(1, r.Broker.CountOf(8), "both filters in one SUBSCRIBE");
            Assert.AreEqual(1, r.Client.GrantedQos(0));
            Assert.AreEqual(2, r.Client.GrantedQos(1));
            r.Broker.SubackCode = 0x80;
            r.Transport.PeerClose();
            r.Run(3000, 100);
            Assert.IsTrue(r.Client.IsConnected);
            Assert.AreEqual(2, r.Broker.CountOf(8), "re-sent after a reconnect without session");
            Assert.AreEqual(0x80, r.Client.GrantedQos(0));
            Assert.AreEqual((int)MqttSubscriptionState.Failed, (int)r.Client.SubscriptionState(1));
        }

        [TestMethod]
        public static void OversizedInboundPublishIsSkippedAcknowledgedAndNotDelivered()
        {
            Rig r = new Rig();
            r.Options.Limits.MaxPacketSize = 64;
            r.Build();
            CountingHandler h = new CountingHandler();
            r.Poll(2);
            r.Client.Subscribe("#", 1, h);
            r.Poll(2);
            r.Broker.WritePublish("big", new string('z', 300), 1, 9, false);
            r.Broker.WritePublish("small", "ok", 0, 0, false);
            r.Poll(20);
            Assert.IsTrue(r.Client.IsConnected);
            Assert.AreEqual(1, r.Client.OversizedSkipped);
            Assert.AreEqual(9, r.Broker.Nth(4, 0).FirstId);
            Assert.AreEqual(1, h.Count);
            Assert.AreEqual("small", h.LastTopic);
            byte[] big = new byte[100];
            Assert.AreEqual((int)MqttStatus.TooLarge, (int)r.Client.Publish("t", big, 0, big.Length, 0, false));
        }

        [TestMethod]
        public static void Qos0PublishWhoseWriteFailsReturnsConnectionLostAndIsNotQueued()
        {
            Rig r = new Rig();
            r.Build();
            r.Poll(2);
            Assert.IsTrue(r.Client.IsConnected);
            r.Transport.PeerClose(); // the client has not noticed yet: the next write fails
            byte[] p = new byte[4];
            Assert.AreEqual((int)MqttStatus.ConnectionLost, (int)r.Client.Publish("t", p, 0, p.Length, 0, false));
            Assert.IsFalse(r.Client.IsConnected);
            Assert.AreEqual((int)MqttStatus.ConnectionLost, (int)r.Client.LastError);
            Assert.AreEqual(0, r.Client.Outbox.Count, "QoS 0 is lost, not queued");
            r.Run(3000, 100);
            Assert.IsTrue(r.Client.IsConnected, "reconnected");
        }

        [TestMethod]
        public static void OversizedPublishIsReportedWithTopicAndLengthToHandlersThatAskThenAcked()
        {
            // MaxPacketSize 64: a 300-byte QoS 1 retained message on "cfg/set" behind a small one, its payload arriving in
            // several reads. The oversize-aware handler learns topic, size, QoS and retain; a plain handler on the same
            // topic gets nothing; the PUBACK still goes out and the next message is delivered normally.
            Rig r = new Rig();
            r.Options.Limits.MaxPacketSize = 64;
            r.Build();
            OversizeHandler told = new OversizeHandler();
            CountingHandler plain = new CountingHandler();
            r.Poll(2);
            r.Client.Subscribe("cfg/#", 1, told);
            r.Client.Subscribe("+/set", 1, plain);
            r.Poll(2);
            r.Broker.WritePublish("s/0", "a", 0, 0, false);
            byte[] big = ScriptedBroker.BuildPublish("cfg/set", new string('z', 300), 1, 7, false);
            big[0] |= 0x01; // retain
            r.Broker.WritePart(big, 0, 30);
            r.Poll(1);
            Assert.AreEqual(0, told.Oversized, "not reported before the whole packet was read");
            for (int at = 30; at < big.Length; at += 50)
            {
                r.Broker.WritePart(big, at, at + 50 > big.Length ? big.Length - at : 50);
                r.Poll(1);
            }

            r.Broker.WritePublish("cfg/set", "ok", 0, 0, false);
            r.Poll(4);
            Assert.IsTrue(r.Client.IsConnected, "connected: " + r.Client.LastError);
            Assert.AreEqual(1, r.Client.OversizedSkipped);
            Assert.AreEqual(1, told.Oversized);
            Assert.AreEqual("cfg/set", told.OversizedTopic);
            Assert.AreEqual(300, told.OversizedLength);
            Assert.AreEqual(1, told.OversizedQos);
            Assert.IsTrue(told.OversizedRetain);
            Assert.AreEqual(7, r.Broker.Nth(4, 0).FirstId, "PUBACK for the reported message");
            Assert.AreEqual(1, told.Count, "the small cfg/set delivered (s/0 matches no filter)");
            Assert.AreEqual("ok", told.LastPayload);
            Assert.AreEqual(1, plain.Count, "the plain handler only got the small cfg/set");
            Assert.AreEqual("ok", plain.LastPayload);
            Assert.AreEqual(2, r.Client.MessagesReceived, "reported messages are not counted as received");
        }

        [TestMethod]
        public static void OversizedQos2IsReportedOnceUntilPubrelThenAgainForANewMessage()
        {
            Rig r = new Rig();
            r.Options.Limits.MaxPacketSize = 64;
            r.Build();
            OversizeHandler told = new OversizeHandler();
            r.Poll(2);
            r.Client.Subscribe("#", 2, told);
            r.Poll(2);
            byte[] big = ScriptedBroker.BuildPublish("q2/topic", new string('y', 200), 2, 11, false);
            r.Broker.Write(big);
            r.Poll(10);
            big[0] |= 0x08; // re-sent with DUP before PUBREL: PUBREC again, not reported again
            r.Broker.Write(big);
            r.Poll(10);
            Assert.IsTrue(r.Client.IsConnected);
            Assert.AreEqual(2, r.Client.OversizedSkipped);
            Assert.AreEqual(1, told.Oversized);
            Assert.AreEqual(200, told.OversizedLength);
            Assert.AreEqual(2, told.OversizedQos);
            Assert.AreEqual(1, r.Client.DuplicatesSuppressed);
            Assert.AreEqual(2, r.Broker.CountOf(5), "PUBREC for each copy");
            r.Broker.WriteAck(6, 11);
            r.Poll(2);
            Assert.AreEqual(11, r.Broker.Nth(7, 0).FirstId, "PUBCOMP after PUBREL");
            big[0] &= 0xF7; // the id is free again: a new message with it is reported
            r.Broker.Write(big);
            r.Poll(10);
            Assert.AreEqual(2, told.Oversized);
            Assert.AreEqual(0, told.Count, "never delivered");
        }

        [TestMethod]
        public static void OversizedPublishStartingBehindOtherPacketsIsSkippedAndQos2IsRecordedOnce()
        {
            // Small packets and the first 4 bytes of an oversized PUBLISH (fixed header + half the topic length) arrive in
            // one read, so the skip cannot start yet; the rest comes later. Then an oversized QoS 2 PUBLISH twice + PUBREL.
            Rig r = new Rig();
            r.Options.Limits.MaxPacketSize = 64;
            r.Build();
            CountingHandler h = new CountingHandler();
            r.Poll(2);
            r.Client.Subscribe("#", 2, h);
            r.Poll(2);
            for (int i = 0; i < 4; i++)
            {
                r.Broker.WritePublish("s/" + i, "a", 0, 0, false);
            }

            byte[] big = ScriptedBroker.BuildPublish("big", new string('z', 300), 1, 9, false);
            r.Broker.WritePart(big, 0, 4);
            r.Poll(1);
            Assert.IsTrue(r.Client.IsConnected, "connected after the partial header");
            Assert.AreEqual(4, h.Count);
            r.Broker.WritePart(big, 4, big.Length - 4);
            r.Broker.WritePublish("after", "ok", 0, 0, false);
            r.Poll(20);
            Assert.IsTrue(r.Client.IsConnected, "connected after the skip: " + r.Client.LastError);
            Assert.AreEqual(1, r.Client.OversizedSkipped);
            Assert.AreEqual(5, h.Count);
            Assert.AreEqual("after", h.LastTopic);
            Assert.AreEqual(9, r.Broker.Nth(4, 0).FirstId, "PUBACK for the skipped QoS 1 message");

            byte[] big2 = ScriptedBroker.BuildPublish("big2", new string('y', 200), 2, 10, false);
            r.Broker.Write(big2);
            big2[0] |= 0x08; // the broker re-sends it with DUP before PUBREL
            r.Broker.Write(big2);
            r.Poll(20);
            Assert.IsTrue(r.Client.IsConnected);
            Assert.AreEqual(3, r.Client.OversizedSkipped);
            Assert.AreEqual(2, r.Broker.CountOf(5), "PUBREC for each copy");
            Assert.AreEqual(10, r.Broker.Nth(5, 1).FirstId);
            r.Broker.WriteAck(6, 10);
            r.Poll(2);
            Assert.AreEqual(10, r.Broker.Nth(7, 0).FirstId, "PUBCOMP after PUBREL");
            Assert.AreEqual(5, h.Count, "skipped messages are never delivered");
        }

        [TestMethod]
        public static void DisconnectSendsDisconnectAndStopsReconnecting()
        {
            Rig r = new Rig().Build();
            r.Poll(2);
            r.Client.Disconnect();
            r.Broker.Pump(r.Transport);
            Assert.AreEqual(1, r.Broker.CountOf(14));
            r.Run(5000, 500);
            Assert.AreEqual(1, r.Broker.Connects);
        }

        [TestMethod]
        public static void ConnectCarriesEveryConfiguredField()
        {
            Rig r = new Rig();
            r.Options.Connection.ClientId = "node-7";
            r.Options.Connection.UserName = "user";
            r.Options.Connection.Password = new byte[] { 1, 2, 3 };
            r.Options.Connection.WillTopic = "nanonode/node-7/status";
            r.Options.Connection.WillPayload = new byte[] { (byte)'o', (byte)'f', (byte)'f' };
            r.Options.Connection.WillQos = 1;
            r.Options.Connection.WillRetain = true;
            r.Options.Session.CleanSession = false;
            r.Options.Timing.KeepAliveSeconds = 30;
            r.Build();
            r.Poll(1);
            Assert.IsTrue(r.Client.IsConnected);
            MqttPacket p = new MqttPacket();
            byte[] bytes = Whole((SentPacket)r.Broker.Sent[0]);
            // Decoded by the shared codec in the server role, as a broker would.
            Assert.AreEqual((int)MqttStatus.Ok, (int)MqttDecoder.Decode(bytes, 0, bytes.Length, MqttRole.Server, p));
            Assert.AreEqual((int)MqttPacketType.Connect, (int)p.Type);
            Assert.AreEqual(4, p.ProtocolLevel);
            Assert.AreEqual("node-7", Ascii(bytes, p.ClientIdOffset, p.ClientIdLength));
            Assert.IsTrue(p.HasUserName && p.HasPassword);
            Assert.AreEqual("user", Ascii(bytes, p.UserNameOffset, p.UserNameLength));
            Assert.AreEqual(3, p.PasswordLength);
            Assert.AreEqual(3, (int)bytes[p.PasswordOffset + 2]);
            Assert.IsTrue(p.WillFlag && p.WillRetain);
            Assert.AreEqual(1, p.WillQos);
            Assert.AreEqual("nanonode/node-7/status", Ascii(bytes, p.WillTopicOffset, p.WillTopicLength));
            Assert.AreEqual("off", Ascii(bytes, p.WillMessageOffset, p.WillMessageLength));
            Assert.IsFalse(p.CleanSession);
            Assert.AreEqual(30, p.KeepAliveSeconds);
        }

        [TestMethod]
        public static void SeveralFiltersGoInOneSubscribeAndFailureIsPerFilter()
        {
            Rig r = new Rig().Build();
            r.Broker.AnswerSubscribe = false;
            r.Poll(2);
            CountingHandler h = new CountingHandler();
            Assert.AreEqual((int)MqttStatus.Sent, (int)r.Client.Subscribe(new string[] { "a/#", "b/+", "c" }, new int[] { 1, 0, 2 }, h));
            r.Poll(1);
            SentPacket sub = Last(r, 8);
            byte[] bytes = Whole(sub);
            MqttPacket p = new MqttPacket();
            Assert.AreEqual((int)MqttStatus.Ok, (int)MqttDecoder.Decode(bytes, 0, bytes.Length, MqttRole.Server, p));
            Assert.AreEqual(3, p.ItemCount, "one SUBSCRIBE, three filters");
            // [MQTT-3.9.3-1]: return codes in filter order; 0x80 fails only the second filter.
            r.Broker.Write(new byte[] { 0x90, 5, sub.Body[0], sub.Body[1], 1, 0x80, 2 });
            r.Poll(2);
            Assert.AreEqual(1, r.Client.GrantedQos(0));
            Assert.AreEqual(0x80, r.Client.GrantedQos(1));
            Assert.AreEqual(2, r.Client.GrantedQos(2));
            Assert.AreEqual((int)MqttSubscriptionState.Failed, (int)r.Client.SubscriptionState(1));
            Assert.AreEqual((int)MqttSubscriptionState.Active, (int)r.Client.SubscriptionState(2));
            Assert.IsTrue(r.Client.IsConnected);
        }

        [TestMethod]
        public static void SeveralFiltersGoInOneUnsubscribe()
        {
            Rig r = new Rig().Build();
            r.Poll(2);
            CountingHandler h = new CountingHandler();
            r.Client.Subscribe(new string[] { "a/#", "b/+", "c" }, new int[] { 1, 1, 1 }, h);
            r.Poll(2);
            Assert.AreEqual((int)MqttStatus.NotFound, (int)r.Client.Unsubscribe(new string[] { "a/#", "nope" }));
            Assert.AreEqual((int)MqttSubscriptionState.Active, (int)r.Client.SubscriptionState(0), "nothing changed on NotFound");
            Assert.AreEqual((int)MqttStatus.Sent, (int)r.Client.Unsubscribe(new string[] { "a/#", "c" }));
            r.Poll(2);
            byte[] bytes = Whole(Last(r, 10));
            MqttPacket p = new MqttPacket();
            Assert.AreEqual((int)MqttStatus.Ok, (int)MqttDecoder.Decode(bytes, 0, bytes.Length, MqttRole.Server, p));
            Assert.AreEqual(2, p.ItemCount, "one UNSUBSCRIBE, two filters");
            Assert.AreEqual((int)MqttSubscriptionState.Free, (int)r.Client.SubscriptionState(0));
            Assert.AreEqual((int)MqttSubscriptionState.Active, (int)r.Client.SubscriptionState(1));
            Assert.AreEqual((int)MqttSubscriptionState.Free, (int)r.Client.SubscriptionState(2));
        }

        [TestMethod]
        public static void FilterThatCannotFitOneSubscribeIsRejected()
        {
            Rig r = new Rig();
            r.Options.Limits.MaxPacketSize = 64;
            r.Options.Limits.MaxFilterLength = 128;
            r.Build();
            r.Poll(2);
            // 60 bytes of filter: SUBSCRIBE = 2 (fixed header) + 2 (id) + 2 + 60 + 1 = 67 > 64.
            string filter = "f/0123456789012345678901234567890123456789012345678901234567";
            Assert.AreEqual(60, filter.Length);
            Assert.AreEqual((int)MqttStatus.TooLarge, (int)r.Client.Subscribe(filter, 0, new CountingHandler()));
            Assert.AreEqual(-1, r.Client.FindSubscription(filter));
        }

        // The whole packet (fixed header + body) a scripted broker recorded, for the shared decoder.
        private static byte[] Whole(SentPacket s)
        {
            byte[] bytes = new byte[5 + s.Body.Length];
            bytes[0] = (byte)((s.Type << 4) | s.Flags);
            int n;
            MqttWire.WriteVariableByteInteger(bytes, 1, 4, s.Body.Length, out n);
            System.Array.Copy(s.Body, 0, bytes, 1 + n, s.Body.Length);
            byte[] exact = new byte[1 + n + s.Body.Length];
            System.Array.Copy(bytes, exact, exact.Length);
            return exact;
        }

        private static SentPacket Last(Rig r, int type)
        {
            for (int i = r.Broker.Sent.Count - 1; i >= 0; i--)
            {
                SentPacket s = (SentPacket)r.Broker.Sent[i];
                if (s.Type == type)
                {
                    return s;
                }
            }

            return null;
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
}
