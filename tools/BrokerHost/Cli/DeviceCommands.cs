using System.CommandLine;

namespace NanoNode.BrokerHost.Cli;

/// <summary>devices / config commands.</summary>
public static class DeviceCommands
{
    /// <summary>Creates the commands.</summary>
    public static IEnumerable<Command> Create(Option<string> data, Option<string?> broker, Option<string?> user, Option<string?> password)
    {
        yield break;
    }
}
