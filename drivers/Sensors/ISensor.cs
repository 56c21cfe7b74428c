namespace NanoNode.Drivers.Sensors
{
    /// <summary>
    /// A sensor as the node's scheduler sees it: Init once, then per measurement Start, wait
    /// <see cref="MeasurementTimeMs"/> (the datasheet's maximum conversion time for the configured settings), then Collect.
    /// No member blocks longer than the chip requires for that step; none throws on a bus or chip failure.
    /// </summary>
    /// <remarks>
    /// Continuous / periodic modes (BME280 normal, BH1750 continuous, SCD4x periodic): Start does nothing and returns Ok,
    /// and Collect returns the latest sample (or <see cref="SensorStatus.NotReady"/> if the chip says there is none yet).
    /// Threading: call from one thread (the node's loop). Allocation: none after Init.
    /// </remarks>
    public interface ISensor
    {
        /// <summary>Short lowercase chip name used in telemetry and the <c>info</c> topic ("bme280", "sht3x"...).</summary>
        string Name { get; }

        /// <summary>7-bit I2C address the driver talks to.</summary>
        int Address { get; }

        /// <summary><see cref="SensorQuantity"/> flags this sensor produces with its current settings.</summary>
        int Quantities { get; }

        /// <summary>Milliseconds to wait between Start and Collect (datasheet maximum for the current settings).</summary>
        int MeasurementTimeMs { get; }

        /// <summary>
        /// Checks the chip's identity, reads calibration, applies the settings. May block for the chip's documented
        /// power-up / reset / settings times (each driver says which). Can be called again to recover after a fault.
        /// </summary>
        SensorStatus Init();

        /// <summary>Triggers one measurement (one-shot modes); returns at once.</summary>
        SensorStatus Start();

        /// <summary>Reads the result of the last Start into <paramref name="reading"/> (see <see cref="SensorReading"/>).</summary>
        SensorStatus Collect(SensorReading reading);
    }
}
