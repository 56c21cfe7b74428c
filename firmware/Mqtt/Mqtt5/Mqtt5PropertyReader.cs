namespace NanoNode.Mqtt
{
    /// <summary>
    /// Walks the properties of one section (a view into a receive buffer) one at a time, without allocating: every
    /// value is an integer or a view (offset + length) into that buffer. Allocate once, <see cref="Reset"/> per section.
    /// </summary>
    /// <remarks>
    /// Typical use on a decoded packet: <c>reader.Reset(p.Buffer, p.PropertiesOffset, p.PropertiesLength); while (reader.Next()) { switch (reader.Id) ... }</c>.
    /// The reader checks the format of each property (identifier known, value complete, UTF-8 valid) but not the
    /// context rules: <see cref="Mqtt5Properties.Validate"/> (run by the decoder) does those. Public fields for nanoCLR.
    /// Not thread-safe; the views stay valid as long as the caller's buffer is not overwritten.
    /// </remarks>
    public class Mqtt5PropertyReader
    {
        /// <summary>The buffer being read (the caller's).</summary>
        public byte[] Buffer;

        /// <summary>Identifier of the current property (valid after <see cref="Next"/> returned true).</summary>
        public int Id;

        /// <summary>Data type code of the current property (<see cref="Mqtt5Properties.TypeByte"/> ...).</summary>
        public int Type;

        /// <summary>Current value of a byte, two-byte, four-byte or variable byte integer property.</summary>
        public long Value;

        /// <summary>Current UTF-8 string / binary value view, or a pair's name.</summary>
        public int ValueOffset;

        /// <summary>Length in bytes of <see cref="ValueOffset"/>'s view.</summary>
        public int ValueLength;

        /// <summary>A pair's value view (User Property).</summary>
        public int PairValueOffset;

        /// <summary>Length in bytes of <see cref="PairValueOffset"/>'s view.</summary>
        public int PairValueLength;

        /// <summary>Ok while reading and after a clean end; the format status when <see cref="Next"/> stopped on bad bytes.</summary>
        public MqttStatus Status;

        private int _start;
        private int _position;
        private int _end;

        /// <summary>
        /// Starts reading the <paramref name="length"/> property bytes at <paramref name="offset"/> (the content of a
        /// section, after its property length). <see cref="Status"/> = InvalidArgument for a range outside the buffer.
        /// </summary>
        public void Reset(byte[] buffer, int offset, int length)
        {
            Buffer = buffer;
            Id = 0;
            Type = 0;
            Status = MqttWire.IsRange(buffer, offset, length) ? MqttStatus.Ok : MqttStatus.InvalidArgument;
            _start = offset;
            _position = offset;
            _end = Status == MqttStatus.Ok ? offset + length : offset;
        }

        /// <summary>
        /// Moves to the next property; false at the end of the section (<see cref="Status"/> Ok) or on bad bytes
        /// (<see cref="Status"/> says why; the reader then stays at the end).
        /// </summary>
        public bool Next()
        {
            if (Status != MqttStatus.Ok || _position >= _end)
            {
                return false;
            }

            int next;
            Status = Mqtt5Properties.ReadOne(Buffer, _position, _end, out Id, out Value, out ValueOffset, out ValueLength, out PairValueOffset, out PairValueLength, out next);
            if (Status != MqttStatus.Ok)
            {
                _position = _end;
                return false;
            }

            Type = Mqtt5Properties.TypeOf(Id);
            _position = next;
            return true;
        }

        /// <summary>
        /// Rewinds and moves to the first property with identifier <paramref name="id"/>; false when there is none.
        /// Call <see cref="Next"/> / <see cref="FindNext"/> to continue after it.
        /// </summary>
        public bool Find(int id)
        {
            if (Buffer == null || Status == MqttStatus.InvalidArgument)
            {
                return false;
            }

            Status = MqttStatus.Ok;
            _position = _start;
            return FindNext(id);
        }

        /// <summary>Moves to the next property with identifier <paramref name="id"/> after the current one; false when there is none.</summary>
        public bool FindNext(int id)
        {
            while (Next())
            {
                if (Id == id)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
