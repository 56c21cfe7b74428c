// Host twins of the nanoFramework.TestFramework attributes.
// Mirrors nanoframework/nanoFramework.TestFramework: source/TestFrameworkShared/{TestClass,TestMethod,Setup,Cleanup,DataRow}Attribute.cs
namespace nanoFramework.TestFramework;

/// <summary>Marks a class holding tests. The launcher never creates an instance of it.</summary>
[AttributeUsage(AttributeTargets.Class)]
public class TestClassAttribute : Attribute
{
}

/// <summary>Marks a test method. Invoked without an instance (a null <c>this</c>): keep state in static fields.</summary>
[AttributeUsage(AttributeTargets.Method)]
public class TestMethodAttribute : Attribute
{
}

/// <summary>Marks a method run once before the tests of its class.</summary>
[AttributeUsage(AttributeTargets.Method)]
public class SetupAttribute : Attribute
{
}

/// <summary>Marks a method run once after the tests of its class.</summary>
[AttributeUsage(AttributeTargets.Method)]
public class CleanupAttribute : Attribute
{
}

/// <summary>One row of arguments: the method runs once per row.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public class DataRowAttribute : Attribute
{
    /// <summary>The arguments passed to the method, in order.</summary>
    public object[] MethodParameters { get; }

    /// <param name="methodParameters">At least one argument.</param>
    public DataRowAttribute(params object[] methodParameters)
    {
        ArgumentNullException.ThrowIfNull(methodParameters);
        if (methodParameters.Length == 0)
        {
            throw new ArgumentException("methodParameters can not be empty", nameof(methodParameters));
        }

        MethodParameters = methodParameters;
    }
}

/// <summary>Thrown by a failing assertion.</summary>
/// <summary>Thrown by <see cref="Assert.SkipTest"/>.</summary>
/// <remarks>One constructor with optional parameters, as nanoFramework.TestFramework 3.0.x declares it.</remarks>
public class SkipTestException : Exception
{
    public SkipTestException(string? message = null, Exception? innerException = null) : base(message, innerException)
    {
    }
}
