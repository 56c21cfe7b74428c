using NanoNode.Device.Config;
using NanoNode.Device.Json;
using NanoNode.Drivers.Sensors;

namespace NanoNode.Device.Node
{
    /// <summary>
    /// Reads the enabled sensors on schedule and publishes telemetry (DESIGN §5): JSON with units in key names
    /// (<c>temperature_c</c>, <c>humidity_pct</c>, <c>pressure_hpa</c>, <c>illuminance_lx</c>, <c>co2_ppm</c>),
    /// <c>seq</c> (+1 per published message, so gaps show drops), <c>ts</c> (Unix seconds, null before the clock is
    /// set) and <c>uptime_s</c>; failing sensors are listed under <c>errors</c> (<c>{"sht3x":"no_device"}</c>) and
    /// retried (re-initialised) next cycle, never stopping the loop. An enabled chip that has never answered since it
    /// was configured counts as absent (shown in <c>info</c>), not as an error.
    /// </summary>
    /// <remarks>
    /// Cycle: every <c>interval_s</c>, Start all enabled sensors, wait the longest <see cref="ISensor.MeasurementTimeMs"/>
    /// without blocking (the loop keeps polling MQTT), then Collect (a sensor still NotReady is retried for one more
    /// measurement time). A quantity comes from the first enabled chip (schema order) that produced it.
    /// Deadband: a reading is published when a quantity moved by at least its <c>deadband_&lt;quantity&gt;</c> since the
    /// last published value (0 = any reading), the set of quantities or errors changed, <c>max_silence_s</c> passed
    /// since the last publish, or a read was forced (<c>cmd/read</c>); otherwise it is suppressed (counted).
    /// Allocation: none per cycle; drivers are (re)created only when chip keys change. Loop thread only.
    /// </remarks>
    public sealed class Telemetry
    {
        private const int Chips = ConfigSchema.ChipCount;
        private const int Quantities = ConfigSchema.QuantityCount;
        private const int Idle = 0;
        private const int Measuring = 1;
        private const int Retrying = 2;

        private static readonly int[] QuantityFlags =
        {
            SensorQuantity.Temperature, SensorQuantity.Humidity, SensorQuantity.Pressure, SensorQuantity.Illuminance, SensorQuantity.Co2,
        };

        private static readonly string[] StatusNames =
        {
            "ok", "not_ready", "no_device", "bus_error", "crc_error", "wrong_chip", "not_calibrated", "not_initialized", "invalid_request",
        };

        private readonly ISensorFactory _factory;
        private readonly DeviceConfig _config;
        private readonly DeviceTopics _topics;
        private readonly IDeviceLink _link;
        private readonly IDeviceClock _clock;
        private readonly ISensor[] _sensors = new ISensor[Chips];
        private readonly int[] _addresses = new int[Chips];
        private readonly bool[] _initialized = new bool[Chips];
        private readonly SensorReading[] _readings = new SensorReading[Chips];
        private readonly SensorStatus[] _status = new SensorStatus[Chips];
        private readonly SensorStatus[] _publishedStatus = new SensorStatus[Chips];
        private readonly bool[] _started = new bool[Chips];
        private readonly bool[] _everOk = new bool[Chips];
        private readonly double[] _value = new double[Quantities];
        private readonly bool[] _have = new bool[Quantities];
        private readonly double[] _lastValue = new double[Quantities];
        private readonly bool[] _lastHave = new bool[Quantities];
        private readonly byte[] _payload = new byte[512];
        private readonly JsonWriter _writer = new JsonWriter();

        private int _phase;
        private long _nextDueMs;
        private long _collectAtMs;
        private long _lastPublishMs;
        private bool _everPublished;
        private bool _force;
        private long _startMs;
        private long _lastCycleMs;

        /// <summary>Telemetry for <paramref name="config"/> (read live) with drivers from <paramref name="factory"/>.</summary>
        public Telemetry(ISensorFactory factory, DeviceConfig config, DeviceTopics topics, IDeviceLink link, IDeviceClock clock)
        {
            _factory = factory;
            _config = config;
            _topics = topics;
            _link = link;
            _clock = clock;
            for (int c = 0; c < Chips; c++)
            {
                _readings[c] = new SensorReading();
                _status[c] = SensorStatus.NotInitialized;
                _publishedStatus[c] = SensorStatus.Ok;
            }

            _startMs = clock.NowMs;
            ApplyConfig();
            _nextDueMs = _startMs;
        }

        /// <summary>Sequence number of the last published message (0 before the first).</summary>
        public int Sequence;

        /// <summary>Cycles whose reading was suppressed by the deadbands.</summary>
        public int Suppressed;

        /// <summary>Telemetry messages the link refused.</summary>
        public int Drops;

        /// <summary>Sensor operations that failed (Init/Start/Collect not Ok).</summary>
        public int SensorErrors;

        /// <summary>Completed read cycles.</summary>
        public int Cycles;

        /// <summary>The driver of chip <paramref name="chip"/> (null when disabled or unsupported).</summary>
        public ISensor Sensor(int chip)
        {
            return _sensors[chip];
        }

        /// <summary>Last status of chip <paramref name="chip"/>.</summary>
        public SensorStatus Status(int chip)
        {
            return _status[chip];
        }

        /// <summary>
        /// True when chip <paramref name="chip"/> has a driver, has answered with a reading since it was configured, and
        /// its last read did not fail (<c>ok</c>, or still measuring): its quantities are real (Home Assistant discovery).
        /// </summary>
        public bool Works(int chip)
        {
            SensorStatus s = _status[chip];
            return _sensors[chip] != null && _everOk[chip] && (s == SensorStatus.Ok || s == SensorStatus.NotReady);
        }

        /// <summary>Status name as published (<c>ok</c>, <c>no_device</c>...).</summary>
        public static string StatusName(SensorStatus status)
        {
            int i = (int)status;
            return i < StatusNames.Length ? StatusNames[i] : "error";
        }

        /// <summary>The buffer of the last composed payload (tests, the virtual device console).</summary>
        public byte[] Payload
        {
            get { return _payload; }
        }

        /// <summary>Length of the last composed payload.</summary>
        public int PayloadLength
        {
            get { return _writer.Length; }
        }

        /// <summary>
        /// Re-reads chip keys (enabled, address): creates drivers for newly enabled chips or changed addresses, drops
        /// disabled ones, and reschedules the next read one interval from now. Config time: may allocate drivers.
        /// </summary>
        public void ApplyConfig()
        {
            for (int c = 0; c < Chips; c++)
            {
                bool enabled = _config.GetBool(ConfigSchema.FirstChip + 2 * c);
                int address = _config.GetInt(ConfigSchema.FirstChip + 2 * c + 1);
                if (!enabled)
                {
                    _sensors[c] = null;
                    _status[c] = SensorStatus.NotInitialized;
                    continue;
                }

                if (_sensors[c] == null || _addresses[c] != address)
                {
                    _started[c] = false; // a measurement started on the old driver is abandoned
                    _sensors[c] = _factory == null ? null : _factory.Create(c, address);
                    _addresses[c] = address;
                    _initialized[c] = false;
                    _everOk[c] = false;
                    _status[c] = SensorStatus.NotInitialized;
                }
            }

            if (_phase == Idle && Cycles > 0)
            {
                long now = _clock.NowMs;
                _nextDueMs = _lastCycleMs + _config.GetInt(ConfigSchema.IntervalS) * 1000L;
                if (_nextDueMs - now < 0)
                {
                    _nextDueMs = now;
                }
            }
        }

        /// <summary>Makes the next Poll start a read now and publish it whatever the deadbands say (<c>cmd/read</c>).</summary>
        public void ReadNow()
        {
            _force = true;
            if (_phase == Idle)
            {
                _nextDueMs = _clock.NowMs;
            }
        }

        /// <summary>Advances the schedule; call every loop turn. Never blocks beyond the drivers' register transfers.</summary>
        public void Poll()
        {
            long now = _clock.NowMs;
            if (_phase == Idle)
            {
                if (now - _nextDueMs < 0)
                {
                    return;
                }

                _lastCycleMs = now;
                int waitMs = StartAll();
                _collectAtMs = now + waitMs;
                _phase = Measuring;
                long interval = _config.GetInt(ConfigSchema.IntervalS) * 1000L;
                _nextDueMs += interval;
                if (now - _nextDueMs >= 0)
                {
                    _nextDueMs = now + interval; // fell behind (long stall): skip, do not burst
                }
            }

            if (now - _collectAtMs < 0)
            {
                return;
            }

            bool pending = CollectAll(_phase == Retrying);
            if (pending && _phase == Measuring)
            {
                _phase = Retrying;
                _collectAtMs = now + MaxMeasurementMs();
                return;
            }

            _phase = Idle;
            Cycles++;
            Compose(now);
        }

        private int StartAll()
        {
            int wait = 0;
            for (int c = 0; c < Chips; c++)
            {
                _started[c] = false;
                ISensor s = _sensors[c];
                if (s == null)
                {
                    continue;
                }

                if (!_initialized[c])
                {
                    SensorStatus init = s.Init();
                    if (init != SensorStatus.Ok)
                    {
                        Fail(c, init);
                        continue;
                    }

                    _initialized[c] = true;
                }

                SensorStatus st = s.Start();
                if (st != SensorStatus.Ok)
                {
                    Fail(c, st);
                    continue;
                }

                _started[c] = true;
                if (s.MeasurementTimeMs > wait)
                {
                    wait = s.MeasurementTimeMs;
                }
            }

            return wait;
        }

        // Collects started sensors; returns true when one is still NotReady and this is the first attempt.
        private bool CollectAll(bool lastAttempt)
        {
            bool pending = false;
            for (int c = 0; c < Chips; c++)
            {
                if (!_started[c] || _sensors[c] == null)
                {
                    _started[c] = false;
                    continue;
                }

                SensorStatus st = _sensors[c].Collect(_readings[c]);
                if (st == SensorStatus.NotReady && !lastAttempt)
                {
                    pending = true;
                    continue;
                }

                _started[c] = false;
                if (st == SensorStatus.Ok)
                {
                    _status[c] = SensorStatus.Ok;
                    _everOk[c] = true;
                }
                else
                {
                    Fail(c, st);
                }
            }

            return pending;
        }

        // Longest measurement time among the sensors still waited for.
        private int MaxMeasurementMs()
        {
            int wait = 0;
            for (int c = 0; c < Chips; c++)
            {
                if (_started[c] && _sensors[c] != null && _sensors[c].MeasurementTimeMs > wait)
                {
                    wait = _sensors[c].MeasurementTimeMs;
                }
            }

            return wait;
        }

        private void Fail(int chip, SensorStatus status)
        {
            _status[chip] = status;
            SensorErrors++;
            if (status != SensorStatus.NotReady)
            {
                _initialized[chip] = false; // re-initialise next cycle (the chip may have been reset or replugged)
            }
        }

        private void Compose(long now)
        {
            bool changed = _force || !_everPublished;
            for (int q = 0; q < Quantities; q++)
            {
                _have[q] = false;
                for (int c = 0; c < Chips && !_have[q]; c++)
                {
                    SensorReading r = _readings[c];
                    if (_sensors[c] != null && _status[c] == SensorStatus.Ok && r.Has(QuantityFlags[q]))
                    {
                        _have[q] = true;
                        _value[q] = Value(r, q);
                    }
                }

                if (_have[q] != _lastHave[q])
                {
                    changed = true;
                }
                else if (_have[q])
                {
                    double diff = _value[q] - _lastValue[q];
                    if (diff < 0)
                    {
                        diff = -diff;
                    }

                    double deadband = _config.GetNumber(ConfigSchema.FirstDeadband + q);
                    if (deadband <= 0 || diff >= deadband)
                    {
                        changed = true;
                    }
                }
            }

            for (int c = 0; c < Chips; c++)
            {
                SensorStatus shown = Shown(c);
                if (shown != _publishedStatus[c])
                {
                    changed = true;
                }
            }

            int silence = _config.GetInt(ConfigSchema.MaxSilenceS);
            if (!changed && silence > 0 && now - _lastPublishMs >= silence * 1000L)
            {
                changed = true;
            }

            if (!changed)
            {
                Suppressed++;
                return;
            }

            _force = false;
            Sequence++;
            JsonWriter w = _writer;
            w.Reset(_payload, 0, _payload.Length);
            w.BeginObject();
            w.Property("seq", Sequence);
            w.Name("ts");
            long unix = _clock.UnixSeconds;
            if (unix >= 0)
            {
                w.Number(unix);
            }
            else
            {
                w.Null();
            }

            w.Property("uptime_s", (now - _startMs) / 1000);
            for (int q = 0; q < Quantities; q++)
            {
                if (_have[q])
                {
                    w.Name(ConfigSchema.Quantities[q]);
                    w.Real(_value[q], ConfigSchema.QuantityDecimals[q]);
                }

                _lastHave[q] = _have[q];
                _lastValue[q] = _value[q];
            }

            bool anyError = false;
            for (int c = 0; c < Chips; c++)
            {
                SensorStatus shown = Shown(c);
                _publishedStatus[c] = shown;
                if (shown == SensorStatus.Ok)
                {
                    continue;
                }

                if (!anyError)
                {
                    w.Name("errors");
                    w.BeginObject();
                    anyError = true;
                }

                w.Property(ConfigSchema.Chips[c], StatusName(shown));
            }

            if (anyError)
            {
                w.EndObject();
            }

            w.EndObject();
            _lastPublishMs = now;
            _everPublished = true;
            TopicName t = _topics.Telemetry;
            if (!w.IsComplete || !_link.Publish(t.Bytes, 0, t.Length, _payload, 0, w.Length, _config.GetInt(ConfigSchema.TelemetryQos), _config.GetBool(ConfigSchema.TelemetryRetain)))
            {
                Drops++;
            }
        }

        // What telemetry reports for a chip: an enabled chip that never answered since it was configured is absent
        // (listed in info as not found), not an error; one that worked and then fails is an error.
        private SensorStatus Shown(int c)
        {
            if (_sensors[c] == null || (!_everOk[c] && _status[c] == SensorStatus.NoDevice))
            {
                return SensorStatus.Ok;
            }

            return _status[c];
        }

        private static double Value(SensorReading r, int q)
        {
            switch (q)
            {
                case 0:
                    return r.TemperatureCentiC / 100.0;
                case 1:
                    return r.HumidityCentiPct / 100.0;
                case 2:
                    return r.PressurePa / 100.0;
                case 3:
                    return r.IlluminanceMilliLx / 1000.0;
                default:
                    return r.Co2PpmInt;
            }
        }
    }
}
