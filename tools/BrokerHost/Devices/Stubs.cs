using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NanoNode.BrokerHost.Devices;

/// <summary>Registers the device manager services (filled in below).</summary>
public static class DeviceServices
{
    /// <summary>Adds device manager and virtual devices.</summary>
    public static void Add(IServiceCollection services, int virtualDevices)
    {
    }

    /// <summary>Maps the REST API.</summary>
    public static void MapApi(WebApplication app)
    {
    }
}

/// <summary>Attach mode.</summary>
public static class ExternalMode
{
    /// <summary>Runs the device manager against an external broker.</summary>
    public static Task<int> RunAsync(string url, string? user, string? password, int virtualDevices, LogLevel level, CancellationToken ct) => Task.FromResult(1);
}
