using nanoFramework.TestFramework;
using NanoNode.Device.Config;
using NanoNode.Device.Json;

namespace NanoNode.Device.Tests.Config
{
    /// <summary>Config schema v1: key table, validation collecting all errors, partial patches, rev rules, JSON forms.</summary>
    [TestClass]
    public class ConfigPatchTests
    {
        private static readonly ConfigPatch Patch = new ConfigPatch();
        private static readonly DeviceConfig Current = new DeviceConfig();
        private static readonly DeviceConfig Staged = new DeviceConfig();

        private static ConfigResult Run(string json)
        {
            byte[] b = Text.Bytes(json);
            return Patch.Validate(b, 0, b.Length, Current, Staged, true);
        }

        private static string Json(DeviceConfig c, bool secrets)
        {
            JsonWriter w = new JsonWriter(new byte[2048]);
            c.WriteJson(w, secrets);
            Assert.IsTrue(w.IsComplete);
            return Text.String(w.Buffer, 0, w.Length);
        }

        private static void AssertError(int i, string key, ConfigReason reason)
        {
            Assert.IsTrue(Patch.Errors.KeyIs(i, key), "error " + i + " key " + key);
            Assert.AreEqual((int)reason, (int)Patch.Errors.Reason(i), "error " + i + " reason");
        }

        [TestMethod]
        public static void KeyTableIsConsistent()
        {
            Assert.AreEqual(ConfigSchema.Count, ConfigSchema.Keys.Length);
            Assert.IsTrue(ConfigSchema.Count <= 64);
            for (int i = 0; i < ConfigSchema.Keys.Length; i++)
            {
                ConfigKey k = ConfigSchema.Keys[i];
                Assert.AreEqual(i, k.Index);
                Assert.AreEqual(i, ConfigSchema.Find(k.Name));
                if (k.Type == ConfigType.String)
                {
                    Assert.IsTrue(k.DefaultText.Length >= k.Min && k.DefaultText.Length <= k.Max, k.Name);
                }
                else
                {
                    Assert.IsTrue(k.Default >= k.Min && k.Default <= k.Max, k.Name);
                }
            }

            Assert.AreEqual(ConfigSchema.FirstChip, ConfigSchema.Find("bme280_enabled"));
            Assert.AreEqual(ConfigSchema.FirstChip + 1, ConfigSchema.Find("bme280_address"));
            Assert.AreEqual(ConfigSchema.FirstDeadband, ConfigSchema.Find("deadband_temperature_c"));
            Assert.AreEqual(-1, ConfigSchema.Find("nope"));
            Assert.IsTrue(ConfigSchema.Keys[ConfigSchema.BrokerPassword].Secret);
            Assert.IsTrue(ConfigSchema.Keys[ConfigSchema.BrokerHost].Reconnect);
            Assert.IsFalse(ConfigSchema.Keys[ConfigSchema.IntervalS].Reconnect);
        }

        [TestMethod]
        public static void DefaultsArePublishedWithoutSecrets()
        {
            Current.SetDefaults();
            Current.SetString(ConfigSchema.BrokerPassword, "hunter2");
            string json = Json(Current, false);
            Assert.IsTrue(json.StartsWith("{\"rev\":0,\"interval_s\":30,\"telemetry_qos\":1,\"telemetry_retain\":false,\"keepalive_s\":60,\"topic_prefix\":\"nanonode\","));
            Assert.IsTrue(json.IndexOf("\"bme280_address\":118") > 0);
            Assert.IsTrue(json.IndexOf("\"deadband_temperature_c\":0") > 0);
            Assert.AreEqual(-1, json.IndexOf("broker_password"));
            Assert.AreEqual(-1, json.IndexOf("hunter2"));
            Assert.IsTrue(Json(Current, true).IndexOf("\"broker_password\":\"hunter2\"") > 0);
        }

        [TestMethod]
        public static void ValidLivePatchIsStagedAndCurrentIsUntouched()
        {
            Current.SetDefaults();
            Assert.AreEqual((int)ConfigResult.Applied, (int)Run("{\"rev\":1,\"interval_s\":60,\"deadband_temperature_c\":0.1234}"));
            Assert.AreEqual(0, Patch.Errors.Count);
            Assert.AreEqual(60, Staged.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(1, Staged.Rev);
            Assert.AreEqual(1, Patch.PatchRev);
            Assert.AreEqual(0.123, Staged.GetNumber(ConfigSchema.FirstDeadband));
            Assert.AreEqual(30, Current.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(0, Current.Rev);
            Assert.IsFalse(Patch.NeedsReconnect);
            Assert.AreEqual((1L << ConfigSchema.IntervalS) | (1L << ConfigSchema.FirstDeadband), Patch.ChangedMask);
        }

        [TestMethod]
        public static void PartialPatchKeepsEveryOtherValue()
        {
            Current.SetDefaults();
            Run("{\"rev\":1,\"interval_s\":45,\"broker_host\":\"10.0.0.2\"}");
            Current.CopyFrom(Staged);
            Assert.AreEqual((int)ConfigResult.Applied, (int)Run("{\"rev\":2,\"telemetry_qos\":2}"));
            Assert.AreEqual(45, Staged.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual("10.0.0.2", Staged.GetString(ConfigSchema.BrokerHost));
            Assert.AreEqual(2, Staged.GetInt(ConfigSchema.TelemetryQos));
            Assert.AreEqual(1L << ConfigSchema.TelemetryQos, Patch.ChangedMask);
        }

        [TestMethod]
        public static void ReconnectKeysAreFlagged()
        {
            Current.SetDefaults();
            Assert.AreEqual((int)ConfigResult.Applied, (int)Run("{\"rev\":3,\"broker_port\":8883,\"broker_tls\":true}"));
            Assert.IsTrue(Patch.NeedsReconnect);
            // Setting a reconnect key to its current value changes nothing.
            Assert.AreEqual((int)ConfigResult.Applied, (int)Run("{\"rev\":3,\"broker_port\":1883}"));
            Assert.IsFalse(Patch.NeedsReconnect);
            Assert.AreEqual(0L, Patch.ChangedMask);
        }

        [TestMethod]
        public static void AllErrorsAreReportedTogether()
        {
            Current.SetDefaults();
            string longUser = new string('u', 65);
            ConfigResult r = Run("{\"rev\":5,\"interval_s\":0,\"telemetry_qos\":\"1\",\"foo\":1,\"ha_discovery\":1,"
                + "\"topic_prefix\":\"a/#\",\"broker_host\":\"bad host\",\"deadband_temperature_c\":-1,\"broker_user\":\"" + longUser + "\","
                + "\"interval_s\":30,\"keepalive_s\":30.5,\"sht3x_enabled\":{\"x\":1},\"bme280_address\":[1],\"topic_prefix\":\"\"}");
            Assert.AreEqual((int)ConfigResult.Rejected, (int)r);
            Assert.AreEqual(13, Patch.Errors.Count);
            AssertError(0, "interval_s", ConfigReason.OutOfRange);
            AssertError(1, "telemetry_qos", ConfigReason.ExpectedInteger);
            AssertError(2, "foo", ConfigReason.UnknownKey);
            AssertError(3, "ha_discovery", ConfigReason.ExpectedBoolean);
            AssertError(4, "topic_prefix", ConfigReason.InvalidCharacters);
            AssertError(5, "broker_host", ConfigReason.InvalidCharacters);
            AssertError(6, "deadband_temperature_c", ConfigReason.OutOfRange);
            AssertError(7, "broker_user", ConfigReason.BadLength);
            AssertError(8, "interval_s", ConfigReason.DuplicateKey);
            AssertError(9, "keepalive_s", ConfigReason.ExpectedInteger);
            AssertError(10, "sht3x_enabled", ConfigReason.ExpectedBoolean);
            AssertError(11, "bme280_address", ConfigReason.ExpectedInteger);
            AssertError(12, "topic_prefix", ConfigReason.DuplicateKey);
            Assert.AreEqual(0L, Patch.ChangedMask);
        }

        [TestMethod]
        [DataRow("{\"rev\":1,\"interval_s\":3e1}", "interval_s", 2)]
        [DataRow("{\"rev\":1,\"interval_s\":86401}", "interval_s", 6)]
        [DataRow("{\"rev\":1,\"interval_s\":-9223372036854775809}", "interval_s", 6)]
        [DataRow("{\"rev\":1,\"telemetry_qos\":3}", "telemetry_qos", 6)]
        [DataRow("{\"rev\":1,\"telemetry_retain\":\"true\"}", "telemetry_retain", 3)]
        [DataRow("{\"rev\":1,\"broker_port\":0}", "broker_port", 6)]
        [DataRow("{\"rev\":1,\"broker_port\":65536}", "broker_port", 6)]
        [DataRow("{\"rev\":1,\"broker_host\":\"\"}", "broker_host", 7)]
        [DataRow("{\"rev\":1,\"broker_host\":null}", "broker_host", 4)]
        [DataRow("{\"rev\":1,\"topic_prefix\":\"/a\"}", "topic_prefix", 8)]
        [DataRow("{\"rev\":1,\"topic_prefix\":\"a/\"}", "topic_prefix", 8)]
        [DataRow("{\"rev\":1,\"topic_prefix\":\"a+b\"}", "topic_prefix", 8)]
        [DataRow("{\"rev\":1,\"broker_user\":\"a\\u0000b\"}", "broker_user", 8)]
        [DataRow("{\"rev\":1,\"bme280_address\":7}", "bme280_address", 6)]
        [DataRow("{\"rev\":1,\"bme280_address\":120}", "bme280_address", 6)]
        [DataRow("{\"rev\":1,\"deadband_co2_ppm\":\"5\"}", "deadband_co2_ppm", 5)]
        [DataRow("{\"rev\":1,\"deadband_co2_ppm\":1e400}", "deadband_co2_ppm", 6)]
        [DataRow("{\"rev\":1,\"max_silence_s\":true}", "max_silence_s", 2)]
        [DataRow("{\"rev\":1,\"rollback_timeout_s\":4}", "rollback_timeout_s", 6)]
        [DataRow("{\"rev\":1.5}", "rev", 2)]
        [DataRow("{\"rev\":-1}", "rev", 6)]
        [DataRow("{\"interval_s\":10}", "rev", 9)]
        [DataRow("{\"rev\":1,\"Interval_s\":10}", "Interval_s", 0)]
        public static void SingleKeyErrors(string json, string key, int reason)
        {
            Current.SetDefaults();
            Assert.AreEqual((int)ConfigResult.Rejected, (int)Run(json));
            Assert.AreEqual(1, Patch.Errors.Count);
            AssertError(0, key, (ConfigReason)reason);
        }

        [TestMethod]
        public static void StaleRevisionsAreRecognised()
        {
            Current.SetDefaults();
            Run("{\"rev\":5}");
            Current.CopyFrom(Staged);
            Assert.AreEqual((int)ConfigResult.Stale, (int)Run("{\"rev\":5,\"interval_s\":10}"));
            AssertError(0, "rev", ConfigReason.Stale);
            Assert.AreEqual((int)ConfigResult.Stale, (int)Run("{\"rev\":1,\"interval_s\":0}"));
            Assert.IsTrue(Patch.Errors.Has(ConfigReason.Stale));
            Assert.AreEqual((int)ConfigResult.Applied, (int)Run("{\"rev\":6,\"interval_s\":10}"));
        }

        [TestMethod]
        public static void MalformedAndNonObjectPayloads()
        {
            Current.SetDefaults();
            Assert.AreEqual((int)ConfigResult.Rejected, (int)Run("{\"rev\":1,\"interval_s\":}"));
            Assert.AreEqual(1, Patch.Errors.Count);
            AssertError(0, "", ConfigReason.MalformedJson);

            Assert.AreEqual((int)ConfigResult.Rejected, (int)Run("{\"rev\":1,\"foo\":1,\"interval_s\":0,"));
            Assert.AreEqual(3, Patch.Errors.Count);
            AssertError(2, "", ConfigReason.MalformedJson);

            Assert.AreEqual((int)ConfigResult.Rejected, (int)Run("[1]"));
            AssertError(0, "", ConfigReason.NotAnObject);
            Assert.AreEqual((int)ConfigResult.Rejected, (int)Run("{\"rev\":1} {}"));
            AssertError(0, "", ConfigReason.MalformedJson);
            Assert.AreEqual((int)ConfigResult.Rejected, (int)Run(""));
            AssertError(0, "", ConfigReason.MalformedJson);
            Assert.AreEqual((int)ConfigResult.Rejected, (int)Run("{\"rev\":1,\"a\":{\"b\":{\"c\":1}}}"));
            AssertError(1, "", ConfigReason.MalformedJson);

            byte[] huge = new byte[ConfigPatch.MaxPayload + 1];
            Assert.AreEqual((int)ConfigResult.Rejected, (int)Patch.Validate(huge, 0, huge.Length, Current, Staged, true));
            AssertError(0, "", ConfigReason.PayloadTooLarge);
        }

        [TestMethod]
        public static void ErrorListIsBoundedAndCountsTheRest()
        {
            Current.SetDefaults();
            string json = "{\"rev\":1";
            for (int i = 0; i < 20; i++)
            {
                json += ",\"k" + i + "\":" + i;
            }

            Assert.AreEqual((int)ConfigResult.Rejected, (int)Run(json + "}"));
            Assert.AreEqual(ConfigErrors.Capacity, Patch.Errors.Count);
            Assert.AreEqual(20 - ConfigErrors.Capacity, Patch.Errors.Dropped);
        }

        [TestMethod]
        public static void LongUnknownNamesAreCutOnACharacterBoundary()
        {
            Current.SetDefaults();
            string name = new string('x', 39) + "\u00e9\u00e9";
            Assert.AreEqual((int)ConfigResult.Rejected, (int)Run("{\"rev\":1,\"" + name + "\":1}"));
            Assert.IsTrue(Patch.Errors.KeyIs(0, new string('x', 39)));
        }

        [TestMethod]
        public static void AckErrorsJson()
        {
            Current.SetDefaults();
            Run("{\"rev\":1,\"interval_s\":0,\"x\\\"y\":1,\"telemetry_qos\":}");
            JsonWriter w = new JsonWriter(new byte[512]);
            w.BeginObject();
            Patch.Errors.WriteJson(w);
            w.EndObject();
            Assert.AreEqual("{\"errors\":[{\"key\":\"interval_s\",\"reason\":\"out_of_range\",\"min\":1,\"max\":86400},"
                + "{\"key\":\"x\\\"y\",\"reason\":\"unknown_key\"},"
                + "{\"key\":\"\",\"reason\":\"malformed_json\",\"detail\":\"unexpected_character\",\"position\":49}]}", Text.String(w.Buffer, 0, w.Length));
        }

        [TestMethod]
        public static void PersistedFormRoundTripsIncludingSecrets()
        {
            Current.SetDefaults();
            Assert.AreEqual((int)ConfigResult.Applied, (int)Run("{\"rev\":9,\"broker_password\":\"p\\u00e4ss\",\"broker_user\":\"me\",\"deadband_pressure_hpa\":0.5,\"aht20_enabled\":false,\"topic_prefix\":\"site/a\"}"));
            JsonWriter w = new JsonWriter(new byte[2048]);
            Staged.WriteJson(w, true);
            DeviceConfig defaults = new DeviceConfig();
            DeviceConfig loaded = new DeviceConfig();
            Assert.AreEqual((int)ConfigResult.Applied, (int)Patch.Validate(w.Buffer, 0, w.Length, defaults, loaded, false));
            Assert.IsTrue(loaded.SameAs(Staged));
            Assert.AreEqual("p\u00e4ss", loaded.GetString(ConfigSchema.BrokerPassword));
            Assert.AreEqual(9, loaded.Rev);
        }

        [TestMethod]
        [DataRow("", 0)]
        [DataRow("b1", 1)]
        [DataRow("b1:1884,10.0.0.2,[::1]:1885,::1,host-x.local:65535", 5)]
        [DataRow("a,b,c,d,e,f,g,h", 8)]
        [DataRow("a,b,c,d,e,f,g,h,i", -1)]
        [DataRow("a,,b", -1)]
        [DataRow(",a", -1)]
        [DataRow("a,", -1)]
        [DataRow("a:0", -1)]
        [DataRow("a:65536", -1)]
        [DataRow("a:", -1)]
        [DataRow(":1883", -1)]
        [DataRow("a:12x", -1)]
        [DataRow("[::1", -1)]
        [DataRow("[]:1", -1)]
        [DataRow("[::1]x", -1)]
        [DataRow("a]b", -1)]
        public static void BrokerListCountsEntriesOrRejects(string list, int expected)
        {
            byte[] b = Text.Bytes(list);
            Assert.AreEqual(expected, NanoNode.Device.Link.BrokerList.Count(b, b.Length), list);
        }

        [TestMethod]
        public static void BrokerListEntriesGiveHostAndPort()
        {
            byte[] b = Text.Bytes("b1:1884,10.0.0.2,[::1]:1885,::1");
            int ho;
            int hl;
            int port;
            Assert.IsTrue(NanoNode.Device.Link.BrokerList.Entry(b, b.Length, 0, out ho, out hl, out port));
            Assert.AreEqual("b1", Text.String(b, ho, hl));
            Assert.AreEqual(1884, port);
            Assert.IsTrue(NanoNode.Device.Link.BrokerList.Entry(b, b.Length, 1, out ho, out hl, out port));
            Assert.AreEqual("10.0.0.2", Text.String(b, ho, hl));
            Assert.AreEqual(0, port);
            Assert.IsTrue(NanoNode.Device.Link.BrokerList.Entry(b, b.Length, 2, out ho, out hl, out port));
            Assert.AreEqual("::1", Text.String(b, ho, hl));
            Assert.AreEqual(1885, port);
            Assert.IsTrue(NanoNode.Device.Link.BrokerList.Entry(b, b.Length, 3, out ho, out hl, out port));
            Assert.AreEqual("::1", Text.String(b, ho, hl));
            Assert.AreEqual(0, port);
            Assert.IsFalse(NanoNode.Device.Link.BrokerList.Entry(b, b.Length, 4, out ho, out hl, out port));
        }

        [TestMethod]
        public static void BrokerFallbackIsValidatedAsAList()
        {
            ConfigPatch patch = new ConfigPatch();
            DeviceConfig current = new DeviceConfig();
            DeviceConfig staged = new DeviceConfig();
            byte[] bad = Text.Bytes("{\"rev\":1,\"broker_fallback\":\"a:1,b:70000\"}");
            Assert.AreEqual((int)ConfigResult.Rejected, (int)patch.Validate(bad, 0, bad.Length, current, staged, true));
            Assert.AreEqual((int)ConfigReason.InvalidList, (int)patch.Errors.Reason(0));
            byte[] chars = Text.Bytes("{\"rev\":1,\"broker_fallback\":\"a b\"}");
            Assert.AreEqual((int)ConfigResult.Rejected, (int)patch.Validate(chars, 0, chars.Length, current, staged, true));
            Assert.AreEqual((int)ConfigReason.InvalidCharacters, (int)patch.Errors.Reason(0));
            byte[] good = Text.Bytes("{\"rev\":1,\"broker_fallback\":\"b1:1884,[::1]:1885\"}");
            Assert.AreEqual((int)ConfigResult.Applied, (int)patch.Validate(good, 0, good.Length, current, staged, true));
            Assert.IsTrue(patch.NeedsReconnect);
            Assert.AreEqual("b1:1884,[::1]:1885", staged.GetString(ConfigSchema.BrokerFallback));
        }
    }
}
