namespace System;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/UIntPtr.cs@main (an empty struct there too).
// The C# compiler needs it to compile `array.Length == 0` (it compares the native-unsigned ldlen result).
[Serializable]
public struct UIntPtr
{
}
