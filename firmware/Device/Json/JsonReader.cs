namespace NanoNode.Device.Json
{
    /// <summary>What <see cref="JsonReader.Next"/> found.</summary>
    public enum JsonToken : byte
    {
        /// <summary>Nothing read yet.</summary>
        None = 0,

        /// <summary><c>{</c></summary>
        StartObject = 1,

        /// <summary><c>}</c></summary>
        EndObject = 2,

        /// <summary><c>[</c></summary>
        StartArray = 3,

        /// <summary><c>]</c></summary>
        EndArray = 4,

        /// <summary>A member name (the colon after it has been consumed).</summary>
        PropertyName = 5,

        /// <summary>A string value.</summary>
        String = 6,

        /// <summary>A number value.</summary>
        Number = 7,

        /// <summary><c>true</c></summary>
        True = 8,

        /// <summary><c>false</c></summary>
        False = 9,

        /// <summary><c>null</c></summary>
        Null = 10,

        /// <summary>The document is complete and only whitespace follows.</summary>
        End = 11,

        /// <summary>Malformed input: see <see cref="JsonReader.Status"/> and <see cref="JsonReader.ErrorPosition"/>.</summary>
        Error = 12,
    }

    /// <summary>
    /// Strict pull reader of one JSON text (RFC 8259) held in a caller-owned <c>byte[]</c>; allocates nothing.
    /// </summary>
    /// <remarks>
    /// Each <see cref="Next"/> returns one token; strings and names are views (<see cref="TokenOffset"/>,
    /// <see cref="TokenLength"/>: the raw bytes between the quotes, escapes not yet decoded) that
    /// <see cref="CopyString"/> / <see cref="TokenEquals"/> decode on demand. The whole grammar is checked as it goes:
    /// numbers (§6), escapes incl. \uXXXX and surrogate pairs (§7), well-formed UTF-8 (RFC 3629), control characters,
    /// nesting (bounded by the limit given to <see cref="Reset"/>) and trailing data. The first violation yields
    /// <see cref="JsonToken.Error"/> with a <see cref="JsonStatus"/> and the byte position (from the start of the
    /// document) where reading stopped; the reader then stays in that state. Nothing throws on bad input.
    /// Ownership: the reader references the buffer until the next Reset; the caller must not change it meanwhile.
    /// Not thread-safe.
    /// </remarks>
    public sealed class JsonReader
    {
        /// <summary>Largest nesting limit <see cref="Reset"/> accepts.</summary>
        public const int DepthLimit = 30;

        private const int ExpectValue = 0;        // top level, after ':' or after ',' in an array
        private const int ExpectValueOrEnd = 1;   // after '['
        private const int ExpectNameOrEnd = 2;    // after '{'
        private const int ExpectName = 3;         // after ',' in an object
        private const int ExpectCommaOrEnd = 4;   // after a value inside a container
        private const int ExpectEndOfInput = 5;   // after the top-level value
        private const int Done = 6;

        private static readonly double[] Pow10 =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        private byte[] _buffer;
        private int _start;
        private int _pos;
        private int _end;
        private int _maxDepth;
        private int _depth;
        private int _objectBits;
        private int _state;
        private JsonToken _token;
        private int _tokenOffset;
        private int _tokenLength;
        private bool _tokenEscaped;
        private bool _numberInteger;
        private JsonStatus _status;
        private int _errorPosition;

        /// <summary>
        /// Starts reading <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="count"/>) with nesting
        /// limited to <paramref name="maxDepth"/> levels (1 = one object or array with scalar members; 1..30).
        /// Throws only for misuse (bad range or depth).
        /// </summary>
        public void Reset(byte[] buffer, int offset, int count, int maxDepth)
        {
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length || maxDepth < 1 || maxDepth > DepthLimit)
            {
                throw new System.ArgumentException("range or depth");
            }

            _buffer = buffer;
            _start = offset;
            _pos = offset;
            _end = offset + count;
            _maxDepth = maxDepth;
            _depth = 0;
            _objectBits = 0;
            _state = ExpectValue;
            _token = JsonToken.None;
            _tokenOffset = offset;
            _tokenLength = 0;
            _tokenEscaped = false;
            _numberInteger = false;
            _status = JsonStatus.Ok;
            _errorPosition = -1;
        }

        /// <summary>The buffer being read.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>The last token returned by <see cref="Next"/>.</summary>
        public JsonToken Token
        {
            get { return _token; }
        }

        /// <summary>Ok, or why reading stopped.</summary>
        public JsonStatus Status
        {
            get { return _status; }
        }

        /// <summary>Byte position (0 = first byte of the document) of the error, or -1.</summary>
        public int ErrorPosition
        {
            get { return _errorPosition; }
        }

        /// <summary>Nesting depth after the last token (1 inside the top-level object).</summary>
        public int Depth
        {
            get { return _depth; }
        }

        /// <summary>Start of the current token in <see cref="Buffer"/>; for strings and names, the byte after the opening quote.</summary>
        public int TokenOffset
        {
            get { return _tokenOffset; }
        }

        /// <summary>Length of the current token's raw bytes (strings: between the quotes, still escaped).</summary>
        public int TokenLength
        {
            get { return _tokenLength; }
        }

        /// <summary>True when the current string or name contains backslash escapes.</summary>
        public bool TokenHasEscapes
        {
            get { return _tokenEscaped; }
        }

        /// <summary>True when the current number has neither fraction nor exponent.</summary>
        public bool NumberIsInteger
        {
            get { return _numberInteger; }
        }

        /// <summary>Reads the next token. After <see cref="JsonToken.End"/> or <see cref="JsonToken.Error"/> returns the same again.</summary>
        public JsonToken Next()
        {
            if (_state == Done)
            {
                return _token;
            }

            SkipWhitespace();
            switch (_state)
            {
                case ExpectEndOfInput:
                    if (_pos < _end)
                    {
                        return Fail(JsonStatus.TrailingData, _pos);
                    }

                    _state = Done;
                    _token = JsonToken.End;
                    return _token;

                case ExpectCommaOrEnd:
                    if (_pos >= _end)
                    {
                        return Fail(JsonStatus.UnexpectedEnd, _pos);
                    }

                    if (IsClose(_buffer[_pos]))
                    {
                        return CloseContainer();
                    }

                    if (_buffer[_pos] != (byte)',')
                    {
                        return Fail(JsonStatus.UnexpectedCharacter, _pos);
                    }

                    _pos++;
                    SkipWhitespace();
                    return InObject() ? ReadName() : ReadValue();

                case ExpectNameOrEnd:
                    if (_pos < _end && _buffer[_pos] == (byte)'}')
                    {
                        return CloseContainer();
                    }

                    return ReadName();

                case ExpectName:
                    return ReadName();

                case ExpectValueOrEnd:
                    if (_pos < _end && _buffer[_pos] == (byte)']')
                    {
                        return CloseContainer();
                    }

                    return ReadValue();

                default:
                    if (_pos >= _end && _depth == 0 && _token == JsonToken.None)
                    {
                        return Fail(JsonStatus.Empty, _pos);
                    }

                    return ReadValue();
            }
        }

        /// <summary>
        /// When the current token opens an object or array, reads up to and including its matching close; otherwise
        /// does nothing. Returns false if the input is malformed (the reader is then in the error state).
        /// </summary>
        public bool SkipValue()
        {
            if (_token != JsonToken.StartObject && _token != JsonToken.StartArray)
            {
                return _token != JsonToken.Error;
            }

            int target = _depth - 1;
            while (true)
            {
                JsonToken t = Next();
                if (t == JsonToken.Error || t == JsonToken.End)
                {
                    return false;
                }

                if ((t == JsonToken.EndObject || t == JsonToken.EndArray) && _depth == target)
                {
                    return true;
                }
            }
        }

        /// <summary>
        /// The current number as a 64-bit integer. False when the token is not a number, has a fraction or exponent,
        /// or does not fit in a long.
        /// </summary>
        public bool TryGetInt64(out long value)
        {
            value = 0;
            if (_token != JsonToken.Number || !_numberInteger)
            {
                return false;
            }

            int p = _tokenOffset;
            int end = _tokenOffset + _tokenLength;
            bool negative = _buffer[p] == (byte)'-';
            if (negative)
            {
                p++;
            }

            long acc = 0; // accumulated negatively so long.MinValue fits
            for (; p < end; p++)
            {
                int d = _buffer[p] - '0';
                if (acc < (long.MinValue + d) / 10)
                {
                    return false;
                }

                acc = acc * 10 - d;
            }

            if (!negative)
            {
                if (acc == long.MinValue)
                {
                    return false;
                }

                acc = -acc;
            }

            value = acc;
            return true;
        }

        /// <summary>
        /// The current number as a double (about 15-17 significant digits; beyond 19 digits the rest is dropped).
        /// False when the token is not a number or its magnitude overflows a double.
        /// </summary>
        public bool TryGetDouble(out double value)
        {
            value = 0;
            if (_token != JsonToken.Number)
            {
                return false;
            }

            int p = _tokenOffset;
            int end = _tokenOffset + _tokenLength;
            bool negative = _buffer[p] == (byte)'-';
            if (negative)
            {
                p++;
            }

            long mantissa = 0;
            int digits = 0;
            int exp10 = 0;
            for (; p < end && _buffer[p] >= (byte)'0' && _buffer[p] <= (byte)'9'; p++)
            {
                AddDigit(_buffer[p] - '0', ref mantissa, ref digits, ref exp10, false);
            }

            if (p < end && _buffer[p] == (byte)'.')
            {
                for (p++; p < end && _buffer[p] >= (byte)'0' && _buffer[p] <= (byte)'9'; p++)
                {
                    AddDigit(_buffer[p] - '0', ref mantissa, ref digits, ref exp10, true);
                }
            }

            if (p < end)
            {
                p++; // e or E
                bool expNegative = false;
                if (_buffer[p] == (byte)'-' || _buffer[p] == (byte)'+')
                {
                    expNegative = _buffer[p] == (byte)'-';
                    p++;
                }

                int e = 0;
                for (; p < end; p++)
                {
                    if (e < 100000)
                    {
                        e = e * 10 + (_buffer[p] - '0');
                    }
                }

                exp10 += expNegative ? -e : e;
            }

            double result = mantissa;
            if (mantissa != 0)
            {
                if (exp10 > 0)
                {
                    while (exp10 > 22 && result <= double.MaxValue)
                    {
                        result *= 1e22;
                        exp10 -= 22;
                    }

                    result *= Pow10[exp10 > 22 ? 22 : exp10];
                }
                else if (exp10 < 0)
                {
                    while (exp10 < -22 && result > 0)
                    {
                        result /= 1e22;
                        exp10 += 22;
                    }

                    result /= Pow10[-exp10 > 22 ? 22 : -exp10];
                }
            }

            if (result > double.MaxValue)
            {
                return false;
            }

            value = negative ? -result : result;
            return true;
        }

        /// <summary>
        /// Decodes the current string or name (escapes resolved, UTF-8) into <paramref name="destination"/> at
        /// <paramref name="offset"/>, at most <paramref name="max"/> bytes. Returns the decoded length, or -1 when the
        /// token is not a string/name or does not fit.
        /// </summary>
        public int CopyString(byte[] destination, int offset, int max)
        {
            if (_token != JsonToken.String && _token != JsonToken.PropertyName)
            {
                return -1;
            }

            int p = _tokenOffset;
            int end = _tokenOffset + _tokenLength;
            int n = 0;
            if (!_tokenEscaped)
            {
                if (_tokenLength > max)
                {
                    return -1;
                }

                System.Array.Copy(_buffer, p, destination, offset, _tokenLength);
                return _tokenLength;
            }

            while (p < end)
            {
                if (_buffer[p] != (byte)'\\')
                {
                    if (n >= max)
                    {
                        return -1;
                    }

                    destination[offset + n++] = _buffer[p++];
                    continue;
                }

                int cp = DecodeEscape(ref p);
                int need = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (n + need > max)
                {
                    return -1;
                }

                int o = offset + n;
                if (need == 1)
                {
                    destination[o] = (byte)cp;
                }
                else if (need == 2)
                {
                    destination[o] = (byte)(0xC0 | (cp >> 6));
                    destination[o + 1] = (byte)(0x80 | (cp & 0x3F));
                }
                else if (need == 3)
                {
                    destination[o] = (byte)(0xE0 | (cp >> 12));
                    destination[o + 1] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    destination[o + 2] = (byte)(0x80 | (cp & 0x3F));
                }
                else
                {
                    destination[o] = (byte)(0xF0 | (cp >> 18));
                    destination[o + 1] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                    destination[o + 2] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    destination[o + 3] = (byte)(0x80 | (cp & 0x3F));
                }

                n += need;
            }

            return n;
        }

        /// <summary>
        /// True when the current string or name, decoded, equals <paramref name="text"/> (compared as Unicode code
        /// points; allocation-free). Used to match member names against key tables.
        /// </summary>
        public bool TokenEquals(string text)
        {
            if (_token != JsonToken.String && _token != JsonToken.PropertyName)
            {
                return false;
            }

            int p = _tokenOffset;
            int end = _tokenOffset + _tokenLength;
            int i = 0;
            int n = text.Length;
            while (p < end)
            {
                if (i >= n)
                {
                    return false;
                }

                int cp = DecodeCodePoint(ref p);
                int c = text[i++];
                if (c >= 0xD800 && c <= 0xDBFF && i < n)
                {
                    c = 0x10000 + ((c - 0xD800) << 10) + (text[i++] - 0xDC00);
                }

                if (cp != c)
                {
                    return false;
                }
            }

            return i == n;
        }

        // ---- grammar ----

        private JsonToken ReadName()
        {
            if (_pos >= _end)
            {
                return Fail(JsonStatus.UnexpectedEnd, _pos);
            }

            if (_buffer[_pos] != (byte)'"')
            {
                return Fail(JsonStatus.UnexpectedCharacter, _pos);
            }

            if (!ScanString())
            {
                return _token;
            }

            SkipWhitespace();
            if (_pos >= _end)
            {
                return Fail(JsonStatus.UnexpectedEnd, _pos);
            }

            if (_buffer[_pos] != (byte)':')
            {
                return Fail(JsonStatus.UnexpectedCharacter, _pos);
            }

            _pos++;
            _state = ExpectValue;
            _token = JsonToken.PropertyName;
            return _token;
        }

        private JsonToken ReadValue()
        {
            if (_pos >= _end)
            {
                return Fail(JsonStatus.UnexpectedEnd, _pos);
            }

            byte b = _buffer[_pos];
            switch (b)
            {
                case (byte)'{':
                    return OpenContainer(true);
                case (byte)'[':
                    return OpenContainer(false);
                case (byte)'"':
                    if (!ScanString())
                    {
                        return _token;
                    }

                    return Scalar(JsonToken.String);
                case (byte)'t':
                    return Literal("true", JsonToken.True);
                case (byte)'f':
                    return Literal("false", JsonToken.False);
                case (byte)'n':
                    return Literal("null", JsonToken.Null);
                default:
                    if (b == (byte)'-' || (b >= (byte)'0' && b <= (byte)'9'))
                    {
                        return ScanNumber();
                    }

                    return Fail(JsonStatus.UnexpectedCharacter, _pos);
            }
        }

        private JsonToken OpenContainer(bool isObject)
        {
            if (_depth >= _maxDepth)
            {
                return Fail(JsonStatus.TooDeep, _pos);
            }

            _tokenOffset = _pos;
            _tokenLength = 1;
            _pos++;
            _depth++;
            int bit = 1 << _depth;
            if (isObject)
            {
                _objectBits |= bit;
                _state = ExpectNameOrEnd;
                _token = JsonToken.StartObject;
            }
            else
            {
                _objectBits &= ~bit;
                _state = ExpectValueOrEnd;
                _token = JsonToken.StartArray;
            }

            return _token;
        }

        private JsonToken CloseContainer()
        {
            byte b = _buffer[_pos];
            bool isObject = InObject();
            if ((b == (byte)'}') != isObject)
            {
                return Fail(JsonStatus.UnexpectedCharacter, _pos);
            }

            _tokenOffset = _pos;
            _tokenLength = 1;
            _pos++;
            _depth--;
            _state = _depth == 0 ? ExpectEndOfInput : ExpectCommaOrEnd;
            _token = isObject ? JsonToken.EndObject : JsonToken.EndArray;
            return _token;
        }

        private JsonToken Scalar(JsonToken token)
        {
            _state = _depth == 0 ? ExpectEndOfInput : ExpectCommaOrEnd;
            _token = token;
            return token;
        }

        private JsonToken Literal(string text, JsonToken token)
        {
            int start = _pos;
            for (int i = 0; i < text.Length; i++)
            {
                if (_pos >= _end)
                {
                    return Fail(JsonStatus.UnexpectedEnd, _pos);
                }

                if (_buffer[_pos] != (byte)text[i])
                {
                    return Fail(JsonStatus.UnexpectedCharacter, _pos);
                }

                _pos++;
            }

            _tokenOffset = start;
            _tokenLength = text.Length;
            return Scalar(token);
        }

        // RFC 8259 §6: number = [ minus ] int [ frac ] [ exp ]; int = zero / ( digit1-9 *DIGIT ).
        private JsonToken ScanNumber()
        {
            int start = _pos;
            bool integer = true;
            if (_buffer[_pos] == (byte)'-')
            {
                _pos++;
            }

            if (_pos >= _end)
            {
                return Fail(JsonStatus.UnexpectedEnd, _pos);
            }

            if (_buffer[_pos] == (byte)'0')
            {
                _pos++;
            }
            else if (IsDigit(_buffer[_pos]))
            {
                while (_pos < _end && IsDigit(_buffer[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                return Fail(JsonStatus.InvalidNumber, _pos);
            }

            if (_pos < _end && _buffer[_pos] == (byte)'.')
            {
                integer = false;
                _pos++;
                if (_pos >= _end)
                {
                    return Fail(JsonStatus.UnexpectedEnd, _pos);
                }

                if (!IsDigit(_buffer[_pos]))
                {
                    return Fail(JsonStatus.InvalidNumber, _pos);
                }

                while (_pos < _end && IsDigit(_buffer[_pos]))
                {
                    _pos++;
                }
            }

            if (_pos < _end && (_buffer[_pos] == (byte)'e' || _buffer[_pos] == (byte)'E'))
            {
                integer = false;
                _pos++;
                if (_pos < _end && (_buffer[_pos] == (byte)'+' || _buffer[_pos] == (byte)'-'))
                {
                    _pos++;
                }

                if (_pos >= _end)
                {
                    return Fail(JsonStatus.UnexpectedEnd, _pos);
                }

                if (!IsDigit(_buffer[_pos]))
                {
                    return Fail(JsonStatus.InvalidNumber, _pos);
                }

                while (_pos < _end && IsDigit(_buffer[_pos]))
                {
                    _pos++;
                }
            }

            // "01", "1.2.3", "1e5e", "-0-" and similar: a number continues where the grammar says it ended.
            if (_pos < _end)
            {
                byte b = _buffer[_pos];
                if (IsDigit(b) || b == (byte)'.' || b == (byte)'e' || b == (byte)'E' || b == (byte)'+' || b == (byte)'-')
                {
                    return Fail(JsonStatus.InvalidNumber, _pos);
                }
            }

            _tokenOffset = start;
            _tokenLength = _pos - start;
            _numberInteger = integer;
            return Scalar(JsonToken.Number);
        }

        // On entry _pos is at the opening quote; on success _pos is after the closing quote and the token range is set.
        private bool ScanString()
        {
            _pos++;
            int start = _pos;
            bool escaped = false;
            while (true)
            {
                if (_pos >= _end)
                {
                    Fail(JsonStatus.UnexpectedEnd, _pos);
                    return false;
                }

                int b = _buffer[_pos];
                if (b == '"')
                {
                    break;
                }

                if (b == '\\')
                {
                    escaped = true;
                    if (!ScanEscape())
                    {
                        return false;
                    }

                    continue;
                }

                if (b < 0x20)
                {
                    Fail(JsonStatus.ControlCharacter, _pos);
                    return false;
                }

                if (b < 0x80)
                {
                    _pos++;
                    continue;
                }

                if (!ScanUtf8(b))
                {
                    return false;
                }
            }

            _tokenOffset = start;
            _tokenLength = _pos - start;
            _tokenEscaped = escaped;
            _pos++;
            return true;
        }

        // RFC 8259 §7 escapes; \uXXXX high surrogates must be followed by a \uXXXX low surrogate.
        private bool ScanEscape()
        {
            int at = _pos;
            _pos++;
            if (_pos >= _end)
            {
                Fail(JsonStatus.UnexpectedEnd, _pos);
                return false;
            }

            int c = _buffer[_pos];
            switch (c)
            {
                case '"':
                case '\\':
                case '/':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't':
                    _pos++;
                    return true;
                case 'u':
                    break;
                default:
                    Fail(JsonStatus.InvalidEscape, _pos);
                    return false;
            }

            _pos++;
            int unit = ScanHex4();
            if (unit < 0)
            {
                return false;
            }

            if (unit >= 0xDC00 && unit <= 0xDFFF)
            {
                Fail(JsonStatus.InvalidSurrogate, at);
                return false;
            }

            if (unit < 0xD800 || unit > 0xDBFF)
            {
                return true;
            }

            if (_pos + 1 >= _end)
            {
                Fail(_pos >= _end || _buffer[_pos] == (byte)'\\' ? JsonStatus.UnexpectedEnd : JsonStatus.InvalidSurrogate, _pos >= _end ? _pos : _pos);
                return false;
            }

            if (_buffer[_pos] != (byte)'\\' || _buffer[_pos + 1] != (byte)'u')
            {
                Fail(JsonStatus.InvalidSurrogate, _pos);
                return false;
            }

            int low = _pos;
            _pos += 2;
            int unit2 = ScanHex4();
            if (unit2 < 0)
            {
                return false;
            }

            if (unit2 < 0xDC00 || unit2 > 0xDFFF)
            {
                Fail(JsonStatus.InvalidSurrogate, low);
                return false;
            }

            return true;
        }

        private int ScanHex4()
        {
            int v = 0;
            for (int i = 0; i < 4; i++)
            {
                if (_pos >= _end)
                {
                    Fail(JsonStatus.UnexpectedEnd, _pos);
                    return -1;
                }

                int h = HexValue(_buffer[_pos]);
                if (h < 0)
                {
                    Fail(JsonStatus.InvalidEscape, _pos);
                    return -1;
                }

                v = (v << 4) | h;
                _pos++;
            }

            return v;
        }

        // RFC 3629 §4 well-formed sequences.
        private bool ScanUtf8(int lead)
        {
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF)
            {
                need = 1;
            }
            else if (lead >= 0xE0 && lead <= 0xEF)
            {
                need = 2;
                if (lead == 0xE0)
                {
                    lo = 0xA0;
                }
                else if (lead == 0xED)
                {
                    hi = 0x9F;
                }
            }
            else if (lead >= 0xF0 && lead <= 0xF4)
            {
                need = 3;
                if (lead == 0xF0)
                {
                    lo = 0x90;
                }
                else if (lead == 0xF4)
                {
                    hi = 0x8F;
                }
            }
            else
            {
                Fail(JsonStatus.InvalidUtf8, _pos);
                return false;
            }

            _pos++;
            for (int i = 0; i < need; i++)
            {
                if (_pos >= _end)
                {
                    Fail(JsonStatus.UnexpectedEnd, _pos);
                    return false;
                }

                int b = _buffer[_pos];
                int min = i == 0 ? lo : 0x80;
                int max = i == 0 ? hi : 0xBF;
                if (b < min || b > max)
                {
                    Fail(JsonStatus.InvalidUtf8, _pos);
                    return false;
                }

                _pos++;
            }

            return true;
        }

        // ---- decoding of validated tokens ----

        // Next code point of a validated string token at p (escape or UTF-8), advancing p.
        private int DecodeCodePoint(ref int p)
        {
            int b = _buffer[p];
            if (b == '\\')
            {
                return DecodeEscape(ref p);
            }

            if (b < 0x80)
            {
                p++;
                return b;
            }

            if (b < 0xE0)
            {
                int cp2 = ((b & 0x1F) << 6) | (_buffer[p + 1] & 0x3F);
                p += 2;
                return cp2;
            }

            if (b < 0xF0)
            {
                int cp3 = ((b & 0x0F) << 12) | ((_buffer[p + 1] & 0x3F) << 6) | (_buffer[p + 2] & 0x3F);
                p += 3;
                return cp3;
            }

            int cp4 = ((b & 0x07) << 18) | ((_buffer[p + 1] & 0x3F) << 12) | ((_buffer[p + 2] & 0x3F) << 6) | (_buffer[p + 3] & 0x3F);
            p += 4;
            return cp4;
        }

        // Decodes the validated escape at p (p at the backslash), advancing p; surrogate pairs become one code point.
        private int DecodeEscape(ref int p)
        {
            int c = _buffer[p + 1];
            p += 2;
            switch (c)
            {
                case 'b':
                    return 0x08;
                case 'f':
                    return 0x0C;
                case 'n':
                    return 0x0A;
                case 'r':
                    return 0x0D;
                case 't':
                    return 0x09;
                case 'u':
                    break;
                default:
                    return c;
            }

            int unit = Hex4At(p);
            p += 4;
            if (unit >= 0xD800 && unit <= 0xDBFF)
            {
                int low = Hex4At(p + 2);
                p += 6;
                return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            }

            return unit;
        }

        private int Hex4At(int p)
        {
            return (HexValue(_buffer[p]) << 12) | (HexValue(_buffer[p + 1]) << 8) | (HexValue(_buffer[p + 2]) << 4) | HexValue(_buffer[p + 3]);
        }

        // ---- helpers ----

        private static void AddDigit(int d, ref long mantissa, ref int digits, ref int exp10, bool fraction)
        {
            if (digits < 18)
            {
                mantissa = mantissa * 10 + d;
                if (mantissa != 0)
                {
                    digits++;
                }

                if (fraction)
                {
                    exp10--;
                }
            }
            else if (!fraction)
            {
                exp10++;
            }
        }

        private bool InObject()
        {
            return (_objectBits & (1 << _depth)) != 0;
        }

        private static bool IsClose(byte b)
        {
            return b == (byte)'}' || b == (byte)']';
        }

        private static bool IsDigit(byte b)
        {
            return b >= (byte)'0' && b <= (byte)'9';
        }

        private static int HexValue(int b)
        {
            if (b >= '0' && b <= '9')
            {
                return b - '0';
            }

            if (b >= 'a' && b <= 'f')
            {
                return b - 'a' + 10;
            }

            if (b >= 'A' && b <= 'F')
            {
                return b - 'A' + 10;
            }

            return -1;
        }

        private void SkipWhitespace()
        {
            while (_pos < _end)
            {
                byte b = _buffer[_pos];
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\n' && b != (byte)'\r')
                {
                    return;
                }

                _pos++;
            }
        }

        private JsonToken Fail(JsonStatus status, int position)
        {
            _status = status;
            _errorPosition = position - _start;
            _state = Done;
            _token = JsonToken.Error;
            return _token;
        }
    }
}
