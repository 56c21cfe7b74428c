// Host twin of nanoFramework.TestFramework's AssertFailedException, in the namespace the device assembly declares it
// (nanoframework/nanoFramework.TestFramework: source/TestFrameworkShared/AssertFailedException.cs, namespace
// TestFrameworkShared), so test code naming the type compiles the same on both runtimes.
namespace TestFrameworkShared;

public class AssertFailedException : Exception
{
    public AssertFailedException()
    {
    }

    public AssertFailedException(string msg) : base(msg)
    {
    }

    public AssertFailedException(string msg, Exception ex) : base(msg, ex)
    {
    }
}
