using System;

namespace nanoFramework.TestFramework;

// nanoframework/nanoFramework.TestFramework: source/TestFrameworkShared/TestClassAttribute.cs@main
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public class TestClassAttribute : Attribute
{
    public virtual TestMethodAttribute GetTestMethodAttribute(TestMethodAttribute testMethodAttribute) => throw null;
}

// nanoframework/nanoFramework.TestFramework: source/TestFrameworkShared/TestMethodAttribute.cs@main
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public class TestMethodAttribute : Attribute
{
}

// nanoframework/nanoFramework.TestFramework: source/TestFrameworkShared/SetupAttribute.cs@main
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public class SetupAttribute : Attribute
{
}

// nanoframework/nanoFramework.TestFramework: source/TestFrameworkShared/CleanupAttribute.cs@main
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public class CleanupAttribute : Attribute
{
}

// nanoframework/nanoFramework.TestFramework: source/TestFrameworkShared/DataRowAttribute.cs@main
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public class DataRowAttribute : Attribute
{
    public DataRowAttribute(params object[] methodParameters) { }
    public object[] MethodParameters => throw null;
}

// nanoframework/nanoFramework.TestFramework: source/TestFrameworkShared/SkipTestException.cs@b52c51881e8b54b4e31029ba9acef6f662bb05df
// One constructor with two optional parameters.
public class SkipTestException : Exception
{
    public SkipTestException(string message = null, Exception innerException = null) { }
}

// nanoframework/nanoFramework.TestFramework: source/TestFramework/OutputHelper.cs@main (writes through System.Console)
public static class OutputHelper
{
    public static void Write(string message) { }
    public static void WriteLine(string message) { }
}
