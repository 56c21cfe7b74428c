using NanoNode.Ui.Tests.Infrastructure;

namespace NanoNode.Ui.Tests;

/// <summary>Editing interval_s in the config editor pushes a patch, waits for the ack and shows "applied"; the device runs with it.</summary>
public sealed class Config_EditIntervalShowsApplied
{
    [Fact]
    public async Task Run()
    {
        await using var host = await UiHost.StartAsync(devices: 1);
        await using var browser = await BrowserSession.StartAsync(nameof(Config_EditIntervalShowsApplied));
        await browser.GotoAsync(host.Url + "/devices/virtual-1");
        await browser.WaitForAsync("#cfg-interval_s");
        Assert.Equal("1", await browser.EvaluateAsync("return document.getElementById('cfg-interval_s').value") is { } v ? (string)v! : null);
        Assert.Equal("rev 0 in force", await browser.TextAsync("#config-rev"));

        await browser.FillAsync("#cfg-interval_s", "7");
        Assert.Equal("1 change", await browser.TextAsync("#config-changed"));
        await browser.ShotAsync("edited");
        await browser.ClickAsync("#config-push");
        await browser.WaitForAsync("#config-result[data-result=applied]");
        Assert.Equal("Applied: rev 1 is in force", await browser.TextAsync("#config-result strong"));
        await browser.WaitUntilAsync("return document.getElementById('config-rev').textContent === 'rev 1 in force'");
        Assert.Equal("7", (string?)await browser.EvaluateAsync("return document.getElementById('cfg-interval_s').value"));
        await browser.ShotAsync("applied");

        var device = host.Manager.Find("virtual-1")!;
        Assert.Equal(1, device.ConfigRev);
        Assert.Equal(7, (int)device.Config!["interval_s"]!);
        Assert.Equal("applied", device.LastAck!.State);
        Assert.Empty(await browser.ProblemsAsync());
    }
}
