using System.Xml.Linq;

namespace NanoNode.NanoCheck;

/// <summary>
/// What the guard reads from a classic nanoFramework project (<c>.nfproj</c>, MSBuild 2003 schema): Compile items,
/// Reference items (simple assembly name), ProjectReference items, AssemblyName, OutputType, LangVersion and
/// DefineConstants. Conditions are ignored: DefineConstants from every PropertyGroup are unioned (so DEBUG from a
/// Debug group is defined), <c>$(...)</c> tokens dropped. Paths are full paths with the OS separator.
/// </summary>
public sealed class NfProject
{
    private NfProject(string path)
    {
        FullPath = Path.GetFullPath(path);
        Directory = Path.GetDirectoryName(FullPath)!;
    }

    /// <summary>Full path of the .nfproj.</summary>
    public string FullPath { get; }

    /// <summary>Folder of the .nfproj.</summary>
    public string Directory { get; }

    /// <summary>AssemblyName, or the file name without extension when absent.</summary>
    public string AssemblyName { get; private set; } = "";

    /// <summary>OutputType (Exe, Library, ...); Library when absent.</summary>
    public string OutputType { get; private set; } = "Library";

    /// <summary>LangVersion text, or null when absent.</summary>
    public string? LangVersion { get; private set; }

    /// <summary>Preprocessor symbols from DefineConstants.</summary>
    public List<string> Defines { get; } = new();

    /// <summary>Compile items as written (backslashes normalised) and resolved to full paths.</summary>
    public List<(string Include, string FullPath)> Compile { get; } = new();

    /// <summary>Simple names of the Reference items (<c>mscorlib</c> from <c>mscorlib, Version=1.17.11.0, ...</c>).</summary>
    public List<string> References { get; } = new();

    /// <summary>The mscorlib Reference item as written: its Include (with Version=...) and HintPath; nulls when absent.</summary>
    public (string? Include, string? HintPath) CoreLibraryReference { get; private set; }

    /// <summary>Full paths of ProjectReference items.</summary>
    public List<string> ProjectReferences { get; } = new();

    /// <summary>Compile items with wildcards, which the classic project system does not use (reported as NANO012).</summary>
    public List<string> Wildcards { get; } = new();

    /// <summary>Reads and parses <paramref name="path"/>. Malformed XML throws <see cref="System.Xml.XmlException"/>.</summary>
    public static NfProject Load(string path)
    {
        var project = new NfProject(path);
        var doc = XDocument.Load(project.FullPath);
        var elements = doc.Descendants().ToList();
        string? Property(string name) => elements.LastOrDefault(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "PropertyGroup")?.Value.Trim();

        project.AssemblyName = Property("AssemblyName") is { Length: > 0 } a ? a : Path.GetFileNameWithoutExtension(project.FullPath);
        project.OutputType = Property("OutputType") is { Length: > 0 } o ? o : "Library";
        project.LangVersion = Property("LangVersion");
        foreach (var define in elements.Where(e => e.Name.LocalName == "DefineConstants"))
        {
            project.Defines.AddRange(define.Value.Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(s => !s.Contains("$(", StringComparison.Ordinal)));
        }

        foreach (var item in elements.Where(e => e.Parent?.Name.LocalName == "ItemGroup"))
        {
            var include = item.Attribute("Include")?.Value.Trim();
            if (string.IsNullOrEmpty(include))
            {
                continue;
            }

            switch (item.Name.LocalName)
            {
                case "Compile":
                    var normalised = include.Replace('\\', '/');
                    if (normalised.Contains('*', StringComparison.Ordinal) || normalised.Contains('?', StringComparison.Ordinal))
                    {
                        project.Wildcards.Add(normalised);
                    }
                    else
                    {
                        project.Compile.Add((normalised, Path.GetFullPath(Path.Combine(project.Directory, normalised))));
                    }

                    break;
                case "Reference":
                    var simpleName = include.Split(',')[0].Trim();
                    project.References.Add(simpleName);
                    if (simpleName == CoreLibrary.AssemblyName)
                    {
                        var hint = item.Elements().FirstOrDefault(e => e.Name.LocalName == "HintPath")?.Value.Trim();
                        project.CoreLibraryReference = (include, hint);
                    }

                    break;
                case "ProjectReference":
                    project.ProjectReferences.Add(Path.GetFullPath(Path.Combine(project.Directory, include.Replace('\\', '/'))));
                    break;
            }
        }

        project.Defines.Sort(StringComparer.Ordinal);
        return project;
    }
}
