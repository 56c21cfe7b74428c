using NanoNode.Drivers.Bh1750;
using NanoNode.Drivers.Bme280;
using NanoNode.Drivers.Sht3x;

namespace NanoNode.VirtualDevice;

/// <summary>
/// A slowly changing room for one virtual node, so its telemetry moves the way a real one does (and deadbands and
/// max_silence_s have something to do): temperature swings about ±1.5 °C, humidity the opposite way, light between
/// about 30 % and 100 % of the datasheet example, over a <see cref="PeriodSeconds"/> cycle. Each node gets its own phase
/// (from its id), so a fleet does not move in lockstep. It writes the chips' raw values only: the readings still go
/// through the drivers' datasheet arithmetic. The chips' defaults (the datasheet examples) are the midpoints.
/// </summary>
public sealed class SimulatedRoom
{
    /// <summary>Length of one cycle in seconds (ten minutes: visible while watching the dashboard).</summary>
    public const int PeriodSeconds = 600;

    // BME280 with the datasheet example trimming: about 0.000315 °C per raw LSB near 25 °C (dig_T2 / 16384 / 5120).
    private const int Bme280TemperatureSwing = 4800;
    private const int Bme280HumiditySwing = 0x0600;
    private const int Bme280PressureSwing = 150;

    // SHT3x datasheet §4.13: T = -45 + 175 * raw / 65535, RH = 100 * raw / 65535.
    private const int Sht3xTemperatureSwing = 562;
    private const int Sht3xHumiditySwing = 2600;

    private readonly SimulatedBme280 _bme280;
    private readonly SimulatedSht3x _sht3x;
    private readonly SimulatedBh1750 _bh1750;
    private readonly double _phase;
    private readonly int _bmeT;
    private readonly int _bmeP;
    private readonly int _bmeH;
    private readonly int _shtT;
    private readonly int _shtH;
    private readonly int _lux;

    /// <summary>Drives the three chips of node <paramref name="id"/>; their current raw values are the midpoints.</summary>
    public SimulatedRoom(string id, SimulatedBme280 bme280, SimulatedSht3x sht3x, SimulatedBh1750 bh1750)
    {
        _bme280 = bme280;
        _sht3x = sht3x;
        _bh1750 = bh1750;
        _bmeT = bme280.RawTemperature;
        _bmeP = bme280.RawPressure;
        _bmeH = bme280.RawHumidity;
        _shtT = sht3x.RawTemperature;
        _shtH = sht3x.RawHumidity;
        _lux = bh1750.Count;

        // FNV-1a of the id: stable across runs (string.GetHashCode is randomized per process).
        uint h = 2166136261;
        foreach (char c in id)
        {
            h = (h ^ c) * 16777619;
        }

        _phase = h % 1000 / 1000.0 * 2 * Math.PI;
    }

    /// <summary>Sets the raw values for <paramref name="elapsedMs"/> since the node booted (monotonic).</summary>
    public void Update(long elapsedMs)
    {
        double a = 2 * Math.PI * (elapsedMs / 1000.0) / PeriodSeconds + _phase;
        double s = Math.Sin(a);
        _bme280.RawTemperature = _bmeT + (int)(Bme280TemperatureSwing * s);
        _bme280.RawHumidity = _bmeH - (int)(Bme280HumiditySwing * s);
        _bme280.RawPressure = _bmeP + (int)(Bme280PressureSwing * Math.Sin(a / 3));
        _sht3x.RawTemperature = _shtT + (int)(Sht3xTemperatureSwing * s);
        _sht3x.RawHumidity = _shtH - (int)(Sht3xHumiditySwing * s);
        _bh1750.Count = (int)(_lux * (0.65 + 0.35 * Math.Cos(a)));
    }
}
