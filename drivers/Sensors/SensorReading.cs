namespace NanoNode.Drivers.Sensors
{
    /// <summary>
    /// One sensor's latest values in fixed units, allocated once by the caller and filled by
    /// <see cref="ISensor.Collect"/>. Public fields (not properties) keep the device's interpreter path short.
    /// </summary>
    /// <remarks>
    /// Each quantity is given twice: as a float in the telemetry unit and as an exact integer in hundredths of that unit
    /// (or ppm / millilux), which is what the chip's integer arithmetic produces and what tests compare against datasheet
    /// figures. Only the quantities named in <see cref="Quantities"/> are meaningful. A Collect that does not return
    /// <see cref="SensorStatus.Ok"/> leaves the values of the previous good read untouched and sets only <see cref="Status"/>.
    /// </remarks>
    public sealed class SensorReading
    {
        /// <summary>Status of the last Collect into this reading.</summary>
        public SensorStatus Status = SensorStatus.NotInitialized;

        /// <summary><see cref="SensorQuantity"/> flags of the quantities set by the last good read.</summary>
        public int Quantities;

        /// <summary>Temperature, °C.</summary>
        public float TemperatureC;

        /// <summary>Relative humidity, %RH (0..100).</summary>
        public float HumidityPct;

        /// <summary>Pressure, hPa.</summary>
        public float PressureHpa;

        /// <summary>Illuminance, lx.</summary>
        public float IlluminanceLx;

        /// <summary>CO2 concentration, ppm.</summary>
        public float Co2Ppm;

        /// <summary>Temperature, 0.01 °C.</summary>
        public int TemperatureCentiC;

        /// <summary>Relative humidity, 0.01 %RH.</summary>
        public int HumidityCentiPct;

        /// <summary>Pressure, Pa (1 Pa = 0.01 hPa).</summary>
        public int PressurePa;

        /// <summary>Illuminance, 0.001 lx.</summary>
        public int IlluminanceMilliLx;

        /// <summary>CO2 concentration, ppm.</summary>
        public int Co2PpmInt;

        /// <summary>Count of good reads into this object since creation (wraps).</summary>
        public int Sequence;

        /// <summary>True when the last good read carried <paramref name="quantity"/> (a <see cref="SensorQuantity"/> flag).</summary>
        public bool Has(int quantity)
        {
            return (Quantities & quantity) != 0;
        }
    }
}
