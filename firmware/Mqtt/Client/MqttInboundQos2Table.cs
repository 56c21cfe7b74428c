using System;

namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// Packet ids of inbound QoS 2 PUBLISH packets that were delivered and PUBRECed but whose PUBREL has not arrived yet.
    /// A PUBLISH whose id is held here is not delivered again (exactly once, method B of MQTT 3.1.1 §4.3.3). Kept across a
    /// reconnect that resumes the session; cleared when the broker starts a new session. Fixed capacity, no allocation.
    /// </summary>
    public sealed class MqttInboundQos2Table
    {
        private readonly int[] _ids;
        private int _count;

        /// <summary>Holds up to <paramref name="capacity"/> (&gt;= 1) packet ids.</summary>
        public MqttInboundQos2Table(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException();
            }

            _ids = new int[capacity];
        }

        /// <summary>Ids held.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Maximum ids held.</summary>
        public int Capacity
        {
            get { return _ids.Length; }
        }

        /// <summary>Whether <paramref name="packetId"/> is held.</summary>
        public bool Contains(int packetId)
        {
            return IndexOf(packetId) >= 0;
        }

        /// <summary>Adds <paramref name="packetId"/>; false when the table is full (the id is not added).</summary>
        public bool Add(int packetId)
        {
            if (IndexOf(packetId) >= 0)
            {
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
