// NFUnitTest-style classes used as fixtures by RunnerTests. They record what ran in static logs.
using nanoFramework.TestFramework;

namespace NanoNode.TestFramework.Host.Tests.Samples;

[TestClass]
public class Lifecycle
{
    public static readonly List<string> Log = new();

    [Setup]
    public void Setup() => Log.Add("setup");

    [TestMethod]
    public void First() => Log.Add("first");

    [TestMethod]
    public static void Second() => Log.Add("second");

    [TestMethod]
    [DataRow(1, "one")]
    [DataRow(2, "two")]
    [DataRow(3, "three")]
    public void Rows(int n, string name) => Log.Add($"row {n} {name}");

    [Cleanup]
    public void Cleanup() => Log.Add("cleanup");
}

[TestClass]
public class Failing
{
    [TestMethod]
    public void AreEqualFails() => Assert.AreEqual(1, 2);

    [TestMethod]
    public void IsTrueFails() => Assert.IsTrue(1 > 2);

    [TestMethod]
    public void ThrowsExceptionWithoutThrow() => Assert.ThrowsException(typeof(InvalidOperationException), () => { });

    [TestMethod]
    public void ThrowsDerivedException() => Assert.ThrowsException(typeof(Exception), () => throw new InvalidOperationException());

    [TestMethod]
    public void CollectionsDiffer() => CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 4 });

    [TestMethod]
    public void Skips() => Assert.SkipTest("needs hardware");

    [TestMethod]
    public void Unexpected() => throw new InvalidOperationException("boom");

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void SecondRowFails(int n) => Assert.AreEqual(1, n);
}

[TestClass]
public class Passing
{
    [TestMethod]
    public void AllAssertionsHold()
    {
        Assert.AreEqual(1, 1);
        Assert.AreEqual((byte)7, (byte)7);
        Assert.AreEqual("abc", "abc");
        Assert.AreNotEqual(1u, 2u);
        Assert.IsTrue(true);
        Assert.IsFalse(false);
        Assert.IsNull(null);
        Assert.IsNotNull(new object());
        object o = new();
        Assert.AreSame(o, o);
        Assert.AreNotSame(o, new object());
        Assert.ThrowsException(typeof(InvalidOperationException), () => throw new InvalidOperationException());
        CollectionAssert.AreEqual(new byte[] { 1, 2 }, new byte[] { 1, 2 });
        CollectionAssert.Empty(new int[0]);
        Assert.StartsWith("ab", "abc");
        Assert.EndsWith("bc", "abc");
        Assert.Contains("b", "abc");
    }
}

[TestClass]
public class InstanceState
{
    private int _counter;

    [TestMethod]
    public void TouchesInstanceField() => _counter++;
}

[TestClass]
public class BrokenSetup
{
    public static int Cleanups;

    [Setup]
    public static void Setup() => throw new InvalidOperationException("setup broke");

    [TestMethod]
    public static void A()
    {
    }

    [TestMethod]
    public static void B()
    {
    }

    [Cleanup]
    public static void Cleanup() => Cleanups++;
}
