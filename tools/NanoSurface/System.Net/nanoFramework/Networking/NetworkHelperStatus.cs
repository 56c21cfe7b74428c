namespace nanoFramework.Networking;

// nanoframework/System.Net: nanoFramework.System.Net/NetworkHelper/NetworkHelperStatus.cs@main
public enum NetworkHelperStatus
{
    None,
    Started,
    NetworkIsReady,
    FailedNoNetworkInterface,
    TokenExpiredWaitingIPAddress,
    TokenExpiredWaitingDateTime,
    ErrorConnetingToWiFiWhileScanning,
    ExceptionOccurred,
    Reconnecting,
}
