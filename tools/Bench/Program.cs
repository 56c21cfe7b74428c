// Benchmark entry point: `dotnet run -c Release --project tools/Bench -- <mode> [args]`.
// Modes are IBenchMode classes, one per file (DriversBench.cs, ...), found by reflection: add a file, not a line here.
using System.Reflection;
using NanoNode.Bench;

IBenchMode[] modes = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchMode).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
    .Select(t => (IBenchMode)Activator.CreateInstance(t)!)
    .OrderBy(m => m.Name, StringComparer.Ordinal)
    .ToArray();
IBenchMode? mode = args.Length > 0 ? modes.FirstOrDefault(m => m.Name == args[0]) : null;
if (mode is null)
{
    Console.Error.WriteLine("usage: Bench <mode> [args]");
    foreach (IBenchMode m in modes)
    {
        Console.Error.WriteLine($"  {m.Name,-10} {m.Description}");
    }

    return 2;
}

return mode.Run(args[1..]);
