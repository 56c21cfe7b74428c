using NanoNode.Device.Config;
using NanoNode.Device.Json;

namespace NanoNode.Device.Storage
{
    /// <summary>
    /// Persists the effective config power-loss safe in two slots of an <see cref="IConfigStorage"/> (DESIGN §5):
    /// each save writes the slot not holding the newest valid copy, so the newest valid copy is never overwritten;
    /// boot (<see cref="Load"/>) takes the valid slot with the highest generation, else the schema defaults.
    /// </summary>
    /// <remarks>
    /// Slot layout (little-endian): 0 magic "NNCF"; 4 schema version (u16); 6 header size = 24 (u16); 8 generation
    /// (u32, +1 per save); 12 config rev (u32); 16 payload length (u32); 20 CRC-32 (IEEE) of bytes 0..19 and the
    /// payload; 24 payload = the full config as JSON including secrets (the device's own flash).
    /// A slot is valid when magic, version, sizes and CRC match and the payload passes schema validation.
    /// Buffers are allocated once; <see cref="Save"/> allocates nothing (the storage may, e.g. file handles).
    /// Not thread-safe.
    /// </remarks>
    public sealed class ConfigStore
    {
        /// <summary>Header bytes before the payload.</summary>
        public const int HeaderSize = 24;

        /// <summary>Largest slot size written.</summary>
        public const int SlotCapacity = HeaderSize + ConfigPatch.MaxPayload;

        private readonly IConfigStorage _storage;
        private readonly ConfigPatch _patch;
        private readonly byte[] _buffer = new byte[SlotCapacity];
        private readonly JsonWriter _writer = new JsonWriter();
        private readonly DeviceConfig _defaults = new DeviceConfig();
        private int _activeSlot = -1;
        private uint _generation;

        /// <summary>A store over <paramref name="storage"/>; <paramref name="patch"/> validates loaded payloads.</summary>
        public ConfigStore(IConfigStorage storage, ConfigPatch patch)
        {
            if (storage == null || patch == null)
            {
                throw new System.ArgumentNullException();
            }

            _storage = storage;
            _patch = patch;
        }

        /// <summary>Slot holding the newest valid copy (-1 before the first successful Load/Save found or wrote one).</summary>
        public int ActiveSlot
        {
            get { return _activeSlot; }
        }

        /// <summary>Generation of the newest valid copy (0 = none).</summary>
        public uint Generation
        {
            get { return _generation; }
        }

        /// <summary>Count of failed saves.</summary>
        public int SaveFailures;

        /// <summary>
        /// Boot: fills <paramref name="config"/> from the newest valid slot and returns true, or with the schema
        /// defaults and returns false when neither slot is valid. Blocks for two slot reads.
        /// </summary>
        public bool Load(DeviceConfig config)
        {
            uint g0 = Check(0);
            uint g1 = Check(1);
            int first = g1 > g0 ? 1 : 0;
            for (int attempt = 0; attempt < 2; attempt++)
            {
                int slot = attempt == 0 ? first : 1 - first;
                uint g = slot == 0 ? g0 : g1;
                if (g == 0 || !Decode(slot, config))
                {
                    continue;
                }

                _activeSlot = slot;
                _generation = g0 > g1 ? g0 : g1;
                return true;
            }

            config.SetDefaults();
            _activeSlot = -1;
            _generation = g0 > g1 ? g0 : g1;
            return false;
        }

        /// <summary>
        /// Writes <paramref name="config"/> into the slot that does not hold the newest valid copy. Returns true when
        /// the storage confirmed the write; on false the previous copy is intact and still the one boot will load.
        /// </summary>
        public bool Save(DeviceConfig config)
        {
            _writer.Reset(_buffer, HeaderSize, ConfigPatch.MaxPayload);
            config.WriteJson(_writer, true);
            if (!_writer.IsComplete)
            {
                SaveFailures++;
                return false;
            }

            int length = _writer.Length;
            uint generation = _generation + 1;
            _buffer[0] = (byte)'N';
            _buffer[1] = (byte)'N';
            _buffer[2] = (byte)'C';
            _buffer[3] = (byte)'F';
            PutU16(4, ConfigSchema.Version);
            PutU16(6, HeaderSize);
            PutU32(8, generation);
            PutU32(12, (uint)config.Rev);
            PutU32(16, (uint)length);
            uint crc = Crc32.Update(Crc32.Start, _buffer, 0, 20);
            crc = Crc32.Finish(Crc32.Update(crc, _buffer, HeaderSize, length));
            PutU32(20, crc);
            int slot = _activeSlot == 0 ? 1 : 0;
            if (!_storage.Write(slot, _buffer, 0, HeaderSize + length))
            {
                SaveFailures++;
                return false;
            }

            _activeSlot = slot;
            _generation = generation;
            return true;
        }

        // Generation of a slot whose header and CRC are intact, or 0.
        private uint Check(int slot)
        {
            int n = _storage.Read(slot, _buffer, 0, _buffer.Length);
            if (n < HeaderSize || _buffer[0] != (byte)'N' || _buffer[1] != (byte)'N' || _buffer[2] != (byte)'C' || _buffer[3] != (byte)'F')
            {
                return 0;
            }

            if (GetU16(4) != ConfigSchema.Version || GetU16(6) != HeaderSize)
            {
                return 0;
            }

            uint length = GetU32(16);
            if (length > ConfigPatch.MaxPayload || HeaderSize + (int)length > n)
            {
                return 0;
            }

            uint crc = Crc32.Update(Crc32.Start, _buffer, 0, 20);
            crc = Crc32.Finish(Crc32.Update(crc, _buffer, HeaderSize, (int)length));
            if (crc != GetU32(20))
            {
                return 0;
            }

            return GetU32(8);
        }

        private bool Decode(int slot, DeviceConfig config)
        {
            if (Check(slot) == 0)
            {
                return false;
            }

            _defaults.SetDefaults();
            ConfigResult r = _patch.Validate(_buffer, HeaderSize, (int)GetU32(16), _defaults, config, false);
            return r == ConfigResult.Applied && (uint)config.Rev == GetU32(12);
        }

        private void PutU16(int at, int v)
        {
            _buffer[at] = (byte)v;
            _buffer[at + 1] = (byte)(v >> 8);
        }

        private void PutU32(int at, uint v)
        {
            _buffer[at] = (byte)v;
            _buffer[at + 1] = (byte)(v >> 8);
            _buffer[at + 2] = (byte)(v >> 16);
            _buffer[at + 3] = (byte)(v >> 24);
        }

        private int GetU16(int at)
        {
            return _buffer[at] | (_buffer[at + 1] << 8);
        }

        private uint GetU32(int at)
        {
            return (uint)(_buffer[at] | (_buffer[at + 1] << 8) | (_buffer[at + 2] << 16) | (_buffer[at + 3] << 24));
        }
    }
}
