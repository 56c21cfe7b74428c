using NanoNode.Device.Json;

namespace NanoNode.Device.Node
{
    /// <summary>
    /// The device settings file written at flashing time (flash.ps1 → nanoff file deployment, <c>I:\nanonode-device.json</c>):
    /// <c>{"device_id":"node-1","board":"esp32-devkitc","config":{ ...initial config keys... }}</c>.
    /// <c>device_id</c> is required (1..32 of A-Z a-z 0-9 - _, not "all"); <c>board</c> and <c>config</c> are optional. The
    /// <c>config</c> object is the first config of a node with no persisted config, validated by the schema like any
    /// patch (its <c>rev</c> may be omitted). Read once at boot (allocates the id string).
    /// </summary>
    public sealed class DeviceSettings
    {
        /// <summary>Path of the settings file on the ESP32's internal drive.</summary>
        public const string DefaultPath = "I:\\nanonode-device.json";

        private readonly JsonReader _reader = new JsonReader();

        /// <summary>The device id, or null.</summary>
        public string DeviceId;

        /// <summary>The board name, or null.</summary>
        public string Board;

        /// <summary>Start of the <c>config</c> object in the parsed buffer, or -1 when absent.</summary>
        public int ConfigOffset = -1;

        /// <summary>Length of the <c>config</c> object in bytes.</summary>
        public int ConfigLength;

        /// <summary>Why parsing failed (null on success): a JSON status name or a key problem.</summary>
        public string Error;

        /// <summary>Byte position of a JSON error, or -1.</summary>
        public int ErrorPosition = -1;

        /// <summary>Parses <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="count"/>); false with <see cref="Error"/> set when invalid.</summary>
        public bool Parse(byte[] buffer, int offset, int count)
        {
            DeviceId = null;
            Board = null;
            ConfigOffset = -1;
            ConfigLength = 0;
            Error = null;
            ErrorPosition = -1;
            JsonReader r = _reader;
            r.Reset(buffer, offset, count, 2);
            if (r.Next() != JsonToken.StartObject)
            {
                return Fail(r, "not an object");
            }

            while (true)
            {
                JsonToken t = r.Next();
                if (t == JsonToken.EndObject)
                {
                    break;
                }

                if (t != JsonToken.PropertyName)
                {
                    return Fail(r, "malformed");
                }

                if (r.TokenEquals("device_id") || r.TokenEquals("board"))
                {
                    bool isId = r.TokenEquals("device_id");
                    if (r.Next() != JsonToken.String)
                    {
                        return Fail(r, isId ? "device_id must be a string" : "board must be a string");
                    }

                    byte[] tmp = new byte[64];
                    int n = r.CopyString(tmp, 0, tmp.Length);
                    if (n < 0)
                    {
                        return Fail(r, isId ? "device_id too long" : "board too long");
                    }

                    char[] chars = new char[n];
                    for (int i = 0; i < n; i++)
                    {
                        chars[i] = (char)tmp[i];
                    }

                    if (isId)
                    {
                        DeviceId = new string(chars);
                    }
                    else
                    {
                        Board = new string(chars);
                    }
                }
                else if (r.TokenEquals("config"))
                {
                    if (r.Next() != JsonToken.StartObject)
                    {
                        return Fail(r, "config must be an object");
                    }

                    int start = r.TokenOffset;
                    if (!r.SkipValue())
                    {
                        return Fail(r, "malformed");
                    }

                    ConfigOffset = start;
                    ConfigLength = r.TokenOffset + 1 - start;
                }
                else
                {
                    return Fail(r, "unknown key");
                }
            }

            if (r.Next() != JsonToken.End)
            {
                return Fail(r, "malformed");
            }

            if (!DeviceTopics.IsValidDeviceId(DeviceId))
            {
                Error = "device_id missing or invalid (1..32 of A-Z a-z 0-9 - _, not 'all')";
                return false;
            }

            return true;
        }

        private bool Fail(JsonReader r, string reason)
        {
            Error = reason;
            ErrorPosition = r.Status == JsonStatus.Ok ? -1 : r.ErrorPosition;
            return false;
        }
    }
}
