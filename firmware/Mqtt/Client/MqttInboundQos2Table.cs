using System;

namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// Packet ids of inbound QoS 2 PUBLISH packets that were delivered and PUBRECed but whose PUBREL has not arrived yet.
    /// A PUBLISH whose id is held here is not delivered again (exactly once, method B of MQTT 3.1.1 §4.3.3). Kept across a
    /// reconnect that resumes the session; cleared when the broker starts a new session. Fixed size, no allocation after
    /// construction. Two forms: a capacity of <see cref="AllIds"/> is a bitmap over every packet id (8 KB, never full);
    /// a smaller capacity is a list of that many ids (4 bytes each) that can be full.
    /// </summary>
    /// <remarks>
    /// MQTT 3.1.1 puts no limit on how many QoS 2 messages a server may have between PUBREC and PUBREL, and Mosquitto
    /// 2.0 sends well over 20 in one burst when it resumes a session with a backlog; a list that fills up forces the
    /// client to close the connection (delivering without remembering the id could deliver twice).
    /// </remarks>
    public sealed class MqttInboundQos2Table
    {
        /// <summary>Capacity that selects the bitmap form: every packet id 1..65535 can be held.</summary>
        public const int AllIds = 65535;

        private readonly int[] _ids;
        private readonly byte[] _bits;
        private int _count;

        /// <summary>Holds up to <paramref name="capacity"/> (1..<see cref="AllIds"/>) packet ids; <see cref="AllIds"/> = bitmap form.</summary>
        public MqttInboundQos2Table(int capacity)
        {
            if (capacity < 1 || capacity > AllIds)
            {
                throw new ArgumentOutOfRangeException();
            }

            if (capacity == AllIds)
            {
                _bits = new byte[8192];
            }
            else
            {
                _ids = new int[capacity];
            }
        }

        /// <summary>Ids held.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Maximum ids held.</summary>
        public int Capacity
        {
            get { return _bits != null ? AllIds : _ids.Length; }
        }

        /// <summary>Whether <paramref name="packetId"/> is held.</summary>
        public bool Contains(int packetId)
        {
            if (_bits != null)
            {
                return packetId > 0 && packetId <= AllIds && (_bits[packetId >> 3] & (1 << (packetId & 7))) != 0;
            }

            return IndexOf(packetId) >= 0;
        }

        /// <summary>Adds <paramref name="packetId"/> (1..65535); false when the table is full (the id is not added).</summary>
        public bool Add(int packetId)
        {
            if (Contains(packetId))
            {
                return true;
            }

            if (_bits != null)
            {
                if (packetId < 1 || packetId > AllIds)
                {
                    return false;
                }

                _bits[packetId >> 3] = (byte)(_bits[packetId >> 3] | (1 << (packetId & 7)));
                _count++;
                return true;
            }

            if (_count == _ids.Length)
            {
                return false;
            }

            _ids[_count++] = packetId;
            return true;
        }

        /// <summary>Removes <paramref name="packetId"/>; false when it was not held.</summary>
        public bool Remove(int packetId)
        {
            if (_bits != null)
            {
                if (!Contains(packetId))
                {
                    return false;
                }

                _bits[packetId >> 3] = (byte)(_bits[packetId >> 3] & ~(1 << (packetId & 7)));
                _count--;
                return true;
            }

            int i = IndexOf(packetId);
            if (i < 0)
            {
                return false;
            }

            _ids[i] = _ids[--_count];
            return true;
        }

        /// <summary>Forgets every id.</summary>
        public void Clear()
        {
            if (_bits != null && _count > 0)
            {
                Array.Clear(_bits, 0, _bits.Length);
            }

            _count = 0;
        }

        private int IndexOf(int packetId)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_ids[i] == packetId)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
