namespace NanoNode.Drivers.Bme280
{
    /// <summary>
    /// BME280 registers, named as in the datasheet's memory map (BST-BME280-DS002, §5.3 Table 18; calibration
    /// words §4.2.2 Table 16). Multi-byte values: calibration words little-endian; measurement data big-endian
    /// (msb, lsb, xlsb) and read in one burst from <see cref="PressMsb"/> to <see cref="HumLsb"/> (§4 data readout, shadowing).
    /// </summary>
    public enum Register : byte
    {
        /// <summary>calib00..calib25: dig_T1..dig_P9 (12 little-endian words) and dig_H1 at 0xA1 (§4.2.2).</summary>
        Calib00 = 0x88,

        /// <summary>dig_H1 (unsigned char).</summary>
        DigH1 = 0xA1,

        /// <summary>chip_id, reads 0x60 (§5.4.1).</summary>
        Id = 0xD0,

        /// <summary>reset: writing 0xB6 performs a power-on reset (§5.4.2).</summary>
        Reset = 0xE0,

        /// <summary>calib26..calib32: dig_H2..dig_H6 (§4.2.2; H4/H5 share 0xE5 nibbles).</summary>
        Calib26 = 0xE1,

        /// <summary>ctrl_hum: osrs_h[2:0]; takes effect after the next ctrl_meas write (§5.4.3).</summary>
        CtrlHum = 0xF2,

        /// <summary>status: measuring[3], im_update[0] (§5.4.4).</summary>
        Status = 0xF3,

        /// <summary>ctrl_meas: osrs_t[7:5], osrs_p[4:2], mode[1:0] (§5.4.5).</summary>
        CtrlMeas = 0xF4,

        /// <summary>config: t_sb[7:5], filter[4:2], spi3w_en[0]; writes may be ignored in normal mode (§5.4.6).</summary>
        Config = 0xF5,

        /// <summary>press_msb: pressure raw [19:12] (§5.4.7).</summary>
        PressMsb = 0xF7,

        /// <summary>press_lsb: pressure raw [11:4].</summary>
        PressLsb = 0xF8,

        /// <summary>press_xlsb: pressure raw [3:0] in bits [7:4].</summary>
        PressXlsb = 0xF9,

        /// <summary>temp_msb: temperature raw [19:12] (§5.4.8).</summary>
        TempMsb = 0xFA,

        /// <summary>temp_lsb: temperature raw [11:4].</summary>
        TempLsb = 0xFB,

        /// <summary>temp_xlsb: temperature raw [3:0] in bits [7:4].</summary>
        TempXlsb = 0xFC,

        /// <summary>hum_msb: humidity raw [15:8] (§5.4.9).</summary>
        HumMsb = 0xFD,

        /// <summary>hum_lsb: humidity raw [7:0].</summary>
        HumLsb = 0xFE,
    }
}
