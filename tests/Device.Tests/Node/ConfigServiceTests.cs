using nanoFramework.TestFramework;
using NanoNode.Device.Config;
using NanoNode.Device.Node;
using NanoNode.Device.Storage;

namespace NanoNode.Device.Tests.Node
{
    /// <summary>The config protocol against a fake link: apply/persist/publish/ack order, rejects, stale, transactions with rollback.</summary>
    [TestClass]
    public class ConfigServiceTests
    {
        private const string Ack = "nanonode/n1/config/ack";
        private const string Cfg = "nanonode/n1/config";

        private sealed class Listener : IConfigListener
        {
            public long Mask;
            public int Calls;

            public void OnConfigChanged(long changedMask)
            {
                Mask = changedMask;
                Calls++;
            }
        }

        private static FakeLink _link;
        private static MemoryConfigStorage _storage;
        private static ConfigService _service;
        private static DeviceConfig _effective;
        private static Listener _listener;
        private static DeviceTopics _topics;

        private static void Fresh()
        {
            _link = new FakeLink();
            _storage = new MemoryConfigStorage(ConfigStore.SlotCapacity);
            _effective = new DeviceConfig();
            _listener = new Listener();
            _topics = new DeviceTopics();
            _topics.SetDeviceId("n1");
            _topics.Build(_effective);
            ConfigPatch patch = new ConfigPatch();
            _service = new ConfigService(_effective, patch, new ConfigStore(_storage, patch), _topics, _link, _listener);
        }

        private static void Set(string json, long now)
        {
            byte[] b = Text.Bytes(json);
            _service.OnConfigSet(b, 0, b.Length, now);
        }

        private static DeviceConfig Persisted()
        {
            DeviceConfig c = new DeviceConfig();
            Assert.IsTrue(new ConfigStore(_storage, new ConfigPatch()).Load(c));
            return c;
        }

        [TestMethod]
        public static void LivePatchIsAppliedPersistedPublishedThenAcked()
        {
            Fresh();
            Set("{\"rev\":1,\"interval_s\":5}", 0);
            Assert.AreEqual(5, _effective.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(2, _link.Messages.Count);
            Sent config = (Sent)_link.Messages[0];
            Sent ack = (Sent)_link.Messages[1];
            Assert.AreEqual(Cfg, config.Topic);
            Assert.IsTrue(config.Retain);
            Assert.AreEqual(1, config.Qos);
            Assert.IsTrue(config.Payload.StartsWith("{\"rev\":1,\"interval_s\":5,"));
            Assert.AreEqual(Ack, ack.Topic);
            Assert.IsFalse(ack.Retain);
            Assert.AreEqual("{\"rev\":1,\"result\":\"applied\"}", ack.Payload);
            Assert.AreEqual(5, Persisted().GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual((1L << ConfigSchema.Rev) | (1L << ConfigSchema.IntervalS), _listener.Mask);
            Assert.AreEqual(1, _service.Applied);
        }

        [TestMethod]
        public static void InvalidPatchChangesNothingAndListsTheErrors()
        {
            Fresh();
            Set("{\"rev\":1,\"interval_s\":5}", 0);
            int writes = _storage.Writes;
            Set("{\"rev\":2,\"interval_s\":0,\"telemetry_qos\":1,\"bogus\":true}", 0);
            Assert.AreEqual(5, _effective.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(1, _effective.Rev);
            Assert.AreEqual(writes, _storage.Writes);
            Assert.AreEqual(1, _link.Count(Cfg));
            Assert.AreEqual("{\"rev\":2,\"result\":\"rejected\",\"errors\":[{\"key\":\"interval_s\",\"reason\":\"out_of_range\",\"min\":1,\"max\":86400},{\"key\":\"bogus\",\"reason\":\"unknown_key\"}]}", _link.Last(Ack).Payload);
            Set("not json", 0);
            Assert.AreEqual("{\"rev\":null,\"result\":\"rejected\",\"errors\":[{\"key\":\"\",\"reason\":\"malformed_json\",\"detail\":\"unexpected_character\",\"position\":1}]}", _link.Last(Ack).Payload);
            Assert.AreEqual(2, _service.Rejected);
            Assert.AreEqual(1, _listener.Calls);
        }

        [TestMethod]
        public static void SkippedOversizedPatchIsRejectedWithPayloadTooLargeAndChangesNothing()
        {
            Fresh();
            Set("{\"rev\":1,\"interval_s\":5}", 0);
            int writes = _storage.Writes;
            _service.OnConfigSetTooLarge(4068); // what fits in a 4096-byte packet: capped at ConfigPatch.MaxPayload
            Assert.AreEqual("{\"rev\":null,\"result\":\"rejected\",\"errors\":[{\"key\":\"\",\"reason\":\"payload_too_large\",\"min\":0,\"max\":2048}]}", _link.Last(Ack).Payload);
            _service.OnConfigSetTooLarge(900); // a board with a smaller packet limit reports its own
            Assert.AreEqual("{\"rev\":null,\"result\":\"rejected\",\"errors\":[{\"key\":\"\",\"reason\":\"payload_too_large\",\"min\":0,\"max\":900}]}", _link.Last(Ack).Payload);
            Assert.AreEqual(5, _effective.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(1, _effective.Rev);
            Assert.AreEqual(writes, _storage.Writes);
            Assert.AreEqual(1, _link.Count(Cfg), "no new retained config");
            Assert.AreEqual(2, _service.Rejected);
            Assert.AreEqual(1, _listener.Calls);
        }

        [TestMethod]
        public static void StaleRevisionIsAckedStale()
        {
            Fresh();
            Set("{\"rev\":7}", 0);
            Set("{\"rev\":7,\"interval_s\":9}", 0);
            Assert.AreEqual("{\"rev\":7,\"result\":\"stale\",\"errors\":[{\"key\":\"rev\",\"reason\":\"stale\",\"min\":8,\"max\":2147483647}]}", _link.Last(Ack).Payload);
            Assert.AreEqual(30, _effective.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(1, _service.Stale);
        }

        [TestMethod]
        public static void ReconnectChangeCommitsOnlyAfterANewConnection()
        {
            Fresh();
            int writes = _storage.Writes;
            Set("{\"rev\":3,\"broker_host\":\"new.example\",\"interval_s\":12}", 1000);
            Assert.AreEqual((int)ConfigState.Trying, (int)_service.State);
            Assert.AreEqual(1, _link.Reconnects);
            Assert.AreEqual("new.example", _link.ReconnectHost);
            Assert.AreEqual("new.example", _effective.GetString(ConfigSchema.BrokerHost));
            Assert.AreEqual(0, _link.Count(Ack));
            Assert.AreEqual(writes, _storage.Writes);

            _service.Poll(5000);
            Assert.AreEqual((int)ConfigState.Trying, (int)_service.State);
            _link.Up();
            _service.Poll(6000);
            Assert.AreEqual((int)ConfigState.Idle, (int)_service.State);
            Assert.AreEqual("{\"rev\":3,\"result\":\"applied\"}", _link.Last(Ack).Payload);
            Assert.IsTrue(_link.Last(Cfg).Payload.IndexOf("\"broker_host\":\"new.example\"") > 0);
            Assert.AreEqual("new.example", Persisted().GetString(ConfigSchema.BrokerHost));
        }

        [TestMethod]
        public static void UnreachableBrokerRollsBackAtTheDeadline()
        {
            Fresh();
            Set("{\"rev\":1,\"broker_host\":\"good.example\"}", 0);
            _link.Up();
            _service.Poll(1);
            Assert.AreEqual("{\"rev\":1,\"result\":\"applied\"}", _link.Last(Ack).Payload);
            int writes = _storage.Writes;

            Set("{\"rev\":2,\"broker_port\":1,\"rollback_timeout_s\":10}", 100);
            Assert.AreEqual(2, _link.Reconnects);
            _link.Error = "connect_failed"; // the attempts with the new settings fail
            _service.Poll(10099);
            Assert.AreEqual((int)ConfigState.Trying, (int)_service.State);
            _service.Poll(10100);
            Assert.AreEqual((int)ConfigState.RollingBack, (int)_service.State);
            Assert.AreEqual(3, _link.Reconnects);
            Assert.AreEqual("good.example", _link.ReconnectHost);
            Assert.AreEqual(1883, _effective.GetInt(ConfigSchema.BrokerPort));
            Assert.AreEqual(1, _effective.Rev);
            Assert.AreEqual(30, _effective.GetInt(ConfigSchema.RollbackTimeoutS));

            _service.Poll(20000);
            Assert.AreEqual((int)ConfigState.RollingBack, (int)_service.State);
            _link.Up();
            _service.Poll(20001);
            Assert.AreEqual((int)ConfigState.Idle, (int)_service.State);
            Assert.AreEqual("{\"rev\":2,\"result\":\"rolled_back\",\"reason\":\"reconnect_timeout\",\"timeout_s\":10,\"last_error\":\"connect_failed\"}", _link.Last(Ack).Payload);
            Assert.IsTrue(_link.Last(Cfg).Payload.StartsWith("{\"rev\":1,"));
            Assert.AreEqual(writes, _storage.Writes);
            Assert.AreEqual(1, Persisted().Rev);
            Assert.AreEqual(1, _service.RolledBack);

            // The same change can be sent again (rev 2 is still newer than the effective rev 1).
            Set("{\"rev\":2,\"interval_s\":7}", 30000);
            Assert.AreEqual("{\"rev\":2,\"result\":\"applied\"}", _link.Last(Ack).Payload);
        }

        [TestMethod]
        public static void RollbackWhileAnAttemptIsStillPendingHasNoLastError()
        {
            Fresh();
            _link.Error = "connection_lost"; // from before the change: must not be reported for the new settings
            Set("{\"rev\":1,\"broker_host\":\"slow.example\",\"rollback_timeout_s\":5}", 0);
            _service.Poll(5000);
            Assert.AreEqual((int)ConfigState.RollingBack, (int)_service.State);
            _link.Up();
            _service.Poll(5001);
            Assert.AreEqual("{\"rev\":1,\"result\":\"rolled_back\",\"reason\":\"reconnect_timeout\",\"timeout_s\":5}", _link.Last(Ack).Payload);
        }

        [TestMethod]
        public static void PatchesDuringATransactionAreBusy()
        {
            Fresh();
            Set("{\"rev\":1,\"keepalive_s\":30}", 0);
            Set("{\"rev\":2,\"interval_s\":7}", 1);
            Assert.AreEqual("{\"rev\":null,\"result\":\"rejected\",\"errors\":[{\"key\":\"\",\"reason\":\"busy\"}]}", _link.Last(Ack).Payload);
            Assert.AreEqual(30, _effective.GetInt(ConfigSchema.IntervalS));
        }

        [TestMethod]
        public static void TopicPrefixChangeMovesEveryTopic()
        {
            Fresh();
            Set("{\"rev\":1,\"topic_prefix\":\"site/b\"}", 0);
            Assert.AreEqual("site/b/n1/status", _topics.Status.ToString());
            Assert.AreEqual("site/b/all/config/set", _topics.FleetConfigSet.ToString());
            _link.Up();
            _service.Poll(1);
            Assert.AreEqual("{\"rev\":1,\"result\":\"applied\"}", _link.Last("site/b/n1/config/ack").Payload);
            Assert.AreEqual("site/b/n1/cmd/+", _topics.CommandFilter.ToString());
        }

        [TestMethod]
        public static void RefusedPublishesAreCounted()
        {
            Fresh();
            _link.Accept = false;
            Set("{\"rev\":1,\"interval_s\":5}", 0);
            Assert.AreEqual(2, _service.PublishDrops);
            Assert.AreEqual(5, _effective.GetInt(ConfigSchema.IntervalS));
        }

        [TestMethod]
        public static void QosAboveAKnownBrokerCapIsRejectedWithTheCap()
        {
            Fresh();
            _link.LinkStats.QosCap = 1;
            _link.LinkStats.QosCapCause = LinkStats.CauseSuback;
            Set("{\"rev\":1,\"telemetry_qos\":2}", 0);
            Assert.AreEqual("{\"rev\":1,\"result\":\"rejected\",\"errors\":[{\"key\":\"telemetry_qos\",\"reason\":\"qos_not_granted\",\"min\":0,\"max\":1}]}",
                _link.Last(Ack).Payload);
            Assert.AreEqual(1, _effective.GetInt(ConfigSchema.TelemetryQos));
            Assert.AreEqual(0, _link.Count(Cfg));
            Set("{\"rev\":2,\"telemetry_qos\":1}", 0);
            Assert.AreEqual("{\"rev\":2,\"result\":\"applied\"}", _link.Last(Ack).Payload);
        }

        [TestMethod]
        public static void AppliedAckWarnsWhileTheEffectiveQosIsAboveTheCap()
        {
            Fresh();
            Set("{\"rev\":1,\"telemetry_qos\":2}", 0);
            Assert.AreEqual("{\"rev\":1,\"result\":\"applied\"}", _link.Last(Ack).Payload);
            Set("{\"rev\":2,\"interval_s\":7}", 1000); // ends the watch: the node stayed connected
            _link.LinkStats.QosCap = 1;
            _link.LinkStats.QosCapCause = LinkStats.CauseQos2Drop;
            Set("{\"rev\":3,\"interval_s\":8}", 2000);
            Assert.AreEqual("{\"rev\":3,\"result\":\"applied\",\"warnings\":[{\"key\":\"telemetry_qos\",\"reason\":\"qos_capped\",\"max\":1,"
                + "\"qos_cap\":1,\"cause\":\"closed_on_qos2_publish\"}]}", _link.Last(Ack).Payload);
        }

        [TestMethod]
        public static void LiveQosChangeTheBrokerCannotTakeIsRolledBackAndPersisted()
        {
            Fresh();
            Set("{\"rev\":1,\"telemetry_qos\":2}", 0);
            Assert.AreEqual((int)ConfigState.Watching, (int)_service.State);
            Assert.AreEqual(2, Persisted().GetInt(ConfigSchema.TelemetryQos));
            // The broker closes the link at the first QoS 2 publish, twice; the link caps at 1 (as MqttDeviceLink does).
            _link.Connected = false;
            _link.LinkStats.Record("connection_lost", 100, true);
            _service.Poll(100);
            Assert.AreEqual((int)ConfigState.Watching, (int)_service.State, "one loss is not enough");
            _link.Up();
            _link.Connected = false;
            _link.LinkStats.Record("connection_lost", 200, true);
            _link.LinkStats.QosCap = 1;
            _link.LinkStats.QosCapCause = LinkStats.CauseQos2Drop;
            _service.Poll(200);
            Assert.AreEqual((int)ConfigState.RollingBack, (int)_service.State);
            Assert.AreEqual(1, _effective.GetInt(ConfigSchema.TelemetryQos));
            Assert.AreEqual(0, _effective.Rev);
            Assert.AreEqual(1, Persisted().GetInt(ConfigSchema.TelemetryQos), "a reboot keeps the rolled back config");
            int acks = _link.Count(Ack);
            _service.Poll(300);
            Assert.AreEqual(acks, _link.Count(Ack), "acked once connected");
            _link.Up();
            _service.Poll(400);
            Assert.AreEqual((int)ConfigState.Idle, (int)_service.State);
            Assert.AreEqual("{\"rev\":1,\"result\":\"rolled_back\",\"reason\":\"qos_not_granted\",\"timeout_s\":30,\"qos_cap\":1,\"cause\":\"closed_on_qos2_publish\"}",
                _link.Last(Ack).Payload);
            Assert.IsTrue(_link.Last(Cfg).Payload.IndexOf("\"telemetry_qos\":1,") > 0);
            Assert.AreEqual(1, _service.RolledBack);
        }

        [TestMethod]
        public static void LiveChangeAfterWhichTheLinkKeepsDroppingIsRolledBack()
        {
            Fresh();
            Set("{\"rev\":1,\"telemetry_retain\":true}", 0);
            _link.LinkStats.Record("connection_lost", 100, true);
            _link.LinkStats.Record("connect_failed", 150, false);
            _service.Poll(150);
            Assert.AreEqual((int)ConfigState.Watching, (int)_service.State, "a failed attempt is not a lost connection");
            _link.LinkStats.Record("connection_lost", 200, true);
            _service.Poll(200);
            Assert.IsFalse(_effective.GetBool(ConfigSchema.TelemetryRetain));
            _service.Poll(300); // still connected in the fake: acked at once
            Assert.AreEqual("{\"rev\":1,\"result\":\"rolled_back\",\"reason\":\"connection_unstable\",\"timeout_s\":30,\"qos_cap\":2}",
                _link.Last(Ack).Payload);
        }

        [TestMethod]
        public static void UnrelatedLiveChangeIsNotBlamedForLossesAQosCapExplains()
        {
            Fresh();
            Set("{\"rev\":1,\"interval_s\":9}", 0);
            Assert.AreEqual((int)ConfigState.Watching, (int)_service.State, "every live change is watched");
            _link.LinkStats.Record("connection_lost", 100, true);
            _link.LinkStats.Record("connection_lost", 200, true);
            _link.LinkStats.QosCap = 1; // a persisted telemetry_qos 2 caused both losses
            _service.Poll(200);
            Assert.AreEqual(9, _effective.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual((int)ConfigState.Watching, (int)_service.State);
            _link.LinkStats.Record("connection_lost", 300, true);
            _link.LinkStats.Record("connection_lost", 400, true);
            _service.Poll(400);
            Assert.AreEqual(9, _effective.GetInt(ConfigSchema.IntervalS), "still explained by the cap found in the window");
        }

        [TestMethod]
        public static void AnyLiveChangeAfterWhichTheLinkKeepsDroppingIsRolledBack()
        {
            Fresh();
            Set("{\"rev\":1,\"ha_discovery\":true}", 0); // e.g. an ACL that closes the link at a publish under homeassistant/
            _link.LinkStats.Record("connection_lost", 100, true);
            _link.LinkStats.Record("connection_lost", 200, true);
            _service.Poll(200);
            Assert.IsFalse(_effective.GetBool(ConfigSchema.HaDiscovery));
            Assert.IsFalse(Persisted().GetBool(ConfigSchema.HaDiscovery));
            _service.Poll(300);
            Assert.AreEqual("{\"rev\":1,\"result\":\"rolled_back\",\"reason\":\"connection_unstable\",\"timeout_s\":30,\"qos_cap\":2}", _link.Last(Ack).Payload);
        }

        [TestMethod]
        public static void WatchedLiveChangeIsKeptAfterTheDeadline()
        {
            Fresh();
            Set("{\"rev\":1,\"telemetry_qos\":2,\"rollback_timeout_s\":5}", 0);
            _service.Poll(4999);
            Assert.AreEqual((int)ConfigState.Watching, (int)_service.State);
            _service.Poll(5000);
            Assert.AreEqual((int)ConfigState.Idle, (int)_service.State);
            _link.LinkStats.Record("connection_lost", 6000, true);
            _link.LinkStats.Record("connection_lost", 7000, true);
            _service.Poll(7000);
            Assert.AreEqual(2, _effective.GetInt(ConfigSchema.TelemetryQos));
            Assert.AreEqual(0, _service.RolledBack);
        }
    }
}
