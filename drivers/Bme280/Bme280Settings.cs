namespace NanoNode.Drivers.Bme280
{
    /// <summary>Oversampling setting osrs_x (§5.4.3 Table 20, §5.4.5 Tables 22/23). <see cref="Skipped"/> turns the measurement off.</summary>
    public enum Oversampling : byte
    {
        /// <summary>Measurement skipped (output 0x80000 / 0x8000).</summary>
        Skipped = 0,

        /// <summary>x1.</summary>
        X1 = 1,

        /// <summary>x2.</summary>
        X2 = 2,

        /// <summary>x4.</summary>
        X4 = 3,

        /// <summary>x8.</summary>
        X8 = 4,

        /// <summary>x16.</summary>
        X16 = 5,
    }

    /// <summary>Sensor mode, ctrl_meas mode[1:0] (§3.3, §5.4.5 Table 25).</summary>
    public enum Mode : byte
    {
        /// <summary>No measurements, lowest power (§3.3.1).</summary>
        Sleep = 0,

        /// <summary>One measurement per Start, then back to sleep (§3.3.2).</summary>
        Forced = 1,

        /// <summary>Continuous measurements separated by the standby time (§3.3.3).</summary>
        Normal = 3,
    }

    /// <summary>IIR filter coefficient, config filter[4:2] (§3.4.4, §5.4.6 Table 28).</summary>
    public enum Filter : byte
    {
        /// <summary>Filter off.</summary>
        Off = 0,

        /// <summary>Coefficient 2.</summary>
        X2 = 1,

        /// <summary>Coefficient 4.</summary>
        X4 = 2,

        /// <summary>Coefficient 8.</summary>
        X8 = 3,

        /// <summary>Coefficient 16.</summary>
        X16 = 4,
    }

    /// <summary>Normal-mode inactive time t_standby, config t_sb[7:5] (§3.3.3, §5.4.6 Table 27).</summary>
    public enum Standby : byte
    {
        /// <summary>0.5 ms.</summary>
        Ms0_5 = 0,

        /// <summary>62.5 ms.</summary>
        Ms62_5 = 1,

        /// <summary>125 ms.</summary>
        Ms125 = 2,

        /// <summary>250 ms.</summary>
        Ms250 = 3,

        /// <summary>500 ms.</summary>
        Ms500 = 4,

        /// <summary>1000 ms.</summary>
        Ms1000 = 5,

        /// <summary>10 ms.</summary>
        Ms10 = 6,

        /// <summary>20 ms.</summary>
        Ms20 = 7,
    }
}
