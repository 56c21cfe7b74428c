using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NanoNode.NanoCheck;

/// <summary>One source file to check: its path (for messages) and its text.</summary>
public sealed record NanoSource(string Path, string Text);

/// <summary>
/// Compiles C# sources against the nanoFramework API surface (the real mscorlib.dll plus tools/NanoSurface) and
/// returns every error: compiler errors (CSxxxx), nanoFramework language-feature errors (NANO001,
/// <see cref="NanoRules"/>) and attribute arguments the metadata processor rejects (NANO002,
/// <see cref="NanoAttributeRules"/>). Thread-safe after
/// construction; the surface is compiled once by the constructor.
/// </summary>
public sealed class NanoChecker
{
    /// <summary>The preprocessor symbol the nanoFramework project system defines for every build.</summary>
    /// <remarks>
    /// nanoFramework libraries guard device-only code with <c>#if NANOFRAMEWORK_1_0</c>; the classic project system
    /// (NFProjectSystem.CSharp.targets) defines it. [unverified] the exact targets file line: chosen from its use
    /// across nanoFramework's own sources.
    /// </remarks>
    public const string NanoFrameworkSymbol = "NANOFRAMEWORK_1_0";

    /// <param name="surface">The compiled API surface.</param>
    /// <param name="root">Repository root: paths under it are reported relative to it.</param>
    public NanoChecker(NanoSurface surface, string root)
    {
        Surface = surface;
        Root = Path.GetFullPath(root);
    }

    /// <summary>The API surface the sources compile against.</summary>
    public NanoSurface Surface { get; }

    /// <summary>The repository root used for relative paths in diagnostics.</summary>
    public string Root { get; }

    /// <summary>
    /// Compiles <paramref name="sources"/> as one assembly against the surface assemblies named by
    /// <paramref name="references"/> (mscorlib is always added) plus <paramref name="extraReferences"/> (images of
    /// other checked projects), and returns every error. An unknown reference name is a NANO020 error.
    /// </summary>
    /// <param name="image">When not null and compilation succeeds, receives the metadata-only image of the result.</param>
    public IReadOnlyList<NanoDiagnostic> Check(
        IEnumerable<NanoSource> sources,
        IEnumerable<string> references,
        string assemblyName = "NanoCheckSources",
        OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary,
        LanguageVersion languageVersion = LanguageVersion.CSharp10,
        IEnumerable<string>? defines = null,
        IEnumerable<MetadataReference>? extraReferences = null,
        string? referencedBy = null,
        Action<MetadataReference>? image = null)
    {
        var diagnostics = new List<NanoDiagnostic>();
        var refs = new List<MetadataReference> { Surface.GetReference(NanoSurface.CoreLibrary) };
        foreach (var name in references.Distinct(StringComparer.Ordinal))
        {
            if (name == NanoSurface.CoreLibrary)
            {
                continue;
            }

            if (Surface.Contains(name))
            {
                refs.Add(Surface.GetReference(name));
            }
            else
            {
                diagnostics.Add(new NanoDiagnostic("NANO020", Relative(referencedBy ?? Root), 0, 0,
                    $"reference '{name}' has no nanoFramework API surface (tools/NanoSurface/{name}/); add the assembly's surface or remove the reference"));
            }
        }

        if (extraReferences != null)
        {
            refs.AddRange(extraReferences);
        }

        var symbols = new List<string> { NanoFrameworkSymbol };
        if (defines != null)
        {
            symbols.AddRange(defines);
        }

        var parse = new CSharpParseOptions(languageVersion, preprocessorSymbols: symbols.Distinct(StringComparer.Ordinal));
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, s.Path)).ToList();
        foreach (var tree in trees)
        {
            foreach (var (location, message) in NanoRules.Find(tree))
            {
                diagnostics.Add(ToDiagnostic(NanoRules.Id, location, message));
            }
        }

        var compilation = CSharpCompilation.Create(
            assemblyName,
            trees,
            refs,
            new CSharpCompilationOptions(
                outputKind,
                nullableContextOptions: NullableContextOptions.Disable,
                allowUnsafe: true,
                deterministic: true));
        foreach (var (location, message) in NanoAttributeRules.Find(compilation))
        {
            diagnostics.Add(ToDiagnostic(NanoAttributeRules.Id, location, message));
        }

        using var stream = new MemoryStream();
        var result = compilation.Emit(stream, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(metadataOnly: false));
        foreach (var d in result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            diagnostics.Add(ToDiagnostic(d.Id, d.Location, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        }

        // The compilation itself (not emitted bytes) is what dependents reference, even when it has errors: they bind
        // against its declarations, so an error inside a method body is reported once, in its own project, instead of
        // again as "type or namespace not found" in every project that references it.
        if (image != null)
        {
            image(compilation.ToMetadataReference());
        }

        return diagnostics
            .Distinct()
            .OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A path relative to <see cref="Root"/> with forward slashes, or the full path when outside it.</summary>
    public string Relative(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Root, full);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative)
            .Replace('\\', '/');
    }

    private NanoDiagnostic ToDiagnostic(string id, Location location, string message)
    {
        if (!location.IsInSource)
        {
            return new NanoDiagnostic(id, "<project>", 0, 0, message);
        }

        var span = location.GetLineSpan();
        var path = string.IsNullOrEmpty(span.Path) ? "<source>" : Relative(span.Path);
        return new NanoDiagnostic(id, path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, message);
    }
}
