namespace NanoNode.Device.Link
{
    /// <summary>
    /// The <c>broker_fallback</c> list format: entries separated by ',', each <c>host</c> or <c>host:port</c>; an IPv6
    /// literal is <c>[addr]</c> or <c>[addr]:port</c> (a bare literal with two or more ':' has no port). No spaces, no
    /// empty entry, ports 1..65535, at most <see cref="MaxEntries"/> entries. Pure functions over UTF-8 bytes; allocation-free.
    /// </summary>
    public static class BrokerList
    {
        /// <summary>Most entries a list may hold.</summary>
        public const int MaxEntries = 8;

        /// <summary>Number of entries in <paramref name="s"/>[0..<paramref name="n"/>) (0 for empty), or -1 when malformed.</summary>
        public static int Count(byte[] s, int n)
        {
            if (n == 0)
            {
                return 0;
            }

            int count = 0;
            int start = 0;
            for (int i = 0; i <= n; i++)
            {
                if (i < n && s[i] != (byte)',')
                {
                    continue;
                }

                int ho;
                int hl;
                int port;
                if (!Parse(s, start, i - start, out ho, out hl, out port) || ++count > MaxEntries)
                {
                    return -1;
                }

                start = i + 1;
            }

            return count;
        }

        /// <summary>
        /// Entry <paramref name="index"/> of a list <see cref="Count"/> accepted: its host (offset and length in
        /// <paramref name="s"/>, brackets of an IPv6 literal removed) and port (0 when the entry has none). False when absent.
        /// </summary>
        public static bool Entry(byte[] s, int n, int index, out int hostOffset, out int hostLength, out int port)
        {
            hostOffset = 0;
            hostLength = 0;
            port = 0;
            int start = 0;
            int k = 0;
            for (int i = 0; i <= n; i++)
            {
                if (i < n && s[i] != (byte)',')
                {
                    continue;
                }

                if (k == index)
                {
                    return Parse(s, start, i - start, out hostOffset, out hostLength, out port);
                }

                k++;
                start = i + 1;
            }

            return false;
        }

        private static bool Parse(byte[] s, int offset, int length, out int hostOffset, out int hostLength, out int port)
        {
            hostOffset = offset;
            hostLength = length;
            port = 0;
            if (length == 0)
            {
                return false;
            }

            int portStart = -1;
            if (s[offset] == (byte)'[')
            {
                int close = -1;
                for (int i = offset + 1; i < offset + length; i++)
                {
                    if (s[i] == (byte)']')
                    {
                        close = i;
                        break;
                    }
                }

                if (close < 0 || close == offset + 1)
                {
                    return false;
                }

                hostOffset = offset + 1;
                hostLength = close - offset - 1;
                if (close == offset + length - 1)
                {
                    return true;
                }

                if (s[close + 1] != (byte)':')
                {
                    return false;
                }

                portStart = close + 2;
            }
            else
            {
                int colons = 0;
                int last = -1;
                for (int i = offset; i < offset + length; i++)
                {
                    if (s[i] == (byte)']' || s[i] == (byte)'[')
                    {
                        return false;
                    }

                    if (s[i] == (byte)':')
                    {
                        colons++;
                        last = i;
                    }
                }

                if (colons != 1)
                {
                    return true; // a host name, or a bare IPv6 literal without port
                }

                hostLength = last - offset;
                if (hostLength == 0)
                {
                    return false;
                }

                portStart = last + 1;
            }

            int end = offset + length;
            if (portStart >= end || end - portStart > 5)
            {
                return false;
            }

            int p = 0;
            for (int i = portStart; i < end; i++)
            {
                int d = s[i] - '0';
                if (d < 0 || d > 9)
                {
                    return false;
                }

                p = p * 10 + d;
            }

            if (p < 1 || p > 65535)
            {
                return false;
            }

            port = p;
            return true;
        }
    }
}
