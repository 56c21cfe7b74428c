namespace NanoNode.Bench;

/// <summary>
/// One benchmark mode, selected by the first command-line argument (<see cref="Name"/>). To add a mode (client, device,
/// broker, ...): add a file with a public sealed class implementing this interface and a parameterless constructor, and a
/// ProjectReference in Bench.csproj if it needs another library. Program.cs discovers modes by reflection: do not edit it.
/// </summary>
public interface IBenchMode
{
    /// <summary>Argument that selects the mode, lowercase (e.g. "drivers").</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs the mode; <paramref name="args"/> are the arguments after the mode name. Prints results as
    /// <c>name: value unit</c> lines on stdout (see <see cref="BenchOutput"/>). Returns the process exit code.</summary>
    int Run(string[] args);
}
