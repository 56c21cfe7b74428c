// Must pass: an NFUnitTest-style test class against nanoFramework.TestFramework.
using nanoFramework.TestFramework;

[TestClass]
public class CounterTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public static void Counts(int x)
    {
        Assert.AreEqual(1, x);
        Assert.IsTrue(x > 0);
        Assert.ThrowsException(typeof(System.ArgumentException), () => throw new System.ArgumentException("x"));
        CollectionAssert.AreEqual(new byte[] { 1 }, new byte[] { 1 });
        OutputHelper.WriteLine("done");
    }
}
