// nanoframework/nanoFramework.Runtime.Events: package nanoFramework.Runtime.Events (dll nanoFramework.Runtime.Events.dll).
// Referenced by firmware/App only because System.Net and System.Device.Wifi depend on it (nanoFramework.System.Net.nuspec
// lists it): its .pe must be deployed with the application. NanoNode code uses none of its API, so nothing is declared.
