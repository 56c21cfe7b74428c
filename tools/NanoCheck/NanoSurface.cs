using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace NanoNode.NanoCheck;

/// <summary>
/// The nanoFramework API surface: one reference assembly per folder of <c>tools/NanoSurface/</c>, compiled in memory
/// with the folder's name as assembly name. mscorlib is compiled first with no references (NoStdLib); every other
/// folder references mscorlib plus the folders named in its optional <c>references.txt</c> (one name per line).
/// Construction compiles everything; a surface that does not compile is an <see cref="InvalidOperationException"/>
/// listing the errors (the surface is ours, so that is a bug to fix, not a user error).
/// </summary>
public sealed class NanoSurface
{
    /// <summary>The core library's assembly name.</summary>
    public const string CoreLibrary = "mscorlib";

    private readonly Dictionary<string, MetadataReference> _references = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _typeCounts = new(StringComparer.Ordinal);

    /// <param name="directory">The surface root (normally <c>tools/NanoSurface</c>).</param>
    public NanoSurface(string directory)
    {
        Directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(Path.Combine(Directory, CoreLibrary)))
        {
            throw new InvalidOperationException($"no {CoreLibrary} folder under the API surface {Directory}");
        }

        var folders = System.IO.Directory.GetDirectories(Directory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        var dependencies = folders.ToDictionary(f => f, ReadDependencies, StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            Compile(folder, dependencies, visiting);
        }
    }

    /// <summary>The surface root this instance was compiled from.</summary>
    public string Directory { get; }

    /// <summary>Every surface assembly name, sorted.</summary>
    public IReadOnlyList<string> AssemblyNames => _references.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>Whether an assembly of that simple name has a surface.</summary>
    public bool Contains(string assemblyName) => _references.ContainsKey(assemblyName);

    /// <summary>The in-memory reference image of a surface assembly.</summary>
    public MetadataReference GetReference(string assemblyName) => _references[assemblyName];

    /// <summary>Number of top-level and nested types a surface assembly declares (for <c>--list-surface</c>).</summary>
    public int TypeCount(string assemblyName) => _typeCounts[assemblyName];

    /// <summary>
    /// Finds <c>tools/NanoSurface</c> by walking up from <paramref name="start"/>; null when there is none.
    /// </summary>
    public static string? FindDirectory(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "NanoSurface");
            if (System.IO.Directory.Exists(Path.Combine(candidate, CoreLibrary)))
            {
                return candidate;
            }
        }

        return null;
    }

    private List<string> ReadDependencies(string folder)
    {
        var file = Path.Combine(Directory, folder, "references.txt");
        var names = File.Exists(file)
            ? File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList()
            : new List<string>();
        if (folder != CoreLibrary && !names.Contains(CoreLibrary))
        {
            names.Insert(0, CoreLibrary);
        }

        return names;
    }

    private void Compile(string name, Dictionary<string, List<string>> dependencies, HashSet<string> visiting)
    {
        if (_references.ContainsKey(name))
        {
            return;
        }

        if (!visiting.Add(name))
        {
            throw new InvalidOperationException($"API surface: reference cycle through {name}");
        }

        var refs = new List<MetadataReference>();
        foreach (var dependency in dependencies[name])
        {
            if (!dependencies.ContainsKey(dependency))
            {
                throw new InvalidOperationException($"API surface: {name}/references.txt names {dependency}, which has no folder");
            }

            Compile(dependency, dependencies, visiting);
            refs.Add(_references[dependency]);
        }

        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = System.IO.Directory.GetFiles(Path.Combine(Directory, name), "*.cs", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f))
            .ToList();
        var compilation = CSharpCompilation.Create(
            name,
            trees,
            refs,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Disable,
                allowUnsafe: true,
                deterministic: true));
        using var image = new MemoryStream();
        var result = compilation.Emit(
            image,
            options: new EmitOptions(metadataOnly: true, runtimeMetadataVersion: "v4.0.30319"));
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString());
            throw new InvalidOperationException($"API surface {name} does not compile:{Environment.NewLine}" +
                                                string.Join(Environment.NewLine, errors));
        }

        _references[name] = MetadataReference.CreateFromImage(ImmutableArray.Create(image.ToArray()), filePath: name + ".dll");
        _typeCounts[name] = CountTypes(compilation.Assembly.GlobalNamespace);
        visiting.Remove(name);
    }

    private static int CountTypes(INamespaceSymbol ns)
    {
        var count = 0;
        foreach (var member in ns.GetMembers())
        {
            count += member switch
            {
                INamespaceSymbol child => CountTypes(child),
                INamedTypeSymbol type when type.CanBeReferencedByName => 1 + type.GetTypeMembers().Length,
                _ => 0,
            };
        }

        return count;
    }
}
