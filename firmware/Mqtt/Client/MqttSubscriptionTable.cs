using System;

namespace NanoNode.Mqtt.Client
{
    /// <summary>Life of one subscription slot.</summary>
    public enum MqttSubscriptionState
    {
        /// <summary>Slot unused.</summary>
        Free = 0,

        /// <summary>Registered; SUBSCRIBE not sent yet (offline, or restored after a new session).</summary>
        Pending,

        /// <summary>SUBSCRIBE sent, SUBACK not received.</summary>
        Subscribing,

        /// <summary>SUBACK granted a QoS; messages are dispatched to the handler.</summary>
        Active,

        /// <summary>SUBACK returned 0x80 (failure) [MQTT-3.9.3-2]: kept so the app can read the result, never dispatched.</summary>
        Failed,

        /// <summary>Unsubscribed by the app while offline; UNSUBSCRIBE to be sent after connecting with a resumed session.</summary>
        PendingUnsubscribe,

        /// <summary>UNSUBSCRIBE sent, UNSUBACK not received.</summary>
        Unsubscribing,
    }

    /// <summary>
    /// Fixed-size table of topic filters with their handlers: filters live in one arena allocated at construction
    /// (<c>MaxFilterLength</c> bytes per slot). Dispatch walks the slots; no allocation after construction. Single-threaded.
    /// </summary>
    public sealed class MqttSubscriptionTable
    {
        private readonly byte[] _arena;
        private readonly int _maxFilter;
        private readonly MqttSubscriptionState[] _state;
        private readonly int[] _filterLength;
        private readonly int[] _qos;
        private readonly int[] _granted;
        private readonly int[] _packetId;
        private readonly IMqttMessageHandler[] _handler;

        /// <summary><paramref name="capacity"/> slots, filters up to <paramref name="maxFilterLength"/> UTF-8 bytes.</summary>
        public MqttSubscriptionTable(int capacity, int maxFilterLength)
        {
            if (capacity < 1 || maxFilterLength < 1)
            {
                throw new ArgumentOutOfRangeException();
            }

            _maxFilter = maxFilterLength;
            _arena = new byte[capacity * maxFilterLength];
            _state = new MqttSubscriptionState[capacity];
            _filterLength = new int[capacity];
            _qos = new int[capacity];
            _granted = new int[capacity];
            _packetId = new int[capacity];
            _handler = new IMqttMessageHandler[capacity];
        }

        /// <summary>Number of slots.</summary>
        public int Capacity
        {
            get { return _state.Length; }
        }

        /// <summary>Largest filter in bytes.</summary>
        public int MaxFilterLength
        {
            get { return _maxFilter; }
        }

        /// <summary>Filter storage; slot i's filter is at <see cref="FilterOffset"/>(i), <see cref="FilterLength"/>(i) bytes.</summary>
        public byte[] Arena
        {
            get { return _arena; }
        }

        /// <summary>State of <paramref name="slot"/>.</summary>
        public MqttSubscriptionState State(int slot)
        {
            return _state[slot];
        }

        /// <summary>Arena offset of slot <paramref name="slot"/>'s filter.</summary>
        public int FilterOffset(int slot)
        {
            return slot * _maxFilter;
        }

        /// <summary>Filter length of <paramref name="slot"/> in bytes.</summary>
        public int FilterLength(int slot)
        {
            return _filterLength[slot];
        }

        /// <summary>Requested QoS of <paramref name="slot"/>.</summary>
        public int RequestedQos(int slot)
        {
            return _qos[slot];
        }

        /// <summary>Granted QoS of <paramref name="slot"/>: -1 not yet known, 0..2, or 0x80 failure.</summary>
        public int GrantedQos(int slot)
        {
            return _granted[slot];
        }

        /// <summary>Packet id of the SUBSCRIBE/UNSUBSCRIBE in flight for <paramref name="slot"/>.</summary>
        public int PacketId(int slot)
        {
            return _packetId[slot];
        }

        /// <summary>Handler of <paramref name="slot"/>.</summary>
        public IMqttMessageHandler Handler(int slot)
        {
            return _handler[slot];
        }

        /// <summary>
        /// The slot whose filter equals <paramref name="filter"/>[<paramref name="offset"/>..+<paramref name="length"/>] byte for
        /// byte (any state but Free), or -1.
        /// </summary>
        public int Find(byte[] filter, int offset, int length)
        {
            for (int i = 0; i < _state.Length; i++)
            {
                if (_state[i] == MqttSubscriptionState.Free || _filterLength[i] != length)
                {
                    continue;
                }

                int start = i * _maxFilter;
                int j = 0;
                while (j < length && _arena[start + j] == filter[offset + j])
                {
                    j++;
                }

                if (j == length)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// Registers (or re-registers) a filter in state <see cref="MqttSubscriptionState.Pending"/>. Returns the slot, or -1
        /// when the table is full or the filter is longer than <see cref="MaxFilterLength"/>.
        /// </summary>
        public int Add(byte[] filter, int offset, int length, int qos, IMqttMessageHandler handler)
        {
            if (length > _maxFilter)
            {
                return -1;
            }

            int slot = Find(filter, offset, length);
            if (slot < 0)
            {
                for (int i = 0; i < _state.Length; i++)
                {
                    if (_state[i] == MqttSubscriptionState.Free)
                    {
                        slot = i;
                        break;
                    }
                }

                if (slot < 0)
                {
                    return -1;
                }

                Array.Copy(filter, offset, _arena, slot * _maxFilter, length);
                _filterLength[slot] = length;
            }

            _qos[slot] = qos;
            _granted[slot] = -1;
            _handler[slot] = handler;
            _packetId[slot] = 0;
            _state[slot] = MqttSubscriptionState.Pending;
            return slot;
        }

        /// <summary>Sets the state of <paramref name="slot"/> and the packet id that carries it.</summary>
        public void SetState(int slot, MqttSubscriptionState state, int packetId)
        {
            _state[slot] = state;
            _packetId[slot] = packetId;
            if (state == MqttSubscriptionState.Free)
            {
                _handler[slot] = null;
                _filterLength[slot] = 0;
            }
        }

        /// <summary>Records the SUBACK return code for <paramref name="slot"/>: Active for 0..2, Failed for 0x80 (or anything else).</summary>
        public void SetGranted(int slot, int granted)
        {
            _granted[slot] = granted;
            _state[slot] = granted >= 0 && granted <= 2 ? MqttSubscriptionState.Active : MqttSubscriptionState.Failed;
        }

        /// <summary>Whether any slot carries <paramref name="packetId"/> in flight (Subscribing or Unsubscribing).</summary>
        public bool UsesPacketId(int packetId)
        {
            for (int i = 0; i < _state.Length; i++)
            {
                if ((_state[i] == MqttSubscriptionState.Subscribing || _state[i] == MqttSubscriptionState.Unsubscribing) && _packetId[i] == packetId)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether <paramref name="slot"/> receives messages: Active, or Subscribing (the broker may deliver before SUBACK
        /// arrives, and retained messages follow the SUBACK immediately).
        /// </summary>
        public bool IsDispatchable(int slot)
        {
            MqttSubscriptionState s = _state[slot];
            return s == MqttSubscriptionState.Active || s == MqttSubscriptionState.Subscribing || s == MqttSubscriptionState.Pending;
        }
    }
}
