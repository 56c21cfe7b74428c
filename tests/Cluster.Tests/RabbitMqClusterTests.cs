using NanoNode.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NanoNode.Cluster.Tests;

/// <summary>FleetFlow on a two-node RabbitMQ cluster (Debian rabbitmq-server + rabbitmq_mqtt, joined with rabbitmqctl join_cluster).</summary>
public sealed class RabbitMqClusterTests : IClassFixture<RabbitFlowFixture>
{
    private readonly RabbitFlowFixture _fixture;
    private readonly ITestOutputHelper _output;

    /// <summary>xunit.</summary>
    public RabbitMqClusterTests(RabbitFlowFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    /// <summary>Devices on both cluster nodes and the manager on node B: every device online with info and config (without retained messages for wildcards).</summary>
    [Fact]
    public void RegistryComplete() => _fixture.AssertStep("registry", _output);

    /// <summary>Telemetry from devices on node A and on node B reaches the manager on B.</summary>
    [Fact]
    public void TelemetryFromEveryDevice() => _fixture.AssertStep("telemetry", _output);

    /// <summary>A restarted device manager rebuilds the complete registry (nodes answer nanonode/all/cmd/announce), and the CLI's devices list shows every device online.</summary>
    [Fact]
    public void RegistryAfterManagerRestart() => _fixture.AssertStep("restart", _output);

    /// <summary>Config pushed from the manager on node B is acked applied by a device on node A and one on node B.</summary>
    [Fact]
    public void ConfigAcks() => _fixture.AssertStep("acks", _output);

    /// <summary>The will of a device killed on node A reaches the manager on node B.</summary>
    [Fact]
    public void LastWill() => _fixture.AssertStep("will", _output);

    /// <summary>rabbitmqctl stop on node A: its devices reconnect to node B (--broker A,B) and keep publishing.</summary>
    [Fact]
    public void DevicesFailOverToB() => _fixture.AssertStep("failover", _output);

    /// <summary>No QoS 1 telemetry of the devices that failed over is lost beyond what their outbox reports dropped.</summary>
    [Fact]
    public void NoTelemetryLostBeyondOutbox() => _fixture.AssertStep("loss", _output);
}
