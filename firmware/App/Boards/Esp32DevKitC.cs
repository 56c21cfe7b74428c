using System;
using System.Device.I2c;
using System.Net.Security;
using System.Threading;
using nanoFramework.Networking;
using nanoFramework.Runtime.Native;
using NanoNode.Device.Config;
using NanoNode.Device.Link;
using NanoNode.Device.Node;
using NanoNode.Device.Storage;
using NanoNode.Drivers.I2c;
using NanoNode.Mqtt.Client;

namespace NanoNode.App.Boards
{
    /// <summary>
    /// ESP32 DevKitC (ESP32-WROOM-32): sensors on I2C1 with SDA = GPIO 21, SCL = GPIO 22 (remapped from the nanoFramework
    /// defaults 18/19 with <c>Configuration.SetPinFunction</c>), 100 kHz; Wi-Fi with the credentials nanoff's network
    /// deployment stored in the device configuration (<c>WifiNetworkHelper.Reconnect</c>); MQTT over TCP, or TLS verified
    /// against the CA bundle nanoff stored (<c>CACertificates</c>), which the native TLS layer loads into every SslStream's
    /// trust chain (nf-interpreter src/PAL/COM/sockets/ssl/MbedTLS/ssl_generic_init_internal.cpp); config slots as files on
    /// <c>I:</c>. The clock's wall time comes from the firmware's own SNTP client (nanoFramework's NetworkHelper relies on
    /// it; until it has run, telemetry carries no timestamp).
    /// </summary>
    /// <remarks>
    /// Fatal errors (an exception escaping the loop, the loop stalled for <see cref="WatchdogChecks"/> ×
    /// <see cref="WatchdogPeriodMs"/>, no broker for <see cref="OfflineRebootMs"/>) are logged and end in
    /// <c>Power.RebootDevice()</c>. The watchdog is a managed timer (<see cref="LoopWatchdog"/>): nanoFramework 1.x exposes
    /// no hardware-watchdog API we could verify.
    /// </remarks>
    public sealed class Esp32DevKitC : IBoard, IMqttTransportFactory, ILinkLog
    {
        /// <summary>ESP32 I2C controller used for the sensors.</summary>
        public const int I2cBusId = 1;

        /// <summary>SDA pin (GPIO number).</summary>
        public const int SdaPin = 21;

        /// <summary>SCL pin (GPIO number).</summary>
        public const int SclPin = 22;

        /// <summary>How long boot waits for Wi-Fi before starting anyway (the MQTT client keeps retrying), ms.</summary>
        public const int WifiTimeoutMs = 60000;

        /// <summary>Watchdog check period, ms.</summary>
        public const int WatchdogPeriodMs = 10000;

        /// <summary>Consecutive checks without loop progress that reboot the device (60 s).</summary>
        public const int WatchdogChecks = 6;

        /// <summary>Broker unreachable for this long reboots the device (15 min, above the largest rollback_timeout_s of 600 s).</summary>
        public const long OfflineRebootMs = 15L * 60 * 1000;

        /// <summary>How long each loop turn waits for inbound MQTT data, ms.</summary>
        public const int PollMs = 50;

        private static LoopWatchdog _watchdog;
        private static Timer _watchdogTimer;

        /// <summary>Boots the node on this board and runs its loop; returns only if there is no usable settings file.</summary>
        public static void Run(DeviceSettings settings, byte[] settingsFile)
        {
            if (settings == null)
            {
                // No device id: nothing to publish under. Rebooting would loop; tell the user and wait for a valid
                // file (flash.ps1 writes it with nanoff's file deployment while this runs), then reboot into it.
                DeviceSettings probe = new DeviceSettings();
                while (true)
                {
                    Console.WriteLine("esp32: no valid " + DeviceSettings.DefaultPath + ": run flash.ps1 -Port <port> -DeviceId <id> -Broker <uri>");
                    Thread.Sleep(10000);
                    byte[] now = Program.ReadSettings(DeviceSettings.DefaultPath);
                    if (now != null && probe.Parse(now, 0, now.Length))
                    {
                        Console.WriteLine("esp32: settings file found: rebooting into it");
                        Power.RebootDevice();
                    }
                }
            }

            try
            {
                Esp32DevKitC board = new Esp32DevKitC();
                board.Loop(settings, settingsFile);
            }
            catch (Exception e)
            {
                Fatal("unhandled " + e.GetType().Name + ": " + e.Message);
            }
        }

        /// <inheritdoc />
        public string Name
        {
            get { return BoardProfile.Esp32DevKitCName; }
        }

        /// <inheritdoc />
        public string FirmwareVersion
        {
            get { return BoardProfile.FirmwareVersion; }
        }

        /// <inheritdoc />
        public long FreeMemory()
        {
            return nanoFramework.Runtime.Native.GC.Run(false);
        }

        /// <inheritdoc />
        public void Reboot()
        {
            Console.WriteLine("esp32: reboot requested");
            Power.RebootDevice();
        }

        /// <inheritdoc />
        public void Identify(int seconds)
        {
            // The DevKitC has only a power LED: identify is a console line on the USB serial port.
            Console.WriteLine("esp32: identify requested for " + seconds + " s");
        }

        /// <inheritdoc />
        public void LinkEvent(string reason, string broker, int total, int events)
        {
            // Failure path only (rate-limited by the link): the string building allocates, which is fine here.
            Console.WriteLine("link: " + reason + " (" + broker + "), " + events.ToString() + " since the last line, " + total.ToString() + " in all");
        }

        /// <inheritdoc />
        public void QosCapped(int cap, string cause, string broker)
        {
            Console.WriteLine("link: publish QoS capped at " + cap.ToString() + " on " + broker + ": " + cause);
        }

        /// <inheritdoc />
        public IMqttTransport Create(string host, int port, bool tls)
        {
            if (!tls)
            {
                return new TcpTransport(host, port);
            }

            // ca = null: the server is verified against the CA bundle stored on the device (nanoff network deployment).
            // TLS 1.2 only: whether a firmware's mbedTLS build enables TLS 1.3 is not guaranteed.
            return new TlsTransport(host, port, null, null, SslProtocols.Tls12);
        }

        private void Loop(DeviceSettings settings, byte[] settingsFile)
        {
            NanoI2cBus.SetEsp32Pins(I2cBusId, SdaPin, SclPin);
            NanoI2cBus bus = new NanoI2cBus(I2cBusId, I2cBusSpeed.StandardMode, 32);
            ConnectWifi();

            ConfigPatch patch = new ConfigPatch();
            ConfigStore store = new ConfigStore(new FileConfigStorage(), patch);
            DeviceConfig config = new DeviceConfig();
            BootConfigSource source = NodeBoot.LoadConfig(store, patch, settings, settingsFile, config);
            Console.WriteLine("config: " + NodeBoot.SourceName(source) + ", rev " + config.Rev + ", broker " +
                              config.GetString(ConfigSchema.BrokerHost) + ":" + config.GetInt(ConfigSchema.BrokerPort) +
                              (config.GetBool(ConfigSchema.BrokerTls) ? " (TLS)" : ""));

            SystemDeviceClock clock = new SystemDeviceClock();
            MqttDeviceLink link = new MqttDeviceLink(this, SystemClock.Instance, 4096, 8192);
            link.Log = this;
            DeviceNode node = new DeviceNode(settings.DeviceId, config, store, patch, link, clock, this, new DriverSensorFactory(bus));
            link.Attach(node);

            _watchdog = new LoopWatchdog(WatchdogChecks);
            _watchdogTimer = new Timer(CheckWatchdog, null, WatchdogPeriodMs, WatchdogPeriodMs);
            OfflineGuard offline = new OfflineGuard(OfflineRebootMs);
            Console.WriteLine("node: " + settings.DeviceId + " running");
            while (true)
            {
                link.Poll(PollMs);
                node.Poll();
                _watchdog.Feed();
                if (offline.Update(link.IsConnected, clock.NowMs))
                {
                    Fatal("no broker connection for " + (OfflineRebootMs / 60000) + " min");
                }
            }
        }

        private static void ConnectWifi()
        {
            CancellationTokenSource timeout = new CancellationTokenSource(WifiTimeoutMs);
            bool ok = WifiNetworkHelper.Reconnect(false, 0, timeout.Token);
            if (ok)
            {
                Console.WriteLine("wifi: connected");
                return;
            }

            // NetworkHelperStatus prints as its number on nanoFramework (enum ToString): see the README for the names.
            Console.WriteLine("wifi: not connected yet (NetworkHelperStatus " + (int)WifiNetworkHelper.Status +
                              "); the MQTT client keeps retrying. Credentials come from flash.ps1 -Ssid/-Password.");
        }

        private static void CheckWatchdog(object state)
        {
            if (_watchdog != null && _watchdog.Check())
            {
                Fatal("watchdog: the loop made no progress for " + (WatchdogChecks * WatchdogPeriodMs / 1000) + " s");
            }
        }

        private static void Fatal(string reason)
        {
            Console.WriteLine("fatal: " + reason + ": rebooting");
            Thread.Sleep(1000);
            Power.RebootDevice();
        }
    }
}
