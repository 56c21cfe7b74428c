using System;
using System.Device.Wifi;
using System.Threading;

namespace nanoFramework.Networking;

// nanoframework/System.Device.Wifi: System.Device.Wifi/NetworkHelper/WifiNetworkHelper.cs@606f5099248125d454c45136bd2ac75db0c74191
// Connect* return false on failure: read Status (and HelperException) for the reason.
public static class WifiNetworkHelper
{
    public static ManualResetEvent NetworkReady => throw null;
    public static NetworkHelperStatus Status => throw null;
    public static Exception HelperException => throw null;
    public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic, bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default) => throw null;
    public static bool ScanAndConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic, bool requiresDateTime = false, int WifiAdapter = 0, CancellationToken token = default) => throw null; // parameter name WifiAdapter (capital W) as nanoFramework declares it
    public static bool Reconnect(bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default) => throw null;
    public static void SetupNetworkHelper(bool requiresDateTime = false) { }
    public static void Disconnect() { }
    public static void Reset() { }
}
