// An outgoing packet the encoder refuses (here an ack with packet id 0 [MQTT-2.3.1-1]) is never written as 0 bytes or
// a truncated packet: the broker logs an error and closes that connection after what was written before it; another
// client is not affected.
namespace NanoNode.Broker.Tests;

using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using NanoNode.BrokerHost.Mqtt;
using NanoNode.Mqtt;

public sealed class Write_FailedEncodeClosesWithoutWriting
{
    [Fact]
    public async Task Test()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var logs = new LogCapture();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var input = new Pipe();
        var output = new Pipe();
        var connection = new MqttConnection(broker.Broker, input.Reader, output.Writer, IPAddress.Loopback, factory.CreateLogger<MqttConnection>());
        var run = connection.RunAsync(CancellationToken.None);

        var connect = new byte[64];
        Assert.Equal(MqttStatus.Ok, ConnectPacket.Encode(connect, 0, connect.Length, "encode-victim"u8.ToArray(), null, null, 0, false, null, null, true, 60, out int n));
        await input.Writer.WriteAsync(connect.AsMemory(0, n));

        // CONNACK first (4 bytes), then nothing: the connection ends.
        var bytes = new List<byte>();
        bool sentBad = false;
        while (true)
        {
            var read = await output.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            bytes.AddRange(read.Buffer.ToArray());
            output.Reader.AdvanceTo(read.Buffer.End);
            if (bytes.Count >= ConnAckPacket.Size && !sentBad)
            {
                connection.SendAck(PacketKind.PubAck, 0);
                sentBad = true;
            }

            if (read.IsCompleted)
            {
                break;
            }
        }

        await run.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(new byte[] { 0x20, 0x02, 0x00, 0x00 }, bytes.ToArray());
        Assert.Contains(logs.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal) && l.Contains("Encoding PubAck for encode-victim failed", StringComparison.Ordinal));

        using var other = new RawClient(broker.Port);
        Assert.Equal(0, other.Connect("encode-bystander").ReturnCode);
        other.Subscribe("enc/x", 1);
        other.Publish("enc/x", "fine", 1, packetId: 1);
        Assert.Equal("fine", other.Expect(MqttPacketType.Publish).Payload);
    }
}
