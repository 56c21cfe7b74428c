using System.Text.Json;
using NanoNode.VirtualDevice;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>07: the files flash.ps1 gives nanoff: device settings the device parses, network and file deployment JSON.</summary>
public sealed class DeploymentTests
{
    [Fact]
    public void SettingsCarryTheBrokerAndParseOnTheDevice()
    {
        string json = Deployment.DeviceSettings("node-3", "esp32-devkitc", new Uri("mqtts://me:p%40ss@broker.example:8884"), 20);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("node-3", root.GetProperty("device_id").GetString());
        var c = root.GetProperty("config");
        Assert.Equal("broker.example", c.GetProperty("broker_host").GetString());
        Assert.Equal(8884, c.GetProperty("broker_port").GetInt32());
        Assert.True(c.GetProperty("broker_tls").GetBoolean());
        Assert.Equal("me", c.GetProperty("broker_user").GetString());
        Assert.Equal("p@ss", c.GetProperty("broker_password").GetString());
        Assert.Equal(20, c.GetProperty("interval_s").GetInt32());

        Assert.Equal(1883, JsonDocument.Parse(Deployment.DeviceSettings("n", "virtual", new Uri("mqtt://10.0.0.1"), null)).RootElement.GetProperty("config").GetProperty("broker_port").GetInt32());
        Assert.Throws<ArgumentException>(() => Deployment.DeviceSettings("bad id", "x", new Uri("mqtt://h"), null));
        Assert.Throws<ArgumentException>(() => Deployment.DeviceSettings("n", "x", new Uri("http://h"), null));
        Assert.Throws<ArgumentException>(() => Deployment.DeviceSettings("n", "x", new Uri("mqtt://h"), 0));
    }

    [Fact]
    public void ABrokerListBecomesBrokerFallbackAndParsesOnTheDevice()
    {
        string json = Deployment.DeviceSettings("node-4", "esp32-devkitc", new Uri("mqtt://10.0.0.1:1883"), null,
            new[] { new Uri("mqtt://10.0.0.2:1884"), new Uri("mqtt://broker-c.lan"), new Uri("mqtt://[fd00::5]:1885") });
        var c = JsonDocument.Parse(json).RootElement.GetProperty("config");
        Assert.Equal("10.0.0.1", c.GetProperty("broker_host").GetString());
        Assert.Equal("10.0.0.2:1884,broker-c.lan:1883,[fd00::5]:1885", c.GetProperty("broker_fallback").GetString());
        Assert.Throws<ArgumentException>(() => Deployment.DeviceSettings("n", "x", new Uri("mqtt://a"), null, new[] { new Uri("mqtts://b") }));
        var nine = Enumerable.Range(1, 9).Select(i => new Uri($"mqtt://b{i}:1883")).ToList();
        Assert.Throws<ArgumentException>(() => Deployment.DeviceSettings("n", "x", new Uri("mqtt://a"), null, nine)); // the schema allows 8

        string dir = Pump.TempDir();
        Assert.Equal(0, Deployment.Command(new[] { "--out", dir, "--device-id", "node-5", "--broker", "mqtt://a:1883,mqtt://b:1884" }));
        var s = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "settings.json"))).RootElement.GetProperty("config");
        Assert.Equal("b:1884", s.GetProperty("broker_fallback").GetString());
    }

    [Fact]
    public void NanoffFilesUseItsFieldNames()
    {
        var net = JsonDocument.Parse(Deployment.NetworkDeployment("COM5", "home", "secret", "ca.pem")).RootElement;
        Assert.Equal("COM5", net.GetProperty("SerialPort").GetString());
        Assert.Equal("home", net.GetProperty("WirelessClient").GetProperty("SSID").GetString());
        Assert.Equal("secret", net.GetProperty("WirelessClient").GetProperty("Password").GetString());
        Assert.True(Path.IsPathRooted(net.GetProperty("CACertificatesPath").GetString()));
        Assert.False(JsonDocument.Parse(Deployment.NetworkDeployment("COM5", "home", "secret", null)).RootElement.TryGetProperty("CACertificatesPath", out _));

        var files = JsonDocument.Parse(Deployment.FileDeployment("/dev/ttyUSB0", "settings.json")).RootElement;
        var f = files.GetProperty("Files")[0];
        Assert.Equal("I:\\nanonode-device.json", f.GetProperty("DestinationFilePath").GetString());
        Assert.True(Path.IsPathRooted(f.GetProperty("SourceFilePath").GetString()));
    }

    [Fact]
    public void CommandWritesTheFilesAndRejectsBadInput()
    {
        string dir = Pump.TempDir();
        Assert.Equal(0, Deployment.Command(new[] { "--out", dir, "--device-id", "n1", "--broker", "mqtt://192.168.1.2:1883", "--port", "COM7", "--ssid", "s", "--password", "p" }));
        Assert.True(File.Exists(Path.Combine(dir, "settings.json")));
        Assert.True(File.Exists(Path.Combine(dir, "network.json")));
        Assert.True(File.Exists(Path.Combine(dir, "files.json")));
        Assert.Equal(2, Deployment.Command(new[] { "--out", dir, "--device-id", "n 1", "--broker", "mqtt://h" }));
        Assert.Equal(2, Deployment.Command(new[] { "--out", dir, "--device-id", "n1", "--broker", "mqtt://h", "--ca", "/nonexistent.pem" }));
        Assert.Equal(2, Deployment.Command(new[] { "--device-id", "n1" }));
    }
}
