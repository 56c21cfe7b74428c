using System.Collections;
using nanoFramework.TestFramework;
using NanoNode.Device.Config;
using NanoNode.Device.Emulator;
using NanoNode.Device.Node;
using NanoNode.Device.Storage;

namespace NanoNode.Device.Tests.Emulator
{
    /// <summary>The virtual board of firmware/App: console lines from the real node over the loopback, the scripted demo.</summary>
    [TestClass]
    public class VirtualRigTests
    {
        /// <summary>Records console lines; fixed wall clock.</summary>
        private sealed class ConsoleRecorder : IVirtualHost
        {
            public readonly ArrayList Lines = new ArrayList();

            public void Line(byte[] text, int offset, int count)
            {
                Lines.Add(Text.String(text, offset, count));
            }

            public long UnixSeconds
            {
                get { return 1767225600; }
            }

            public long FreeMemory()
            {
                return 4242;
            }

            /// <summary>Index of the first line at or after <paramref name="from"/> containing <paramref name="part"/>, or -1.</summary>
            public int Find(string part, int from)
            {
                for (int i = from; i < Lines.Count; i++)
                {
                    if (((string)Lines[i]).IndexOf(part) >= 0)
                    {
                        return i;
                    }
                }

                return -1;
            }

            public int Count(string part)
            {
                int n = 0;
                for (int i = 0; i < Lines.Count; i++)
                {
                    if (((string)Lines[i]).IndexOf(part) >= 0)
                    {
                        n++;
                    }
                }

                return n;
            }

            public string Dump()
            {
                string s = "";
                for (int i = 0; i < Lines.Count; i++)
                {
                    s += (string)Lines[i] + "\n";
                }

                return s;
            }
        }

        private static void Run(VirtualRig rig, long fromMs, long toMs)
        {
            for (long t = fromMs; t <= toMs; t += 10)
            {
                rig.Poll(t);
            }
        }

        [TestMethod]
        public static void FirstBootShowsBirthAndTelemetryOfTheSimulatedChips()
        {
            ConsoleRecorder console = new ConsoleRecorder();
            VirtualRig rig = new VirtualRig(null, new MemoryConfigStorage(ConfigStore.SlotCapacity), console, null, null, null);
            rig.Boot();
            Run(rig, 0, 3000);

            Assert.AreEqual(1, rig.Boots);
            Assert.AreEqual((int)BootConfigSource.Settings, (int)rig.LastSource);
            Assert.IsTrue(console.Find("[rig] boot #1: device emulator, board virtual, config from settings file", 0) >= 0, console.Dump());
            Assert.IsTrue(console.Find("[pub] nanonode/emulator/status (retained) online", 0) >= 0, console.Dump());
            Assert.IsTrue(console.Find("[pub] nanonode/emulator/info (retained) {", 0) >= 0, console.Dump());
            Assert.IsTrue(console.Find("[pub] nanonode/emulator/config (retained) {", 0) >= 0, console.Dump());
            int tel = console.Find("[pub] nanonode/emulator/telemetry ", 0);
            Assert.IsTrue(tel >= 0, console.Dump());
            string line = (string)console.Lines[tel];
            Assert.IsTrue(line.IndexOf("\"temperature_c\":") > 0, line);
            Assert.IsTrue(line.IndexOf("\"pressure_hpa\":") > 0, line);
            Assert.IsTrue(line.IndexOf("\"illuminance_lx\":") > 0, line);
            Assert.IsTrue(line.IndexOf("\"seq\":1") > 0, line);
            Assert.IsFalse(rig.Node.Config.GetBool(ConfigSchema.FirstChip + 2 * 2), "aht20 disabled by the seed config");
        }

        [TestMethod]
        public static void DemoTourShowsEveryConfigOutcomeAndAPersistedReboot()
        {
            ConsoleRecorder console = new ConsoleRecorder();
            VirtualRig rig = new VirtualRig(null, new MemoryConfigStorage(ConfigStore.SlotCapacity), console, null, null, DemoScript.Tour());
            rig.Boot();
            Run(rig, 0, 50000);
            string dump = console.Dump();

            Assert.AreEqual(6, rig.StepsSent);
            int applied = console.Find("config/ack {\"rev\":1,\"result\":\"applied\"}", 0);
            Assert.IsTrue(applied >= 0, dump);
            int rejected = console.Find("config/ack {\"rev\":2,\"result\":\"rejected\"", applied);
            Assert.IsTrue(rejected > applied, dump);
            string rejectedLine = (string)console.Lines[rejected];
            Assert.IsTrue(rejectedLine.IndexOf("interval_s") > 0, rejectedLine);
            Assert.IsTrue(rejectedLine.IndexOf("colour") > 0, rejectedLine);
            int stale = console.Find("config/ack {\"rev\":1,\"result\":\"stale\"", rejected);
            Assert.IsTrue(stale > rejected, dump);
            int read = console.Find("nanonode/emulator/cmd/ack", stale);
            Assert.IsTrue(read > stale, dump);
            int rolledBack = console.Find("config/ack {\"rev\":2,\"result\":\"rolled_back\",\"reason\":\"reconnect_timeout\",\"timeout_s\":5,\"last_error\":\"connect_failed\"}", read);
            Assert.IsTrue(rolledBack > read, dump);
            int reboot = console.Find("[rig] restart: cmd/reboot", rolledBack);
            Assert.IsTrue(reboot > rolledBack, dump);
            int boot2 = console.Find("[rig] boot #2: device emulator, board virtual, config from persisted (rev 1, interval_s 2)", reboot);
            Assert.IsTrue(boot2 > reboot, dump);
            Assert.IsTrue(console.Find("[pub] nanonode/emulator/status (retained) online", boot2) > boot2, dump);
            Assert.IsTrue(console.Find("[pub] nanonode/emulator/telemetry ", boot2) > boot2, dump);

            Assert.AreEqual(2, rig.Boots);
            Assert.AreEqual(2, rig.Node.Config.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(1, rig.Node.Config.Rev);
            Assert.IsTrue(rig.Link.IsConnected);
            // Telemetry every 2 s after the first patch: far more than the 30 s default would give in 50 s.
            Assert.IsTrue(console.Count("[pub] nanonode/emulator/telemetry ") >= 15, dump);
        }

        [TestMethod]
        public static void RestartKeepsTheConfigAndReconnects()
        {
            ConsoleRecorder console = new ConsoleRecorder();
            MemoryConfigStorage storage = new MemoryConfigStorage(ConfigStore.SlotCapacity);
            VirtualRig rig = new VirtualRig("rig-7", storage, console, null, null, null);
            rig.Boot();
            Run(rig, 0, 1000);
            Assert.IsTrue(rig.Send(null, VirtualRig.Ascii("{\"rev\":4,\"interval_s\":7}")));
            Run(rig, 1010, 2000);
            Assert.AreEqual(7, rig.Node.Config.GetInt(ConfigSchema.IntervalS));

            rig.Restart("fatal error (test)");
            Run(rig, 2010, 3000);
            Assert.AreEqual(2, rig.Boots);
            Assert.AreEqual((int)BootConfigSource.Persisted, (int)rig.LastSource);
            Assert.AreEqual(7, rig.Node.Config.GetInt(ConfigSchema.IntervalS));
            Assert.AreEqual(4, rig.Node.Config.Rev);
            Assert.IsTrue(rig.Link.IsConnected);
            Assert.IsTrue(console.Find("[rig] restart: fatal error (test)", 0) >= 0, console.Dump());
            Assert.IsTrue(console.Find("[pub] nanonode/rig-7/status (retained) offline", 0) >= 0, console.Dump());
        }

        [TestMethod]
        public static void SettingsFileNamesTheDeviceAndItsFirstConfig()
        {
            byte[] file = Text.Bytes("{\"device_id\":\"emu-9\",\"board\":\"virtual\",\"config\":{\"interval_s\":3,\"sht3x_enabled\":false}}");
            DeviceSettings settings = new DeviceSettings();
            Assert.IsTrue(settings.Parse(file, 0, file.Length), settings.Error);
            ConsoleRecorder console = new ConsoleRecorder();
            VirtualRig rig = new VirtualRig(null, null, console, settings, file, null);
            rig.Boot();
            Run(rig, 0, 1000);
            Assert.AreEqual("emu-9", rig.Node.Topics.DeviceId);
            Assert.AreEqual(3, rig.Node.Config.GetInt(ConfigSchema.IntervalS));
            Assert.IsTrue(console.Find("[pub] nanonode/emu-9/status (retained) online", 0) >= 0, console.Dump());
        }
    }
}
