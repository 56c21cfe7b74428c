namespace NanoNode.Drivers.Sensors
{
    /// <summary>Outcome of a sensor operation (Init / Start / Collect). The read path reports these, never throws.</summary>
    public enum SensorStatus : byte
    {
        /// <summary>Done; for Collect, the reading holds fresh values.</summary>
        Ok = 0,

        /// <summary>The chip is still measuring or has no new data (busy bit, data-ready flag, or a read header NACK
        /// that the datasheet defines as "not ready"). Try Collect again later; the reading is unchanged.</summary>
        NotReady = 1,

        /// <summary>The chip did not acknowledge its address: absent, unpowered or disconnected.</summary>
        NoDevice = 2,

        /// <summary>The transfer failed part-way, timed out on clock stretching, or the bus reported another error.</summary>
        BusError = 3,

        /// <summary>A checksum in the chip's answer did not match the data (Sensirion / AHT20 CRC-8).</summary>
        CrcError = 4,

        /// <summary>Something answers at the address but its identity (chip id, status bits) is not the expected chip.</summary>
        WrongChip = 5,

        /// <summary>The chip reports that it is not calibrated (AHT20 status bit 3) or its calibration is unusable.</summary>
        NotCalibrated = 6,

        /// <summary>Init has not succeeded yet.</summary>
        NotInitialized = 7,

        /// <summary>The request is not valid in the chip's current mode or a value is out of its range; nothing was sent.</summary>
        InvalidRequest = 8,
    }
}
