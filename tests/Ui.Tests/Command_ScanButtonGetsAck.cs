using NanoNode.Ui.Tests.Infrastructure;

namespace NanoNode.Ui.Tests;

/// <summary>
/// The Scan button sends cmd/scan and shows the node's ack with the addresses found; Reboot asks first (Cancel sends
/// nothing); both show in the event log.
/// </summary>
public sealed class Command_ScanButtonGetsAck
{
    [Fact]
    public async Task Run()
    {
        await using var host = await UiHost.StartAsync(devices: 1);
        await using var browser = await BrowserSession.StartAsync(nameof(Command_ScanButtonGetsAck));
        await browser.GotoAsync(host.Url + "/devices/virtual-1");
        await browser.WaitForAsync("button[data-cmd=scan]");

        await browser.ClickAsync("button[data-cmd=scan]");
        await browser.WaitForAsync("#cmd-result[data-result=ok]");
        Assert.Equal("scan: ok · found 0x23, 0x44, 0x76", await browser.TextAsync("#cmd-result"));
        await browser.WaitUntilAsync("return [...document.querySelectorAll('#event-table tr[data-kind=command_ack]')].some(r => r.textContent.includes('scan:'))");
        Assert.Equal(1, await browser.CountAsync("#event-table tr[data-kind=command_ack]"));
        Assert.Contains("scan: ok · found 0x23, 0x44, 0x76", await browser.TextAsync("#event-table tr[data-kind=command_ack]"));
        await browser.ShotAsync("scan-acked");
        await browser.ShotAsync("scan-acked-events", "device-events", selector: "#events");

        // Reboot needs a confirmation; Cancel sends nothing.
        await browser.ClickAsync("button[data-cmd=reboot]");
        await browser.WaitForAsync("#confirm[open]");
        await browser.ShotAsync("reboot-confirm", fullPage: false);
        await browser.ClickAsync("#confirm-cancel");
        await browser.WaitForAsync("#confirm", "hidden");
        Assert.Equal("scan: ok · found 0x23, 0x44, 0x76", await browser.TextAsync("#cmd-result"));
        int commandEvents = await browser.CountAsync("#event-table tr[data-kind=command]");
        Assert.Equal(1, commandEvents);

        await browser.ClickAsync("button[data-cmd=reboot]");
        await browser.ClickAsync("#confirm-ok");
        await browser.WaitUntilAsync("return document.getElementById('cmd-result').dataset.result === 'ok' && document.getElementById('cmd-result').textContent.startsWith('reboot')");
        Assert.Equal("reboot: ok", await browser.TextAsync("#cmd-result"));
        await browser.ShotAsync("reboot-acked");
        Assert.Empty(await browser.ProblemsAsync());
    }
}
