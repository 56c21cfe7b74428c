namespace NanoNode.Device.Tests
{
    /// <summary>UTF-8 conversions for test data (no System.Text dependency, so the suite needs only mscorlib).</summary>
    public static class Text
    {
        /// <summary>UTF-8 bytes of <paramref name="s"/> (surrogate pairs combined; lone surrogates as U+FFFD).</summary>
        public static byte[] Bytes(string s)
        {
            byte[] tmp = new byte[s.Length * 4];
            int n = 0;
            for (int i = 0; i < s.Length; i++)
            {
                int c = s[i];
                if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.Length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                {
                    c = 0x10000 + ((c - 0xD800) << 10) + (s[++i] - 0xDC00);
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    c = 0xFFFD;
                }

                if (c < 0x80)
                {
                    tmp[n++] = (byte)c;
                }
                else if (c < 0x800)
                {
                    tmp[n++] = (byte)(0xC0 | (c >> 6));
                    tmp[n++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (c < 0x10000)
                {
                    tmp[n++] = (byte)(0xE0 | (c >> 12));
                    tmp[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    tmp[n++] = (byte)(0x80 | (c & 0x3F));
                }
                else
                {
                    tmp[n++] = (byte)(0xF0 | (c >> 18));
                    tmp[n++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                    tmp[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    tmp[n++] = (byte)(0x80 | (c & 0x3F));
                }
            }

            byte[] result = new byte[n];
            System.Array.Copy(tmp, result, n);
            return result;
        }

        /// <summary>Decodes well-formed UTF-8 <paramref name="b"/>[<paramref name="offset"/>..+<paramref name="count"/>).</summary>
        public static string String(byte[] b, int offset, int count)
        {
            char[] chars = new char[count * 2];
            int n = 0;
            int p = offset;
            int end = offset + count;
            while (p < end)
            {
                int c = b[p];
                int cp;
                if (c < 0x80)
                {
                    cp = c;
                    p++;
                }
                else if (c < 0xE0)
                {
                    cp = ((c & 0x1F) << 6) | (b[p + 1] & 0x3F);
                    p += 2;
                }
                else if (c < 0xF0)
                {
                    cp = ((c & 0x0F) << 12) | ((b[p + 1] & 0x3F) << 6) | (b[p + 2] & 0x3F);
                    p += 3;
                }
                else
                {
                    cp = ((c & 0x07) << 18) | ((b[p + 1] & 0x3F) << 12) | ((b[p + 2] & 0x3F) << 6) | (b[p + 3] & 0x3F);
                    p += 4;
                }

                if (cp >= 0x10000)
                {
                    cp -= 0x10000;
                    chars[n++] = (char)(0xD800 + (cp >> 10));
                    chars[n++] = (char)(0xDC00 + (cp & 0x3FF));
                }
                else
                {
                    chars[n++] = (char)cp;
                }
            }

            return new string(chars, 0, n);
        }

        /// <summary>Decodes all of <paramref name="b"/>.</summary>
        public static string String(byte[] b)
        {
            return String(b, 0, b.Length);
        }
    }
}
