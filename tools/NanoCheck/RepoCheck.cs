using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NanoNode.NanoCheck;

/// <summary>
/// Checks every <c>.nfproj</c> under <c>firmware/</c>, <c>drivers/</c> and <c>tests/</c> of a repository (skipping
/// <c>artifacts/</c>, <c>bin/</c>, <c>obj/</c>): file lists (NANO010/NANO011/NANO012), references (NANO020/NANO021),
/// the CoreLibrary version pinned by the project's packages.config and mscorlib Reference (NANO013: the guard checks
/// against one real mscorlib.dll, so a project pinning another version would be checked against the wrong API)
/// and compilation against the API surface in dependency order (a referenced project is compiled first and its
/// output referenced; a project whose reference failed is still checked, against what did compile).
/// </summary>
public sealed class RepoCheck
{
    /// <summary>Top-level folders that hold nanoFramework projects.</summary>
    public static readonly string[] ProjectRoots = { "firmware", "drivers", "tests" };

    /// <summary>
    /// Reference names that come with a package but have no API for project code: the TestFramework package's
    /// launcher executable, referenced by every NFUnitTest project.
    /// </summary>
    public static readonly string[] IgnoredReferences = { "nanoFramework.UnitTestLauncher" };

    private static readonly string[] SkippedFolders = { "artifacts", "bin", "obj", ".git", ".vs", "node_modules" };

    private readonly NanoChecker _checker;
    private readonly Dictionary<string, NfProject?> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetadataReference?> _images = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);
    private readonly List<NanoDiagnostic> _diagnostics = new();

    public RepoCheck(NanoChecker checker) => _checker = checker;

    /// <summary>Projects checked by the last <see cref="CheckRepository"/> or <see cref="CheckProjects"/> call.</summary>
    public int ProjectCount => _projects.Count;

    /// <summary>Finds and checks every project under <see cref="ProjectRoots"/> of the checker's root.</summary>
    public IReadOnlyList<NanoDiagnostic> CheckRepository()
    {
        var files = ProjectRoots
            .Select(r => Path.Combine(_checker.Root, r))
            .Where(Directory.Exists)
            .SelectMany(FindProjects)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        return CheckProjects(files);
    }

    /// <summary>Checks the given .nfproj files (and the projects they reference).</summary>
    public IReadOnlyList<NanoDiagnostic> CheckProjects(IEnumerable<string> nfprojFiles)
    {
        foreach (var file in nfprojFiles)
        {
            Build(Path.GetFullPath(file), null);
        }

        return _diagnostics.Distinct().ToList();
    }

    /// <summary>Every *.nfproj under <paramref name="dir"/>, skipping build output folders.</summary>
    public static IEnumerable<string> FindProjects(string dir)
    {
        foreach (var file in Directory.GetFiles(dir, "*.nfproj"))
        {
            yield return Path.GetFullPath(file);
        }

        foreach (var sub in Directory.GetDirectories(dir))
        {
            if (SkippedFolders.Contains(Path.GetFileName(sub), StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var file in FindProjects(sub))
            {
                yield return file;
            }
        }
    }

    private MetadataReference? Build(string path, string? requestedBy)
    {
        if (_images.TryGetValue(path, out var done))
        {
            return done;
        }

        if (!File.Exists(path))
        {
            Add("NANO021", requestedBy ?? path, $"project reference '{_checker.Relative(path)}' does not exist");
            return null;
        }

        if (!_inProgress.Add(path))
        {
            Add("NANO021", requestedBy ?? path, $"project reference cycle through '{_checker.Relative(path)}'");
            return null;
        }

        NfProject project;
        try
        {
            project = NfProject.Load(path);
        }
        catch (System.Xml.XmlException e)
        {
            Add("NANO012", path, $"cannot read the project: {e.Message}");
            _projects[path] = null;
            _images[path] = null;
            _inProgress.Remove(path);
            return null;
        }

        _projects[path] = project;
        CheckCoreLibraryPin(project);
        var extra = new List<MetadataReference>();
        foreach (var reference in project.ProjectReferences)
        {
            if (!reference.EndsWith(".nfproj", StringComparison.OrdinalIgnoreCase))
            {
                Add("NANO021", path, $"project reference '{_checker.Relative(reference)}' is not a .nfproj: nanoFramework projects reference only nanoFramework projects");
                continue;
            }

            if (Build(reference, path) is { } image)
            {
                extra.Add(image);
            }
        }

        var sources = new List<NanoSource>();
        foreach (var (include, full) in project.Compile)
        {
            if (File.Exists(full))
            {
                sources.Add(new NanoSource(full, File.ReadAllText(full)));
            }
            else
            {
                Add("NANO011", path, $"{include} is listed in {Path.GetFileName(path)} but does not exist");
            }
        }

        foreach (var wildcard in project.Wildcards)
        {
            Add("NANO012", path, $"Compile item '{wildcard}' uses a wildcard: list every file explicitly, as the nanoFramework project system expects");
        }

        var listed = new HashSet<string>(project.Compile.Select(c => c.FullPath), OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var file in PortableFiles(project.Directory, isProjectFolder: true))
        {
            if (!listed.Contains(file))
            {
                var relative = Path.GetRelativePath(project.Directory, file).Replace('\\', '/');
                Add("NANO010", file, $"{relative} is not in {Path.GetFileName(path)} (list it as <Compile Include=\"{relative.Replace('/', '\\')}\" />, or move host-only code under a Host/ folder)");
            }
        }

        var language = LanguageVersion.CSharp10;
        if (project.LangVersion != null && !LanguageVersionFacts.TryParse(project.LangVersion, out language))
        {
            Add("NANO012", path, $"LangVersion '{project.LangVersion}' is not a C# language version");
            language = LanguageVersion.CSharp10;
        }

        var kind = project.OutputType.Equals("Exe", StringComparison.OrdinalIgnoreCase) ||
                   project.OutputType.Equals("WinExe", StringComparison.OrdinalIgnoreCase)
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;
        MetadataReference? result = null;
        var references = project.References.Where(r => !IgnoredReferences.Contains(r, StringComparer.Ordinal));
        _diagnostics.AddRange(_checker.Check(sources, references, project.AssemblyName, kind, language, project.Defines, extra, path, r => result = r));
        _images[path] = result;
        _inProgress.Remove(path);
        return result;
    }

    /// <summary>
    /// The *.cs files of a project folder tree that its .nfproj must list: everything except bin/, obj/ and Host/
    /// folders and subfolders holding their own project file (.nfproj or .csproj).
    /// </summary>
    private static IEnumerable<string> PortableFiles(string dir, bool isProjectFolder)
    {
        if (!isProjectFolder &&
            (Directory.EnumerateFiles(dir, "*.nfproj").Any() || Directory.EnumerateFiles(dir, "*.csproj").Any()))
        {
            yield break;
        }

        foreach (var file in Directory.GetFiles(dir, "*.cs").OrderBy(f => f, StringComparer.Ordinal))
        {
            yield return Path.GetFullPath(file);
        }

        foreach (var sub in Directory.GetDirectories(dir).OrderBy(d => d, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(sub);
            if (SkippedFolders.Contains(name, StringComparer.OrdinalIgnoreCase) || name.Equals("Host", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var file in PortableFiles(sub, isProjectFolder: false))
            {
                yield return file;
            }
        }
    }

    /// <summary>
    /// NANO013: the project's packages.config (beside the .nfproj) must pin nanoFramework.CoreLibrary at
    /// <see cref="CoreLibrary.PackageVersion"/>, and its mscorlib Reference (Version=..., HintPath) must name that
    /// version.
    /// </summary>
    private void CheckCoreLibraryPin(NfProject project)
    {
        var expected = CoreLibrary.PackageVersion;
        var config = Path.Combine(project.Directory, "packages.config");
        if (File.Exists(config))
        {
            System.Xml.Linq.XDocument doc;
            try
            {
                doc = System.Xml.Linq.XDocument.Load(config);
            }
            catch (System.Xml.XmlException e)
            {
                Add("NANO013", config, $"cannot read packages.config: {e.Message}");
                return;
            }

            foreach (var package in doc.Descendants().Where(e => e.Name.LocalName == "package" &&
                         string.Equals((string?)e.Attribute("id"), CoreLibrary.PackageId, StringComparison.OrdinalIgnoreCase)))
            {
                var version = (string?)package.Attribute("version");
                if (version != expected)
                {
                    Add("NANO013", config, $"packages.config pins {CoreLibrary.PackageId} {version ?? "(no version)"}, but the guard checks against {expected} (tools/NanoCheck/NanoCheck.csproj): pin {expected}, or move the guard and every project to the new version together");
                }
            }
        }

        var (include, hint) = project.CoreLibraryReference;
        if (include != null)
        {
            var versionPart = include.Split(',').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("Version=", StringComparison.OrdinalIgnoreCase));
            if (versionPart != null && versionPart["Version=".Length..] != CoreLibrary.AssemblyVersion.ToString())
            {
                Add("NANO013", project.FullPath, $"the mscorlib Reference names {versionPart}, but the guard checks against mscorlib {CoreLibrary.AssemblyVersion} ({CoreLibrary.PackageId} {expected})");
            }
        }

        if (hint != null)
        {
            var marker = CoreLibrary.PackageId + ".";
            var at = hint.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                var rest = hint[(at + marker.Length)..];
                var end = rest.IndexOfAny(new[] { '\\', '/' });
                var hinted = end < 0 ? rest : rest[..end];
                if (hinted != expected)
                {
                    Add("NANO013", project.FullPath, $"the mscorlib HintPath points at {CoreLibrary.PackageId} {hinted}, but the guard checks against {expected}");
                }
            }
        }
    }

    private void Add(string id, string path, string message) =>
        _diagnostics.Add(new NanoDiagnostic(id, _checker.Relative(path), 0, 0, message));
}
