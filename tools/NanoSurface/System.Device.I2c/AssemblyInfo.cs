// nanoframework/System.Device.I2c: package nanoFramework.System.Device.I2c 1.1.x (dll System.Device.I2c.dll)
