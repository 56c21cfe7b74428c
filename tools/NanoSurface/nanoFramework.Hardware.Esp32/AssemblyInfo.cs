// nanoframework/nanoFramework.Hardware.Esp32: package nanoFramework.Hardware.Esp32 1.6.x (dll nanoFramework.Hardware.Esp32.dll)
