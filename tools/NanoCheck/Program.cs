using NanoNode.NanoCheck;

// nano-check: the nanoFramework API guard. Usage:
//   NanoCheck [--root <dir>]                      check every .nfproj under firmware/, drivers/, tests/
//   NanoCheck --sources <a.cs> [b.cs...] [--references mscorlib,System.Device.I2c]
//   NanoCheck --list-surface                      print each surface assembly and its type count
// Prints each error as "path(line,col): error ID: message", then "nano-check: OK" (exit 0) or
// "nano-check: N errors" (exit 1). Bad arguments or a broken surface: exit 2.
string? root = null;
var sources = new List<string>();
var references = new List<string>();
var listSurface = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--root" when i + 1 < args.Length:
            root = args[++i];
            break;
        case "--sources":
            while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                sources.Add(args[++i]);
            }

            break;
        case "--references" when i + 1 < args.Length:
            references.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            break;
        case "--list-surface":
            listSurface = true;
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: nano-check [--root <dir>] | --sources <file.cs...> [--references a,b,c] | --list-surface");
            return 0;
        default:
            Console.Error.WriteLine($"nano-check: unknown argument '{args[i]}' (see --help)");
            return 2;
    }
}

root ??= FindRoot(Directory.GetCurrentDirectory());
if (root == null)
{
    Console.Error.WriteLine("nano-check: no repository root (nano.sln or .git) above the current directory; pass --root");
    return 2;
}

var surfaceDir = Path.Combine(root, "tools", "NanoSurface");
NanoSurface surface;
try
{
    surface = new NanoSurface(surfaceDir);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"nano-check: {e.Message}");
    return 2;
}

if (listSurface)
{
    foreach (var name in surface.AssemblyNames)
    {
        Console.WriteLine($"{name,-36} {surface.TypeCount(name),4} types");
    }

    return 0;
}

var checker = new NanoChecker(surface, root);
IReadOnlyList<NanoDiagnostic> diagnostics;
if (sources.Count > 0)
{
    var missing = sources.Where(s => !File.Exists(s)).ToList();
    if (missing.Count > 0)
    {
        Console.Error.WriteLine($"nano-check: no such file: {string.Join(", ", missing)}");
        return 2;
    }

    diagnostics = checker.Check(sources.Select(s => new NanoSource(Path.GetFullPath(s), File.ReadAllText(s))), references);
}
else
{
    diagnostics = new RepoCheck(checker).CheckRepository();
}

foreach (var d in diagnostics)
{
    Console.WriteLine(d);
}

Console.WriteLine(diagnostics.Count == 0 ? "nano-check: OK" : $"nano-check: {diagnostics.Count} error{(diagnostics.Count == 1 ? "" : "s")}");
return diagnostics.Count == 0 ? 0 : 1;

static string? FindRoot(string start)
{
    for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "nano.sln")) || Directory.Exists(Path.Combine(dir.FullName, ".git")) ||
            File.Exists(Path.Combine(dir.FullName, ".git")))
        {
            return dir.FullName;
        }
    }

    return null;
}
