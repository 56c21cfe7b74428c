using NanoNode.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NanoNode.Cluster.Tests;

/// <summary>
/// The steps of FleetFlow, one test each, on the broker setup the fixture started (A and B; the manager on B, or on
/// A with B as its fallback where the brokers are not bridged). Each derived class names its setup.
/// </summary>
public abstract class FleetFlowTests<TFixture>
    where TFixture : FlowFixture
{
    private readonly TFixture _fixture;
    private readonly ITestOutputHelper _output;

    /// <summary>xunit.</summary>
    protected FleetFlowTests(TFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    /// <summary>Every device online with info and config at the manager (on brokers that replay no retained messages to wildcards too).</summary>
    [Fact]
    public void RegistryComplete() => _fixture.AssertStep("registry", _output);

    /// <summary>Telemetry from the devices on A and on B reaches the manager.</summary>
    [Fact]
    public void TelemetryFromEveryDevice() => _fixture.AssertStep("telemetry", _output);

    /// <summary>A restarted device manager rebuilds the complete registry (nodes answer nanonode/all/cmd/announce), and the CLI's devices list shows every device online.</summary>
    [Fact]
    public void RegistryAfterManagerRestart() => _fixture.AssertStep("restart", _output);

    /// <summary>Config pushed from the manager is acked applied by a device on A and one on B (two devices where unbridged).</summary>
    [Fact]
    public void ConfigAcks() => _fixture.AssertStep("acks", _output);

    /// <summary>The will of a device killed on A reaches the manager.</summary>
    [Fact]
    public void LastWill() => _fixture.AssertStep("will", _output);

    /// <summary>Broker A stopped: its devices reconnect to B (--broker A,B) and keep publishing.</summary>
    [Fact]
    public void DevicesFailOverToB() => _fixture.AssertStep("failover", _output);

    /// <summary>No QoS 1 telemetry of the devices that failed over is lost beyond what their outbox reports dropped.</summary>
    [Fact]
    public void NoTelemetryLostBeyondOutbox() => _fixture.AssertStep("loss", _output);
}

/// <summary>FleetFlow on a two-node RabbitMQ cluster (Debian rabbitmq-server + rabbitmq_mqtt, joined with rabbitmqctl join_cluster).</summary>
public sealed class RabbitMqClusterTests(RabbitFlowFixture fixture, ITestOutputHelper output)
    : FleetFlowTests<RabbitFlowFixture>(fixture, output), IClassFixture<RabbitFlowFixture>;

/// <summary>FleetFlow on two Debian Mosquittos, A bridged to B.</summary>
public sealed class MosquittoBridgeTests(MosquittoFlowFixture fixture, ITestOutputHelper output)
    : FleetFlowTests<MosquittoFlowFixture>(fixture, output), IClassFixture<MosquittoFlowFixture>;

/// <summary>FleetFlow on NanoNode's broker: it has no bridging, so the fleet and the manager run on broker A with broker B as their fallback.</summary>
public sealed class NanoNodeBrokerTests(NanoNodeFlowFixture fixture, ITestOutputHelper output)
    : FleetFlowTests<NanoNodeFlowFixture>(fixture, output), IClassFixture<NanoNodeFlowFixture>;
