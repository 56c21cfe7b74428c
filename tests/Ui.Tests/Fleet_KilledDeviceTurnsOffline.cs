using NanoNode.Ui.Tests.Infrastructure;

namespace NanoNode.Ui.Tests;

/// <summary>A virtual device killed without DISCONNECT turns offline on the open fleet page (its will), within the keep-alive.</summary>
public sealed class Fleet_KilledDeviceTurnsOffline
{
    [Fact]
    public async Task Run()
    {
        await using var host = await UiHost.StartAsync(devices: 2);
        await using var browser = await BrowserSession.StartAsync(nameof(Fleet_KilledDeviceTurnsOffline));
        await browser.GotoAsync(host.Url + "/");
        await browser.WaitUntilAsync("return document.querySelectorAll('#fleet-rows tr[data-device][data-state=online]').length === 2");
        // Updates arrive over the server's event stream (the page falls back to polling only without one).
        await browser.WaitUntilAsync("return document.getElementById('live').textContent === 'live'");
        await browser.ShotAsync("both-online");

        Assert.True(host.Fleet.Kill("virtual-2"));
        // The broker publishes the will at once on a dropped connection, and at the latest after 1.5 keep-alives
        // (60 s) [MQTT-3.1.2-24]; the page must show it without a reload.
        int keepAliveMs = 60_000 * 3 / 2;
        await browser.WaitUntilAsync("return document.querySelector(\"#fleet-rows tr[data-device='virtual-2'][data-state=offline]\") !== null", timeoutMs: keepAliveMs + 10_000);
        Assert.Equal("offline", await browser.TextAsync("#fleet-rows tr[data-device='virtual-2'] .badge"));
        Assert.Equal("online", await browser.TextAsync("#fleet-rows tr[data-device='virtual-1'] .badge"));
        Assert.Matches("^since ", await browser.TextAsync("#fleet-rows tr[data-device='virtual-2'] .since"));
        Assert.StartsWith("will", await browser.TextAsync("#fleet-rows tr[data-device='virtual-2'] .reason")); // the broker's reason: its will was sent
        await browser.ShotAsync("virtual-2-offline");
        Assert.Equal("offline", host.Manager.Find("virtual-2")!.Status);
        Assert.Empty(await browser.ProblemsAsync());
    }
}
