using NanoNode.NanoCheck;
using Xunit;

namespace NanoNode.NanoCheck.Tests;

/// <summary>The surface is compiled once per test run (it takes a second); NanoChecker is thread-safe.</summary>
public static class Guard
{
    private static readonly Lazy<NanoChecker> Instance = new(() =>
    {
        var surface = NanoSurface.FindDirectory(AppContext.BaseDirectory)
                      ?? throw new InvalidOperationException("tools/NanoSurface not found above " + AppContext.BaseDirectory);
        return new NanoChecker(new NanoSurface(surface), Path.GetDirectoryName(Path.GetDirectoryName(surface))!);
    });

    public static NanoChecker Checker => Instance.Value;

    /// <summary>Checks one sample file from Samples/ (copied next to the test assembly).</summary>
    public static IReadOnlyList<NanoDiagnostic> CheckSample(string name, params string[] references)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Samples", name);
        return Checker.Check(new[] { new NanoSource(path, File.ReadAllText(path)) }, references.Length == 0 ? new[] { "mscorlib" } : references);
    }
}

/// <summary>Each sample must be rejected with the specific diagnostic that names the missing feature.</summary>
public class FailingSampleTests
{
    private static void AssertHas(IReadOnlyList<NanoDiagnostic> diagnostics, string id, string fragment)
    {
        Assert.True(
            diagnostics.Any(d => d.Id == id && d.Message.Contains(fragment, StringComparison.Ordinal)),
            $"expected {id} containing '{fragment}', got:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}");
    }

    [Fact]
    public void ListOfT_is_rejected() =>
        AssertHas(Guard.CheckSample("FailListOfT.cs"), "CS0246", "'List<>' could not be found");

    [Fact]
    public void Linq_is_rejected()
    {
        var diagnostics = Guard.CheckSample("FailLinq.cs");
        AssertHas(diagnostics, "CS0234", "'Linq' does not exist in the namespace 'System'");
        AssertHas(diagnostics, "CS1061", "'Where'");
    }

    [Fact]
    public void Async_and_Task_are_rejected()
    {
        var diagnostics = Guard.CheckSample("FailAsync.cs");
        AssertHas(diagnostics, "NANO001", "async method 'PollAsync'");
        AssertHas(diagnostics, "CS0246", "'Task' could not be found");
    }

    [Fact]
    public void SpanOfT_is_rejected() =>
        AssertHas(Guard.CheckSample("FailSpanOfT.cs"), "CS0246", "'Span<>' could not be found");

    [Fact]
    public void Tuple_is_rejected()
    {
        var diagnostics = Guard.CheckSample("FailTuple.cs");
        AssertHas(diagnostics, "CS8179", "System.ValueTuple`2");
        AssertHas(diagnostics, "NANO001", "tuple");
    }

    [Fact]
    public void StringJoin_is_rejected() =>
        AssertHas(Guard.CheckSample("FailStringJoin.cs"), "CS0117", "'string' does not contain a definition for 'Join'");

    [Fact]
    public void Generic_class_declaration_is_rejected()
    {
        var diagnostics = Guard.CheckSample("FailGenericClass.cs");
        AssertHas(diagnostics, "NANO001", "generic class 'Box<T>'");
        var d = Assert.Single(diagnostics);
        Assert.EndsWith("/Samples/FailGenericClass.cs", d.Path, StringComparison.Ordinal);
        Assert.False(Path.IsPathRooted(d.Path), "paths under the repository root are reported relative to it: " + d.Path);
        Assert.Equal((2, 14), (d.Line, d.Column));
    }

    [Fact]
    public void Generic_method_declaration_is_rejected() =>
        AssertHas(Guard.CheckSample("FailGenericMethod.cs"), "NANO001", "generic method 'Identity<T>'");

    [Fact]
    public void Stackalloc_is_rejected() =>
        AssertHas(Guard.CheckSample("FailStackalloc.cs"), "NANO001", "stackalloc");
}

/// <summary>Device code written against the real 1.17 API must pass with no diagnostics.</summary>
public class PassingSampleTests
{
    [Fact]
    public void SpanByte_I2c_Socket_Thread_and_lock_pass()
    {
        var diagnostics = Guard.CheckSample("PassDevice.cs", "mscorlib", "System.Device.I2c", "System.Net", "System.IO.Streams");
        Assert.True(diagnostics.Count == 0, string.Join(Environment.NewLine, diagnostics));
    }

    [Fact]
    public void TestFramework_sample_passes()
    {
        var diagnostics = Guard.CheckSample("PassTestFramework.cs", "mscorlib", "nanoFramework.TestFramework");
        Assert.True(diagnostics.Count == 0, string.Join(Environment.NewLine, diagnostics));
    }

    [Fact]
    public void Mirror_only_mscorlib_members_are_rejected()
    {
        // These compiled against the deleted hand-written mscorlib mirror; the real CoreLibrary 1.17.11 lacks them.
        var diagnostics = Guard.CheckSample("FailMirrorOnlyApi.cs");
        AssertHasAt(diagnostics, "CS0117", 8, "'Zero'");
        AssertHasAt(diagnostics, "CS1739", 12, "'arrayIndex'");
        AssertHasAt(diagnostics, "CS1061", 15, "'IsCompleted'");
        AssertHasAt(diagnostics, "CS0117", 17, "'GenericParameter'");
    }

    [Fact]
    public void DataRow_null_enum_and_array_arguments_are_rejected()
    {
        var diagnostics = Guard.CheckSample("FailDataRowArguments.cs", "mscorlib", "nanoFramework.TestFramework");
        AssertHasAt(diagnostics, "NANO002", 11, "null in the object[] argument 'methodParameters' of [DataRowAttribute]");
        AssertHasAt(diagnostics, "NANO002", 12, "enum value of Mode");
        AssertHasAt(diagnostics, "NANO002", 13, "array (byte[])");
        Assert.Equal(3, diagnostics.Count);
    }

    private static void AssertHasAt(IReadOnlyList<NanoDiagnostic> diagnostics, string id, int line, string fragment) =>
        Assert.True(
            diagnostics.Any(d => d.Id == id && d.Line == line && d.Message.Contains(fragment, StringComparison.Ordinal)),
            $"expected {id} at line {line} containing '{fragment}', got:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}");

    [Fact]
    public void Missing_reference_fails_where_the_type_is_used()
    {
        // The same device code without System.Device.I2c: the guard does not add references the project lacks.
        var diagnostics = Guard.CheckSample("PassDevice.cs", "mscorlib", "System.Net", "System.IO.Streams");
        Assert.Contains(diagnostics, d => d.Id == "CS0234" && d.Message.Contains("'Device'", StringComparison.Ordinal));
    }
}

/// <summary>Language rules found by the syntax walk (NANO001) beyond the samples.</summary>
public class RuleTests
{
    private static IReadOnlyList<NanoDiagnostic> Check(string code) =>
        Guard.Checker.Check(new[] { new NanoSource("Inline.cs", code) }, new[] { "mscorlib" });

    [Theory]
    [InlineData("public interface IBox<T> { }", "generic interface 'IBox<T>'")]
    [InlineData("public delegate void Handler<T>(T value);", "generic delegate 'Handler<T>'")]
    [InlineData("public struct Pair<T> { }", "generic struct 'Pair<T>'")]
    [InlineData("public record Point(int X);", "record 'Point'")]
    [InlineData("public class M { int[,] _grid; }", "multidimensional array")]
    [InlineData("public interface IRun { void Run() { } }", "interface member with a body")]
    [InlineData("public class L { void M() { System.Action a = async () => { }; } }", "async lambda")]
    public void Feature_is_rejected(string code, string fragment)
    {
        var diagnostics = Check(code);
        Assert.True(diagnostics.Any(d => d.Id == "NANO001" && d.Message.Contains(fragment, StringComparison.Ordinal)),
            string.Join(Environment.NewLine, diagnostics));
    }

    [Fact]
    public void Nullable_value_type_is_rejected() =>
        Assert.Contains(Check("public class N { int? _x; }"), d => d.Id == "CS0518" && d.Message.Contains("System.Nullable`1", StringComparison.Ordinal));

    [Fact]
    public void Plain_device_code_passes()
    {
        const string code = """
            using System;
            using System.Collections;
            public class Ok
            {
                private readonly ArrayList _items = new ArrayList();
                public event EventHandler Changed;
                public string Describe(int value, byte[] data)
                {
                    foreach (object item in _items) { }
                    switch (value.ToString()) { case "1": break; }
                    Changed?.Invoke(this, EventArgs.Empty);
                    Array.Copy(data, 0, data, 1, 1);
                    return $"v={value} n={data.Length}";
                }
            }
            """;
        var diagnostics = Check(code);
        Assert.True(diagnostics.Count == 0, string.Join(Environment.NewLine, diagnostics));
    }

    [Theory]
    [InlineData("[DataRow(null)]", "null as the object[] argument")]
    [InlineData("[DataRow(1, null)]", "null in the object[] argument")]
    [InlineData("[DataRow(new object[] { 1, null })]", "null in the object[] argument")]
    [InlineData("[DataRow(1, default(string))]", "null in the object[] argument")]
    [InlineData("[DataRow(System.AttributeTargets.Class)]", "enum value of AttributeTargets")]
    public void DataRow_argument_rule(string attribute, string fragment)
    {
        var code = "using nanoFramework.TestFramework; public class T { [TestMethod] " + attribute + " public static void M(object a) { } }";
        var diagnostics = Guard.Checker.Check(new[] { new NanoSource("Inline.cs", code) }, new[] { "mscorlib", "nanoFramework.TestFramework" });
        Assert.True(diagnostics.Any(d => d.Id == "NANO002" && d.Message.Contains(fragment, StringComparison.Ordinal)),
            string.Join(Environment.NewLine, diagnostics));
    }

    [Fact]
    public void DataRow_with_plain_values_passes()
    {
        const string code = "using nanoFramework.TestFramework; public class T { [TestMethod] [DataRow(\"\", 1, 2L, 'c', true, 1.5)] public static void M(string a, int b, long c, char d, bool e, double f) { } }";
        var diagnostics = Guard.Checker.Check(new[] { new NanoSource("Inline.cs", code) }, new[] { "mscorlib", "nanoFramework.TestFramework" });
        Assert.True(diagnostics.Count == 0, string.Join(Environment.NewLine, diagnostics));
    }

    /// <summary>The mirror assemblies as nanoFramework declares them (tools/NanoSurface, issue 14 item 2).</summary>
    [Theory]
    [InlineData("nanoFramework.Runtime.Native", "nanoFramework.Runtime.Native.Power.RebootDevice(nanoFramework.Runtime.Native.RebootOption.ClrOnly);", null)]
    [InlineData("nanoFramework.Runtime.Native", "nanoFramework.Runtime.Native.Power.RebootDevice(1000);", null)]
    [InlineData("nanoFramework.Runtime.Native", "nanoFramework.Runtime.Native.Power.RebootDevice();", null)]
    [InlineData("System.IO.FileSystem", "string n = new System.IO.FileStream(\"I:\\\\a\", System.IO.FileMode.Open).FilePath;", "CS1061")]
    [InlineData("System.IO.FileSystem", "string n = new System.IO.FileStream(\"I:\\\\a\", System.IO.FileMode.Open).Name;", null)]
    [InlineData("System.Net", "new System.Net.Sockets.NetworkStream(null).Close(100);", null)]
    [InlineData("nanoFramework.TestFramework", "nanoFramework.TestFramework.Assert.Contains(\"a\", other: \"b\");", "CS1739")]
    [InlineData("nanoFramework.TestFramework", "nanoFramework.TestFramework.Assert.Contains(\"a\", value: \"b\");", null)]
    [InlineData("nanoFramework.TestFramework", "nanoFramework.TestFramework.Assert.ThrowsException(exception: typeof(System.Exception), action: () => { });", null)]
    [InlineData("nanoFramework.TestFramework", "throw new nanoFramework.TestFramework.SkipTestException(innerException: new System.Exception());", null)]
    [InlineData("nanoFramework.System.Text", "System.Text.Encoding e = new Latin(); class Latin : System.Text.Encoding { public override System.Text.Decoder GetDecoder() => null; }", null)]
    public void Mirror_declares_what_nanoFramework_declares(string reference, string statement, string? error)
    {
        var body = statement.Contains(" class ", StringComparison.Ordinal)
            ? "public class C { void M() { " + statement[..statement.IndexOf(" class ", StringComparison.Ordinal)] + " } " + statement[statement.IndexOf(" class ", StringComparison.Ordinal)..] + " }"
            : "public class C { void M() { " + statement + " } }";
        var diagnostics = Guard.Checker.Check(new[] { new NanoSource("Inline.cs", body) }, new[] { "mscorlib", reference, "System.IO.Streams" });
        if (error == null)
        {
            Assert.True(diagnostics.Count == 0, string.Join(Environment.NewLine, diagnostics));
        }
        else
        {
            Assert.True(diagnostics.Any(d => d.Id == error), string.Join(Environment.NewLine, diagnostics));
        }
    }

    [Fact]
    public void Debug_WriteLine_compiles()
    {
        // Debug.* is declared [Conditional("DEBUG")] in the real mscorlib.
        var diagnostics = Check("public class D { void M() { System.Diagnostics.Debug.WriteLine(\"x\"); } }");
        Assert.Empty(diagnostics);
    }
}
