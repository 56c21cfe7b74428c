namespace NanoNode.Device.Json
{
    /// <summary>
    /// Outcome of a JSON read or write step (RFC 8259). The reader reports a malformed document with one of these and
    /// the byte position where it stopped (<see cref="JsonReader.ErrorPosition"/>); nothing throws on bad input.
    /// </summary>
    public enum JsonStatus : byte
    {
        /// <summary>No error.</summary>
        Ok = 0,

        /// <summary>The input ended inside a value (truncated document).</summary>
        UnexpectedEnd = 1,

        /// <summary>A byte that the grammar does not allow at this position (RFC 8259 §2).</summary>
        UnexpectedCharacter = 2,

        /// <summary>A number that does not follow RFC 8259 §6 (leading zero, lone '-', '.' without digits...).</summary>
        InvalidNumber = 3,

        /// <summary>A backslash escape other than those of RFC 8259 §7, or a bad \uXXXX.</summary>
        InvalidEscape = 4,

        /// <summary>A \uD800-\uDFFF escape that is not part of a high+low surrogate pair (RFC 8259 §7, §8.2).</summary>
        InvalidSurrogate = 5,

        /// <summary>An unescaped control character (U+0000..U+001F) inside a string (RFC 8259 §7).</summary>
        ControlCharacter = 6,

        /// <summary>Bytes that are not well-formed UTF-8 (RFC 3629 §4: overlong, surrogate, above U+10FFFF, truncated).</summary>
        InvalidUtf8 = 7,

        /// <summary>Objects/arrays nested deeper than the reader's limit.</summary>
        TooDeep = 8,

        /// <summary>Non-whitespace after the top-level value.</summary>
        TrailingData = 9,

        /// <summary>The input is empty or whitespace only.</summary>
        Empty = 10,

        /// <summary>Writer: the output buffer is full; what was written so far is incomplete.</summary>
        BufferFull = 11,

        /// <summary>Writer: a call that the JSON structure does not allow here (value without a name inside an object...).</summary>
        InvalidState = 12,
    }
}
