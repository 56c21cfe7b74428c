namespace System;

// Primitive types. Only the members the project uses are declared; Parse/TryParse/ToString(format) allocate on the device.

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Boolean.cs@main
[Serializable]
public struct Boolean
{
    public static readonly string FalseString;
    public static readonly string TrueString;
    public override string ToString() => throw null;
    public override bool Equals(object obj) => throw null;
    public override int GetHashCode() => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Char.cs@main
[Serializable]
public struct Char
{
    public const char MaxValue = (char)0xFFFF;
    public const char MinValue = (char)0x00;
    public override string ToString() => throw null;
    // No static IsDigit/IsLetter/IsWhiteSpace on nanoFramework: instance ToLower/ToUpper (ASCII only) are all there is.
    public char ToLower() => throw null;
    public char ToUpper() => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/SByte.cs@main
[Serializable, CLSCompliant(false)]
public struct SByte
{
    public const sbyte MaxValue = 127;
    public const sbyte MinValue = -128;
    public override string ToString() => throw null;
    public string ToString(string format) => throw null;
    public static sbyte Parse(string s) => throw null;
    public static bool TryParse(string s, out sbyte result) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Byte.cs@main
[Serializable]
public struct Byte
{
    public const byte MaxValue = 0xFF;
    public const byte MinValue = 0;
    public override string ToString() => throw null;
    public string ToString(string format) => throw null;
    public static byte Parse(string s) => throw null;
    public static bool TryParse(string s, out byte result) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Int16.cs@main
[Serializable]
public struct Int16
{
    public const short MaxValue = 32767;
    public const short MinValue = -32768;
    public override string ToString() => throw null;
    public string ToString(string format) => throw null;
    public static short Parse(string s) => throw null;
    public static bool TryParse(string s, out short result) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/UInt16.cs@main
[Serializable, CLSCompliant(false)]
public struct UInt16
{
    public const ushort MaxValue = 0xFFFF;
    public const ushort MinValue = 0;
    public override string ToString() => throw null;
    public string ToString(string format) => throw null;
    public static ushort Parse(string s) => throw null;
    public static bool TryParse(string s, out ushort result) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Int32.cs@main
[Serializable]
public struct Int32
{
    public const int MaxValue = 0x7fffffff;
    public const int MinValue = unchecked((int)0x80000000);
    public override string ToString() => throw null;
    public string ToString(string format) => throw null;
    public static int Parse(string s) => throw null;
    public static bool TryParse(string s, out int result) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/UInt32.cs@main
[Serializable, CLSCompliant(false)]
public struct UInt32
{
    public const uint MaxValue = 0xffffffff;
    public const uint MinValue = 0U;
    public override string ToString() => throw null;
    public string ToString(string format) => throw null;
    public static uint Parse(string s) => throw null;
    public static bool TryParse(string s, out uint result) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Int64.cs@main
[Serializable]
public struct Int64
{
    public const long MaxValue = 0x7fffffffffffffffL;
    public const long MinValue = unchecked((long)0x8000000000000000L);
    public override string ToString() => throw null;
    public string ToString(string format) => throw null;
    public static long Parse(string s) => throw null;
    public static bool TryParse(string s, out long result) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/UInt64.cs@main
[Serializable, CLSCompliant(false)]
public struct UInt64
{
    public const ulong MaxValue = 0xffffffffffffffffL;
    public const ulong MinValue = 0x0;
    public override string ToString() => throw null;
    public string ToString(string format) => throw null;
    public static ulong Parse(string s) => throw null;
    public static bool TryParse(string s, out ulong result) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Single.cs@main
[Serializable]
public struct Single
{
    public const float MinValue = (float)-3.40282346638528859e+38;
    public const float MaxValue = (float)3.40282346638528859e+38;
    public const float Epsilon = (float)1.4e-45;
    public const float NegativeInfinity = (float)-1.0 / (float)0.0;
    public const float PositiveInfinity = (float)1.0 / (float)0.0;
    public const float NaN = (float)0.0 / (float)0.0;
    public static bool IsNaN(float f) => throw null;
    public static bool IsInfinity(float f) => throw null;
    public override string ToString() => throw null;
    public string ToString(string format) => throw null;
    public static float Parse(string s) => throw null;
    public static bool TryParse(string s, out float result) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Double.cs@main
[Serializable]
public struct Double
{
    public const double MinValue = -1.7976931348623157E+308;
    public const double MaxValue = 1.7976931348623157E+308;
    public const double Epsilon = 4.9406564584124650E-324;
    public const double NegativeInfinity = -1.0 / 0.0;
    public const double PositiveInfinity = 1.0 / 0.0;
    public const double NaN = 0.0 / 0.0;
    public static bool IsNaN(double d) => throw null;
    public static bool IsInfinity(double d) => throw null;
    public static bool IsNegativeInfinity(double d) => throw null;
    public static bool IsPositiveInfinity(double d) => throw null;
    public override string ToString() => throw null;
    public string ToString(string format) => throw null;
    public static double Parse(string s) => throw null;
    public static bool TryParse(string s, out double result) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/IntPtr.cs@main
[Serializable]
public struct IntPtr
{
    public static readonly IntPtr Zero;
}
