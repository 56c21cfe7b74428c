namespace NanoNode.Device.Json
{
    /// <summary>
    /// Writes one JSON text (RFC 8259) into a caller-owned <c>byte[]</c> without allocating: numbers are formatted
    /// digit by digit (no <c>ToString</c>), strings are UTF-8 encoded and escaped char by char (no <c>Encoding</c>).
    /// </summary>
    /// <remarks>
    /// Usage: <see cref="Reset"/> on a buffer, then Begin/End, Name and value calls in document order. Commas and colons
    /// are inserted by the writer. Errors are sticky: once <see cref="Status"/> is not <see cref="JsonStatus.Ok"/>
    /// (buffer full, call out of order) further calls do nothing, and <see cref="Length"/> is what was written.
    /// Nesting up to 31 levels. Numbers: integers exactly; reals in fixed notation with at most 9 decimals, trailing
    /// zeros trimmed; NaN and infinities are written as <c>null</c> (JSON has no such numbers, RFC 8259 §6).
    /// Ownership: the writer keeps a reference to the buffer until the next Reset. Not thread-safe.
    /// </remarks>
    public sealed class JsonWriter
    {
        private const int MaxDepth = 31;

        private static readonly long[] Pow10 =
        {
            1L, 10L, 100L, 1000L, 10000L, 100000L, 1000000L, 10000000L, 100000000L, 1000000000L,
        };

        private byte[] _buffer;
        private int _start;
        private int _pos;
        private int _end;
        private int _depth;
        private int _objectBits;   // bit d set: level d is an object
        private int _commaBits;    // bit d set: level d already holds a member/element
        private bool _afterName;
        private bool _topDone;
        private JsonStatus _status;

        /// <summary>A writer with no buffer; call <see cref="Reset"/> before writing.</summary>
        public JsonWriter()
        {
            _status = JsonStatus.InvalidState;
        }

        /// <summary>A writer over all of <paramref name="buffer"/>.</summary>
        public JsonWriter(byte[] buffer)
        {
            Reset(buffer, 0, buffer.Length);
        }

        /// <summary>Start a new document in <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="count"/>).</summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            _buffer = buffer;
            _start = offset;
            _pos = offset;
            _end = offset + count;
            _depth = 0;
            _objectBits = 0;
            _commaBits = 0;
            _afterName = false;
            _topDone = false;
            _status = buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length ? JsonStatus.InvalidState : JsonStatus.Ok;
        }

        /// <summary>Start a new document in the same buffer range as the last Reset.</summary>
        public void Restart()
        {
            Reset(_buffer, _start, _end - _start);
        }

        /// <summary>The buffer being written.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Where the document starts in <see cref="Buffer"/>.</summary>
        public int Offset
        {
            get { return _start; }
        }

        /// <summary>Bytes written so far.</summary>
        public int Length
        {
            get { return _pos - _start; }
        }

        /// <summary>Ok, or the first error (sticky until Reset).</summary>
        public JsonStatus Status
        {
            get { return _status; }
        }

        /// <summary>True when the status is Ok and every object/array opened has been closed.</summary>
        public bool IsComplete
        {
            get { return _status == JsonStatus.Ok && _depth == 0 && _topDone; }
        }

        /// <summary>Opens an object (as a value).</summary>
        public void BeginObject()
        {
            if (!BeforeValue())
            {
                return;
            }

            Open(true, (byte)'{');
        }

        /// <summary>Closes the innermost object.</summary>
        public void EndObject()
        {
            Close(true, (byte)'}');
        }

        /// <summary>Opens an array (as a value).</summary>
        public void BeginArray()
        {
            if (!BeforeValue())
            {
                return;
            }

            Open(false, (byte)'[');
        }

        /// <summary>Closes the innermost array.</summary>
        public void EndArray()
        {
            Close(false, (byte)']');
        }

        /// <summary>Writes a member name (escaped) and the colon; the next call must write its value.</summary>
        public void Name(string name)
        {
            if (!BeforeName())
            {
                return;
            }

            WriteEscaped(name);
            Put((byte)':');
            _afterName = true;
        }

        /// <summary>Writes a member name given as UTF-8 bytes (escaped as needed) and the colon.</summary>
        public void Name(byte[] utf8, int offset, int count)
        {
            if (!BeforeName())
            {
                return;
            }

            WriteEscapedUtf8(utf8, offset, count);
            Put((byte)':');
            _afterName = true;
        }

        /// <summary>Writes a string value (escaped, UTF-8); null writes <c>null</c>.</summary>
        public void String(string value)
        {
            if (!BeforeValue())
            {
                return;
            }

            if (value == null)
            {
                PutAscii("null");
            }
            else
            {
                WriteEscaped(value);
            }

            AfterValue();
        }

        /// <summary>Writes a string value from well-formed UTF-8 bytes, escaping quote, backslash and control characters.</summary>
        public void StringUtf8(byte[] utf8, int offset, int count)
        {
            if (!BeforeValue())
            {
                return;
            }

            WriteEscapedUtf8(utf8, offset, count);
            AfterValue();
        }

        /// <summary>
        /// Starts a string value written in parts (<see cref="StringPart(string)"/>, <see cref="StringPartUtf8"/>,
        /// <see cref="StringPartNumber"/>), closed by <see cref="StringEnd"/>: composes text without allocating.
        /// </summary>
        public void StringStart()
        {
            if (!BeforeValue())
            {
                return;
            }

            Put((byte)'"');
        }

        /// <summary>Appends escaped text to a string started with <see cref="StringStart"/>.</summary>
        public void StringPart(string text)
        {
            WriteEscapedBody(text);
        }

        /// <summary>Appends UTF-8 bytes (escaped) to a string started with <see cref="StringStart"/>.</summary>
        public void StringPartUtf8(byte[] utf8, int offset, int count)
        {
            WriteEscapedUtf8Body(utf8, offset, count);
        }

        /// <summary>Appends the digits of an integer to a string started with <see cref="StringStart"/>.</summary>
        public void StringPartNumber(long value)
        {
            PutInteger(value);
        }

        /// <summary>Closes a string started with <see cref="StringStart"/>.</summary>
        public void StringEnd()
        {
            if (_status != JsonStatus.Ok)
            {
                return;
            }

            Put((byte)'"');
            AfterValue();
        }

        /// <summary>Writes an integer.</summary>
        public void Number(long value)
        {
            if (!BeforeValue())
            {
                return;
            }

            PutInteger(value);
            AfterValue();
        }

        /// <summary>
        /// Writes <paramref name="scaled"/> / 10^<paramref name="decimals"/> in fixed notation (decimals 0..9), trailing
        /// zeros trimmed: (2153, 2) → <c>21.53</c>, (-5, 2) → <c>-0.05</c>, (2100, 2) → <c>21</c>.
        /// </summary>
        public void Fixed(long scaled, int decimals)
        {
            if (!BeforeValue())
            {
                return;
            }

            if (decimals < 0 || decimals > 9)
            {
                _status = JsonStatus.InvalidState;
                return;
            }

            PutFixed(scaled, decimals);
            AfterValue();
        }

        /// <summary>
        /// Writes <paramref name="value"/> rounded half away from zero to <paramref name="decimals"/> (0..9) decimals,
        /// trailing zeros trimmed. NaN, infinities and magnitudes beyond ±9.2e18/10^decimals are written as <c>null</c>.
        /// </summary>
        public void Real(double value, int decimals)
        {
            if (!BeforeValue())
            {
                return;
            }

            if (decimals < 0 || decimals > 9)
            {
                _status = JsonStatus.InvalidState;
                return;
            }

            double x = value * Pow10[decimals];
            if (double.IsNaN(x) || x > 9.2e18 || x < -9.2e18)
            {
                PutAscii("null");
            }
            else
            {
                long scaled = (long)(x < 0 ? x - 0.5 : x + 0.5);
                PutFixed(scaled, decimals);
            }

            AfterValue();
        }

        /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
        public void Bool(bool value)
        {
            if (!BeforeValue())
            {
                return;
            }

            PutAscii(value ? "true" : "false");
            AfterValue();
        }

        /// <summary>Writes <c>null</c>.</summary>
        public void Null()
        {
            if (!BeforeValue())
            {
                return;
            }

            PutAscii("null");
            AfterValue();
        }

        /// <summary>Name + string value.</summary>
        public void Property(string name, string value)
        {
            Name(name);
            String(value);
        }

        /// <summary>Name + integer value.</summary>
        public void Property(string name, long value)
        {
            Name(name);
            Number(value);
        }

        /// <summary>Name + boolean value.</summary>
        public void Property(string name, bool value)
        {
            Name(name);
            Bool(value);
        }

        // ---- structure ----

        private void Open(bool isObject, byte b)
        {
            if (_depth >= MaxDepth)
            {
                _status = JsonStatus.InvalidState;
                return;
            }

            Put(b);
            _depth++;
            int bit = 1 << _depth;
            if (isObject)
            {
                _objectBits |= bit;
            }
            else
            {
                _objectBits &= ~bit;
            }

            _commaBits &= ~bit;
        }

        private void Close(bool isObject, byte b)
        {
            if (_status != JsonStatus.Ok)
            {
                return;
            }

            int bit = 1 << _depth;
            if (_depth == 0 || _afterName || ((_objectBits & bit) != 0) != isObject)
            {
                _status = JsonStatus.InvalidState;
                return;
            }

            Put(b);
            _depth--;
            AfterValue();
        }

        private bool BeforeName()
        {
            if (_status != JsonStatus.Ok)
            {
                return false;
            }

            int bit = 1 << _depth;
            if (_depth == 0 || (_objectBits & bit) == 0 || _afterName)
            {
                _status = JsonStatus.InvalidState;
                return false;
            }

            if ((_commaBits & bit) != 0)
            {
                Put((byte)',');
            }

            return true;
        }

        private bool BeforeValue()
        {
            if (_status != JsonStatus.Ok)
            {
                return false;
            }

            if (_depth == 0)
            {
                if (_topDone)
                {
                    _status = JsonStatus.InvalidState;
                    return false;
                }

                return true;
            }

            int bit = 1 << _depth;
            if ((_objectBits & bit) != 0)
            {
                if (!_afterName)
                {
                    _status = JsonStatus.InvalidState;
                    return false;
                }

                _afterName = false;
                return true;
            }

            if ((_commaBits & bit) != 0)
            {
                Put((byte)',');
            }

            return true;
        }

        private void AfterValue()
        {
            if (_depth == 0)
            {
                _topDone = true;
            }
            else
            {
                _commaBits |= 1 << _depth;
            }
        }

        // ---- output ----

        private void Put(byte b)
        {
            if (_status != JsonStatus.Ok)
            {
                return;
            }

            if (_pos >= _end)
            {
                _status = JsonStatus.BufferFull;
                return;
            }

            _buffer[_pos++] = b;
        }

        private void PutAscii(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                Put((byte)s[i]);
            }
        }

        private void PutInteger(long value)
        {
            if (value < 0)
            {
                Put((byte)'-');
                // Digits of a negative number are produced from the negative value so long.MinValue works.
                PutDigits(value, 1);
            }
            else
            {
                PutDigits(-value, 1);
            }
        }

        // Writes the digits of -negative, at least minDigits of them.
        private void PutDigits(long negative, int minDigits)
        {
            int count = 0;
            long v = negative;
            do
            {
                count++;
                v /= 10;
            }
            while (v != 0);

            if (count < minDigits)
            {
                count = minDigits;
            }

            if (_status != JsonStatus.Ok)
            {
                return;
            }

            if (_end - _pos < count)
            {
                _status = JsonStatus.BufferFull;
                return;
            }

            int p = _pos + count - 1;
            v = negative;
            for (int i = 0; i < count; i++)
            {
                _buffer[p--] = (byte)('0' - (int)(v % 10));
                v /= 10;
            }

            _pos += count;
        }

        private void PutFixed(long scaled, int decimals)
        {
            long neg = scaled < 0 ? scaled : -scaled;
            if (scaled < 0)
            {
                Put((byte)'-');
            }

            if (decimals == 0)
            {
                PutDigits(neg, 1);
                return;
            }

            long p = Pow10[decimals];
            long intPart = neg / p;      // <= 0
            long frac = neg % p;         // <= 0
            PutDigits(intPart, 1);
            if (frac == 0)
            {
                return;
            }

            int keep = decimals;
            while (frac % 10 == 0)
            {
                frac /= 10;
                keep--;
            }

            Put((byte)'.');
            PutDigits(frac, keep);
        }

        private void WriteEscaped(string s)
        {
            Put((byte)'"');
            WriteEscapedBody(s);
            Put((byte)'"');
        }

        private void WriteEscapedBody(string s)
        {
            int n = s.Length;
            for (int i = 0; i < n && _status == JsonStatus.Ok; i++)
            {
                int c = s[i];
                if (c < 0x80)
                {
                    PutAsciiEscaped(c);
                }
                else if (c < 0x800)
                {
                    Put((byte)(0xC0 | (c >> 6)));
                    Put((byte)(0x80 | (c & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                {
                    int cp = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
                    i++;
                    Put((byte)(0xF0 | (cp >> 18)));
                    Put((byte)(0x80 | ((cp >> 12) & 0x3F)));
                    Put((byte)(0x80 | ((cp >> 6) & 0x3F)));
                    Put((byte)(0x80 | (cp & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    // A lone surrogate cannot be UTF-8 encoded (RFC 3629 §3); the \u escape keeps the text valid JSON.
                    PutUnicodeEscape(c);
                }
                else
                {
                    Put((byte)(0xE0 | (c >> 12)));
                    Put((byte)(0x80 | ((c >> 6) & 0x3F)));
                    Put((byte)(0x80 | (c & 0x3F)));
                }
            }
        }

        private void WriteEscapedUtf8(byte[] utf8, int offset, int count)
        {
            Put((byte)'"');
            WriteEscapedUtf8Body(utf8, offset, count);
            Put((byte)'"');
        }

        private void WriteEscapedUtf8Body(byte[] utf8, int offset, int count)
        {
            int end = offset + count;
            for (int i = offset; i < end && _status == JsonStatus.Ok; i++)
            {
                int b = utf8[i];
                if (b < 0x80)
                {
                    PutAsciiEscaped(b);
                }
                else
                {
                    Put((byte)b);
                }
            }
        }

        // RFC 8259 §7: quotation mark, reverse solidus and U+0000..U+001F must be escaped.
        private void PutAsciiEscaped(int c)
        {
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                Put((byte)c);
                return;
            }

            switch (c)
            {
                case '"':
                    Put((byte)'\\');
                    Put((byte)'"');
                    return;
                case '\\':
                    Put((byte)'\\');
                    Put((byte)'\\');
                    return;
                case '\n':
                    Put((byte)'\\');
                    Put((byte)'n');
                    return;
                case '\r':
                    Put((byte)'\\');
                    Put((byte)'r');
                    return;
                case '\t':
                    Put((byte)'\\');
                    Put((byte)'t');
                    return;
                case '\b':
                    Put((byte)'\\');
                    Put((byte)'b');
                    return;
                case '\f':
                    Put((byte)'\\');
                    Put((byte)'f');
                    return;
                default:
                    PutUnicodeEscape(c);
                    return;
            }
        }

        private void PutUnicodeEscape(int c)
        {
            Put((byte)'\\');
            Put((byte)'u');
            for (int shift = 12; shift >= 0; shift -= 4)
            {
                int d = (c >> shift) & 0xF;
                Put((byte)(d < 10 ? '0' + d : 'a' + d - 10));
            }
        }
    }
}
