using NanoNode.Ui.Tests.Infrastructure;

namespace NanoNode.Ui.Tests;

/// <summary>
/// A push to a device that never answers (killed: its connection dropped) shows "timed out" once the editor's 60 s wait
/// for the ack is over; the push stays pending in the device manager and the config in force is unchanged.
/// </summary>
public sealed class Config_OfflineDeviceShowsTimedOut
{
    [Fact]
    public async Task Run()
    {
        await using var host = await UiHost.StartAsync(devices: 1);
        await using var browser = await BrowserSession.StartAsync(nameof(Config_OfflineDeviceShowsTimedOut));
        await browser.GotoAsync(host.Url + "/devices/virtual-1");
        await browser.WaitForAsync("#cfg-interval_s");
        Assert.True(host.Fleet.Kill("virtual-1"));
        await browser.WaitUntilAsync("return document.querySelector('#device-state .badge').textContent === 'offline'", timeoutMs: 100_000);

        await browser.FillAsync("#cfg-interval_s", "9");
        await browser.ClickAsync("#config-push");
        await browser.WaitForAsync("#config-result[data-result=pending]");
        await browser.WaitForAsync("#config-result[data-result=timed_out]", timeoutMs: 90_000);
        Assert.Equal("Timed out: no ack for rev 1 within 60 s", await browser.TextAsync("#config-result strong"));
        await browser.ShotAsync("timed-out");

        var device = host.Manager.Find("virtual-1")!;
        Assert.Equal(0, device.ConfigRev);
        Assert.Equal(1, (int)device.Config!["interval_s"]!);
        Assert.Equal(1, Assert.Single(device.Pending).Rev);
        Assert.Equal("rev 0 in force", await browser.TextAsync("#config-rev"));
        Assert.Empty(await browser.ProblemsAsync());
    }
}
