using System;
using System.IO;

namespace NanoNode.Device.Storage
{
    /// <summary>
    /// nanoFramework storage: the two slots are files on the ESP32's internal littlefs volume <c>I:</c>
    /// (nf-interpreter targets/ESP32/ESP32/target_FileSystem.cpp), by default <c>I:\nanonode-config-0.bin</c> and
    /// <c>-1.bin</c>. Uses only System.IO.FileSystem 1.1.x APIs (FileStream, File.Exists); each write creates/truncates
    /// its file, writes, flushes and closes it. Blocks for the flash write (tens of ms); allocates a FileStream per call
    /// (boot and config changes only, never the telemetry path).
    /// </summary>
    public sealed class FileConfigStorage : IConfigStorage
    {
        private readonly string[] _paths = new string[2];

        /// <summary>Slots named <paramref name="pathPrefix"/> + "-0.bin" / "-1.bin" (e.g. <c>I:\nanonode-config</c>).</summary>
        public FileConfigStorage(string pathPrefix)
        {
            _paths[0] = pathPrefix + "-0.bin";
            _paths[1] = pathPrefix + "-1.bin";
        }

        /// <summary>Slots on the internal drive: <c>I:\nanonode-config-0.bin</c> and <c>-1.bin</c>.</summary>
        public FileConfigStorage()
            : this("I:\\nanonode-config")
        {
        }

        /// <inheritdoc />
        public int Read(int slot, byte[] buffer, int offset, int count)
        {
            try
            {
                if (!File.Exists(_paths[slot]))
                {
                    return -1;
                }

                FileStream f = new FileStream(_paths[slot], FileMode.Open, FileAccess.Read);
                try
                {
                    int total = 0;
                    while (total < count)
                    {
                        int n = f.Read(buffer, offset + total, count - total);
                        if (n <= 0)
                        {
                            break;
                        }

                        total += n;
                    }

                    return total;
                }
                finally
                {
                    f.Dispose();
                }
            }
            catch (Exception)
            {
                // A damaged volume or file reads as an empty slot; the other slot or the defaults take over.
                return -1;
            }
        }

        /// <inheritdoc />
        public bool Write(int slot, byte[] buffer, int offset, int count)
        {
            try
            {
                FileStream f = new FileStream(_paths[slot], FileMode.Create, FileAccess.Write);
                try
                {
                    f.Write(buffer, offset, count);
                    f.Flush();
                }
                finally
                {
                    f.Dispose();
                }

                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
