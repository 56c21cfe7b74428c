using Xunit.Abstractions;

namespace NanoNode.Cluster.Tests.Infrastructure;

/// <summary>
/// Runs one <see cref="FleetFlow"/> over a broker pair once per test class; the tests assert its steps one by one.
/// The figures are printed and (re)written to artifacts/cluster-failover-figures.txt with every flow of the run.
/// </summary>
public abstract class FlowFixture : IAsyncLifetime
{
    private static readonly object FiguresGate = new();
    private static readonly SortedDictionary<string, string> AllFigures = new(StringComparer.Ordinal);

    /// <summary>The flow (after <see cref="InitializeAsync"/>).</summary>
    public FleetFlow Flow { get; private set; } = null!;

    /// <summary>Where the figures of the run go: &lt;repo&gt;/artifacts/cluster-failover-figures.txt.</summary>
    public static string FiguresPath
    {
        get
        {
            // The test assembly runs from <repo>/artifacts/bin/<project>/<config>/.
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && dir.Name != "artifacts")
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? Path.GetTempPath(), "cluster-failover-figures.txt");
        }
    }

    /// <summary>The broker pair of this fixture.</summary>
    protected abstract IBrokerPair CreateBrokers();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Flow = new FleetFlow(CreateBrokers());
        await Flow.RunAsync();
        string figures = Flow.Figures();
        Console.WriteLine(figures);
        lock (FiguresGate)
        {
            AllFigures[GetType().Name] = figures;
            File.WriteAllText(FiguresPath,
                $"Failover figures of tests/Cluster.Tests (FleetFlow), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores shared with the test run\n" +
                "Reconnect time: from the stop command to the device's 'online' seen by a client on broker B (includes the broker's own shutdown).\n" +
                "Lost: telemetry sequence numbers never seen on B (or by the manager before the stop); dropped: what the nodes report their outbox dropped.\n\n" +
                string.Join("\n", AllFigures.Values));
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Flow.DisposeAsync();

    /// <summary>Asserts one step, with its detail in the message (and printed to the test output).</summary>
    public void AssertStep(string name, ITestOutputHelper output)
    {
        Assert.True(Flow.Steps.TryGetValue(name, out var r), $"step {name} missing");
        output.WriteLine($"{name}: {r!.Detail}");
        Assert.True(r.Passed, $"{name}: {r.Detail}");
    }
}

/// <summary>The two-node RabbitMQ cluster.</summary>
public sealed class RabbitFlowFixture : FlowFixture
{
    /// <inheritdoc />
    protected override IBrokerPair CreateBrokers() => new RabbitCluster();
}

/// <summary>Two bridged Mosquittos.</summary>
public sealed class MosquittoFlowFixture : FlowFixture
{
    /// <inheritdoc />
    protected override IBrokerPair CreateBrokers() => new MosquittoPair();
}

/// <summary>Two NanoNode brokers (independent: primary and standby).</summary>
public sealed class NanoNodeFlowFixture : FlowFixture
{
    /// <inheritdoc />
    protected override IBrokerPair CreateBrokers() => new NanoNodePair();
}
