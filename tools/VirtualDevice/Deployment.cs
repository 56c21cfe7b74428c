using System.Text.Json;
using System.Text.Json.Nodes;
using NanoNode.Device.Config;
using NanoNode.Device.Node;

namespace NanoNode.VirtualDevice;

/// <summary>
/// The files flash.ps1 hands to nanoff, built here so host tests cover them:
/// the device settings (<c>{"device_id":..,"board":..,"config":{..}}</c>, validated by the device's own parser and schema),
/// nanoff's network deployment (<c>{"SerialPort":..,"WirelessClient":{"SSID":..,"Password":..},"CACertificatesPath":..}</c>)
/// and file deployment (<c>{"SerialPort":..,"Files":[{"DestinationFilePath":"I:\\nanonode-device.json","SourceFilePath":..}]}</c>),
/// field names as in nanoFirmwareFlasher's NetworkDeploymentConfiguration / FileDeploymentConfiguration.
/// </summary>
public static class Deployment
{
    /// <summary>
    /// The settings JSON for <paramref name="deviceId"/>, with broker settings from <paramref name="broker"/> (mqtt:// or
    /// mqtts://) and, when given, <paramref name="fallback"/> brokers (same scheme) as <c>broker_fallback</c>.
    /// </summary>
    public static string DeviceSettings(string deviceId, string board, Uri broker, int? intervalS, IReadOnlyList<Uri>? fallback = null)
    {
        if (!DeviceTopics.IsValidDeviceId(deviceId))
        {
            throw new ArgumentException("device id: 1..32 of A-Z a-z 0-9 - _, not \"all\"");
        }

        if (broker.Scheme != "mqtt" && broker.Scheme != "mqtts")
        {
            throw new ArgumentException("broker must be mqtt://host[:port] or mqtts://host[:port]");
        }

        bool tls = broker.Scheme == "mqtts";
        var config = new JsonObject
        {
            ["broker_host"] = broker.Host,
            ["broker_port"] = broker.Port > 0 ? broker.Port : (tls ? 8883 : 1883),
            ["broker_tls"] = tls,
        };
        if (!string.IsNullOrEmpty(broker.UserInfo))
        {
            string[] parts = broker.UserInfo.Split(':', 2);
            config["broker_user"] = Uri.UnescapeDataString(parts[0]);
            if (parts.Length > 1)
            {
                config["broker_password"] = Uri.UnescapeDataString(parts[1]);
            }
        }

        if (intervalS.HasValue)
        {
            config["interval_s"] = intervalS.Value;
        }

        if (fallback is { Count: > 0 })
        {
            if (fallback.Any(u => u.Scheme != broker.Scheme))
            {
                throw new ArgumentException("every broker of the list takes the same scheme (TLS is one setting)");
            }

            config["broker_fallback"] = string.Join(",", fallback.Select(u =>
                u.Host + ":" + (u.Port > 0 ? u.Port : (tls ? 8883 : 1883)))); // an IPv6 Host keeps its brackets: [addr]:port
        }

        var root = new JsonObject { ["device_id"] = deviceId, ["board"] = board, ["config"] = config };
        string json = root.ToJsonString();

        // Checked with the device's own code: what the node will parse at boot.
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var settings = new NanoNode.Device.Node.DeviceSettings();
        if (!settings.Parse(bytes, 0, bytes.Length))
        {
            throw new ArgumentException("settings rejected by the device parser: " + settings.Error);
        }

        var patch = new ConfigPatch();
        if (patch.Validate(bytes, settings.ConfigOffset, settings.ConfigLength, new DeviceConfig(), new DeviceConfig(), false) != ConfigResult.Applied)
        {
            throw new ArgumentException("initial config rejected by the schema (e.g. host name characters or lengths)");
        }

        return json;
    }

    /// <summary>nanoff --networkdeployment file: Wi-Fi client credentials and, optionally, the CA certificate file.</summary>
    public static string NetworkDeployment(string serialPort, string ssid, string password, string? caCertPath)
    {
        var root = new JsonObject
        {
            ["SerialPort"] = serialPort,
            ["WirelessClient"] = new JsonObject { ["SSID"] = ssid, ["Password"] = password },
        };
        if (!string.IsNullOrEmpty(caCertPath))
        {
            root["CACertificatesPath"] = Path.GetFullPath(caCertPath);
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>nanoff --filedeployment file: the settings file to <c>I:\nanonode-device.json</c>.</summary>
    public static string FileDeployment(string serialPort, string settingsPath)
    {
        var root = new JsonObject
        {
            ["SerialPort"] = serialPort,
            ["Files"] = new JsonArray(new JsonObject
            {
                ["DestinationFilePath"] = NanoNode.Device.Node.DeviceSettings.DefaultPath,
                ["SourceFilePath"] = Path.GetFullPath(settingsPath),
            }),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// <c>deploy-files --out DIR --device-id ID --broker URI[,URI...] [--port COM5] [--ssid S --password P] [--ca FILE] [--board B] [--interval S]</c>:
    /// writes settings.json, network.json (when --ssid is given) and files.json into DIR; prints their paths. Exit 2 on bad input.
    /// </summary>
    public static int Command(string[] args)
    {
        string? outDir = null;
        string? id = null;
        string? broker = null;
        string port = "";
        string? ssid = null;
        string password = "";
        string? ca = null;
        string board = "esp32-devkitc";
        int? interval = null;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value");
            switch (a)
            {
                case "--out": outDir = Next(); break;
                case "--device-id": id = Next(); break;
                case "--broker": broker = Next(); break;
                case "--port": port = Next(); break;
                case "--ssid": ssid = Next(); break;
                case "--password": password = Next(); break;
                case "--ca": ca = Next(); break;
                case "--board": board = Next(); break;
                case "--interval": interval = int.Parse(Next()); break;
                default: Console.Error.WriteLine($"deploy-files: unknown argument {a}"); return 2;
            }
        }

        try
        {
            if (outDir == null || id == null || broker == null)
            {
                throw new ArgumentException("--out, --device-id and --broker are required");
            }

            if (ca != null && !File.Exists(ca))
            {
                throw new ArgumentException($"CA certificate file not found: {ca}");
            }

            Directory.CreateDirectory(outDir);
            string settings = Path.Combine(outDir, "settings.json");
            // --broker: one URI, or a comma-separated list (the first is the broker, the others broker_fallback).
            Uri[] uris = broker.Split(',', StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToArray();
            File.WriteAllText(settings, DeviceSettings(id, board, uris[0], interval, uris.Skip(1).ToList()));
            Console.WriteLine(settings);
            if (ssid != null)
            {
                string network = Path.Combine(outDir, "network.json");
                File.WriteAllText(network, NetworkDeployment(port, ssid, password, ca));
                Console.WriteLine(network);
            }

            string files = Path.Combine(outDir, "files.json");
            File.WriteAllText(files, FileDeployment(port, settings));
            Console.WriteLine(files);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException or FormatException)
        {
            Console.Error.WriteLine("deploy-files: " + e.Message);
            return 2;
        }
    }
}
