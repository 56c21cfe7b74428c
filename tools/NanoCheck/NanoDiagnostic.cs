namespace NanoNode.NanoCheck;

/// <summary>
/// One error found by the guard. <see cref="Path"/> is relative to the repository root (forward slashes) when the
/// file lies under it, otherwise as given; <see cref="Line"/> and <see cref="Column"/> are 1-based, 0 when the error
/// has no source position (a project-level error).
/// </summary>
/// <param name="Id">A C# compiler id (<c>CS0246</c>) or a guard id (<c>NANO001</c> language feature,
/// <c>NANO010</c> unlisted file, <c>NANO011</c> missing file, <c>NANO012</c> unsupported item,
/// <c>NANO020</c> unknown reference, <c>NANO021</c> bad project reference, <c>NANO030</c> surface error).</param>
public sealed record NanoDiagnostic(string Id, string Path, int Line, int Column, string Message)
{
    /// <summary><c>path(line,col): error ID: message</c>, the format compilers and CI annotators understand.</summary>
    public override string ToString() =>
        Line > 0 ? $"{Path}({Line},{Column}): error {Id}: {Message}" : $"{Path}: error {Id}: {Message}";
}
