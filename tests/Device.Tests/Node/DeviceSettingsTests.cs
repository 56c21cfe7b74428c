using nanoFramework.TestFramework;
using NanoNode.Device.Config;
using NanoNode.Device.Node;

namespace NanoNode.Device.Tests.Node
{
    /// <summary>The flashing-time settings file: device id, board, initial config slice validated by the schema.</summary>
    [TestClass]
    public class DeviceSettingsTests
    {
        [TestMethod]
        public static void ParsesIdBoardAndConfig()
        {
            byte[] b = Text.Bytes("  {\"device_id\":\"node-7\",\"board\":\"esp32-devkitc\",\"config\":{\"broker_host\":\"10.0.0.5\",\"interval_s\":15}} ");
            DeviceSettings s = new DeviceSettings();
            Assert.IsTrue(s.Parse(b, 0, b.Length), s.Error);
            Assert.AreEqual("node-7", s.DeviceId);
            Assert.AreEqual("esp32-devkitc", s.Board);
            Assert.AreEqual("{\"broker_host\":\"10.0.0.5\",\"interval_s\":15}", Text.String(b, s.ConfigOffset, s.ConfigLength));

            DeviceConfig c = new DeviceConfig();
            ConfigPatch patch = new ConfigPatch();
            Assert.AreEqual((int)ConfigResult.Applied, (int)patch.Validate(b, s.ConfigOffset, s.ConfigLength, new DeviceConfig(), c, false));
            Assert.AreEqual("10.0.0.5", c.GetString(ConfigSchema.BrokerHost));
            Assert.AreEqual(15, c.GetInt(ConfigSchema.IntervalS));
        }

        [TestMethod]
        [DataRow("{\"board\":\"x\"}")]
        [DataRow("{\"device_id\":\"bad id\"}")]
        [DataRow("{\"device_id\":\"all\"}")]
        [DataRow("{\"device_id\":7}")]
        [DataRow("{\"device_id\":\"a\",\"config\":[1]}")]
        [DataRow("{\"device_id\":\"a\",\"extra\":1}")]
        [DataRow("{\"device_id\":\"a\"")]
        [DataRow("[]")]
        public static void RejectsBadFiles(string json)
        {
            byte[] b = Text.Bytes(json);
            DeviceSettings s = new DeviceSettings();
            Assert.IsFalse(s.Parse(b, 0, b.Length));
            Assert.IsNotNull(s.Error);
        }

        [TestMethod]
        public static void FleetLevelIsNotADeviceId()
        {
            // "all" is the fleet topic level (<prefix>/all/config/set); names that merely contain it are fine.
            Assert.IsFalse(DeviceTopics.IsValidDeviceId("all"));
            Assert.IsTrue(DeviceTopics.IsValidDeviceId("All"));
            Assert.IsTrue(DeviceTopics.IsValidDeviceId("all-1"));
            Assert.IsTrue(DeviceTopics.IsValidDeviceId("ball"));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new DeviceTopics().SetDeviceId("all"));
        }

        [TestMethod]
        public static void ConfigIsOptional()
        {
            byte[] b = Text.Bytes("{\"device_id\":\"a_b-9\"}");
            DeviceSettings s = new DeviceSettings();
            Assert.IsTrue(s.Parse(b, 0, b.Length));
            Assert.AreEqual(-1, s.ConfigOffset);
            Assert.IsNull(s.Board);
        }
    }
}
