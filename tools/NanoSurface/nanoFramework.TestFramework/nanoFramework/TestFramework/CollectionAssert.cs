using System.Collections;

namespace nanoFramework.TestFramework;

// nanoframework/nanoFramework.TestFramework: source/TestFramework/CollectionAssert.cs@main
// Element-wise object.Equals over ICollection (arrays are ICollection).
public sealed class CollectionAssert
{
    public static void Empty(ICollection collection, string message = "") { }
    public static void NotEmpty(ICollection collection, string message = "") { }
    public static void AreEqual(ICollection expected, ICollection actual, string message = "") { }
    public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "") { }
}
