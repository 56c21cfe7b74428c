using NanoNode.Ui.Tests.Infrastructure;

namespace NanoNode.Ui.Tests;

/// <summary>
/// An out-of-range interval_s is sent as typed, the device rejects it: the editor shows "rejected" with the key's reason
/// from the ack next to the field, the effective config stays as it was, and the fleet page shows rev 0 in force apart
/// from the rejected push.
/// </summary>
public sealed class Config_InvalidValueShowsRejectedWithReason
{
    [Fact]
    public async Task Run()
    {
        await using var host = await UiHost.StartAsync(devices: 1);
        await using var browser = await BrowserSession.StartAsync(nameof(Config_InvalidValueShowsRejectedWithReason));
        await browser.GotoAsync(host.Url + "/devices/virtual-1");
        await browser.WaitForAsync("#cfg-interval_s");

        await browser.FillAsync("#cfg-interval_s", "0");
        await browser.ClickAsync("#config-push");
        await browser.WaitForAsync("#config-result[data-result=rejected]");
        var device = host.Manager.Find("virtual-1")!;
        var ack = device.LastAck!;
        Assert.Equal("rejected", ack.State);
        var error = Assert.Single(ack.Errors!);
        Assert.Equal("interval_s", (string?)error!["key"]);
        string reason = (string)error["reason"]!;
        Assert.False(string.IsNullOrEmpty(reason));

        Assert.StartsWith("Rejected: rev 1 changed nothing", await browser.TextAsync("#config-result strong"));
        Assert.Equal("interval_s: " + reason, await browser.TextAsync("#config-result div"));
        Assert.Equal(reason, await browser.TextAsync("[data-error-for=interval_s]"));
        await browser.ShotAsync("rejected");
        await browser.ShotAsync("rejected-editor", "config-rejected", selector: "#config");

        // Effective config unchanged, on the device and on the page.
        Assert.Equal(0, device.ConfigRev);
        Assert.Equal(1, (int)device.Config!["interval_s"]!);
        Assert.Equal("rev 0 in force", await browser.TextAsync("#config-rev"));

        // The fleet page keeps the two apart: rev 0 in force, the last push rejected.
        await browser.GotoAsync(host.Url + "/");
        await browser.WaitForAsync("#fleet-rows tr[data-device='virtual-1'] .pstate");
        Assert.Equal("rev 0", await browser.TextAsync("#fleet-rows tr[data-device='virtual-1'] .revnum"));
        Assert.Equal("rejected", await browser.TextAsync("#fleet-rows tr[data-device='virtual-1'] .pstate"));
        await browser.ShotAsync("fleet-after-reject", "fleet-rejected-push");
        Assert.Empty(await browser.ProblemsAsync());
    }
}
