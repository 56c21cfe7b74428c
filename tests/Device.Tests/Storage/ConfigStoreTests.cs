using nanoFramework.TestFramework;
using NanoNode.Device.Config;
using NanoNode.Device.Storage;

namespace NanoNode.Device.Tests.Storage
{
    /// <summary>CRC-32 and the two-slot store: round trips, fallbacks, and a power cut at every write step.</summary>
    [TestClass]
    public class ConfigStoreTests
    {
        private static readonly ConfigPatch Patch = new ConfigPatch();

        private static DeviceConfig Config(int rev, int interval)
        {
            DeviceConfig c = new DeviceConfig();
            c.SetNumber(ConfigSchema.Rev, rev);
            c.SetNumber(ConfigSchema.IntervalS, interval);
            c.SetString(ConfigSchema.BrokerHost, "host-" + rev);
            c.SetString(ConfigSchema.BrokerPassword, "secret" + rev);
            return c;
        }

        [TestMethod]
        public static void LargestPossibleConfigFitsASlotAndRoundTrips()
        {
            // Every string key at its maximum length (a 512-byte JWT password, 8 fallback brokers), every number at
            // its maximum: the persisted document must still fit the slot (ConfigPatch.MaxPayload).
            DeviceConfig c = new DeviceConfig();
            for (int i = 0; i < ConfigSchema.Count; i++)
            {
                ConfigKey k = ConfigSchema.Keys[i];
                if (k.Type == ConfigType.String)
                {
                    int n = (int)k.Max;
                    char[] chars = new char[n];
                    for (int j = 0; j < n; j++)
                    {
                        chars[j] = (char)('a' + (j % 26));
                    }

                    if (i == ConfigSchema.BrokerFallback)
                    {
                        // 8 entries of "hhhhhhhhhhhhhhhhhhhhhhh:65535," shape, cut to 240 characters with a valid end.
                        string entry = "abcdefghijklmnopqrstuv:65535";
                        string list = entry;
                        for (int e = 1; e < 8; e++)
                        {
                            list = list + "," + entry;
                        }

                        Assert.IsTrue(list.Length <= n, "list " + list.Length);
                        Assert.IsTrue(c.SetString(i, list));
                        continue;
                    }

                    Assert.IsTrue(c.SetString(i, new string(chars)));
                }
                else
                {
                    c.SetNumber(i, k.Max);
                }
            }

            MemoryConfigStorage storage = new MemoryConfigStorage(ConfigStore.SlotCapacity);
            ConfigStore store = new ConfigStore(storage, Patch);
            Assert.IsTrue(store.Save(c));
            DeviceConfig loaded = new DeviceConfig();
            Assert.IsTrue(new ConfigStore(storage, Patch).Load(loaded));
            Assert.IsTrue(loaded.SameAs(c));
            Assert.AreEqual(512, loaded.GetStringLength(ConfigSchema.BrokerPassword));
        }

        [TestMethod]
        public static void Crc32CheckValue()
        {
            byte[] check = Text.Bytes("123456789");
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(check, 0, check.Length));
            Assert.AreEqual(0u, Crc32.Compute(check, 0, 0));
            uint running = Crc32.Update(Crc32.Start, check, 0, 4);
            running = Crc32.Update(running, check, 4, 5);
            Assert.AreEqual(0xCBF43926u, Crc32.Finish(running));
            byte[] a = Text.Bytes("a");
            Assert.AreEqual(0xE8B7BE43u, Crc32.Compute(a, 0, 1));
        }

        [TestMethod]
        public static void SavesAlternateSlotsAndBootTakesTheNewest()
        {
            MemoryConfigStorage storage = new MemoryConfigStorage(ConfigStore.SlotCapacity);
            ConfigStore store = new ConfigStore(storage, Patch);
            DeviceConfig loaded = new DeviceConfig();
            Assert.IsFalse(store.Load(loaded));
            Assert.IsTrue(loaded.SameAs(new DeviceConfig()));

            Assert.IsTrue(store.Save(Config(1, 10)));
            Assert.AreEqual(0, store.ActiveSlot);
            Assert.IsTrue(store.Save(Config(2, 20)));
            Assert.AreEqual(1, store.ActiveSlot);
            Assert.IsTrue(store.Save(Config(3, 30)));
            Assert.AreEqual(0, store.ActiveSlot);
            Assert.AreEqual(3u, store.Generation);

            ConfigStore rebooted = new ConfigStore(storage, Patch);
            Assert.IsTrue(rebooted.Load(loaded));
            Assert.IsTrue(loaded.SameAs(Config(3, 30)));
            Assert.AreEqual("secret3", loaded.GetString(ConfigSchema.BrokerPassword));
            Assert.AreEqual(0, rebooted.ActiveSlot);
            Assert.IsTrue(rebooted.Save(Config(4, 40)));
            Assert.AreEqual(1, rebooted.ActiveSlot);
            Assert.AreEqual(4u, rebooted.Generation);
        }

        [TestMethod]
        public static void DamagedNewestSlotFallsBackToTheOther()
        {
            MemoryConfigStorage storage = new MemoryConfigStorage(ConfigStore.SlotCapacity);
            ConfigStore store = new ConfigStore(storage, Patch);
            store.Save(Config(1, 10));
            store.Save(Config(2, 20));
            DeviceConfig loaded = new DeviceConfig();

            // A flipped payload bit: CRC mismatch.
            storage.SlotBytes(1)[ConfigStore.HeaderSize + 5] ^= 0x01;
            Assert.IsTrue(new ConfigStore(storage, Patch).Load(loaded));
            Assert.IsTrue(loaded.SameAs(Config(1, 10)));
            storage.SlotBytes(1)[ConfigStore.HeaderSize + 5] ^= 0x01;

            // A flipped header bit (generation): CRC covers the header too.
            storage.SlotBytes(1)[8] ^= 0x80;
            Assert.IsTrue(new ConfigStore(storage, Patch).Load(loaded));
            Assert.IsTrue(loaded.SameAs(Config(1, 10)));
            storage.SlotBytes(1)[8] ^= 0x80;

            // Truncated slot.
            storage.SetLength(1, ConfigStore.HeaderSize + 3);
            Assert.IsTrue(new ConfigStore(storage, Patch).Load(loaded));
            Assert.IsTrue(loaded.SameAs(Config(1, 10)));

            // Both gone: defaults.
            storage.SetLength(0, -1);
            Assert.IsFalse(new ConfigStore(storage, Patch).Load(loaded));
            Assert.IsTrue(loaded.SameAs(new DeviceConfig()));
        }

        [TestMethod]
        public static void IntactSlotWithAnInvalidConfigIsNotBooted()
        {
            MemoryConfigStorage storage = new MemoryConfigStorage(ConfigStore.SlotCapacity);
            ConfigStore store = new ConfigStore(storage, Patch);
            store.Save(Config(1, 10));
            DeviceConfig bad = Config(2, 20);
            bad.SetNumber(ConfigSchema.IntervalS, 0); // outside the schema range, but CRC-correct on storage
            Assert.IsTrue(store.Save(bad));
            DeviceConfig loaded = new DeviceConfig();
            ConfigStore rebooted = new ConfigStore(storage, Patch);
            Assert.IsTrue(rebooted.Load(loaded));
            Assert.IsTrue(loaded.SameAs(Config(1, 10)));
            // The next save goes over the invalid slot, never over the good one.
            Assert.IsTrue(rebooted.Save(Config(3, 30)));
            Assert.AreEqual(1, rebooted.ActiveSlot);
            Assert.IsTrue(new ConfigStore(storage, Patch).Load(loaded));
            Assert.IsTrue(loaded.SameAs(Config(3, 30)));
        }

        [TestMethod]
        public static void FailedWriteKeepsThePreviousCopy()
        {
            PowerCutStorage storage = new PowerCutStorage();
            ConfigStore store = new ConfigStore(storage, Patch);
            Assert.IsTrue(store.Save(Config(1, 10)));
            storage.CutAtStep = storage.Steps + 3;
            Assert.IsFalse(store.Save(Config(2, 20)));
            Assert.AreEqual(1, store.SaveFailures);
            Assert.AreEqual(0, store.ActiveSlot);
            storage.PowerOn();
            DeviceConfig loaded = new DeviceConfig();
            Assert.IsTrue(new ConfigStore(storage, Patch).Load(loaded));
            Assert.IsTrue(loaded.SameAs(Config(1, 10)));
        }

        [TestMethod]
        public static void PowerCutAtEveryWriteStepBootsOldOrNewNeverGarbage()
        {
            DeviceConfig a = Config(1, 10);
            DeviceConfig b = Config(2, 20);
            DeviceConfig c = Config(3, 30);
            DeviceConfig loaded = new DeviceConfig();
            int checkedCuts = 0;
            for (int medium = 0; medium < PowerCutStorage.Media; medium++)
            {
                PowerCutStorage dry = new PowerCutStorage();
                ConfigStore dryStore = new ConfigStore(dry, Patch);
                dryStore.Save(a);
                dryStore.Save(b);
                int start = dry.Steps;
                Assert.IsTrue(dryStore.Save(c));
                int steps = dry.Steps - start;
                for (int cut = 0; cut <= steps; cut++)
                {
                    PowerCutStorage storage = new PowerCutStorage();
                    storage.Medium = medium;
                    ConfigStore store = new ConfigStore(storage, Patch);
                    store.Save(a);
                    store.Save(b);
                    int before = storage.Steps;
                    storage.CutAtStep = before + cut;
                    bool saved = store.Save(c);
                    Assert.AreEqual(cut == steps, saved);
                    storage.PowerOn();
                    ConfigStore rebooted = new ConfigStore(storage, Patch);
                    Assert.IsTrue(rebooted.Load(loaded), "medium " + medium + " cut " + cut);
                    bool isOld = loaded.SameAs(b);
                    bool isNew = loaded.SameAs(c);
                    Assert.IsTrue(isOld || isNew, "medium " + medium + " cut " + cut);
                    if (saved)
                    {
                        Assert.IsTrue(isNew, "a confirmed save must boot: medium " + medium + " cut " + cut);
                    }

                    // The rebooted store keeps working: the next save is what the next boot loads.
                    Assert.IsTrue(rebooted.Save(a));
                    Assert.IsTrue(new ConfigStore(storage, Patch).Load(loaded));
                    Assert.IsTrue(loaded.SameAs(a));
                    checkedCuts++;
                }
            }

            Assert.IsTrue(checkedCuts > 4 * 20);
        }

        [TestMethod]
        public static void PowerCutDuringTheFirstEverSaveBootsDefaultsOrNew()
        {
            DeviceConfig a = Config(1, 10);
            DeviceConfig loaded = new DeviceConfig();
            DeviceConfig defaults = new DeviceConfig();
            for (int medium = 0; medium < PowerCutStorage.Media; medium++)
            {
                for (int cut = 0; cut < 60; cut++)
                {
                    PowerCutStorage storage = new PowerCutStorage();
                    storage.Medium = medium;
                    storage.CutAtStep = cut;
                    bool saved = new ConfigStore(storage, Patch).Save(a);
                    storage.PowerOn();
                    bool found = new ConfigStore(storage, Patch).Load(loaded);
                    Assert.IsTrue(found ? loaded.SameAs(a) : loaded.SameAs(defaults), "medium " + medium + " cut " + cut);
                    Assert.IsTrue(!saved || found);
                }
            }
        }

        [TestMethod]
        public static void TwoCutsInARowNeverLoseTheLastConfirmedConfig()
        {
            DeviceConfig b = Config(2, 20);
            DeviceConfig c = Config(3, 30);
            DeviceConfig d = Config(4, 40);
            DeviceConfig loaded = new DeviceConfig();
            for (int cut1 = 0; cut1 < 45; cut1 += 2)
            {
                for (int cut2 = 0; cut2 < 45; cut2 += 3)
                {
                    PowerCutStorage storage = new PowerCutStorage();
                    ConfigStore store = new ConfigStore(storage, Patch);
                    store.Save(Config(1, 10));
                    store.Save(b);
                    storage.CutAtStep = storage.Steps + cut1;
                    bool savedC = store.Save(c);
                    storage.PowerOn();
                    store = new ConfigStore(storage, Patch);
                    store.Load(loaded);
                    storage.CutAtStep = storage.Steps + cut2;
                    bool savedD = store.Save(d);
                    storage.PowerOn();
                    Assert.IsTrue(new ConfigStore(storage, Patch).Load(loaded));
                    if (savedD)
                    {
                        Assert.IsTrue(loaded.SameAs(d));
                    }
                    else if (savedC)
                    {
                        Assert.IsTrue(loaded.SameAs(c) || loaded.SameAs(d));
                    }
                    else
                    {
                        Assert.IsTrue(loaded.SameAs(b) || loaded.SameAs(c) || loaded.SameAs(d));
                    }
                }
            }
        }
    }
}
