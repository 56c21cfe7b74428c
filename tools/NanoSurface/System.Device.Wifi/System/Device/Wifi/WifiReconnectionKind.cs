namespace System.Device.Wifi;

// nanoframework/System.Device.Wifi: System.Device.Wifi/WifiReconnectionKind.cs@main
public enum WifiReconnectionKind
{
    Automatic,
    Manual,
}
