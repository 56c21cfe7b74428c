using System;
using System.Text;
using System.Threading;
using NanoNode.Device.Emulator;
using NanoNode.Device.Node;
using NanoNode.Device.Storage;

namespace NanoNode.App.Boards
{
    /// <summary>
    /// The virtual board on the nanoFramework emulator (nanoclr, no sockets): runs <see cref="VirtualRig"/> (real device
    /// logic + MQTT client over the in-process loopback broker, simulated BME280/SHT3x/BH1750, the demo tour) and prints
    /// its lines with <c>Console.WriteLine</c> (not <c>Debug.WriteLine</c>, which is compiled out of Release builds).
    /// Config is kept in memory: it survives the node restarts the demo triggers, not a restart of nanoclr.
    /// Fatal error path: log, wait a second, restart the node (never the process).
    /// </summary>
    public sealed class VirtualBoard : IVirtualHost
    {
        /// <summary>Loop period, ms: the rig does not block (the loopback answers within the same call).</summary>
        public const int LoopSleepMs = 10;

        // Encoding.UTF8 allocates a new encoder per access on nanoFramework (System.Text Encoding.cs): cache it.
        private static readonly Encoding Utf8 = Encoding.UTF8;

        private readonly SystemDeviceClock _clock = new SystemDeviceClock();

        /// <summary>Builds the rig from the settings file (null: the rig's seed settings) and runs it forever.</summary>
        public static void Run(DeviceSettings settings, byte[] settingsFile)
        {
            VirtualBoard host = new VirtualBoard();
            VirtualRig rig = new VirtualRig(null, new MemoryConfigStorage(ConfigStore.SlotCapacity), host, settings, settingsFile, DemoScript.Tour());
            rig.Boot();
            while (true)
            {
                try
                {
                    rig.Poll(Environment.TickCount64);
                }
                catch (Exception e)
                {
                    Console.WriteLine("fatal: " + e.Message + ": restarting the node");
                    Thread.Sleep(1000);
                    try
                    {
                        rig.Restart("fatal error");
                    }
                    catch (Exception again)
                    {
                        Console.WriteLine("fatal: restart failed: " + again.Message);
                    }
                }

                Thread.Sleep(LoopSleepMs);
            }
        }

        /// <inheritdoc />
        public void Line(byte[] text, int offset, int count)
        {
            Console.WriteLine(Utf8.GetString(text, offset, count));
        }

        /// <inheritdoc />
        public long UnixSeconds
        {
            get { return _clock.UnixSeconds; }
        }

        /// <inheritdoc />
        public long FreeMemory()
        {
            return nanoFramework.Runtime.Native.GC.Run(false);
        }
    }
}
