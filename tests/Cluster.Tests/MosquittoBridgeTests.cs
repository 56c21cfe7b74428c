using NanoNode.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NanoNode.Cluster.Tests;

/// <summary>FleetFlow on two Debian Mosquittos, A bridged to B.</summary>
public sealed class MosquittoBridgeTests : IClassFixture<MosquittoFlowFixture>
{
    private readonly MosquittoFlowFixture _fixture;
    private readonly ITestOutputHelper _output;

    /// <summary>xunit.</summary>
    public MosquittoBridgeTests(MosquittoFlowFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    /// <summary>Devices on both brokers and the manager on B: every device online with info and config.</summary>
    [Fact]
    public void RegistryComplete() => _fixture.AssertStep("registry", _output);

    /// <summary>Telemetry from devices on A (over the bridge) and on B reaches the manager on B.</summary>
    [Fact]
    public void TelemetryFromEveryDevice() => _fixture.AssertStep("telemetry", _output);

    /// <summary>A restarted device manager rebuilds the complete registry (nodes answer nanonode/all/cmd/announce), and the CLI's devices list shows every device online.</summary>
    [Fact]
    public void RegistryAfterManagerRestart() => _fixture.AssertStep("restart", _output);

    /// <summary>Config pushed from the manager on B is acked applied by a device on A and one on B.</summary>
    [Fact]
    public void ConfigAcks() => _fixture.AssertStep("acks", _output);

    /// <summary>The will of a device killed on A reaches the manager on B over the bridge.</summary>
    [Fact]
    public void LastWill() => _fixture.AssertStep("will", _output);

    /// <summary>Mosquitto A stopped: its devices reconnect to B (--broker A,B) and keep publishing.</summary>
    [Fact]
    public void DevicesFailOverToB() => _fixture.AssertStep("failover", _output);

    /// <summary>No QoS 1 telemetry of the devices that failed over is lost beyond what their outbox reports dropped.</summary>
    [Fact]
    public void NoTelemetryLostBeyondOutbox() => _fixture.AssertStep("loss", _output);
}
