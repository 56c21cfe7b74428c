// A will waiting for its MQTT 5 Will Delay Interval (§3.1.3.2.2) when the broker restarts, with paho-python MQTTv5
// (Scripts/paho5_restart.py "will"), on NanoNode's broker and on Mosquitto 2.0.11 (persistence on) in the same test.
// A persistent subscriber w (interval 3600 s) subscribes to the will topic and goes offline; client e (interval
// 3600 s, will with Will Delay Interval 5 s) ends with DISCONNECT 0x04 (keep the will). The broker restarts before
// the will is due (on NanoNode the test checks it is still waiting then) and, after a pause longer than the delay,
// w resumes: NanoNode has published the will exactly once (it was stored with its due time).
// Mosquitto 2.0.11 agrees (w gets the will once, then the marker).
// Fails on the code before this change: a delayed will was kept in memory only and lost by the restart.
namespace NanoNode.Broker.Tests;

public sealed class Mqtt5_Restart_WillDelay
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Test()
    {
        var (before, after) = await Restart5.OnNanoNodeAsync("will", Pause, beforeRestart: (broker, _) =>
            Assert.True(broker.Broker.DelayedWillCount == 1, "inconclusive: the will was not waiting when the restart began (machine too slow?)"));
        Assert.Equal("[[0,0],[0,0]]", before["connack"]!.ToJsonString());
        Assert.Equal("[1]", before["suback"]!.ToJsonString());
        Assert.Equal("[[0,1]]", after["connack"]!.ToJsonString());
        Assert.Equal(1, (int)after["puback"]!);
        Assert.Equal("[\"e-will\",\"end\"]", after["will"]!.ToJsonString());

        var (mb, ma) = await Restart5.OnMosquittoAsync("will", Pause);
        Assert.Equal("[[0,0],[0,0]]", mb["connack"]!.ToJsonString());
        Assert.Equal("[[0,1]]", ma["connack"]!.ToJsonString());
        Assert.Equal(1, (int)ma["puback"]!);
        Assert.Equal("[\"e-will\",\"end\"]", ma["will"]!.ToJsonString());
    }
}
