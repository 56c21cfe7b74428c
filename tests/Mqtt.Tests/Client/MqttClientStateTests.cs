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
    }
}
