using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Mqtt;

namespace NanoNode.BrokerHost.Hosting;

/// <summary>
/// MQTT over WebSockets (MQTT 3.1.1 §6): binary frames, subprotocol "mqtt" [MQTT-6.0.0-3] (also "mqttv3.1" for old
/// clients). The WebSocket is adapted to the same pipe pair the TCP transport uses.
/// </summary>
public static class WebSocketEndpoint
{
    /// <summary>Handles one HTTP request on the MQTT path.</summary>
    public static async Task HandleAsync(HttpContext context, MqttBroker broker, ILogger<MqttConnection> log)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("MQTT over WebSocket: connect with subprotocol 'mqtt'\n");
            return;
        }

        var requested = context.WebSockets.WebSocketRequestedProtocols;
        string? protocol = requested.Contains("mqtt") ? "mqtt" : requested.Contains("mqttv3.1") ? "mqttv3.1" : null;
        if (protocol == null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol);
        var stream = new WebSocketStream(socket);
        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        var mqtt = new MqttConnection(broker, input, output, context.Connection.RemoteIpAddress, log);
        // Server shutdown only, not RequestAborted (fired when the peer closes the socket, which would cancel the read
        // and drop packets still buffered, e.g. a DISCONNECT); a peer close ends the read loop through the stream.
        await mqtt.RunAsync(context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        // Open: the broker ends the connection (DISCONNECT, protocol error, takeover); CloseReceived: the client started
        // the close handshake, which the server completes with its own Close frame (RFC 6455 §5.5.1).
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
            }
        }
    }

    // A byte stream over WebSocket binary messages: reads concatenate frames (an MQTT packet may span or share frames,
    // [MQTT-6.0.0-2]); each flush of the pipe writer becomes one binary message.
    private sealed class WebSocketStream : Stream
    {
        private readonly WebSocket _socket;

        public WebSocketStream(WebSocket socket) => _socket = socket;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (true)
            {
                var r = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    return 0;
                }

                if (r.MessageType == WebSocketMessageType.Text)
                {
                    // MQTT data must be sent in binary frames [MQTT-6.0.0-1].
                    throw new IOException("text WebSocket frame");
                }

                if (r.Count > 0 || buffer.Length == 0)
                {
                    return r.Count;
                }
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            => _socket.SendAsync(buffer, WebSocketMessageType.Binary, true, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
