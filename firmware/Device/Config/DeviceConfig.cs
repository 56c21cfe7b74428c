using NanoNode.Device.Json;

namespace NanoNode.Device.Config
{
    /// <summary>
    /// One complete set of config values (schema v1), stored in arrays allocated once by the constructor: numbers and
    /// booleans as doubles, strings as UTF-8 in a fixed buffer per key (<see cref="ConfigKey.Max"/> bytes).
    /// Copying (<see cref="CopyFrom"/>), comparing and writing JSON allocate nothing.
    /// </summary>
    /// <remarks>The node keeps a few instances (effective, staged, last known-good); not thread-safe.</remarks>
    public sealed class DeviceConfig
    {
        private readonly double[] _numbers;
        private readonly byte[][] _strings;
        private readonly int[] _lengths;

        /// <summary>A config holding the schema defaults.</summary>
        public DeviceConfig()
        {
            ConfigKey[] keys = ConfigSchema.Keys;
            _numbers = new double[keys.Length];
            _strings = new byte[keys.Length][];
            _lengths = new int[keys.Length];
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i].Type == ConfigType.String)
                {
                    _strings[i] = new byte[(int)keys[i].Max];
                }
            }

            SetDefaults();
        }

        /// <summary>Resets every key to its schema default.</summary>
        public void SetDefaults()
        {
            ConfigKey[] keys = ConfigSchema.Keys;
            for (int i = 0; i < keys.Length; i++)
            {
                ConfigKey k = keys[i];
                if (k.Type == ConfigType.String)
                {
                    string d = k.DefaultText;
                    for (int j = 0; j < d.Length; j++)
                    {
                        _strings[i][j] = (byte)d[j]; // defaults are ASCII
                    }

                    _lengths[i] = d.Length;
                }
                else
                {
                    _numbers[i] = k.Default;
                }
            }
        }

        /// <summary>Copies every value from <paramref name="other"/>.</summary>
        public void CopyFrom(DeviceConfig other)
        {
            System.Array.Copy(other._numbers, _numbers, _numbers.Length);
            for (int i = 0; i < _strings.Length; i++)
            {
                if (_strings[i] != null)
                {
                    System.Array.Copy(other._strings[i], _strings[i], other._lengths[i]);
                    _lengths[i] = other._lengths[i];
                }
            }
        }

        /// <summary>True when key <paramref name="index"/> holds the same value in both configs.</summary>
        public bool SameValue(DeviceConfig other, int index)
        {
            if (_strings[index] == null)
            {
                return _numbers[index] == other._numbers[index];
            }

            int n = _lengths[index];
            if (n != other._lengths[index])
            {
                return false;
            }

            byte[] a = _strings[index];
            byte[] b = other._strings[index];
            for (int i = 0; i < n; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when every key holds the same value in both configs.</summary>
        public bool SameAs(DeviceConfig other)
        {
            for (int i = 0; i < _numbers.Length; i++)
            {
                if (!SameValue(other, i))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Value of a numeric key.</summary>
        public double GetNumber(int index)
        {
            return _numbers[index];
        }

        /// <summary>Value of an integer key.</summary>
        public int GetInt(int index)
        {
            return (int)_numbers[index];
        }

        /// <summary>Value of a boolean key.</summary>
        public bool GetBool(int index)
        {
            return _numbers[index] != 0;
        }

        /// <summary>Sets a numeric/boolean key without validation (callers validate; see <see cref="ConfigPatch"/>).</summary>
        public void SetNumber(int index, double value)
        {
            _numbers[index] = value;
        }

        /// <summary>The UTF-8 buffer of a string key (owned by this config; length in <see cref="GetStringLength"/>).</summary>
        public byte[] GetStringBuffer(int index)
        {
            return _strings[index];
        }

        /// <summary>Length in bytes of a string key's value.</summary>
        public int GetStringLength(int index)
        {
            return _lengths[index];
        }

        /// <summary>Sets a string key's length after its buffer was filled (see <see cref="GetStringBuffer"/>).</summary>
        public void SetStringLength(int index, int length)
        {
            _lengths[index] = length;
        }

        /// <summary>Sets a string key from a .NET string (set-up code only: ASCII/UTF-8 encoding without Encoding). False if too long.</summary>
        public bool SetString(int index, string value)
        {
            byte[] b = _strings[index];
            int n = 0;
            for (int i = 0; i < value.Length; i++)
            {
                int c = value[i];
                int need = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                if (n + need > b.Length)
                {
                    return false;
                }

                if (need == 1)
                {
                    b[n++] = (byte)c;
                }
                else if (need == 2)
                {
                    b[n++] = (byte)(0xC0 | (c >> 6));
                    b[n++] = (byte)(0x80 | (c & 0x3F));
                }
                else
                {
                    b[n++] = (byte)(0xE0 | (c >> 12));
                    b[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    b[n++] = (byte)(0x80 | (c & 0x3F));
                }
            }

            _lengths[index] = n;
            return true;
        }

        /// <summary>A string key's value as a new .NET string (allocates: connect-time and tests only). BMP text only.</summary>
        public string GetString(int index)
        {
            byte[] b = _strings[index];
            int n = _lengths[index];
            char[] chars = new char[n];
            int count = 0;
            int p = 0;
            while (p < n)
            {
                int c = b[p];
                if (c < 0x80)
                {
                    chars[count++] = (char)c;
                    p++;
                }
                else if (c < 0xE0)
                {
                    chars[count++] = (char)(((c & 0x1F) << 6) | (b[p + 1] & 0x3F));
                    p += 2;
                }
                else if (c < 0xF0)
                {
                    chars[count++] = (char)(((c & 0x0F) << 12) | ((b[p + 1] & 0x3F) << 6) | (b[p + 2] & 0x3F));
                    p += 3;
                }
                else
                {
                    chars[count++] = '?';
                    p += 4;
                }
            }

            return new string(chars, 0, count);
        }

        /// <summary>Config revision.</summary>
        public int Rev
        {
            get { return (int)_numbers[ConfigSchema.Rev]; }
        }

        /// <summary>
        /// Writes the whole config as one flat JSON object in schema order. <paramref name="includeSecrets"/> is true
        /// only for persistence; the published <c>config</c> document leaves secrets out.
        /// </summary>
        public void WriteJson(JsonWriter writer, bool includeSecrets)
        {
            ConfigKey[] keys = ConfigSchema.Keys;
            writer.BeginObject();
            for (int i = 0; i < keys.Length; i++)
            {
                ConfigKey k = keys[i];
                if (k.Secret && !includeSecrets)
                {
                    continue;
                }

                writer.Name(k.Name);
                switch (k.Type)
                {
                    case ConfigType.Boolean:
                        writer.Bool(_numbers[i] != 0);
                        break;
                    case ConfigType.Integer:
                        writer.Number((long)_numbers[i]);
                        break;
                    case ConfigType.Number:
                        writer.Real(_numbers[i], k.Decimals);
                        break;
                    default:
                        writer.StringUtf8(_strings[i], 0, _lengths[i]);
                        break;
                }
            }

            writer.EndObject();
        }
    }
}
