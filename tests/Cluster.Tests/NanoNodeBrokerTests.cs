using NanoNode.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NanoNode.Cluster.Tests;

/// <summary>FleetFlow on NanoNode's broker: it has no bridging, so the fleet and the manager run on broker A with broker B as their fallback.</summary>
public sealed class NanoNodeBrokerTests : IClassFixture<NanoNodeFlowFixture>
{
    private readonly NanoNodeFlowFixture _fixture;
    private readonly ITestOutputHelper _output;

    /// <summary>xunit.</summary>
    public NanoNodeBrokerTests(NanoNodeFlowFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    /// <summary>Every device online with info and config at the manager (--broker A,B).</summary>
    [Fact]
    public void RegistryComplete() => _fixture.AssertStep("registry", _output);

    /// <summary>Telemetry from every device reaches the manager.</summary>
    [Fact]
    public void TelemetryFromEveryDevice() => _fixture.AssertStep("telemetry", _output);

    /// <summary>A restarted device manager rebuilds the complete registry (nodes answer nanonode/all/cmd/announce), and the CLI's devices list shows every device online.</summary>
    [Fact]
    public void RegistryAfterManagerRestart() => _fixture.AssertStep("restart", _output);

    /// <summary>Config pushed from the manager is acked applied by two devices.</summary>
    [Fact]
    public void ConfigAcks() => _fixture.AssertStep("acks", _output);

    /// <summary>The will of a killed device reaches the manager.</summary>
    [Fact]
    public void LastWill() => _fixture.AssertStep("will", _output);

    /// <summary>Broker A stopped: the devices and the manager move to B and the devices keep publishing.</summary>
    [Fact]
    public void DevicesFailOverToB() => _fixture.AssertStep("failover", _output);

    /// <summary>No QoS 1 telemetry of the devices that failed over is lost beyond what their outbox reports dropped.</summary>
    [Fact]
    public void NoTelemetryLostBeyondOutbox() => _fixture.AssertStep("loss", _output);
}
