namespace NanoNode.Drivers.Bh1750
{
    /// <summary>
    /// BH1750FVI one-byte instructions, named as in the datasheet's "Instruction Set Architecture" table (ROHM BH1750FVI
    /// datasheet, p.5). The measurement-time register (MTreg) is written as two instructions: 01000_MT[7:5] and 011_MT[4:0].
    /// </summary>
    public enum Opcode : byte
    {
        /// <summary>No active state.</summary>
        PowerDown = 0x00,

        /// <summary>Waiting for a measurement command.</summary>
        PowerOn = 0x01,

        /// <summary>Clears the data register; not accepted in power-down.</summary>
        Reset = 0x07,

        /// <summary>Continuous, 1 lx resolution, 120 ms typ.</summary>
        ContinuouslyHResolutionMode = 0x10,

        /// <summary>Continuous, 0.5 lx resolution, 120 ms typ.</summary>
        ContinuouslyHResolutionMode2 = 0x11,

        /// <summary>Continuous, 4 lx resolution, 16 ms typ.</summary>
        ContinuouslyLResolutionMode = 0x13,

        /// <summary>One measurement at 1 lx resolution, then power-down.</summary>
        OneTimeHResolutionMode = 0x20,

        /// <summary>One measurement at 0.5 lx resolution, then power-down.</summary>
        OneTimeHResolutionMode2 = 0x21,

        /// <summary>One measurement at 4 lx resolution, then power-down.</summary>
        OneTimeLResolutionMode = 0x23,

        /// <summary>Change measurement time, high bits: 0x40 | MT[7:5].</summary>
        ChangeMeasurementTimeHighBit = 0x40,

        /// <summary>Change measurement time, low bits: 0x60 | MT[4:0].</summary>
        ChangeMeasurementTimeLowBit = 0x60,
    }

    /// <summary>Measurement resolution mode (datasheet p.5 "Measurement mode explanation").</summary>
    public enum Resolution : byte
    {
        /// <summary>H-resolution mode: 1 lx per count at MTreg 69.</summary>
        High = 0,

        /// <summary>H-resolution mode2: 0.5 lx per count at MTreg 69.</summary>
        High2 = 1,

        /// <summary>L-resolution mode: 4 lx steps.</summary>
        Low = 2,
    }
}
