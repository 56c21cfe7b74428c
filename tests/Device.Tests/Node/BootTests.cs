using nanoFramework.TestFramework;
using NanoNode.Device.Config;
using NanoNode.Device.Node;
using NanoNode.Device.Storage;

namespace NanoNode.Device.Tests.Node
{
    /// <summary>What the nanoFramework app decides at boot: board profile, config source, loop guards.</summary>
    [TestClass]
    public class BootTests
    {
        /// <summary>
        /// Stands for null in a DataRow: nanoFramework's metadata processor cannot write a null inside DataRow's
        /// object[] (NANO002, tools/NanoCheck/NanoAttributeRules.cs), so the test deploys only without one.
        /// </summary>
        private const string NoValue = "<null>";

        private static string OrNull(string value)
        {
            return value == NoValue ? null : value;
        }

        [TestMethod]
        [DataRow("esp32-devkitc", "nanoCLR", 0, false)]
        [DataRow("virtual", "ESP32_REV0", 1, false)]
        [DataRow(NoValue, "ESP32_PSRAM_REV0", 0, false)]
        [DataRow(NoValue, "ESP32_S3_QUAD", 0, false)]
        [DataRow(NoValue, "nanoCLR", 1, false)]
        [DataRow(NoValue, NoValue, 1, false)]
        [DataRow("", "ESP32_REV0", 0, false)]
        [DataRow("esp8266", "ESP32_REV0", 0, true)]
        [DataRow("ESP32-DEVKITC", "nanoCLR", 1, true)]
        public static void BoardFromSettingsThenTarget(string board, string target, int expected, bool expectUnknown)
        {
            bool unknown;
            BoardKind kind = BoardProfile.Select(OrNull(board), OrNull(target), out unknown);
            Assert.AreEqual(expected, (int)kind);
            Assert.AreEqual(expectUnknown, unknown);
        }

        [TestMethod]
        public static void BoardNamesRoundTrip()
        {
            BoardKind kind;
            Assert.IsTrue(BoardProfile.TryParse(BoardProfile.Name(BoardKind.Virtual), out kind));
            Assert.AreEqual((int)BoardKind.Virtual, (int)kind);
            Assert.IsTrue(BoardProfile.TryParse(BoardProfile.Name(BoardKind.Esp32DevKitC), out kind));
            Assert.AreEqual((int)BoardKind.Esp32DevKitC, (int)kind);
            Assert.IsFalse(BoardProfile.TryParse(null, out kind));
        }

        [TestMethod]
        public static void SettingsConfigSeedsAnEmptyStoreOnce()
        {
            MemoryConfigStorage storage = new MemoryConfigStorage(ConfigStore.SlotCapacity);
            byte[] file = Text.Bytes("{\"device_id\":\"n1\",\"config\":{\"broker_host\":\"10.1.2.3\",\"interval_s\":12}}");
            DeviceSettings settings = new DeviceSettings();
            Assert.IsTrue(settings.Parse(file, 0, file.Length), settings.Error);

            ConfigPatch patch = new ConfigPatch();
            DeviceConfig first = new DeviceConfig();
            Assert.AreEqual((int)BootConfigSource.Settings, (int)NodeBoot.LoadConfig(new ConfigStore(storage, patch), patch, settings, file, first));
            Assert.AreEqual("10.1.2.3", first.GetString(ConfigSchema.BrokerHost));
            Assert.AreEqual(12, first.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(1, storage.Writes);

            // A config changed over MQTT and persisted wins over the settings file at the next boot.
            first.SetNumber(ConfigSchema.IntervalS, 45);
            Assert.IsTrue(new ConfigStore(storage, patch).Save(first));
            DeviceConfig second = new DeviceConfig();
            Assert.AreEqual((int)BootConfigSource.Persisted, (int)NodeBoot.LoadConfig(new ConfigStore(storage, patch), patch, settings, file, second));
            Assert.AreEqual(45, second.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual("10.1.2.3", second.GetString(ConfigSchema.BrokerHost));
        }

        [TestMethod]
        public static void NoSettingsGivesDefaultsAndSavesNothing()
        {
            MemoryConfigStorage storage = new MemoryConfigStorage(ConfigStore.SlotCapacity);
            ConfigPatch patch = new ConfigPatch();
            DeviceConfig c = new DeviceConfig();
            c.SetNumber(ConfigSchema.IntervalS, 99);
            Assert.AreEqual((int)BootConfigSource.Defaults, (int)NodeBoot.LoadConfig(new ConfigStore(storage, patch), patch, null, null, c));
            Assert.AreEqual(30, c.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(0, storage.Writes);
            Assert.AreEqual((int)BootConfigSource.Defaults, (int)NodeBoot.LoadConfig(null, patch, null, null, c));
        }

        [TestMethod]
        public static void InvalidSettingsConfigFallsBackToDefaultsWithReasons()
        {
            MemoryConfigStorage storage = new MemoryConfigStorage(ConfigStore.SlotCapacity);
            byte[] file = Text.Bytes("{\"device_id\":\"n1\",\"config\":{\"interval_s\":0,\"colour\":\"red\"}}");
            DeviceSettings settings = new DeviceSettings();
            Assert.IsTrue(settings.Parse(file, 0, file.Length), settings.Error);
            ConfigPatch patch = new ConfigPatch();
            DeviceConfig c = new DeviceConfig();
            Assert.AreEqual((int)BootConfigSource.SettingsRejected, (int)NodeBoot.LoadConfig(new ConfigStore(storage, patch), patch, settings, file, c));
            Assert.AreEqual(30, c.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(2, patch.Errors.Count);
            Assert.AreEqual(0, storage.Writes);
            Assert.AreEqual("defaults (settings config rejected)", NodeBoot.SourceName(BootConfigSource.SettingsRejected));
        }

        [TestMethod]
        public static void WatchdogExpiresOnlyAfterConsecutiveStalls()
        {
            LoopWatchdog dog = new LoopWatchdog(3);
            Assert.IsFalse(dog.Check());
            Assert.IsFalse(dog.Check());
            Assert.IsTrue(dog.Check());
            Assert.IsTrue(dog.Check());
            dog.Feed();
            Assert.IsFalse(dog.Check());
            Assert.AreEqual(0, dog.Stalls);
            dog.Feed();
            Assert.IsFalse(dog.Check());
            Assert.IsFalse(dog.Check());
            dog.Feed();
            Assert.IsFalse(dog.Check());
            Assert.IsFalse(dog.Check());
            Assert.IsFalse(dog.Check());
            Assert.IsTrue(dog.Check());
            Assert.AreEqual(3, dog.Stalls);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new LoopWatchdog(0));
        }

        [TestMethod]
        public static void OfflineGuardCountsContinuousDowntime()
        {
            OfflineGuard guard = new OfflineGuard(1000);
            Assert.IsFalse(guard.Update(false, 5000));
            Assert.IsFalse(guard.Update(false, 5999));
            Assert.IsTrue(guard.Update(false, 6000));
            Assert.IsFalse(guard.Update(true, 6001));
            Assert.IsFalse(guard.Update(false, 6500));
            Assert.IsFalse(guard.Update(false, 7499));
            Assert.IsTrue(guard.Update(false, 7500));
        }
    }
}
