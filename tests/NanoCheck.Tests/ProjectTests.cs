using NanoNode.NanoCheck;
using Xunit;

namespace NanoNode.NanoCheck.Tests;

/// <summary>The .nfproj checks (file lists, references, project references) over small temporary repositories.</summary>
public sealed class ProjectTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nanocheck-" + Guid.NewGuid().ToString("N"));

    public ProjectTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string NfProj(string assemblyName, string outputType, string items) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <Project ToolsVersion="Current" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
          <PropertyGroup>
            <OutputType>{outputType}</OutputType>
            <AssemblyName>{assemblyName}</AssemblyName>
            <TargetFrameworkVersion>v1.0</TargetFrameworkVersion>
          </PropertyGroup>
          <ItemGroup>
        {items}
          </ItemGroup>
        </Project>
        """;

    private const string Mscorlib = """
            <Reference Include="mscorlib, Version=1.17.11.0, Culture=neutral, PublicKeyToken=c07d481e9758c731">
              <HintPath>..\..\packages\nanoFramework.CoreLibrary.1.17.11\lib\mscorlib.dll</HintPath>
            </Reference>
        """;

    private IReadOnlyList<NanoDiagnostic> CheckRepo()
    {
        var checker = new NanoChecker(Guard.Checker.Surface, _root);
        return new RepoCheck(checker).CheckRepository();
    }

    [Fact]
    public void Clean_project_passes()
    {
        Write("firmware/Lib/Lib.nfproj", NfProj("Lib", "Library", "<Compile Include=\"Codec.cs\" />\n" + Mscorlib));
        Write("firmware/Lib/Codec.cs", "namespace Lib { public class Codec { public static int Two() => 2; } }");
        Assert.Empty(CheckRepo());
    }

    [Fact]
    public void Missing_listed_file_is_reported()
    {
        Write("firmware/Lib/Lib.nfproj", NfProj("Lib", "Library", "<Compile Include=\"Gone.cs\" />\n" + Mscorlib));
        var d = Assert.Single(CheckRepo());
        Assert.Equal("NANO011", d.Id);
        Assert.Equal("firmware/Lib/Lib.nfproj", d.Path);
        Assert.Contains("Gone.cs is listed in Lib.nfproj but does not exist", d.Message);
    }

    [Fact]
    public void Unlisted_portable_file_is_reported_but_Host_and_subprojects_are_not()
    {
        Write("drivers/Sht3x/Sht3x.nfproj", NfProj("Sht3x", "Library", "<Compile Include=\"Sht3x.cs\" />\n" + Mscorlib));
        Write("drivers/Sht3x/Sht3x.cs", "public class Sht3x { }");
        Write("drivers/Sht3x/Crc/Crc8.cs", "public class Crc8 { }");
        Write("drivers/Sht3x/Host/HostOnly.cs", "public class HostOnly { }");
        Write("drivers/Sht3x/obj/Generated.cs", "public class Generated { }");
        Write("drivers/Sht3x/Tests/Sht3x.Tests.csproj", "<Project />");
        Write("drivers/Sht3x/Tests/SomeTest.cs", "public class SomeTest { }");
        var d = Assert.Single(CheckRepo());
        Assert.Equal("NANO010", d.Id);
        Assert.Equal("drivers/Sht3x/Crc/Crc8.cs", d.Path);
        Assert.StartsWith("Crc/Crc8.cs is not in Sht3x.nfproj", d.Message);
    }

    [Fact]
    public void Unknown_reference_is_reported_by_name()
    {
        Write("firmware/App/App.nfproj", NfProj("App", "Library", "<Compile Include=\"A.cs\" />\n" + Mscorlib +
            "<Reference Include=\"nanoFramework.M2Mqtt, Version=5.1.220.0, Culture=neutral, PublicKeyToken=c07d481e9758c731\" />"));
        Write("firmware/App/A.cs", "public class A { }");
        var d = Assert.Single(CheckRepo());
        Assert.Equal("NANO020", d.Id);
        Assert.Equal("firmware/App/App.nfproj", d.Path);
        Assert.Contains("'nanoFramework.M2Mqtt'", d.Message);
    }

    [Fact]
    public void Project_reference_is_compiled_first_and_referenced()
    {
        Write("firmware/Mqtt/Mqtt.nfproj", NfProj("NanoNode.Mqtt", "Library", "<Compile Include=\"Codec.cs\" />\n" + Mscorlib));
        Write("firmware/Mqtt/Codec.cs", "namespace NanoNode.Mqtt { public static class Codec { public static int Encode(byte[] b) => b.Length; } }");
        Write("firmware/App/App.nfproj", NfProj("App", "Exe", "<Compile Include=\"Program.cs\" />\n" + Mscorlib +
            "<ProjectReference Include=\"..\\Mqtt\\Mqtt.nfproj\" />"));
        Write("firmware/App/Program.cs", "public class Program { public static void Main() { NanoNode.Mqtt.Codec.Encode(new byte[2]); System.Threading.Thread.Sleep(-1); } }");
        Assert.Empty(CheckRepo());
    }

    [Fact]
    public void Error_in_a_referenced_project_is_reported_once_not_again_in_its_dependents()
    {
        Write("firmware/Mqtt/Mqtt.nfproj", NfProj("NanoNode.Mqtt", "Library", "<Compile Include=\"Codec.cs\" />\n" + Mscorlib));
        Write("firmware/Mqtt/Codec.cs", "namespace NanoNode.Mqtt { public static class Codec { public static int Encode(byte[] b) { var l = new System.Collections.Generic.List<byte>(); return b.Length; } } }");
        Write("firmware/App/App.nfproj", NfProj("App", "Exe", "<Compile Include=\"Program.cs\" />\n" + Mscorlib +
            "<ProjectReference Include=\"..\\Mqtt\\Mqtt.nfproj\" />"));
        Write("firmware/App/Program.cs", "public class Program { public static void Main() { NanoNode.Mqtt.Codec.Encode(new byte[2]); } }");
        var d = Assert.Single(CheckRepo());
        Assert.StartsWith("firmware/Mqtt/Codec.cs(1,", d.ToString(), StringComparison.Ordinal);
        Assert.Contains("error CS0234", d.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_errors_carry_repo_relative_positions()
    {
        Write("tests/Suite/NFUnitTest.nfproj", NfProj("NFUnitTest", "Library", "<Compile Include=\"T.cs\" />\n" + Mscorlib +
            "<Reference Include=\"nanoFramework.TestFramework, Version=3.0.0.0\" /><Reference Include=\"nanoFramework.UnitTestLauncher\" />"));
        Write("tests/Suite/T.cs", "using nanoFramework.TestFramework;\n[TestClass]\npublic class T\n{\n    [TestMethod]\n    public static void M() { Assert.Equal(1, 2); }\n}\n");
        var d = Assert.Single(CheckRepo());
        Assert.Equal("tests/Suite/T.cs(6,37): error CS0117: 'Assert' does not contain a definition for 'Equal'", d.ToString());
    }

    [Fact]
    public void CoreLibrary_pinned_at_another_version_is_reported()
    {
        Write("firmware/Lib/Lib.nfproj", NfProj("Lib", "Library", "<Compile Include=\"Codec.cs\" />\n" + """
                <Reference Include="mscorlib, Version=1.17.10.0, Culture=neutral, PublicKeyToken=c07d481e9758c731">
                  <HintPath>..\..\packages\nanoFramework.CoreLibrary.1.17.10\lib\mscorlib.dll</HintPath>
                </Reference>
            """));
        Write("firmware/Lib/Codec.cs", "namespace Lib { public class Codec { } }");
        Write("firmware/Lib/packages.config", """
            <?xml version="1.0" encoding="utf-8"?>
            <packages>
              <package id="nanoFramework.CoreLibrary" version="1.17.10" targetFramework="netnano1.0" />
            </packages>
            """);
        var diagnostics = CheckRepo();
        Assert.Equal(3, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal("NANO013", d.Id));
        Assert.Contains(diagnostics, d => d.Path == "firmware/Lib/packages.config" && d.Message.Contains("pins nanoFramework.CoreLibrary 1.17.10, but the guard checks against 1.17.11", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Path == "firmware/Lib/Lib.nfproj" && d.Message.Contains("Version=1.17.10.0", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Path == "firmware/Lib/Lib.nfproj" && d.Message.Contains("HintPath points at nanoFramework.CoreLibrary 1.17.10", StringComparison.Ordinal));
    }

    [Fact]
    public void CoreLibrary_pinned_at_the_guard_version_passes()
    {
        Write("firmware/Lib/Lib.nfproj", NfProj("Lib", "Library", "<Compile Include=\"Codec.cs\" />\n" + Mscorlib));
        Write("firmware/Lib/Codec.cs", "namespace Lib { public class Codec { } }");
        Write("firmware/Lib/packages.config", """
            <?xml version="1.0" encoding="utf-8"?>
            <packages>
              <package id="nanoFramework.CoreLibrary" version="1.17.11" targetFramework="netnano1.0" />
            </packages>
            """);
        Assert.Empty(CheckRepo());
    }
}

/// <summary>The core library is nanoFramework's real mscorlib.dll, checked by identity; there is no mirror of it.</summary>
public sealed class CoreLibraryTests
{
    [Fact]
    public void The_restored_mscorlib_is_nanoFrameworks_CoreLibrary_1_17_11()
    {
        var path = CoreLibrary.Locate();
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "nanoFramework.CoreLibrary", "mscorlib.dll"), path);
        Assert.Equal("1.17.11", CoreLibrary.PackageVersion);
        Assert.Equal(path, Guard.Checker.Surface.CoreLibraryPath);
    }

    [Fact]
    public void Another_assembly_is_refused_as_core_library()
    {
        // NanoCheck.dll: a real assembly, but not mscorlib 1.17.11.0 with token c07d481e9758c731.
        var e = Assert.Throws<InvalidOperationException>(() => CoreLibrary.Verify(typeof(CoreLibrary).Assembly.Location));
        Assert.Contains("'NanoCheck, Version=", e.Message, StringComparison.Ordinal);
        Assert.Contains("not nanoFramework's 'mscorlib, Version=1.17.11.0, PublicKeyToken=c07d481e9758c731'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_refused()
    {
        var file = Path.Combine(Path.GetTempPath(), "nanocheck-not-an-assembly-" + Guid.NewGuid().ToString("N") + ".dll");
        File.WriteAllText(file, "not a PE file");
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => CoreLibrary.Verify(file));
            Assert.Contains("is not a readable .NET assembly", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_mirrored_mscorlib_folder_is_refused()
    {
        var dir = Path.Combine(Path.GetTempPath(), "nanocheck-surface-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "mscorlib"));
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => new NanoSurface(dir));
            Assert.Contains("never a mirror", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
