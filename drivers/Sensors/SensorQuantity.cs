namespace NanoNode.Drivers.Sensors
{
    /// <summary>
    /// Bit flags naming the quantities a <see cref="SensorReading"/> carries. The telemetry key for each is given
    /// (DESIGN §5: units in key names).
    /// </summary>
    public static class SensorQuantity
    {
        /// <summary>No quantity.</summary>
        public const int None = 0;

        /// <summary>Temperature in °C (<c>temperature_c</c>).</summary>
        public const int Temperature = 1;

        /// <summary>Relative humidity in %RH (<c>humidity_pct</c>).</summary>
        public const int Humidity = 2;

        /// <summary>Barometric pressure in hPa (<c>pressure_hpa</c>).</summary>
        public const int Pressure = 4;

        /// <summary>Illuminance in lx (<c>illuminance_lx</c>).</summary>
        public const int Illuminance = 8;

        /// <summary>CO2 concentration in ppm (<c>co2_ppm</c>).</summary>
        public const int Co2 = 16;
    }
}
