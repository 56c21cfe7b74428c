using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NanoNode.Device.Config;
using NanoNode.Tests.Shared;
using NanoNode.VirtualDevice;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>13: a node with a broker list (broker_host:broker_port + broker_fallback) moves to the next broker when one stops, and says so in info.</summary>
public sealed class FailoverTests
{
    private static int ClosedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [Fact]
    public void NodeFailsOverToTheNextBrokerWhenItsBrokerStops()
    {
        using var a = new MosquittoFixture();
        using var b = new MosquittoFixture();
        using var onA = new Controller(a.Port, "ctl-f1a", "nanonode/f1/#");
        using var onB = new Controller(b.Port, "ctl-f1b", "nanonode/f1/#");
        var node = new VirtualNode("f1", Pump.TempDir(), "127.0.0.1", a.Port, 1, null, false) { Fallback = $"127.0.0.1:{b.Port}" };
        node.Boot();
        Pump.Until(() => onA.On("nanonode/f1/status").LastOrDefault()?.Payload == "online", 15, onA, node);
        Assert.Equal($"127.0.0.1:{a.Port}", node.Link.Broker);
        Pump.Until(() => onA.On("nanonode/f1/telemetry").Count >= 1, 15, onA, node);

        a.Kill();
        var watch = Stopwatch.StartNew();
        Pump.Until(() => onB.On("nanonode/f1/status").LastOrDefault()?.Payload == "online", 30, onB, node);
        double seconds = watch.Elapsed.TotalSeconds;
        Assert.Equal($"127.0.0.1:{b.Port}", node.Link.Broker);
        Assert.True(node.Link.Stats.Failovers >= 1);
        Assert.True(node.Link.Stats.CountOf("connection_lost") >= 1);
        Assert.True(node.Link.Stats.CountOf("connect_failed") >= 1);

        // Telemetry continues on B, and info's link section tells where the node is and why it moved.
        int tel = onB.On("nanonode/f1/telemetry").Count;
        Pump.Until(() => onB.On("nanonode/f1/telemetry").Count > tel, 15, onB, node);
        var info = onB.On("nanonode/f1/info").Last().Json.GetProperty("link");
        Assert.Equal($"127.0.0.1:{b.Port}", info.GetProperty("broker").GetString());
        Assert.True(info.GetProperty("failovers").GetInt32() >= 1);
        var reasons = info.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("reason").GetString()!, e => e.GetProperty("count").GetInt32());
        Assert.True(reasons["connection_lost"] >= 1);
        Assert.True(reasons["connect_failed"] >= 1);
        Console.WriteLine($"failover: online on the fallback broker {seconds:F1} s after the first was killed");
        node.Shutdown();
    }

    [Fact]
    public void UnreachableFirstBrokerAtBootGoesStraightToTheFallback()
    {
        using var b = new MosquittoFixture();
        using var onB = new Controller(b.Port, "ctl-f2", "nanonode/f2/#");
        int dead = ClosedPort();
        var node = new VirtualNode("f2", Pump.TempDir(), "127.0.0.1", dead, 1, null, false) { Fallback = $"localhost:{ClosedPort()},127.0.0.1:{b.Port}" };
        node.Boot();
        Pump.Until(() => onB.On("nanonode/f2/status").LastOrDefault()?.Payload == "online", 30, onB, node);
        Assert.Equal($"127.0.0.1:{b.Port}", node.Link.Broker);
        Assert.Equal(2, node.Link.Stats.Failovers);
        Assert.Equal(2, node.Link.Stats.CountOf("connect_failed"));
        node.Shutdown();
    }

    [Fact]
    public void BrokerFallbackIsAConfigKeyValidatedAndAppliedTransactionally()
    {
        using var a = new MosquittoFixture();
        using var b = new MosquittoFixture();
        using var onA = new Controller(a.Port, "ctl-f3", "nanonode/f3/#");
        var node = new VirtualNode("f3", Pump.TempDir(), "127.0.0.1", a.Port, 5, null, false);
        node.Boot();
        Pump.Until(() => node.Link.IsConnected, 15, onA, node);

        onA.Publish("nanonode/f3/config/set", "{\"rev\":1,\"broker_fallback\":\"a:1,b:70000\"}");
        Pump.Until(() => onA.On("nanonode/f3/config/ack").Count >= 1, 15, onA, node);
        var rejected = onA.On("nanonode/f3/config/ack")[0].Json;
        Assert.Equal("rejected", rejected.GetProperty("result").GetString());
        Assert.Equal("invalid_list", rejected.GetProperty("errors")[0].GetProperty("reason").GetString());

        onA.Publish("nanonode/f3/config/set", $"{{\"rev\":2,\"broker_fallback\":\"127.0.0.1:{b.Port}\"}}");
        Pump.Until(() => onA.On("nanonode/f3/config/ack").Count >= 2, 30, onA, node);
        Assert.Equal("applied", onA.On("nanonode/f3/config/ack")[1].Json.GetProperty("result").GetString());
        Assert.Equal($"127.0.0.1:{b.Port}", onA.On("nanonode/f3/config").Last().Json.GetProperty("broker_fallback").GetString());

        using var onB = new Controller(b.Port, "ctl-f3b", "nanonode/f3/#");
        a.Kill();
        Pump.Until(() => onB.On("nanonode/f3/status").LastOrDefault()?.Payload == "online", 30, onB, node);
        node.Shutdown();
    }
}
