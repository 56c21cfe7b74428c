using System.Net;
using System.Net.Sockets;
using NanoNode.Ui.Tests.Infrastructure;

namespace NanoNode.Ui.Tests;

/// <summary>
/// A reconnect-class change the node cannot live with (broker_port of a closed port) shows "rolled back" in the editor:
/// the node tries it, fails to reconnect within rollback_timeout_s, returns to its previous config and says so.
/// </summary>
public sealed class Config_UnreachableBrokerShowsRolledBack
{
    [Fact]
    public async Task Run()
    {
        await using var host = await UiHost.StartAsync(devices: 1);
        await using var browser = await BrowserSession.StartAsync(nameof(Config_UnreachableBrokerShowsRolledBack));
        await browser.GotoAsync(host.Url + "/devices/virtual-1");
        await browser.WaitForAsync("#cfg-rollback_timeout_s");

        // A short rollback deadline first (a live key), so the test does not wait the default 30 s.
        await browser.FillAsync("#cfg-rollback_timeout_s", "5");
        await browser.ClickAsync("#config-push");
        await browser.WaitForAsync("#config-result[data-result=applied]");
        await browser.WaitUntilAsync("return document.getElementById('config-rev').textContent === 'rev 1 in force'");

        int closedPort = ClosedPort();
        await browser.FillAsync("#cfg-broker_port", closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await browser.ClickAsync("#config-push");
        await browser.WaitForAsync("#config-result[data-result=pending]");
        await browser.ShotAsync("waiting-for-ack");
        await browser.WaitForAsync("#config-result[data-result=rolled_back]", timeoutMs: 70_000);
        Assert.StartsWith("Rolled back: rev 2", await browser.TextAsync("#config-result strong"));
        await browser.ShotAsync("rolled-back");

        var device = host.Manager.Find("virtual-1")!;
        Assert.Equal("rolled_back", device.LastAck!.State);
        Assert.NotEqual(closedPort, (int)device.Config!["broker_port"]!);
        Assert.Equal(host.MqttPort, (int)device.Config["broker_port"]!);
        await browser.WaitUntilAsync("return document.querySelector('#event-table tr[data-kind=rollback]') !== null");
        Assert.Empty(await browser.ProblemsAsync());
    }

    private static int ClosedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
