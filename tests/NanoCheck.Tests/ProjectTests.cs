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
}
