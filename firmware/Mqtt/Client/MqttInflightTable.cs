using System;

namespace NanoNode.Mqtt.Client
{
    /// <summary>
    /// Outbound QoS 1/2 messages awaiting acknowledgement: a fixed number of slots over one byte arena allocated at
    /// construction (slot i owns arena bytes [i * SlotSize, (i + 1) * SlotSize)). A slot holds the whole encoded PUBLISH so
    /// it can be re-sent after a reconnect. Single-threaded; no allocation after construction.
    /// </summary>
    public sealed class MqttInflightTable
    {
        private readonly byte[] _arena;
        private readonly int _slotSize;
        private readonly int[] _packetId;
        private readonly MqttFlowState[] _state;
        private readonly int[] _length;
        private readonly int[] _qos;
        private readonly long[] _order;
        private long _nextOrder;
        private int _count;

        /// <summary><paramref name="capacity"/> slots (&gt;= 1) of <paramref name="slotSize"/> bytes (&gt;= 8) each.</summary>
        public MqttInflightTable(int capacity, int slotSize)
        {
            if (capacity < 1 || slotSize < 8)
            {
                throw new ArgumentOutOfRangeException();
            }

            _slotSize = slotSize;
            _arena = new byte[capacity * slotSize];
            _packetId = new int[capacity];
            _state = new MqttFlowState[capacity];
            _length = new int[capacity];
            _qos = new int[capacity];
            _order = new long[capacity];
        }

        /// <summary>Number of slots.</summary>
        public int Capacity
        {
            get { return _packetId.Length; }
        }

        /// <summary>Slots in use.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Bytes per slot: the largest PUBLISH that can be held.</summary>
        public int SlotSize
        {
            get { return _slotSize; }
        }

        /// <summary>The arena (owned by the table; callers write a slot's packet at <see cref="SlotOffset"/>).</summary>
        public byte[] Arena
        {
            get { return _arena; }
        }

        /// <summary>Arena offset of slot <paramref name="slot"/>.</summary>
        public int SlotOffset(int slot)
        {
            return slot * _slotSize;
        }

        /// <summary>Packet id held by <paramref name="slot"/>.</summary>
        public int PacketId(int slot)
        {
            return _packetId[slot];
        }

        /// <summary>State of <paramref name="slot"/>.</summary>
        public MqttFlowState State(int slot)
        {
            return _state[slot];
        }

        /// <summary>Encoded PUBLISH length of <paramref name="slot"/> in bytes.</summary>
        public int Length(int slot)
        {
            return _length[slot];
        }

        /// <summary>QoS of the message in <paramref name="slot"/>.</summary>
        public int Qos(int slot)
        {
            return _qos[slot];
        }

        /// <summary>A free slot index, or -1 when the table is full. The slot stays free until <see cref="Commit"/>.</summary>
        public int FindFree()
        {
            for (int i = 0; i < _state.Length; i++)
            {
                if (_state[i] == MqttFlowState.Free)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// Marks <paramref name="slot"/> used by <paramref name="packetId"/> in <paramref name="state"/> with an encoded PUBLISH of
        /// <paramref name="length"/> bytes already written at <see cref="SlotOffset"/>. The slot goes last in send order.
        /// </summary>
        public void Commit(int slot, int packetId, int qos, int length, MqttFlowState state)
        {
            if (_state[slot] == MqttFlowState.Free)
            {
                _count++;
            }

            _packetId[slot] = packetId;
            _qos[slot] = qos;
            _length[slot] = length;
            _state[slot] = state;
            _order[slot] = _nextOrder++;
        }

        /// <summary>Sets the state of a used slot.</summary>
        public void SetState(int slot, MqttFlowState state)
        {
            if (state == MqttFlowState.Free)
            {
                Release(slot);
                return;
            }

            _state[slot] = state;
        }

        /// <summary>
        /// Changes a used slot's QoS and state in place (the caller rewrote the encoded PUBLISH's flags to match): used to
        /// send a QoS 2 message the broker never acknowledged as QoS 1 instead.
        /// </summary>
        public void Requalify(int slot, int qos, MqttFlowState state)
        {
            if (_state[slot] != MqttFlowState.Free)
            {
                _qos[slot] = qos;
                _state[slot] = state;
            }
        }

        /// <summary>The slot holding <paramref name="packetId"/>, or -1.</summary>
        public int Find(int packetId)
        {
            for (int i = 0; i < _state.Length; i++)
            {
                if (_state[i] != MqttFlowState.Free && _packetId[i] == packetId)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Frees <paramref name="slot"/>.</summary>
        public void Release(int slot)
        {
            if (_state[slot] != MqttFlowState.Free)
            {
                _state[slot] = MqttFlowState.Free;
                _count--;
            }
        }

        /// <summary>
        /// The used slot sent first among those sent after order mark <paramref name="afterOrder"/> (use -1 to start), or -1.
        /// Iterating with the returned slot's <see cref="Order"/> visits the slots in original send order.
        /// </summary>
        public int NextInOrder(long afterOrder)
        {
            int best = -1;
            for (int i = 0; i < _state.Length; i++)
            {
                if (_state[i] != MqttFlowState.Free && _order[i] > afterOrder && (best < 0 || _order[i] < _order[best]))
                {
                    best = i;
                }
            }

            return best;
        }

        /// <summary>Send-order mark of <paramref name="slot"/> (increasing with each <see cref="Commit"/>).</summary>
        public long Order(int slot)
        {
            return _order[slot];
        }

        /// <summary>Frees every slot (a new session without the old state).</summary>
        public void Clear()
        {
            for (int i = 0; i < _state.Length; i++)
            {
                _state[i] = MqttFlowState.Free;
            }

            _count = 0;
        }
    }
}
