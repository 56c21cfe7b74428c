namespace System;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/Console.cs@main
// Not conditional: output goes to the debugger / serial output in Release builds too.
public static class Console
{
    public static void Write(string value) { }
    public static void WriteLine() { }
    public static void WriteLine(string value) { }
}
