namespace NanoNode.Mqtt
{
    /// <summary>
    /// Builds the content of a property section (identifier + value, one after another) in a caller-owned scratch
    /// buffer; the packet encoders then take <see cref="Buffer"/> / <see cref="Offset"/> / <see cref="Length"/> and write
    /// the property length in front. Allocate once, <see cref="Reset"/> per packet. No allocation.
    /// </summary>
    /// <remarks>
    /// Each Add checks that the identifier has the data type of the method (else <see cref="MqttStatus.InvalidArgument"/>),
    /// the value's own format (UTF-8 [MQTT-1.5.4-1] [MQTT-1.5.4-2], field length 65,535, VBI range) and the room left
    /// (<see cref="MqttStatus.BufferTooSmall"/>); on any failure <see cref="Length"/> is unchanged (bytes past it may be scratch).
    /// Context rules (which packet, duplicates) are checked by the packet encoder with <see cref="Mqtt5Properties.Validate"/>.
    /// Public fields for nanoCLR; not thread-safe.
    /// </remarks>
    public class Mqtt5PropertyWriter
    {
        /// <summary>The scratch buffer written into (the caller's).</summary>
        public byte[] Buffer;

        /// <summary>First byte of the properties in <see cref="Buffer"/>.</summary>
        public int Offset;

        /// <summary>Bytes of properties written so far.</summary>
        public int Length;

        private int _capacity;

        /// <summary>Starts a new section at <paramref name="offset"/> with room for <paramref name="count"/> bytes; InvalidArgument for a bad range.</summary>
        public MqttStatus Reset(byte[] buffer, int offset, int count)
        {
            if (!MqttWire.IsRange(buffer, offset, count))
            {
                Buffer = null;
                Offset = 0;
                Length = 0;
                _capacity = 0;
                return MqttStatus.InvalidArgument;
            }

            Buffer = buffer;
            Offset = offset;
            Length = 0;
            _capacity = count;
            return MqttStatus.Ok;
        }

        /// <summary>Adds a byte property (0..255).</summary>
        public MqttStatus AddByte(int id, int value)
        {
            if (Mqtt5Properties.TypeOf(id) != Mqtt5Properties.TypeByte || value < 0 || value > 255)
            {
                return MqttStatus.InvalidArgument;
            }

            int p;
            MqttStatus status = Begin(id, 1, out p);
            if (status == MqttStatus.Ok)
            {
                Buffer[p] = (byte)value;
                Length = p + 1 - Offset;
            }

            return status;
        }

        /// <summary>Adds a two-byte integer property (0..65535).</summary>
        public MqttStatus AddTwoByteInteger(int id, int value)
        {
            if (Mqtt5Properties.TypeOf(id) != Mqtt5Properties.TypeTwoByteInteger || value < 0 || value > 65535)
            {
                return MqttStatus.InvalidArgument;
            }

            int p;
            MqttStatus status = Begin(id, 2, out p);
            if (status == MqttStatus.Ok)
            {
                Length = MqttWire.PutTwoByteInteger(Buffer, p, value) - Offset;
            }

            return status;
        }

        /// <summary>Adds a four-byte integer property (0..<see cref="Mqtt5Wire.MaxFourByteInteger"/>).</summary>
        public MqttStatus AddFourByteInteger(int id, long value)
        {
            if (Mqtt5Properties.TypeOf(id) != Mqtt5Properties.TypeFourByteInteger || value < 0 || value > Mqtt5Wire.MaxFourByteInteger)
            {
                return MqttStatus.InvalidArgument;
            }

            int p;
            MqttStatus status = Begin(id, 4, out p);
            if (status == MqttStatus.Ok)
            {
                Length = Mqtt5Wire.PutFourByteInteger(Buffer, p, value) - Offset;
            }

            return status;
        }

        /// <summary>Adds a variable byte integer property (Subscription Identifier, 0..268,435,455).</summary>
        public MqttStatus AddVariableByteInteger(int id, int value)
        {
            int size = MqttWire.VariableByteIntegerSize(value);
            if (Mqtt5Properties.TypeOf(id) != Mqtt5Properties.TypeVariableByteInteger || size == 0)
            {
                return MqttStatus.InvalidArgument;
            }

            int p;
            MqttStatus status = Begin(id, size, out p);
            if (status == MqttStatus.Ok)
            {
                Length = MqttWire.PutVariableByteInteger(Buffer, p, value) - Offset;
            }

            return status;
        }

        /// <summary>Adds a UTF-8 string property from UTF-8 bytes (checked with <see cref="MqttWire.ValidateUtf8"/>).</summary>
        public MqttStatus AddString(int id, byte[] value, int valueOffset, int valueLength)
        {
            if (Mqtt5Properties.TypeOf(id) != Mqtt5Properties.TypeUtf8String || value == null)
            {
                return MqttStatus.InvalidArgument;
            }

            MqttStatus status = MqttWire.ValidateUtf8(value, valueOffset, valueLength);
            return status != MqttStatus.Ok ? status : AddField(id, value, valueOffset, valueLength);
        }

        /// <summary>Adds a UTF-8 string property from a .NET string (encoded here, no Encoding object).</summary>
        public MqttStatus AddString(int id, string value)
        {
            if (Mqtt5Properties.TypeOf(id) != Mqtt5Properties.TypeUtf8String || value == null)
            {
                return MqttStatus.InvalidArgument;
            }

            int n = MqttWire.Utf8ByteCount(value);
            int p;
            MqttStatus status = Begin(id, n < 0 ? 0 : 2 + n, out p);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int written;
            status = MqttWire.WriteUtf8String(Buffer, p, Offset + _capacity - p, value, out written);
            if (status == MqttStatus.Ok)
            {
                Length = p + written - Offset;
            }

            return status;
        }

        /// <summary>Adds a binary data property (Correlation Data, Authentication Data); null with length 0 = empty.</summary>
        public MqttStatus AddBinary(int id, byte[] value, int valueOffset, int valueLength)
        {
            if (Mqtt5Properties.TypeOf(id) != Mqtt5Properties.TypeBinary || !MqttWire.IsSourceRange(value, valueOffset, valueLength))
            {
                return MqttStatus.InvalidArgument;
            }

            return AddField(id, value, valueOffset, valueLength);
        }

        /// <summary>Adds a User Property (UTF-8 string pair, [MQTT-1.5.7-1]) from UTF-8 bytes.</summary>
        public MqttStatus AddUserProperty(byte[] name, int nameOffset, int nameLength, byte[] value, int valueOffset, int valueLength)
        {
            if (name == null || value == null)
            {
                return MqttStatus.InvalidArgument;
            }

            int p;
            MqttStatus status = Begin(Mqtt5Properties.UserProperty, 0, out p);
            if (status != MqttStatus.Ok)
            {
                return status;
            }

            int written;
            status = Mqtt5Wire.WriteStringPair(Buffer, p, Offset + _capacity - p, name, nameOffset, nameLength, value, valueOffset, valueLength, out written);
            if (status == MqttStatus.Ok)
            {
                Length = p + written - Offset;
            }

            return status;
        }

        /// <summary>Adds a User Property from two .NET strings.</summary>
        public MqttStatus AddUserProperty(string name, string value)
        {
            int p;
            MqttStatus status = Begin(Mqtt5Properties.UserProperty, 0, out p);
            if (status != MqttStatus.Ok || name == null || value == null)
            {
                return status != MqttStatus.Ok ? status : MqttStatus.InvalidArgument;
            }

            int a;
            int b;
            status = MqttWire.WriteUtf8String(Buffer, p, Offset + _capacity - p, name, out a);
            if (status == MqttStatus.Ok)
            {
                status = MqttWire.WriteUtf8String(Buffer, p + a, Offset + _capacity - p - a, value, out b);
                if (status == MqttStatus.Ok)
                {
                    Length = p + a + b - Offset;
                }
            }

            return status;
        }

        /// <summary>
        /// Appends already-encoded properties (identifier + value bytes, e.g. copied from a received section) as they are;
        /// the packet encoder validates the result. <see cref="MqttStatus.BufferTooSmall"/> when they do not fit.
        /// </summary>
        public MqttStatus AddRaw(byte[] source, int sourceOffset, int sourceLength)
        {
            if (Buffer == null || source == null || !MqttWire.IsSourceRange(source, sourceOffset, sourceLength))
            {
                return MqttStatus.InvalidArgument;
            }

            if (Length + sourceLength > _capacity)
            {
                return MqttStatus.BufferTooSmall;
            }

            System.Array.Copy(source, sourceOffset, Buffer, Offset + Length, sourceLength);
            Length += sourceLength;
            return MqttStatus.Ok;
        }

        private MqttStatus AddField(int id, byte[] value, int valueOffset, int valueLength)
        {
            if (valueLength > MqttWire.MaxStringLength)
            {
                return MqttStatus.StringTooLong;
            }

            int p;
            MqttStatus status = Begin(id, 2 + valueLength, out p);
            if (status == MqttStatus.Ok)
            {
                Length = MqttWire.PutField(Buffer, p, value, valueOffset, valueLength) - Offset;
            }

            return status;
        }

        // Writes the identifier if it and valueSize bytes fit; p = where the value goes. Identifiers are all below 128: one byte.
        private MqttStatus Begin(int id, int valueSize, out int p)
        {
            p = 0;
            if (Buffer == null)
            {
                return MqttStatus.InvalidArgument;
            }

            if (Length + 1 + valueSize > _capacity)
            {
                return MqttStatus.BufferTooSmall;
            }

            p = Offset + Length;
            Buffer[p] = (byte)id;
            p++;
            return MqttStatus.Ok;
        }
    }
}
