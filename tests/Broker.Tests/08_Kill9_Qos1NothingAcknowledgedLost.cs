// SIGKILL of the broker in the middle of a QoS 1 stream to a persistent subscriber: every message the broker had PUBACK'd is delivered after restart.
namespace NanoNode.Broker.Tests;

public sealed class Kill9_Qos1NothingAcknowledgedLost
{
    [Fact]
    public void Test() => Kill9Scenario.Run(1);
}
