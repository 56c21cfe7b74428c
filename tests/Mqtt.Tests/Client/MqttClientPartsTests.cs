using nanoFramework.TestFramework;
using NanoNode.Mqtt.Client;

namespace NanoNode.Mqtt.Tests.Client
{
    /// <summary>The client's pure parts alone: QoS transitions, topic matching, backoff, outbox policy.</summary>
    [TestClass]
    public class MqttClientPartsTests
    {
        [TestMethod]
        public static void Qos1PubackCompletesAndPubrecIsAProtocolError()
        {
            MqttFlowState next;
            Assert.AreEqual((int)MqttFlowState.WaitPuback, (int)MqttQosFlow.AfterPublishSent(1));
            Assert.AreEqual((int)MqttFlowAction.Complete, (int)MqttQosFlow.OnAck(MqttFlowState.WaitPuback, MqttQosFlow.Puback, out next));
            Assert.AreEqual((int)MqttFlowState.Free, (int)next);
            Assert.AreEqual((int)MqttFlowAction.ProtocolError, (int)MqttQosFlow.OnAck(MqttFlowState.WaitPuback, MqttQosFlow.Pubrec, out next));
            Assert.AreEqual((int)MqttFlowAction.Ignore, (int)MqttQosFlow.OnAck(MqttFlowState.Free, MqttQosFlow.Puback, out next));
        }

        [TestMethod]
        public static void Qos2PubrecThenPubcompAndDuplicatePubrecResendsPubrel()
        {
            MqttFlowState next;
            Assert.AreEqual((int)MqttFlowAction.SendPubrel, (int)MqttQosFlow.OnAck(MqttFlowState.WaitPubrec, MqttQosFlow.Pubrec, out next));
            Assert.AreEqual((int)MqttFlowState.WaitPubcomp, (int)next);
            Assert.AreEqual((int)MqttFlowAction.SendPubrel, (int)MqttQosFlow.OnAck(MqttFlowState.WaitPubcomp, MqttQosFlow.Pubrec, out next));
            Assert.AreEqual((int)MqttFlowAction.Complete, (int)MqttQosFlow.OnAck(MqttFlowState.WaitPubcomp, MqttQosFlow.Pubcomp, out next));
            Assert.AreEqual((int)MqttFlowAction.ProtocolError, (int)MqttQosFlow.OnAck(MqttFlowState.WaitPubrec, MqttQosFlow.Pubcomp, out next));
        }

        [TestMethod]
        public static void ReconnectResendsWithDupOnlyWhenTheSessionIsPresent()
        {
            Assert.AreEqual((int)MqttFlowAction.ResendPublishDup, (int)MqttQosFlow.OnReconnect(MqttFlowState.WaitPuback, true));
            Assert.AreEqual((int)MqttFlowAction.ResendPublish, (int)MqttQosFlow.OnReconnect(MqttFlowState.WaitPubrec, false));
            Assert.AreEqual((int)MqttFlowAction.SendPubrel, (int)MqttQosFlow.OnReconnect(MqttFlowState.WaitPubcomp, true));
            Assert.AreEqual((int)MqttFlowAction.Complete, (int)MqttQosFlow.OnReconnect(MqttFlowState.WaitPubcomp, false));
        }

        [TestMethod]
        public static void InboundQos2IsDeliveredOnceUntilPubrel()
        {
            Assert.AreEqual((int)MqttFlowAction.DeliverStorePubrec, (int)MqttQosFlow.OnInboundPublish(2, false));
            Assert.AreEqual((int)MqttFlowAction.SendPubrec, (int)MqttQosFlow.OnInboundPublish(2, true));
            Assert.AreEqual((int)MqttFlowAction.ReleasePubcomp, (int)MqttQosFlow.OnInboundPubrel(true));
            Assert.AreEqual((int)MqttFlowAction.SendPubcomp, (int)MqttQosFlow.OnInboundPubrel(false));
        }

        [TestMethod]
        [DataRow("sport/tennis/#", "sport/tennis", true)]
        [DataRow("sport/tennis/#", "sport/tennis/player1/ranking", true)]
        [DataRow("sport/+", "sport/", true)]
        [DataRow("sport/+", "sport", false)]
        [DataRow("+/+", "/finance", true)]
        [DataRow("+", "/finance", false)]
        [DataRow("#", "$SYS/broker", false)]
        [DataRow("+/monitor/Clients", "$SYS/monitor/Clients", false)]
        [DataRow("$SYS/#", "$SYS/broker", true)]
        [DataRow("a/+/c", "a//c", true)]
        [DataRow("a/b", "a/bc", false)]
        public static void TopicMatching(string filter, string topic, bool expected)
        {
            byte[] f = Bytes(filter);
            byte[] t = Bytes(topic);
            Assert.AreEqual(expected, Topic.Matches(f, 0, f.Length, t, 0, t.Length));
        }

        [TestMethod]
        [DataRow("a/#", true)]
        [DataRow("a#", false)]
        [DataRow("a/#/b", false)]
        [DataRow("a/+b", false)]
        [DataRow("+/+", true)]
        public static void FilterValidation(string filter, bool expected)
        {
            byte[] f = Bytes(filter);
            Assert.AreEqual(expected, Topic.ValidateFilter(f, 0, f.Length) == MqttStatus.Ok);
        }

        [TestMethod]
        public static void BackoffStaysBetweenFloorAndCapGrowsAndResets()
        {
            MqttBackoff b = new MqttBackoff(100, 1000, new XorShiftRandom(7));
            int[] caps = new int[] { 200, 400, 800, 1000, 1000, 1000 };
            for (int i = 0; i < caps.Length; i++)
            {
                Assert.AreEqual(caps[i], b.CurrentCapMs);
                int d = b.NextDelayMs();
                Assert.IsTrue(d >= 100 && d <= caps[i], "delay within [floor, cap]");
            }

            b.Reset();
            Assert.AreEqual(200, b.CurrentCapMs);
        }

        [TestMethod]
        public static void OutboxCountsARefusedNewQos0MessageOnlyAsRejected()
        {
            // Full of QoS 1 (policy RejectNew): a new QoS 0 message finds no QoS 0 victim and is refused. It was never
            // queued, so it is not a dropped queued message: Rejected only, DroppedQos0 unchanged.
            MqttOutbox o = new MqttOutbox(64, 100, MqttQueuePolicy.DropOldest, MqttQueuePolicy.RejectNew, MqttQueuePolicy.RejectNew);
            byte[] topic = Bytes("t");
            byte[] payload = new byte[8];
            for (int i = 0; i < 4; i++)
            {
                Assert.AreEqual((int)MqttStatus.Queued, (int)o.Enqueue(topic, 0, 1, payload, 0, 8, 1, false));
            }

            Assert.AreEqual((int)MqttStatus.OutboxFull, (int)o.Enqueue(topic, 0, 1, payload, 0, 8, 0, false));
            Assert.AreEqual(1, o.Rejected);
            Assert.AreEqual(0, o.DroppedQos0);
            Assert.AreEqual(0, o.DroppedQos1);
            Assert.AreEqual(4, o.Count);
        }

        [TestMethod]
        public static void OutboxDropsOldestQos0FirstThenRejectsQos1()
        {
            MqttOutbox o = new MqttOutbox(64, 100, MqttQueuePolicy.DropOldest, MqttQueuePolicy.RejectNew, MqttQueuePolicy.RejectNew);
            byte[] topic = Bytes("t");
            byte[] payload = new byte[8];
            // Each record: 7 + 1 + 8 = 16 bytes; 4 fit.
            Assert.AreEqual((int)MqttStatus.Queued, (int)o.Enqueue(topic, 0, 1, payload, 0, 8, 0, false));
            Assert.AreEqual((int)MqttStatus.Queued, (int)o.Enqueue(topic, 0, 1, payload, 0, 8, 1, false));
            Assert.AreEqual((int)MqttStatus.Queued, (int)o.Enqueue(topic, 0, 1, payload, 0, 8, 0, false));
            Assert.AreEqual((int)MqttStatus.Queued, (int)o.Enqueue(topic, 0, 1, payload, 0, 8, 1, false));
            payload[0] = 9;
            Assert.AreEqual((int)MqttStatus.Queued, (int)o.Enqueue(topic, 0, 1, payload, 0, 8, 1, false));
            Assert.AreEqual(1, o.DroppedQos0);
            Assert.AreEqual((int)MqttStatus.Queued, (int)o.Enqueue(topic, 0, 1, payload, 0, 8, 1, false));
            Assert.AreEqual(2, o.DroppedQos0);
            Assert.AreEqual((int)MqttStatus.OutboxFull, (int)o.Enqueue(topic, 0, 1, payload, 0, 8, 1, false));
            Assert.AreEqual(1, o.Rejected);
            Assert.AreEqual(4, o.Count);
            // FIFO: the QoS 1 messages in the order they were queued.
            Assert.AreEqual(1, o.RecordQos(o.Head));
            Assert.AreEqual((int)0, (int)o.Arena[o.PayloadOffset(o.Head)]);
            o.Dequeue();
            o.Dequeue();
            Assert.AreEqual((int)9, (int)o.Arena[o.PayloadOffset(o.Head)]);
            Assert.AreEqual((int)MqttStatus.TooLarge, (int)o.Enqueue(topic, 0, 1, new byte[64], 0, 64, 0, false));
        }

        [TestMethod]
        public static void InboundQos2TableBitmapHoldsEveryIdAndListFormFills()
        {
            MqttInboundQos2Table all = new MqttInboundQos2Table(MqttInboundQos2Table.AllIds);
            Assert.IsTrue(all.Add(1) && all.Add(65535) && all.Add(8) && all.Add(8));
            Assert.AreEqual(3, all.Count);
            Assert.IsTrue(all.Contains(1) && all.Contains(8) && all.Contains(65535));
            Assert.IsFalse(all.Contains(9) || all.Contains(0) || all.Contains(7));
            Assert.IsFalse(all.Add(0), "0 is not a packet id");
            Assert.IsTrue(all.Remove(8));
            Assert.IsFalse(all.Remove(8));
            Assert.IsFalse(all.Contains(8));
            for (int id = 1; id <= 65535; id++)
            {
                all.Add(id);
            }

            Assert.AreEqual(65535, all.Count, "never full");
            all.Clear();
            Assert.AreEqual(0, all.Count);
            Assert.IsFalse(all.Contains(1) || all.Contains(65535));

            MqttInboundQos2Table list = new MqttInboundQos2Table(2);
            Assert.IsTrue(list.Add(5) && list.Add(6) && list.Add(5));
            Assert.IsFalse(list.Add(7), "list form full");
            Assert.IsTrue(list.Remove(5) && list.Add(7) && list.Contains(7) && list.Contains(6));
        }

        internal static byte[] Bytes(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < s.Length; i++)
            {
                b[i] = (byte)s[i];
            }

            return b;
        }
    }
}
