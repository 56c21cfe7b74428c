// A broker that stops tells its MQTT 5 clients why: DISCONNECT 0x8B Server shutting down (§3.14.2.1) with its Reason
// String, before closing; raw bytes (client libraries report a server DISCONNECT each in their own way). The same
// client against Mosquitto 2.0.11 stopped with SIGTERM, in the same test: it closes without one. A 3.1.1 client is just
// closed (that version has no server DISCONNECT).
namespace NanoNode.Broker.Tests;

using NanoNode.Tests.Shared;
using static NanoNode.Broker.Tests.Infrastructure.Mqtt5Raw;

public sealed class Mqtt5_ServerShuttingDown
{
    [Fact]
    public async Task Test()
    {
        Assert.Equal($"{DisconnectHex(0x8B, "server shutting down")} | closed", await StopWhileConnected(Connect("sd-ours")));
        var v311 = Packet(0x10, Cat(Str("MQTT"), new byte[] { 4, 0x02, 0, 60 }, Str("sd-311")));
        Assert.Equal("closed", await StopWhileConnected(v311));

        using var mosquitto = new MosquittoFixture();
        string theirs = await ExchangeAround(mosquitto.Port, 1, () =>
        {
            Tools.Run("kill", new[] { "-TERM", mosquitto.Pid.ToString() });
            return Task.CompletedTask;
        }, Connect("sd-theirs"));
        // Mosquitto 2.0.11 closes without a DISCONNECT (the spec's "MAY send" leaves that to the server).
        Assert.Equal("closed", theirs);
    }

    // Connects to a new broker, stops it once CONNACK arrived; what the client received after CONNACK.
    private static async Task<string> StopWhileConnected(byte[] connect)
    {
        var broker = await BrokerFixture.StartAsync();
        bool stopped = false;
        try
        {
            return await ExchangeAround(broker.Port, 1, async () =>
            {
                stopped = true;
                await broker.DisposeAsync();
            }, connect);
        }
        finally
        {
            if (!stopped)
            {
                await broker.DisposeAsync();
            }
        }
    }
}
