// `users add/remove/list` (the broker host's CLI, as a process) on the data folder of a running production-mode broker:
// an added device user logs in with its password at the next CONNECT, a wrong password is refused, a removed user is
// refused; "all" is refused as a device id (exit 2), removing an unknown user exits 1.
namespace NanoNode.Broker.Tests;

public sealed class Users_CliAddRemove
{
    [Fact]
    public void Test()
    {
        using var broker = new BrokerProcess("--production");
        var add = Cli(broker, "users", "add", "dev-u", "pw-u");
        Assert.True(add.ExitCode == 0, add.Output + add.Error);
        Assert.Contains("device dev-u", add.Output);
        Assert.Equal(0, Cli(broker, "users", "add", "boss", "pw-b", "--admin").ExitCode);
        Assert.Equal(2, Cli(broker, "users", "add", "fleet", "pw-f", "--device-id", "all").ExitCode);
        broker.Start();

        Assert.Equal(0, Tools.Pub(broker.Port, "-u", "dev-u", "-P", "pw-u", "-t", "nanonode/dev-u/telemetry", "-m", "{}").ExitCode);
        Assert.NotEqual(0, Tools.Pub(broker.Port, "-u", "dev-u", "-P", "wrong", "-t", "nanonode/dev-u/telemetry", "-m", "{}").ExitCode);
        Assert.NotEqual(0, Tools.Pub(broker.Port, "-t", "nanonode/dev-u/telemetry", "-m", "{}").ExitCode);

        var list = Cli(broker, "users", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(new[] { "boss\tadmin", "dev-u\tdevice dev-u" }, list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(0, Cli(broker, "users", "remove", "dev-u").ExitCode);
        Assert.Equal(1, Cli(broker, "users", "remove", "dev-u").ExitCode);
        Assert.NotEqual(0, Tools.Pub(broker.Port, "-u", "dev-u", "-P", "pw-u", "-t", "nanonode/dev-u/telemetry", "-m", "{}").ExitCode);
        Assert.Equal(0, Tools.Pub(broker.Port, "-u", "boss", "-P", "pw-b", "-t", "nanonode/dev-u/config/set", "-m", "{}").ExitCode);
    }

    private static (int ExitCode, string Output, string Error) Cli(BrokerProcess broker, params string[] args)
        => Tools.Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "NanoNode.BrokerHost.dll") }.Concat(args).Concat(new[] { "--data", broker.DataDirectory }), 60);
}
