namespace NanoNode.Drivers.Bme280
{
    /// <summary>
    /// The BME280's trimming parameters (§4.2.2 Table 16) and Bosch's integer compensation exactly as printed in the
    /// datasheet (§4.2.3 rev. 1.1 code: BME280_compensate_T_int32, BME280_compensate_P_int64, bme280_compensate_H_int32,
    /// with arithmetic shifts; outputs 0.01 °C, Pa Q24.8, %RH Q22.10), so results match that code bit for bit.
    /// BoschSensortec/BME280_driver bme280.c (v3.x) computes the same quantities with divisions instead of right shifts
    /// (different rounding of negative intermediates), clamps T/P to range and returns pressure in 0.01 Pa; its results
    /// can differ from these in the last digit. <see cref="TFine"/> carries the fine temperature from
    /// <see cref="CompensateTemperature"/> to the pressure and humidity formulas: call temperature first.
    /// </summary>
    public sealed class Bme280Calibration
    {
        /// <summary>dig_T1 (unsigned short).</summary>
        public int T1;

        /// <summary>dig_T2, dig_T3 (signed short).</summary>
        public int T2, T3;

        /// <summary>dig_P1 (unsigned short).</summary>
        public int P1;

        /// <summary>dig_P2..dig_P9 (signed short).</summary>
        public int P2, P3, P4, P5, P6, P7, P8, P9;

        /// <summary>dig_H1 (unsigned char), dig_H2 (signed short), dig_H3 (unsigned char), dig_H4/dig_H5 (signed 12-bit), dig_H6 (signed char).</summary>
        public int H1, H2, H3, H4, H5, H6;

        /// <summary>t_fine from the last <see cref="CompensateTemperature"/> call.</summary>
        public int TFine;

        /// <summary>
        /// Decodes the trimming parameters: 26 bytes read from 0x88 (calib00..calib25) and 7 bytes read from 0xE1
        /// (calib26..calib32), §4.2.2 Table 16.
        /// </summary>
        public void Load(byte[] calib00, int offset00, byte[] calib26, int offset26)
        {
            T1 = U16(calib00, offset00 + 0);
            T2 = S16(calib00, offset00 + 2);
            T3 = S16(calib00, offset00 + 4);
            P1 = U16(calib00, offset00 + 6);
            P2 = S16(calib00, offset00 + 8);
            P3 = S16(calib00, offset00 + 10);
            P4 = S16(calib00, offset00 + 12);
            P5 = S16(calib00, offset00 + 14);
            P6 = S16(calib00, offset00 + 16);
            P7 = S16(calib00, offset00 + 18);
            P8 = S16(calib00, offset00 + 20);
            P9 = S16(calib00, offset00 + 22);
            H1 = calib00[offset00 + 25];
            H2 = S16(calib26, offset26 + 0);
            H3 = calib26[offset26 + 2];
            // dig_H4 = 0xE4[7:0] << 4 | 0xE5[3:0]; dig_H5 = 0xE6[7:0] << 4 | 0xE5[7:4]; both signed 12-bit.
            H4 = ((sbyte)calib26[offset26 + 3] << 4) | (calib26[offset26 + 4] & 0x0F);
            H5 = ((sbyte)calib26[offset26 + 5] << 4) | (calib26[offset26 + 4] >> 4);
            H6 = (sbyte)calib26[offset26 + 6];
        }

        /// <summary>True when the words look like a programmed chip (dig_T1 and dig_P1 are never 0 on a trimmed part;
        /// dig_P1 = 0 would divide by zero in the pressure formula).</summary>
        public bool IsPlausible
        {
            get { return T1 != 0 && P1 != 0; }
        }

        /// <summary>Temperature in 0.01 °C from the 20-bit raw value (§4.2.3 BME280_compensate_T_int32); sets <see cref="TFine"/>.</summary>
        public int CompensateTemperature(int adcT)
        {
            int var1 = (((adcT >> 3) - (T1 << 1)) * T2) >> 11;
            int d = (adcT >> 4) - T1;
            int var2 = (((d * d) >> 12) * T3) >> 14;
            TFine = var1 + var2;
            return (TFine * 5 + 128) >> 8;
        }

        /// <summary>
        /// Pressure in Pa as unsigned Q24.8 (value / 256 = Pa) from the 20-bit raw value (§4.2.3 BME280_compensate_P_int64).
        /// Returns 0 when the calibration would divide by zero.
        /// </summary>
        public long CompensatePressure(int adcP)
        {
            long var1 = (long)TFine - 128000;
            long var2 = var1 * var1 * P6;
            var2 = var2 + ((var1 * P5) << 17);
            var2 = var2 + ((long)P4 << 35);
            var1 = ((var1 * var1 * P3) >> 8) + ((var1 * P2) << 12);
            var1 = ((((long)1 << 47) + var1) * P1) >> 33;
            if (var1 == 0)
            {
                return 0;
            }

            long p = 1048576 - adcP;
            p = (((p << 31) - var2) * 3125) / var1;
            var1 = ((long)P9 * (p >> 13) * (p >> 13)) >> 25;
            var2 = ((long)P8 * p) >> 19;
            p = ((p + var1 + var2) >> 8) + ((long)P7 << 4);
            return p;
        }

        /// <summary>Relative humidity in %RH as unsigned Q22.10 (value / 1024 = %RH) from the 16-bit raw value
        /// (§4.2.3 bme280_compensate_H_int32); clamped to 0..100 %RH.</summary>
        public int CompensateHumidity(int adcH)
        {
            int v = TFine - 76800;
            v = (((adcH << 14) - (H4 << 20) - (H5 * v)) + 16384) >> 15;
            int w = TFine - 76800;
            int scale = (((((((w * H6) >> 10) * (((w * H3) >> 11) + 32768)) >> 10) + 2097152) * H2) + 8192) >> 14;
            v = v * scale;
            v = v - (((((v >> 15) * (v >> 15)) >> 7) * H1) >> 4);
            v = v < 0 ? 0 : v;
            v = v > 419430400 ? 419430400 : v;
            return v >> 12;
        }

        private static int U16(byte[] b, int i)
        {
            return b[i] | (b[i + 1] << 8);
        }

        private static int S16(byte[] b, int i)
        {
            return (short)(b[i] | (b[i + 1] << 8));
        }
    }
}
