namespace NanoNode.BrokerHost.Devices;

/// <summary>Friendly names and units of the telemetry quantities (the unit is in the key's suffix, DESIGN §5).</summary>
public static class Quantities
{
    /// <summary>Display name and unit of <paramref name="key"/>; unknown keys get the key itself and no unit.</summary>
    public static (string Name, string Unit) Describe(string key) => key switch
    {
        "temperature_c" => ("Temperature", "°C"),
        "humidity_pct" => ("Humidity", "%"),
        "pressure_hpa" => ("Pressure", "hPa"),
        "illuminance_lx" => ("Illuminance", "lx"),
        "co2_ppm" => ("CO₂", "ppm"),
        _ => (key, ""),
    };
}
