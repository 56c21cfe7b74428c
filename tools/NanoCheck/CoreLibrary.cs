using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace NanoNode.NanoCheck;

/// <summary>
/// nanoFramework's real core library: <c>lib/mscorlib.dll</c> of the nanoFramework.CoreLibrary NuGet package at the
/// version every <c>packages.config</c> pins (<see cref="PackageVersion"/>). The build of NanoCheck restores the
/// package and copies the file to <c>nanoFramework.CoreLibrary/mscorlib.dll</c> beside the NanoCheck assembly
/// (NanoCheck.csproj); <see cref="Locate"/> finds it there and <see cref="Verify"/> checks its identity. There is no
/// hand-written mscorlib: a missing or different file is an error, never a fallback.
/// </summary>
public static class CoreLibrary
{
    /// <summary>The assembly's simple name.</summary>
    public const string AssemblyName = "mscorlib";

    /// <summary>The NuGet package id.</summary>
    public const string PackageId = "nanoFramework.CoreLibrary";

    /// <summary>mscorlib's public key token in every nanoFramework.CoreLibrary release (lower-case hex).</summary>
    public const string PublicKeyToken = "c07d481e9758c731";

    /// <summary>The pinned package version (NanoCheck.csproj's NanoCoreLibraryVersion, e.g. "1.17.11").</summary>
    public static string PackageVersion { get; } =
        typeof(CoreLibrary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NanoCoreLibraryVersion")?.Value
        ?? throw new InvalidOperationException("NanoCheck was built without its NanoCoreLibraryVersion metadata");

    /// <summary>The assembly version the package's mscorlib.dll carries (package version + ".0").</summary>
    public static Version AssemblyVersion => new(PackageVersion + ".0");

    /// <summary>Where the build puts the restored mscorlib.dll, relative to the NanoCheck assembly's folder.</summary>
    public static readonly string RelativePath = Path.Combine("nanoFramework.CoreLibrary", "mscorlib.dll");

    /// <summary>
    /// The path of the restored mscorlib.dll next to the running NanoCheck assembly, identity-checked; an
    /// <see cref="InvalidOperationException"/> with a message for the user when it is missing or not the pinned
    /// assembly.
    /// </summary>
    public static string Locate()
    {
        var path = Path.Combine(AppContext.BaseDirectory, RelativePath);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{PackageId} {PackageVersion} is not restored: no {path}. Build tools/NanoCheck with a NuGet source " +
                $"that has the package (dotnet build tools/NanoCheck); the guard has no fallback core library.");
        }

        Verify(path);
        return path;
    }

    /// <summary>
    /// Checks that <paramref name="path"/> is nanoFramework's mscorlib of the pinned version: name mscorlib,
    /// version <see cref="AssemblyVersion"/>, public key token <see cref="PublicKeyToken"/>. Throws
    /// <see cref="InvalidOperationException"/> naming what differs.
    /// </summary>
    public static void Verify(string path)
    {
        string name;
        Version version;
        string token;
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var reader = pe.GetMetadataReader();
            var definition = reader.GetAssemblyDefinition();
            name = reader.GetString(definition.Name);
            version = definition.Version;
            var key = reader.GetBlobBytes(definition.PublicKey);
            token = key.Length == 0 ? "null" : Convert.ToHexString(TokenOf(key)).ToLowerInvariant();
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or IOException)
        {
            throw new InvalidOperationException($"{path} is not a readable .NET assembly: {e.Message}");
        }

        if (name != AssemblyName || version != AssemblyVersion || token != PublicKeyToken)
        {
            throw new InvalidOperationException(
                $"{path} is '{name}, Version={version}, PublicKeyToken={token}', not nanoFramework's " +
                $"'{AssemblyName}, Version={AssemblyVersion}, PublicKeyToken={PublicKeyToken}' ({PackageId} {PackageVersion})");
        }
    }

    /// <summary>The public key token: the last 8 bytes of the key's SHA-1, reversed (ECMA-335 II.6.2.1.3).</summary>
    private static byte[] TokenOf(byte[] publicKey)
    {
        var hash = System.Security.Cryptography.SHA1.HashData(publicKey);
        var token = new byte[8];
        for (var i = 0; i < 8; i++)
        {
            token[i] = hash[hash.Length - 1 - i];
        }

        return token;
    }
}
