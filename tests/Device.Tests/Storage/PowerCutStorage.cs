using NanoNode.Device.Storage;

namespace NanoNode.Device.Tests.Storage
{
    /// <summary>
    /// A storage that loses power before a chosen write step. A slot write is: open (1 step), one step per
    /// <see cref="Chunk"/> bytes programmed, flush/close (1 step). What a cut leaves behind depends on the medium
    /// model (<see cref="Medium"/>): a truncating file system (prefix only), in-place overwrite (prefix + old bytes),
    /// erase-then-program flash (prefix + 0xFF) or garbage (prefix + pseudo-random bytes). After the cut every write
    /// fails until <see cref="PowerOn"/> ("reboot").
    /// </summary>
    public sealed class PowerCutStorage : IConfigStorage
    {
        /// <summary>Bytes programmed per step.</summary>
        public const int Chunk = 16;

        /// <summary>Medium models: 0 truncating file, 1 in-place overwrite, 2 erased flash, 3 garbage.</summary>
        public const int Media = 4;

        private readonly byte[][] _slots = { new byte[ConfigStore.SlotCapacity], new byte[ConfigStore.SlotCapacity] };
        private readonly int[] _lengths = { -1, -1 };
        private uint _random = 0x12345678;

        /// <summary>The medium model (0..3).</summary>
        public int Medium;

        /// <summary>Steps executed since creation.</summary>
        public int Steps;

        /// <summary>Power is lost just before the step with this number executes (-1: never).</summary>
        public int CutAtStep = -1;

        /// <summary>True after the cut.</summary>
        public bool PoweredOff;

        /// <summary>Steps one write of <paramref name="count"/> bytes takes.</summary>
        public static int StepsFor(int count)
        {
            return 2 + (count + Chunk - 1) / Chunk;
        }

        /// <summary>Power comes back (the device reboots); no cut is armed.</summary>
        public void PowerOn()
        {
            PoweredOff = false;
            CutAtStep = -1;
        }

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
            if (!Step())
            {
                return false;
            }

            byte[] s = _slots[slot];
            switch (Medium)
            {
                case 0:
                    _lengths[slot] = 0;
                    break;
                case 2:
                    for (int i = 0; i < count; i++)
                    {
                        s[i] = 0xFF;
                    }

                    _lengths[slot] = count;
                    break;
                case 3:
                    for (int i = 0; i < count; i++)
                    {
                        _random ^= _random << 13;
                        _random ^= _random >> 17;
                        _random ^= _random << 5;
                        s[i] = (byte)_random;
                    }

                    _lengths[slot] = count;
                    break;
                default:
                    if (_lengths[slot] < 0)
                    {
                        _lengths[slot] = 0;
                    }

                    break;
            }

            for (int pos = 0; pos < count; pos += Chunk)
            {
                if (!Step())
                {
                    return false;
                }

                int n = count - pos < Chunk ? count - pos : Chunk;
                System.Array.Copy(buffer, offset + pos, s, pos, n);
                if (_lengths[slot] < pos + n)
                {
                    _lengths[slot] = pos + n;
                }
            }

            if (!Step())
            {
                return false;
            }

            _lengths[slot] = count;
            return true;
        }

        private bool Step()
        {
            if (PoweredOff)
            {
                return false;
            }

            if (Steps == CutAtStep)
            {
                PoweredOff = true;
                return false;
            }

            Steps++;
            return true;
        }
    }
}
