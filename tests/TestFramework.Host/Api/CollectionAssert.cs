// Host twin of nanoFramework.TestFramework's CollectionAssert.
// Mirrors nanoframework/nanoFramework.TestFramework: source/TestFramework/CollectionAssert.cs
using System.Collections;

namespace nanoFramework.TestFramework;

/// <summary>Assertions over non-generic collections (arrays, ArrayList): same elements, same order, object.Equals.</summary>
public sealed class CollectionAssert
{
    private CollectionAssert()
    {
    }

    public static void Empty(ICollection collection, string message = "")
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (collection.Count != 0)
        {
            Assert.HandleFail("CollectionAssert.Empty", message);
        }
    }

    public static void NotEmpty(ICollection collection, string message = "")
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (collection.Count == 0)
        {
            Assert.HandleFail("CollectionAssert.NotEmpty", message);
        }
    }

    public static void AreEqual(ICollection? expected, ICollection? actual, string message = "")
    {
        if (!AreCollectionsEqual(expected, actual, out string reason))
        {
            Assert.HandleFail("CollectionAssert.AreEqual", $"{message}({reason})");
        }
    }

    public static void AreNotEqual(ICollection? notExpected, ICollection? actual, string message = "")
    {
        if (AreCollectionsEqual(notExpected, actual, out string reason))
        {
            Assert.HandleFail("CollectionAssert.AreNotEqual", $"{message}({reason})");
        }
    }

    private static bool AreCollectionsEqual(ICollection? expected, ICollection? actual, out string reason)
    {
        reason = "Both collection contain same elements.";
        if (ReferenceEquals(expected, actual))
        {
            return true;
        }

        if (expected is null || actual is null)
        {
            reason = "One collection is null.";
            return false;
        }

        if (expected.Count != actual.Count)
        {
            reason = $"Different number of elements. Expected:<{expected.Count}>. Actual:<{actual.Count}>.";
            return false;
        }

        IEnumerator e = expected.GetEnumerator();
        IEnumerator a = actual.GetEnumerator();
        for (int i = 0; e.MoveNext() && a.MoveNext(); i++)
        {
            if (!Equals(e.Current, a.Current))
            {
                reason = $"Element at index {i} do not match. Expected:<{Assert.Show(e.Current)}>. Actual:<{Assert.Show(a.Current)}>.";
                return false;
            }
        }

        return true;
    }
}

/// <summary>Test output; on the host it goes to the console and to the xunit case's output.</summary>
/// <remarks>Mirrors nanoframework/nanoFramework.TestFramework: source/TestFramework/OutputHelper.cs</remarks>
public static class OutputHelper
{
    public static void Write(string message) => Console.Write(message);

    public static void WriteLine(string message) => Console.WriteLine(message);
}
