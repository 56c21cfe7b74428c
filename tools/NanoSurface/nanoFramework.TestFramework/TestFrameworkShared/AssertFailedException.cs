using System;

namespace TestFrameworkShared;

// nanoframework/nanoFramework.TestFramework: source/TestFrameworkShared/AssertFailedException.cs@main
// (namespace TestFrameworkShared, not nanoFramework.TestFramework)
public class AssertFailedException : Exception
{
    public AssertFailedException(string msg, Exception ex) { }
    public AssertFailedException(string msg) { }
    public AssertFailedException() { }
}
