namespace System.Runtime.CompilerServices;

// nanoframework/nanoFramework.TestFramework: source/TestFramework/CallerArgumentExpressionAttribute.cs@main
// Internal to the TestFramework assembly: callers of Assert get the captured expression, but cannot use the attribute.
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
internal sealed class CallerArgumentExpressionAttribute : Attribute
{
    public CallerArgumentExpressionAttribute(string parameterName) { }
    public string ParameterName => throw null;
}
