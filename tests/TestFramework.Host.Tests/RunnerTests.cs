// Checks that the host runner keeps the nanoFramework launcher's contract: a failing Assert fails, every DataRow runs,
// Setup/Cleanup run once per class around all of its cases, methods run without an instance.
using NanoNode.TestFramework.Host.Tests.Samples;
using Xunit;

namespace NanoNode.TestFramework.Host.Tests;

public class RunnerTests
{
    private static NanoTestSession SessionFor(params Type[] types) => new(types);

    [Fact]
    public void SetupAndCleanupRunOncePerClassAroundEveryCaseAndEachRowRuns()
    {
        Lifecycle.Log.Clear();
        NanoTestSession session = SessionFor(typeof(Lifecycle));
        Assert.Equal(5, session.Cases.Count);
        foreach (NanoTestCase c in session.Cases)
        {
            session.Run(c.Id);
        }

        Assert.Equal(
            ["setup", "first", "second", "row 1 one", "row 2 two", "row 3 three", "cleanup"],
            Lifecycle.Log);
    }

    [Fact]
    public void CaseIdsNameClassMethodAndRow()
    {
        NanoTestSession session = SessionFor(typeof(Lifecycle));
        Assert.Contains(session.Cases, c => c.Id == typeof(Lifecycle).FullName + ".Rows#2");
        Assert.Contains(session.Cases, c => c.Id == typeof(Lifecycle).FullName + ".First");
    }

    [Theory]
    [InlineData("AreEqualFails", "Assert.AreEqual failed. Expected:<1>. Actual:<2>.")]
    [InlineData("IsTrueFails", "Assert.IsTrue failed. 1 > 2")]
    [InlineData("ThrowsExceptionWithoutThrow", "No exception thrown")]
    [InlineData("ThrowsDerivedException", "Threw exception InvalidOperationException")]
    [InlineData("CollectionsDiffer", "Element at index 2 do not match")]
    [InlineData("Skips", "skipped itself (needs hardware)")]
    [InlineData("Unexpected", "InvalidOperationException: boom")]
    [InlineData("SecondRowFails#1", "Expected:<1>. Actual:<2>.")]
    public void FailuresFailWithTheirReason(string method, string fragment)
    {
        NanoTestSession session = SessionFor(typeof(Failing));
        var ex = Assert.Throws<NanoTestFailedException>(() => session.Run(typeof(Failing).FullName + "." + method));
        string all = ex.Message + " " + ex.InnerException?.Message;
        Assert.Contains(fragment, all, StringComparison.Ordinal);
    }

    [Fact]
    public void PassingRowOfAFailingMethodPasses()
    {
        NanoTestSession session = SessionFor(typeof(Failing));
        session.Run(typeof(Failing).FullName + ".SecondRowFails#0");
    }

    [Fact]
    public void EveryAssertionThatHoldsPasses()
    {
        NanoTestSession session = SessionFor(typeof(Passing));
        session.Run(typeof(Passing).FullName + ".AllAssertionsHold");
    }

    [Fact]
    public void InstanceStateFailsAsOnTheDevice()
    {
        NanoTestSession session = SessionFor(typeof(InstanceState));
        var ex = Assert.Throws<NanoTestFailedException>(() => session.Run(session.Cases[0].Id));
        Assert.IsType<NullReferenceException>(ex.InnerException);
    }

    [Fact]
    public void FailingSetupFailsEveryCaseAndCleanupStillRunsOnce()
    {
        BrokenSetup.Cleanups = 0;
        NanoTestSession session = SessionFor(typeof(BrokenSetup));
        foreach (NanoTestCase c in session.Cases)
        {
            var ex = Assert.Throws<NanoTestFailedException>(() => session.Run(c.Id));
            Assert.Contains("[Setup]", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, BrokenSetup.Cleanups);
    }

    [Fact]
    public void ClassesWithoutTestClassAttributeAreIgnored()
    {
        Assert.Empty(SessionFor(typeof(RunnerTests)).Cases);
    }
}
