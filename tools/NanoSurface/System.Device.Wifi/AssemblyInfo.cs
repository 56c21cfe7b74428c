// nanoframework/System.Device.Wifi: package nanoFramework.System.Device.Wifi 1.5.x (dll System.Device.Wifi.dll)
