using System.Runtime.CompilerServices;

namespace NanoNode.Broker.Tests.Infrastructure;

/// <summary>Process-wide test setup.</summary>
internal static class TestSetup
{
    /// <summary>
    /// Tests block pool threads while they wait for child processes, and the in-process broker and the readers of
    /// those processes' output share the pool: a larger minimum avoids starvation on a 2-core machine (a starved output
    /// reader makes mosquitto_sub block on its stdout pipe, which looks like a broker stall).
    /// </summary>
    [ModuleInitializer]
    internal static void Init() => ThreadPool.SetMinThreads(Math.Max(32, Environment.ProcessorCount), 32);
}
