using System;
using System.IO;
using System.Threading;
using nanoFramework.Runtime.Native;
using NanoNode.Device.Node;

namespace NanoNode.App
{
    /// <summary>
    /// Entry point of the NanoNode firmware application (nanoFramework only). Reads the flashing-time settings file
    /// (<c>I:\nanonode-device.json</c>, written by flash.ps1 through nanoff's file deployment), picks the board profile
    /// (<see cref="BoardProfile.Select"/>: the file's <c>board</c>, else the firmware target name: ESP32* → ESP32 DevKitC,
    /// anything else → the virtual board) and hands over to it; the board's loop never returns.
    /// </summary>
    public class Program
    {
        /// <summary>Largest settings file read, bytes (the file is a small JSON object).</summary>
        public const int MaxSettingsBytes = 4096;

        public static void Main()
        {
            string target = TargetName();
            Console.WriteLine("NanoNode " + BoardProfile.FirmwareVersion + " on " + (target == null ? "unknown target" : target));

            byte[] file = ReadSettings(DeviceSettings.DefaultPath);
            DeviceSettings settings = null;
            if (file == null)
            {
                Console.WriteLine("settings: " + DeviceSettings.DefaultPath + " not found (flash.ps1 writes it)");
            }
            else
            {
                settings = new DeviceSettings();
                if (!settings.Parse(file, 0, file.Length))
                {
                    Console.WriteLine("settings: " + DeviceSettings.DefaultPath + " is invalid: " + settings.Error);
                    settings = null;
                    file = null;
                }
            }

            bool unknown;
            BoardKind kind = BoardProfile.Select(settings == null ? null : settings.Board, target, out unknown);
            if (unknown)
            {
                Console.WriteLine("settings: unknown board '" + settings.Board + "', using " + BoardProfile.Name(kind));
            }

            Console.WriteLine("board: " + BoardProfile.Name(kind));
            if (kind == BoardKind.Virtual)
            {
                Boards.VirtualBoard.Run(settings, file);
            }
            else
            {
                Boards.Esp32DevKitC.Run(settings, file);
            }

            Thread.Sleep(Timeout.Infinite);
        }

        /// <summary>The firmware's target name (e.g. <c>ESP32_REV0</c>), or null when it cannot be read.</summary>
        private static string TargetName()
        {
            try
            {
                return SystemInfo.TargetName;
            }
            catch (Exception)
            {
                return null;
            }
        }

        /// <summary>
        /// The whole settings file, or null when it is missing, empty, larger than <see cref="MaxSettingsBytes"/> or the
        /// runtime has no file system (an emulator without <c>I:</c>). Boot only; allocates.
        /// </summary>
        internal static byte[] ReadSettings(string path)
        {
            try
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                FileStream f = new FileStream(path, FileMode.Open, FileAccess.Read);
                try
                {
                    long length = f.Length;
                    if (length <= 0 || length > MaxSettingsBytes)
                    {
                        return null;
                    }

                    byte[] bytes = new byte[(int)length];
                    int total = 0;
                    while (total < bytes.Length)
                    {
                        int n = f.Read(bytes, total, bytes.Length - total);
                        if (n <= 0)
                        {
                            return null;
                        }

                        total += n;
                    }

                    return bytes;
                }
                finally
                {
                    f.Dispose();
                }
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
