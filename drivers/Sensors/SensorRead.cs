using NanoNode.Drivers.I2c;

namespace NanoNode.Drivers.Sensors
{
    /// <summary>Blocking convenience over <see cref="ISensor"/> for callers without a scheduler (samples, benchmarks, tests).</summary>
    public static class SensorRead
    {
        /// <summary>
        /// Start, wait <see cref="ISensor.MeasurementTimeMs"/> on <paramref name="bus"/>'s time base, Collect; while the chip
        /// still reports <see cref="SensorStatus.NotReady"/>, waits <paramref name="pollMs"/> and collects again, at most
        /// <paramref name="maxPolls"/> times. Blocks for the chip's conversion time plus the polls. Returns Collect's status.
        /// </summary>
        public static SensorStatus Once(ISensor sensor, I2cBus bus, SensorReading reading, int pollMs, int maxPolls)
        {
            SensorStatus status = sensor.Start();
            if (status != SensorStatus.Ok)
            {
                reading.Status = status;
                return status;
            }

            bus.DelayMs(sensor.MeasurementTimeMs);
            status = sensor.Collect(reading);
            for (int i = 0; i < maxPolls && status == SensorStatus.NotReady; i++)
            {
                bus.DelayMs(pollMs);
                status = sensor.Collect(reading);
            }

            return status;
        }

        /// <summary>Maps a transfer status to the sensor status that reports it.</summary>
        public static SensorStatus FromBus(I2cStatus status)
        {
            switch (status)
            {
                case I2cStatus.Ok:
                    return SensorStatus.Ok;
                case I2cStatus.AddressNack:
                    return SensorStatus.NoDevice;
                case I2cStatus.InvalidArgument:
                    return SensorStatus.InvalidRequest;
                default:
                    return SensorStatus.BusError;
            }
        }
    }
}
