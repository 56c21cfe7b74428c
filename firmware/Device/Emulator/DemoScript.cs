namespace NanoNode.Device.Emulator
{
    /// <summary>
    /// Timed messages the virtual board sends to its node through the loopback broker, so the emulator console shows
    /// every config outcome. Steps are relative to the rig's first loop turn and run once per process (a reboot does not
    /// restart the script). Built once at start-up; read-only afterwards.
    /// </summary>
    public sealed class DemoScript
    {
        private readonly long[] _atMs;
        private readonly string[] _commands;
        private readonly byte[][] _payloads;
        private readonly string[] _notes;
        private int _count;

        /// <summary>Room for <paramref name="capacity"/> steps.</summary>
        public DemoScript(int capacity)
        {
            _atMs = new long[capacity];
            _commands = new string[capacity];
            _payloads = new byte[capacity][];
            _notes = new string[capacity];
        }

        /// <summary>Number of steps.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>
        /// Adds a step at <paramref name="atMs"/> after start: <paramref name="command"/> null sends
        /// <paramref name="payload"/> (ASCII) to <c>config/set</c>, otherwise to <c>cmd/&lt;command&gt;</c>.
        /// <paramref name="note"/> is printed first. Steps must be added in time order.
        /// </summary>
        public DemoScript Add(long atMs, string command, string payload, string note)
        {
            _atMs[_count] = atMs;
            _commands[_count] = command;
            _payloads[_count] = VirtualRig.Ascii(payload);
            _notes[_count] = note;
            _count++;
            return this;
        }

        /// <summary>Start offset of step <paramref name="i"/>, ms.</summary>
        public long AtMs(int i)
        {
            return _atMs[i];
        }

        /// <summary>Command name of step <paramref name="i"/>, or null for config/set.</summary>
        public string Command(int i)
        {
            return _commands[i];
        }

        /// <summary>Payload of step <paramref name="i"/>.</summary>
        public byte[] Payload(int i)
        {
            return _payloads[i];
        }

        /// <summary>Console note of step <paramref name="i"/>.</summary>
        public string Note(int i)
        {
            return _notes[i];
        }

        /// <summary>
        /// The standard tour (about 45 s): interval 2 s with a short rollback deadline (applied); a patch with a bad
        /// value and an unknown key (rejected, both reasons); an old rev (stale); <c>cmd/read</c> (telemetry now);
        /// a broker port nobody answers (rolled_back after 5 s); <c>cmd/reboot</c> (the node restarts with the
        /// persisted config, rev 1).
        /// </summary>
        public static DemoScript Tour()
        {
            return new DemoScript(6)
                .Add(5000, null, "{\"rev\":1,\"interval_s\":2,\"rollback_timeout_s\":5}", "demo 1/6: config/set interval_s=2 (expect applied)")
                .Add(11000, null, "{\"rev\":2,\"interval_s\":0,\"colour\":\"red\"}", "demo 2/6: config/set with a bad value and an unknown key (expect rejected, two reasons)")
                .Add(15000, null, "{\"rev\":1,\"interval_s\":9}", "demo 3/6: config/set with an old rev (expect stale)")
                .Add(19000, "read", "", "demo 4/6: cmd/read (expect telemetry now and a cmd/ack)")
                .Add(23000, null, "{\"rev\":2,\"broker_port\":1884}", "demo 5/6: config/set broker_port=1884, where nothing answers (expect rolled_back after rollback_timeout_s=5)")
                .Add(40000, "reboot", "", "demo 6/6: cmd/reboot (expect a restart with the persisted config, rev 1, interval_s 2)");
        }
    }
}
