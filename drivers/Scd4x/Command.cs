namespace NanoNode.Drivers.Scd4x
{
    /// <summary>
    /// SCD4x 16-bit commands, sent MSB first, named as in the datasheet (Sensirion SCD4x datasheet v1.3, §3.4 Table 9).
    /// Parameters and answers are 16-bit words each followed by a CRC-8 (§3.11). The execution time after which the
    /// answer can be read (or the next command sent) is given per command.
    /// </summary>
    public enum Command : ushort
    {
        /// <summary>Start periodic measurement, new data every 5 s (§3.5.1). Idle only.</summary>
        StartPeriodicMeasurement = 0x21B1,

        /// <summary>Read CO2, T, RH (3 words + CRCs), 1 ms (§3.5.2). NACKs the read when no data is buffered.</summary>
        ReadMeasurement = 0xEC05,

        /// <summary>Stop periodic measurement; the chip answers nothing for 500 ms afterwards (§3.5.3).</summary>
        StopPeriodicMeasurement = 0x3F86,

        /// <summary>Set temperature offset, word = T_offset · (2^16 - 1) / 175 °C, 1 ms (§3.6.1). Idle only.</summary>
        SetTemperatureOffset = 0x241D,

        /// <summary>Get temperature offset, 1 ms (§3.6.2). Idle only.</summary>
        GetTemperatureOffset = 0x2318,

        /// <summary>Set sensor altitude in m above sea level, 1 ms (§3.6.3). Idle only.</summary>
        SetSensorAltitude = 0x2427,

        /// <summary>Get sensor altitude, 1 ms (§3.6.4). Idle only.</summary>
        GetSensorAltitude = 0x2322,

        /// <summary>Set ambient pressure in units of 100 Pa, 1 ms (§3.6.5). Allowed while measuring.</summary>
        SetAmbientPressure = 0xE000,

        /// <summary>Get data-ready status: data ready when the low 11 bits of the word are not 0, 1 ms (§3.8.2).</summary>
        GetDataReadyStatus = 0xE4B8,

        /// <summary>Store settings in EEPROM, 800 ms (§3.9.1). Idle only.</summary>
        PersistSettings = 0x3615,

        /// <summary>Read the 48-bit serial number (3 words), 1 ms (§3.9.2). Idle only.</summary>
        GetSerialNumber = 0x3682,

        /// <summary>Reload settings from EEPROM, 20 ms (§3.9.5). Idle only.</summary>
        Reinit = 0x3646,

        /// <summary>Low-power periodic measurement, new data every 30 s (§3.8.1).</summary>
        StartLowPowerPeriodicMeasurement = 0x21AC,

        /// <summary>Single shot (SCD41), 5000 ms (§3.10.1).</summary>
        MeasureSingleShot = 0x219D,
    }
}
