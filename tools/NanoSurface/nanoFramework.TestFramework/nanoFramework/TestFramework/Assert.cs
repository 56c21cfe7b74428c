using System;
using System.Runtime.CompilerServices;

namespace nanoFramework.TestFramework;

// nanoframework/nanoFramework.TestFramework: source/TestFramework/Assert.cs@b52c51881e8b54b4e31029ba9acef6f662bb05df,
// Assert.AreEqual.cs@b52c5188, Assert.AreNotEqual.cs@34df58c8 (the 3.0.x sources, with Assert.Obsolete.cs beside them)
// A failed assertion throws TestFrameworkShared.AssertFailedException. No delta overloads for float/double.
// The obsolete xUnit-style aliases (Equal, True, Null, ...) are deliberately not declared: new code must not use them.
public sealed partial class Assert
{
    public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(char expected, char actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(DateTime expected, DateTime actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(double expected, double actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(float expected, float actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(int expected, int actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(long expected, long actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(object expected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(sbyte expected, sbyte actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(short expected, short actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(string expected, string actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(uint expected, uint actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(ulong expected, ulong actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreEqual(ushort expected, ushort actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }

    public static void AreNotEqual(bool notExpected, bool actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(byte notExpected, byte actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(char notExpected, char actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(DateTime notExpected, DateTime actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(double notExpected, double actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(float notExpected, float actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(int notExpected, int actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(long notExpected, long actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(object notExpected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(sbyte notExpected, sbyte actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(short notExpected, short actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(string notExpected, string actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(uint notExpected, uint actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(ulong notExpected, ulong actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotEqual(ushort notExpected, ushort actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }

    public static void AreSame(object expected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void AreNotSame(object notExpected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "") { }
    public static void IsTrue(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "") { }
    public static void IsFalse(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "") { }
    public static void IsNull(object value, [CallerArgumentExpression(nameof(value))] string message = "") { }
    public static void IsNotNull(object value, [CallerArgumentExpression(nameof(value))] string message = "") { }
    public static void IsInstanceOfType(object value, Type expected, [CallerArgumentExpression(nameof(value))] string message = "") { }
    public static void IsNotInstanceOfType(object value, Type notExpected, [CallerArgumentExpression(nameof(value))] string message = "") { }
    public static void SkipTest(string message = null) { }
    public static void Contains(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "") { }
    public static void DoesNotContains(string notExpected, string value, [CallerArgumentExpression(nameof(value))] string message = "") { }
    public static void EndsWith(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "") { }
    public static void StartsWith(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "") { }
    public static void ThrowsException(Type exception, Action action, [CallerArgumentExpression(nameof(action))] string message = "") { }
}
