using NanoNode.Ui.Tests.Infrastructure;

namespace NanoNode.Ui.Tests;

/// <summary>
/// The device page draws a chart per quantity with the device's readings (from the history API) as points; dragging
/// zooms into a span and the points stay drawn; the 24 h range shows downsampled points; sensors, bus scan and counters show.
/// </summary>
public sealed class Device_ChartHasPoints
{
    [Fact]
    public async Task Run()
    {
        await using var host = await UiHost.StartAsync(devices: 1);
        Assert.True(await host.Manager.WaitAsync(m => m.Find("virtual-1")!.Telemetry.Count >= 20, TimeSpan.FromSeconds(60)), "20 readings");
        await using var browser = await BrowserSession.StartAsync(nameof(Device_ChartHasPoints));
        Assert.Equal(200, await browser.GotoAsync(host.Url + "/devices/virtual-1"));
        await browser.WaitUntilAsync("return Number(document.querySelector(\".chartbox[data-key=temperature_c] svg\")?.dataset.points) >= 5");
        foreach (string q in new[] { "temperature_c", "humidity_pct", "pressure_hpa", "illuminance_lx" })
        {
            Assert.True(await browser.CountAsync($".chartbox[data-key={q}] svg circle.pt") >= 3, q + ": fewer than 3 points drawn");
            Assert.Equal(1, await browser.CountAsync($".chartbox[data-key={q}] svg path.line"));
        }

        Assert.Equal("virtual-1", await browser.TextAsync("#device-id"));
        Assert.Equal("online", await browser.TextAsync("#device-state .badge"));
        await browser.WaitUntilAsync("return document.querySelectorAll('#sensor-table tr[data-chip]').length === 5");
        Assert.Equal("Bus scan: 0x23, 0x44, 0x76", await browser.TextAsync("#bus-scan"));
        Assert.True(await browser.CountAsync("#counter-table tr") >= 5);
        await browser.ShotAsync("device-1h");

        // Zoom: drag across the last few minutes of the temperature chart (the readings so far); the view narrows to
        // that span, "Reset zoom" appears and the readings are drawn spread over it.
        await browser.DragAsync(".chartbox[data-key=temperature_c] svg", 0.95, 0.999);
        await browser.WaitForAsync("#reset-zoom");
        await browser.WaitUntilAsync("return Number(document.querySelector('.chartbox[data-key=humidity_pct] svg').dataset.points) >= 20");
        Assert.True(await browser.CountAsync(".chartbox[data-key=temperature_c] svg text.xlab") >= 2);
        await browser.ShotAsync("zoomed", "device");
        await browser.ClickAsync("#reset-zoom");
        await browser.WaitForAsync("#reset-zoom", "hidden");
        await browser.ClickAsync("button[data-range='24h']");
        await browser.WaitUntilAsync("return document.querySelector(\"button[data-range='24h']\").classList.contains('on') && Number(document.querySelector('.chartbox[data-key=temperature_c] svg').dataset.points) >= 1");
        await browser.ShotAsync("range-24h");

        // Downsampled buckets (mean, min, max) draw a band around the line; raw points draw none.
        var band = await browser.EvaluateAsync(
            "const box = document.createElement('div'); document.body.appendChild(box); const c = NanoChart.create(box, { unit: 'x' });" +
            "c.setData([[1000, 1, 0, 2], [2000, 2, 1, 3], [3000, 1.5, 1, 2]], 0, 4000); const banded = box.querySelectorAll('path.band').length;" +
            "c.setData([[1000, 1], [2000, 2]], 0, 4000); const raw = box.querySelectorAll('path.band').length; box.remove();" +
            "return { banded: banded, raw: raw };");
        Assert.Equal(1, (int)band!["banded"]!);
        Assert.Equal(0, (int)band["raw"]!);
        Assert.Empty(await browser.ProblemsAsync());
    }
}
