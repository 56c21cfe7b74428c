using NanoNode.Ui.Tests.Infrastructure;

namespace NanoNode.Ui.Tests;

/// <summary>
/// Strings a device controls (its id in the topic, board, firmware, chip names, sensor status, counter names, the
/// reasons in a config ack) are shown as text: markup in them creates no element and runs no script, on the fleet page
/// and on the device page.
/// </summary>
public sealed class Escaping_DeviceStringsShownAsText
{
    private const string EvilId = "<img src=x onerror=window.__pwned=1>";
    private const string EvilBoard = "<img src=x onerror=\"window.__pwned=2\">";
    private const string EvilFirmware = "<script>window.__pwned=3</script>";
    private const string EvilChip = "<b class=pwned>chip</b>";

    [Fact]
    public async Task Run()
    {
        await using var host = await UiHost.StartAsync(devices: 1);
        string prefix = "nanonode/" + EvilId + "/";
        string json(string s) => System.Text.Json.JsonSerializer.Serialize(s);
        await host.PublishAsync(prefix + "info",
            $"{{\"device_id\":{json(EvilId)},\"firmware\":{json(EvilFirmware)},\"board\":{json(EvilBoard)},\"config_rev\":3," +
            $"\"bus_scan\":[118],\"sensors\":[{{\"chip\":{json(EvilChip)},\"address\":118,\"found\":true,\"status\":{json(EvilBoard)}}}],\"counters\":{{{json(EvilChip)}:1}}}}", true);
        await host.PublishAsync(prefix + "telemetry", "{\"seq\":1,\"ts\":1,\"temperature_c\":21.5}", false);
        await host.PublishAsync(prefix + "status", "online", true);
        await host.PublishAsync(prefix + "config/ack", $"{{\"rev\":4,\"result\":\"rejected\",\"errors\":[{{\"key\":{json(EvilChip)},\"reason\":{json(EvilBoard)}}}]}}", false);
        Assert.True(await host.Manager.WaitAsync(m => m.Find(EvilId) is { Status: "online", Info: not null, LastTelemetry: not null, LastAck: not null }, UiHost.Wait));

        await using var browser = await BrowserSession.StartAsync(nameof(Escaping_DeviceStringsShownAsText));
        await browser.GotoAsync(host.Url + "/");
        await browser.WaitUntilAsync("return document.querySelectorAll('#fleet-rows tr[data-device]').length === 2");
        string row = "#fleet-rows tr[data-device='" + EvilId.Replace("'", "\\'") + "']";
        Assert.Equal(EvilId, await browser.TextAsync(row + " a.devlink"));
        Assert.Equal(EvilBoard, await browser.TextAsync(row + " .board"));
        Assert.Equal("firmware " + EvilFirmware, await browser.TextAsync(row + " .firmware"));
        await AssertNothingInjected(browser);
        await browser.ShotAsync("fleet");

        await browser.ClickAsync(row + " a.devlink");
        await browser.WaitUntilAsync("return document.querySelector('#sensor-table tr[data-chip]') !== null");
        Assert.Equal(EvilId, await browser.TextAsync("#device-id"));
        Assert.Equal(EvilChip, await browser.TextAsync("#sensor-table tr[data-chip] td"));
        Assert.Contains(EvilFirmware, await browser.TextAsync("#device-facts"));
        Assert.Contains(EvilChip.Replace('_', ' '), await browser.TextAsync("#counter-table"));
        await browser.WaitUntilAsync("return document.querySelector('#event-table tr[data-kind=config_ack]') !== null");
        Assert.Contains(EvilChip + ": " + EvilBoard, await browser.TextAsync("#event-table tr[data-kind=config_ack]"));
        await AssertNothingInjected(browser);
        await browser.ShotAsync("device");
    }

    private static async Task AssertNothingInjected(BrowserSession browser)
    {
        var found = await browser.EvaluateAsync(
            "return { imgs: document.querySelectorAll('#view img').length, scripts: document.querySelectorAll('#view script').length, " +
            "bold: document.querySelectorAll('#view b, .pwned').length, pwned: window.__pwned === undefined ? 0 : window.__pwned }");
        Assert.Equal(0, (int)found!["imgs"]!);
        Assert.Equal(0, (int)found["scripts"]!);
        Assert.Equal(0, (int)found["bold"]!);
        Assert.Equal(0, (int)found["pwned"]!);
    }
}
