using System;
using System.IO;

namespace NanoNode.Device.Storage
{
    /// <summary>
    /// Host storage: the two slots are files <c>config-0.bin</c> and <c>config-1.bin</c> in a folder (virtual devices,
    /// one folder per device id). Each write replaces its file and flushes it to disk before returning.
    /// </summary>
    public sealed class FolderConfigStorage : IConfigStorage
    {
        private readonly string[] _paths = new string[2];

        /// <summary>Slots in <paramref name="folder"/> (created when missing).</summary>
        public FolderConfigStorage(string folder)
        {
            Directory.CreateDirectory(folder);
            _paths[0] = Path.Combine(folder, "config-0.bin");
            _paths[1] = Path.Combine(folder, "config-1.bin");
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

                using (FileStream f = new FileStream(_paths[slot], FileMode.Open, FileAccess.Read, FileShare.Read))
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
            }
            catch (IOException)
            {
                return -1;
            }
            catch (UnauthorizedAccessException)
            {
                return -1;
            }
        }

        /// <inheritdoc />
        public bool Write(int slot, byte[] buffer, int offset, int count)
        {
            try
            {
                using (FileStream f = new FileStream(_paths[slot], FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    f.Write(buffer, offset, count);
                    f.Flush(true);
                }

                return true;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
