namespace NanoNode.Device.Storage
{
    /// <summary>
    /// Two independent slots of raw bytes where <see cref="ConfigStore"/> keeps the persisted config. An implementation
    /// only has to keep the slots independent: a write to one slot must never change the other. A write interrupted by
    /// a power loss may leave its slot in any state (empty, truncated, old or garbage bytes); the store's header CRC
    /// detects that and boot falls back to the other slot.
    /// Implementations: <see cref="MemoryConfigStorage"/> (RAM: tests, virtual devices), <c>Host/FolderConfigStorage</c>
    /// (two files in a folder), <c>Nano/FileConfigStorage</c> (two files on the ESP32's internal <c>I:</c> drive).
    /// Blocking: calls block for the medium's write/read time (flash writes: tens of ms). Not called on the hot path.
    /// </summary>
    public interface IConfigStorage
    {
        /// <summary>
        /// Reads slot <paramref name="slot"/> (0 or 1) into <paramref name="buffer"/> at <paramref name="offset"/>,
        /// at most <paramref name="count"/> bytes. Returns the bytes read, or -1 when the slot is empty or unreadable.
        /// Never throws for a missing or damaged slot.
        /// </summary>
        int Read(int slot, byte[] buffer, int offset, int count);

        /// <summary>
        /// Replaces the content of slot <paramref name="slot"/> with <paramref name="count"/> bytes of
        /// <paramref name="buffer"/> from <paramref name="offset"/>, durably (flushed) before returning true.
        /// Returns false when the write failed (the slot content is then undefined). Never throws for a medium error.
        /// </summary>
        bool Write(int slot, byte[] buffer, int offset, int count);
    }

    /// <summary>Slots in RAM (tests, the virtual device, benchmarks). Allocates its two slot buffers once.</summary>
    public sealed class MemoryConfigStorage : IConfigStorage
    {
        private readonly byte[][] _slots = new byte[2][];
        private readonly int[] _lengths = { -1, -1 };

        /// <summary>Two empty slots of <paramref name="capacity"/> bytes each.</summary>
        public MemoryConfigStorage(int capacity)
        {
            _slots[0] = new byte[capacity];
            _slots[1] = new byte[capacity];
        }

        /// <summary>Count of successful writes.</summary>
        public int Writes;

        /// <inheritdoc />
        public int Read(int slot, byte[] buffer, int offset, int count)
        {
            int n = _lengths[slot];
            if (n < 0)
            {
                return -1;
            }

            if (n > count)
            {
                n = count;
            }

            System.Array.Copy(_slots[slot], 0, buffer, offset, n);
            return n;
        }

        /// <inheritdoc />
        public bool Write(int slot, byte[] buffer, int offset, int count)
        {
            if (count > _slots[slot].Length)
            {
                return false;
            }

            System.Array.Copy(buffer, offset, _slots[slot], 0, count);
            _lengths[slot] = count;
            Writes++;
            return true;
        }

        /// <summary>Direct access to a slot's bytes (tests that damage a slot).</summary>
        public byte[] SlotBytes(int slot)
        {
            return _slots[slot];
        }

        /// <summary>Sets a slot's length (tests: -1 empties it).</summary>
        public void SetLength(int slot, int length)
        {
            _lengths[slot] = length;
        }
    }
}
