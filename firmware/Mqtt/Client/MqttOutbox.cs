using System;

namespace NanoNode.Mqtt.Client
{
    /// <summary>What the outbox does with a message of one QoS when it cannot take it as it is.</summary>
    public enum MqttQueuePolicy
    {
        /// <summary>Make room by dropping the oldest queued messages of the same or lower QoS (QoS 0 first); counted.</summary>
        DropOldest = 0,

        /// <summary>Keep what is queued and refuse the new message with <see cref="MqttStatus.OutboxFull"/> (after QoS 0 messages were dropped for it).</summary>
        RejectNew = 1,

        /// <summary>Never queue this QoS: a publish while offline returns <see cref="MqttStatus.NotConnected"/>.</summary>
        DoNotQueue = 2,
    }

    /// <summary>
    /// Bounded FIFO of application messages waiting to be sent (made offline, or while the inflight table is full), in one
    /// byte arena allocated at construction. Records are contiguous: [length:4][flags:1][topic length:2][topic][payload],
    /// flags = qos | retain &lt;&lt; 2. When the tail reaches the arena's end the live records are moved to the front
    /// (compaction), so a record never wraps and can be handed to the encoder as one view. Overflow never throws: the
    /// oldest QoS 0 messages go first, then per-QoS <see cref="MqttQueuePolicy"/>; every drop is counted.
    /// Single-threaded; no allocation after construction.
    /// </summary>
    public sealed class MqttOutbox
    {
        /// <summary>Record header size in bytes.</summary>
        public const int HeaderSize = 7;

        private readonly byte[] _arena;
        private readonly int _maxMessages;
        private readonly MqttQueuePolicy[] _policy = new MqttQueuePolicy[3];
        private int _start;
        private int _end;
        private int _count;
        private int _dropped0;
        private int _dropped1;
        private int _dropped2;
        private int _rejected;

        /// <summary>
        /// <paramref name="capacityBytes"/> of storage (records include <see cref="HeaderSize"/> bytes of header) for at most
        /// <paramref name="maxMessages"/> messages; policies per QoS.
        /// </summary>
        public MqttOutbox(int capacityBytes, int maxMessages, MqttQueuePolicy qos0, MqttQueuePolicy qos1, MqttQueuePolicy qos2)
        {
            if (capacityBytes < HeaderSize + 1 || maxMessages < 1)
            {
                throw new ArgumentOutOfRangeException();
            }

            _arena = new byte[capacityBytes];
            _maxMessages = maxMessages;
            _policy[0] = qos0;
            _policy[1] = qos1;
            _policy[2] = qos2;
        }

        /// <summary>Messages queued.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Bytes used by queued records (headers included).</summary>
        public int UsedBytes
        {
            get { return _end - _start; }
        }

        /// <summary>Arena size in bytes.</summary>
        public int CapacityBytes
        {
            get { return _arena.Length; }
        }

        /// <summary>
        /// Queued QoS 0 messages evicted to make room for a newer message (since construction). Counters are disjoint:
        /// each lost message is counted once, an evicted one in DroppedQos0/1/2, a refused new one in <see cref="Rejected"/>
        /// only. Not counted anywhere: messages refused as <see cref="MqttStatus.TooLarge"/> or
        /// <see cref="MqttStatus.NotConnected"/> (the caller has the status).
        /// </summary>
        public int DroppedQos0
        {
            get { return _dropped0; }
        }

        /// <summary>Queued QoS 1 messages evicted by <see cref="MqttQueuePolicy.DropOldest"/> for a newer message.</summary>
        public int DroppedQos1
        {
            get { return _dropped1; }
        }

        /// <summary>Queued QoS 2 messages evicted by <see cref="MqttQueuePolicy.DropOldest"/> for a newer message.</summary>
        public int DroppedQos2
        {
            get { return _dropped2; }
        }

        /// <summary>New messages (any QoS) refused with <see cref="MqttStatus.OutboxFull"/>; not also counted as dropped.</summary>
        public int Rejected
        {
            get { return _rejected; }
        }

        /// <summary>The arena (records are read in place through the accessors below).</summary>
        public byte[] Arena
        {
            get { return _arena; }
        }

        /// <summary>Policy for <paramref name="qos"/>.</summary>
        public MqttQueuePolicy Policy(int qos)
        {
            return _policy[qos];
        }

        /// <summary>
        /// Queues a copy of the message. Returns <see cref="MqttStatus.Queued"/>, <see cref="MqttStatus.TooLarge"/> (the record
        /// can never fit), <see cref="MqttStatus.NotConnected"/> (policy DoNotQueue) or <see cref="MqttStatus.OutboxFull"/>.
        /// </summary>
        public MqttStatus Enqueue(byte[] topic, int topicOffset, int topicLength, byte[] payload, int payloadOffset, int payloadLength, int qos, bool retain)
        {
            MqttQueuePolicy policy = _policy[qos];
            if (policy == MqttQueuePolicy.DoNotQueue)
            {
                return MqttStatus.NotConnected;
            }

            int need = HeaderSize + topicLength + payloadLength;
            if (need > _arena.Length || topicLength > 65535)
            {
                return MqttStatus.TooLarge;
            }

            while (!HasRoom(need))
            {
                int victim = FindOldest(0);
                if (victim < 0 && policy == MqttQueuePolicy.DropOldest)
                {
                    victim = FindOldest(qos);
                }

                if (victim < 0)
                {
                    _rejected++; // a refused new message is counted here only, whatever its QoS
                    return MqttStatus.OutboxFull;
                }

                int dropped = Remove(victim);
                if (dropped == 0)
                {
                    _dropped0++;
                }
                else if (dropped == 1)
                {
                    _dropped1++;
                }
                else
                {
                    _dropped2++;
                }
            }

            if (_arena.Length - _end < need)
            {
                Compact();
            }

            int r = _end;
            _arena[r] = (byte)(need >> 24);
            _arena[r + 1] = (byte)(need >> 16);
            _arena[r + 2] = (byte)(need >> 8);
            _arena[r + 3] = (byte)need;
            _arena[r + 4] = (byte)(qos | (retain ? 4 : 0));
            _arena[r + 5] = (byte)(topicLength >> 8);
            _arena[r + 6] = (byte)topicLength;
            Array.Copy(topic, topicOffset, _arena, r + HeaderSize, topicLength);
            if (payloadLength > 0)
            {
                Array.Copy(payload, payloadOffset, _arena, r + HeaderSize + topicLength, payloadLength);
            }

            _end += need;
            _count++;
            return MqttStatus.Queued;
        }

        /// <summary>Arena offset of the oldest record, or -1 when empty.</summary>
        public int Head
        {
            get { return _count == 0 ? -1 : _start; }
        }

        /// <summary>QoS of the record at <paramref name="record"/>.</summary>
        public int RecordQos(int record)
        {
            return _arena[record + 4] & 3;
        }

        /// <summary>Retain flag of the record at <paramref name="record"/>.</summary>
        public bool RecordRetain(int record)
        {
            return (_arena[record + 4] & 4) != 0;
        }

        /// <summary>Arena offset of the record's topic.</summary>
        public int TopicOffset(int record)
        {
            return record + HeaderSize;
        }

        /// <summary>Topic length of the record in bytes.</summary>
        public int TopicLength(int record)
        {
            return (_arena[record + 5] << 8) | _arena[record + 6];
        }

        /// <summary>Arena offset of the record's payload.</summary>
        public int PayloadOffset(int record)
        {
            return record + HeaderSize + TopicLength(record);
        }

        /// <summary>Payload length of the record in bytes.</summary>
        public int PayloadLength(int record)
        {
            return RecordLength(record) - HeaderSize - TopicLength(record);
        }

        /// <summary>Removes the oldest record (after it was sent or moved to the inflight table).</summary>
        public void Dequeue()
        {
            if (_count > 0)
            {
                Remove(_start);
            }
        }

        /// <summary>
        /// Lowers the QoS of every queued message above <paramref name="maxQos"/> (0..2) to it, in place (the broker does
        /// not support the higher level). Returns how many records changed. Allocation-free.
        /// </summary>
        public int CapQos(int maxQos)
        {
            int changed = 0;
            int r = _start;
            while (r < _end && _count > 0)
            {
                if (RecordQos(r) > maxQos)
                {
                    _arena[r + 4] = (byte)((_arena[r + 4] & ~3) | maxQos);
                    changed++;
                }

                r += RecordLength(r);
            }

            return changed;
        }

        /// <summary>Drops every queued message without counting them (the app asked for it).</summary>
        public void Clear()
        {
            _start = 0;
            _end = 0;
            _count = 0;
        }

        private int RecordLength(int record)
        {
            return (_arena[record] << 24) | (_arena[record + 1] << 16) | (_arena[record + 2] << 8) | _arena[record + 3];
        }

        private bool HasRoom(int need)
        {
            return _count < _maxMessages && _arena.Length - (_end - _start) >= need;
        }

        // Oldest record with QoS <= maxQos, or -1.
        private int FindOldest(int maxQos)
        {
            int r = _start;
            while (r < _end)
            {
                if (RecordQos(r) <= maxQos)
                {
                    return r;
                }

                r += RecordLength(r);
            }

            return -1;
        }

        // Removes the record at offset `record`; returns its QoS.
        private int Remove(int record)
        {
            int len = RecordLength(record);
            int qos = RecordQos(record);
            if (record == _start)
            {
                _start += len;
            }
            else
            {
                Array.Copy(_arena, record + len, _arena, record, _end - record - len);
                _end -= len;
            }

            _count--;
            if (_count == 0)
            {
                _start = 0;
                _end = 0;
            }

            return qos;
        }

        private void Compact()
        {
            int used = _end - _start;
            if (_start > 0 && used > 0)
            {
                Array.Copy(_arena, _start, _arena, 0, used);
            }

            _start = 0;
            _end = used;
        }
    }
}
