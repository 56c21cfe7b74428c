// MQTT over WebSockets at /mqtt (subprotocol "mqtt"): paho with transport="websockets" subscribes and receives a message from a TCP publisher.
namespace NanoNode.Broker.Tests;

public sealed class WebSocket_PahoOverWebSockets
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        using var sub = Paho.Start(new { port = broker.Server.HttpPort, transport = "websockets", ws_path = "/mqtt", subscribe = new[] { new object[] { "ws/t", 1 } }, expect = 1, timeout = 15 });
        Assert.True(Tools.WaitUntil(() => sub.Lines.Any(l => l.Contains("subscribed"))), string.Join("\n", sub.Errors));
        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "ws/t", "-m", "over-ws", "-q", "1").ExitCode);
        Assert.True(sub.WaitForExit(15));
        var m = Assert.Single(Paho.Messages(Paho.Events(sub)));
        Assert.Equal("over-ws", (string)m["payload"]!);
    }
}
