// `serve --production --virtual-devices 2` (a broker process): anonymous access is off, yet the built-in device manager
// and the virtual devices log in (in-memory users with random passwords) and the devices come online, as an admin's
// `devices list` shows; the same command without credentials is refused.
namespace NanoNode.Broker.Tests;

public sealed class Serve_ProductionModeVirtualDevicesLogIn
{
    [Fact]
    public void Test()
    {
        using var broker = new BrokerProcess("--production", "--virtual-devices", "2");
        Assert.Equal(0, Cli(broker, "users", "add", "boss", "pw-b", "--admin").ExitCode);
        broker.Start();
        string url = "mqtt://127.0.0.1:" + broker.Port;
        (int ExitCode, string Output, string Error) list = default;
        bool online = Tools.WaitUntil(() =>
        {
            list = Cli(broker, "devices", "list", "--broker", url, "--user", "boss", "--password", "pw-b", "--timeout", "5");
            var lines = list.Output.Split('\n');
            return list.ExitCode == 0 && lines.Any(l => l.StartsWith("virtual-1 ") && l.Contains(" online ")) && lines.Any(l => l.StartsWith("virtual-2 ") && l.Contains(" online "));
        }, 60);
        string log;
        lock (broker.Output)
        {
            log = string.Join("\n", broker.Output.TakeLast(20));
        }

        Assert.True(online, $"devices list: exit {list.ExitCode}\n{list.Output}{list.Error}\nbroker:\n{log}");
        Assert.Contains("MQTT link connected", log + string.Join("\n", broker.Output));
        Assert.NotEqual(0, Cli(broker, "devices", "list", "--broker", url, "--timeout", "3").ExitCode);
    }

    private static (int ExitCode, string Output, string Error) Cli(BrokerProcess broker, params string[] args)
        => Tools.Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "NanoNode.BrokerHost.dll") }.Concat(args).Concat(new[] { "--data", broker.DataDirectory }), 60);
}
