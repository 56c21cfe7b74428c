// Must fail: DataRow arguments that compile in C# but that nanoFramework's metadata processor cannot write into the
// device assembly (NANO002): null, an enum value and an array inside the params object[].
using nanoFramework.TestFramework;

public enum Mode { Off, On }

[TestClass]
public class DataRowTests
{
    [TestMethod]
    [DataRow(null, 1)]
    [DataRow("x", Mode.On)]
    [DataRow(new byte[] { 1, 2 }, 3)]
    public static void Case(object first, object second)
    {
        Assert.IsNotNull(second);
    }

    [TestMethod]
    [DataRow("plain", 2)]
    public static void Fine(string text, int n)
    {
        Assert.AreEqual(2, n);
    }
}
