using NanoNode.Ui.Tests.Infrastructure;

namespace NanoNode.Ui.Tests;

/// <summary>The fleet page lists every virtual device online, with readings in units, board/firmware, MQTT version and the config rev; search narrows it.</summary>
public sealed class Fleet_ListsVirtualDevicesOnline
{
    [Fact]
    public async Task Run()
    {
        await using var host = await UiHost.StartAsync(devices: 3);
        await using var browser = await BrowserSession.StartAsync(nameof(Fleet_ListsVirtualDevicesOnline));
        Assert.Equal(200, await browser.GotoAsync(host.Url + "/"));
        await browser.WaitUntilAsync("return document.querySelectorAll('#fleet-rows tr[data-device][data-state=online]').length === 3");
        await browser.WaitUntilAsync("return document.querySelectorAll('#fleet-rows .reading').length >= 3");
        await browser.ShotAsync("fleet", "fleet");

        foreach (string id in new[] { "virtual-1", "virtual-2", "virtual-3" })
        {
            string row = $"#fleet-rows tr[data-device='{id}']";
            Assert.Equal(id, await browser.TextAsync(row + " a.devlink"));
            Assert.Equal("online", await browser.TextAsync(row + " .badge"));
            Assert.Equal("virtual", await browser.TextAsync(row + " .board"));
            Assert.Equal("firmware 1.0.0.0", await browser.TextAsync(row + " .firmware"));
            Assert.Equal("rev 0", await browser.TextAsync(row + " .revnum"));
            Assert.Equal("3.1.1", await browser.TextAsync(row + " td.protocol")); // the virtual devices speak MQTT 3.1.1
            Assert.Equal("none", await browser.TextAsync(row + " td.push"));
            string temperature = await browser.TextAsync(row + " .reading[data-key=temperature_c]");
            Assert.Matches(@"^Temperature-?\d+\.\d\d °C$", temperature);
            Assert.Matches(@"^Humidity\d+\.\d %$", await browser.TextAsync(row + " .reading[data-key=humidity_pct]"));
        }

        await browser.FillAsync("#fleet-search", "virtual-2");
        await browser.WaitUntilAsync("return document.querySelectorAll('#fleet-rows tr[data-device]').length === 1");
        Assert.Equal("virtual-2", await browser.TextAsync("#fleet-rows tr[data-device] a.devlink"));
        await browser.ShotAsync("search");
        await browser.FillAsync("#fleet-search", "");
        await browser.EvaluateAsync("const s = document.getElementById('fleet-filter'); s.value = 'offline'; s.dispatchEvent(new Event('change')); return true;");
        await browser.WaitUntilAsync("return document.querySelectorAll('#fleet-rows tr[data-device]').length === 0");

        // Sorting by device id, descending after a second click.
        await browser.EvaluateAsync("const s = document.getElementById('fleet-filter'); s.value = 'all'; s.dispatchEvent(new Event('change')); return true;");
        await browser.ClickAsync("th[data-sort=id]");
        var order = await browser.EvaluateAsync("return Array.from(document.querySelectorAll('#fleet-rows tr[data-device]')).map(r => r.dataset.device)");
        Assert.Equal(new[] { "virtual-3", "virtual-2", "virtual-1" }, order!.AsArray().Select(n => (string)n!).ToArray());

        Assert.Empty(await browser.ProblemsAsync());
    }
}
