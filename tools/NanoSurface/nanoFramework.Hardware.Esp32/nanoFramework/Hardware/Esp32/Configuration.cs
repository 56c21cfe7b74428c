namespace nanoFramework.Hardware.Esp32;

// nanoframework/nanoFramework.Hardware.Esp32: nanoFramework.Hardware.Esp32/Configuration.cs@2fcc3520f586c75ff6001c1bf91425df1b8dd053
// Call SetPinFunction before creating the device that uses the pin.
public class Configuration
{
    public static void SetPinFunction(int pin, DeviceFunction value) { }
    public static int GetFunctionPin(DeviceFunction function) => throw null;
}

// nanoframework/nanoFramework.Hardware.Esp32: nanoFramework.Hardware.Esp32/DeviceTypePins.cs@2eb59efa386f01421d0ab7ab316480c14268ebcc
// Values = device type (0x10000 steps) + device index (0x100 steps) + function. Only the I2C and SPI entries are declared.
public enum DeviceFunction
{
    SPI1_MOSI = 0x10000 + 0x100 + 0,
    SPI1_MISO = 0x10000 + 0x100 + 1,
    SPI1_CLOCK = 0x10000 + 0x100 + 2,
    SPI2_MOSI = 0x10000 + 0x200 + 0,
    SPI2_MISO = 0x10000 + 0x200 + 1,
    SPI2_CLOCK = 0x10000 + 0x200 + 2,
    I2C1_DATA = 0x20000 + 0x100 + 0,
    I2C1_CLOCK = 0x20000 + 0x100 + 1,
    I2C2_DATA = 0x20000 + 0x200 + 0,
    I2C2_CLOCK = 0x20000 + 0x200 + 1,
}
