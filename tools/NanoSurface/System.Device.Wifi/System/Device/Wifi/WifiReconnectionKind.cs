namespace System.Device.Wifi;

// nanoframework/System.Device.Wifi: System.Device.Wifi/WifiReconnectionKind.cs@main
// [unverified] namespace: ported from Windows.Devices.WiFi.WiFiReconnectionKind into System.Device.Wifi
public enum WifiReconnectionKind
{
    Automatic,
    Manual,
}
