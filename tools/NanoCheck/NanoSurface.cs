using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace NanoNode.NanoCheck;

/// <summary>
/// The nanoFramework API surface: nanoFramework's real core library (mscorlib.dll of the pinned
/// nanoFramework.CoreLibrary package, see <see cref="CoreLibrary"/>) plus one reference assembly per folder of
/// <c>tools/NanoSurface/</c>, compiled in memory with the folder's name as assembly name. Every folder references
/// mscorlib plus the folders named in its optional <c>references.txt</c> (one name per line). A folder named mscorlib
/// is refused: the core library is never mirrored. Construction compiles everything; a surface that does not compile
/// is an <see cref="InvalidOperationException"/> listing the errors (the surface is ours, so that is a bug to fix,
/// not a user error).
/// </summary>
public sealed class NanoSurface
{
    /// <summary>The core library's assembly name.</summary>
    public const string CoreLibrary = "mscorlib";

    private readonly Dictionary<string, MetadataReference> _references = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _typeCounts = new(StringComparer.Ordinal);

    /// <param name="directory">The surface root (normally <c>tools/NanoSurface</c>).</param>
    /// <param name="coreLibraryPath">nanoFramework's mscorlib.dll; null: the restored one
    /// (<see cref="NanoCheck.CoreLibrary.Locate"/>). Its identity is checked either way.</param>
    public NanoSurface(string directory, string? coreLibraryPath = null)
    {
        Directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new InvalidOperationException($"no API surface folder {Directory}");
        }

        if (System.IO.Directory.Exists(Path.Combine(Directory, CoreLibrary)))
        {
            throw new InvalidOperationException(
                $"{Path.Combine(Directory, CoreLibrary)} exists: the core library is nanoFramework's real mscorlib.dll, never a mirror; delete the folder");
        }

        if (coreLibraryPath == null)
        {
            coreLibraryPath = NanoCheck.CoreLibrary.Locate();
        }
        else
        {
            NanoCheck.CoreLibrary.Verify(coreLibraryPath);
        }

        CoreLibraryPath = Path.GetFullPath(coreLibraryPath);
        _references[CoreLibrary] = MetadataReference.CreateFromFile(CoreLibraryPath);
        _typeCounts[CoreLibrary] = CountCoreLibraryTypes(_references[CoreLibrary]);

        var folders = System.IO.Directory.GetDirectories(Directory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        var dependencies = folders.ToDictionary(f => f, ReadDependencies, StringComparer.Ordinal);
        dependencies[CoreLibrary] = new List<string>();
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            Compile(folder, dependencies, visiting);
        }
    }

    /// <summary>The surface root this instance was compiled from.</summary>
    public string Directory { get; }

    /// <summary>The real mscorlib.dll every check compiles against.</summary>
    public string CoreLibraryPath { get; }

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
            if (File.Exists(Path.Combine(candidate, "README.md")))
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
        if (!names.Contains(CoreLibrary))
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

    private static int CountCoreLibraryTypes(MetadataReference reference)
    {
        var compilation = CSharpCompilation.Create("count", references: new[] { reference });
        return compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly ? CountTypes(assembly.GlobalNamespace) : 0;
    }

    private static int CountTypes(INamespaceSymbol ns)
    {
        var count = 0;
        foreach (var member in ns.GetMembers())
        {
            count += member switch
            {
                INamespaceSymbol child => CountTypes(child),
                INamedTypeSymbol type when type.CanBeReferencedByName && type.DeclaredAccessibility == Accessibility.Public => 1 + type.GetTypeMembers().Length,
                _ => 0,
            };
        }

        return count;
    }
}
