// SIGKILL of the broker in the middle of a QoS 2 stream: every completed message is delivered after restart, and none twice.
namespace NanoNode.Broker.Tests;

public sealed class Kill9_Qos2NoDuplicateNothingLost
{
    [Fact]
    public void Test() => Kill9Scenario.Run(2);
}
