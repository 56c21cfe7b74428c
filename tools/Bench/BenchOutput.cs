using System.Globalization;

namespace NanoNode.Bench;

/// <summary>The one output format of every mode: <c>name: value unit</c>, invariant culture, one figure per line.</summary>
public static class BenchOutput
{
    /// <summary>Prints <c>name: value unit</c>.</summary>
    public static void Figure(string name, double value, string unit)
    {
        string text = value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);
        Console.WriteLine($"{name}: {text} {unit}");
    }
}
