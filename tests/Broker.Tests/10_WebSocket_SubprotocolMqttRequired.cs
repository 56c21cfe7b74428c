// The WebSocket endpoint /mqtt answers with subprotocol "mqtt" [MQTT-6.0.0-3] and carries MQTT in binary frames both
// ways (CONNECT/CONNACK, SUBSCRIBE/SUBACK, a message from a TCP publisher); an upgrade without subprotocol "mqtt" is
// refused; a close handshake started by the client is completed by the broker.
namespace NanoNode.Broker.Tests;

using System.Net.WebSockets;
using System.Text;
using NanoNode.Mqtt;

public sealed class WebSocket_SubprotocolMqttRequired
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var uri = new Uri($"ws://127.0.0.1:{broker.Server.HttpPort}/mqtt");

        using (var plain = new ClientWebSocket())
        {
            await Assert.ThrowsAnyAsync<WebSocketException>(() => plain.ConnectAsync(uri, CancellationToken.None));
        }

        using var ws = new ClientWebSocket();
        ws.Options.AddSubProtocol("mqtt");
        await ws.ConnectAsync(uri, CancellationToken.None);
        Assert.Equal("mqtt", ws.SubProtocol);

        var buf = new byte[256];
        Assert.Equal(MqttStatus.Ok, ConnectPacket.Encode(buf, 0, buf.Length, Encoding.UTF8.GetBytes("ws-raw"), null, null, 0, false, null, null, true, 30, out int n));
        await ws.SendAsync(buf.AsMemory(0, n), WebSocketMessageType.Binary, true, CancellationToken.None);
        var connack = await ReceiveAsync(ws);
        Assert.Equal(new byte[] { 0x20, 0x02, 0x00, 0x00 }, connack);

        var filter = Encoding.UTF8.GetBytes("ws/raw");
        Assert.Equal(MqttStatus.Ok, SubscribePacket.Encode(buf, 0, buf.Length, 7, filter, 0, filter.Length, 1, out n));
        await ws.SendAsync(buf.AsMemory(0, n), WebSocketMessageType.Binary, true, CancellationToken.None);
        Assert.Equal(new byte[] { 0x90, 0x03, 0x00, 0x07, 0x01 }, await ReceiveAsync(ws));

        Assert.Equal(0, Tools.Pub(broker.Port, "-t", "ws/raw", "-m", "to-ws").ExitCode);
        var publish = await ReceiveAsync(ws);
        var packet = new MqttPacket();
        Assert.Equal(MqttStatus.Ok, MqttDecoder.Decode(publish, 0, publish.Length, MqttRole.Client, packet));
        Assert.Equal(MqttPacketType.Publish, packet.Type);
        Assert.Equal("ws/raw", Encoding.UTF8.GetString(packet.Buffer, packet.TopicOffset, packet.TopicLength));
        Assert.Equal("to-ws", Encoding.UTF8.GetString(packet.Buffer, packet.PayloadOffset, packet.PayloadLength));
        using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, closing.Token);
        Assert.Equal(WebSocketState.Closed, ws.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, ws.CloseStatus);
    }

    // One MQTT packet: reads binary frames until a whole packet (fixed header + remaining length) is in.
    private static async Task<byte[]> ReceiveAsync(ClientWebSocket ws)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var data = new List<byte>();
        var chunk = new byte[4096];
        while (true)
        {
            var r = await ws.ReceiveAsync(chunk, cts.Token);
            Assert.Equal(WebSocketMessageType.Binary, r.MessageType);
            data.AddRange(chunk.AsSpan(0, r.Count).ToArray());
            var all = data.ToArray();
            if (MqttFrameReader.Check(all, 0, all.Length, 1 << 20, out int length, out _, out _) == MqttStatus.Ok && all.Length >= length)
            {
                Assert.Equal(length, all.Length);
                return all;
            }
        }
    }
}
