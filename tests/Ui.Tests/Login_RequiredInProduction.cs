using System.Net;
using NanoNode.BrokerHost.Security;
using NanoNode.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace NanoNode.Ui.Tests;

/// <summary>
/// In --production the dashboard sends a browser without a session to the login page; a wrong password is refused
/// with a message; an admin gets in, sees the fleet and can push config (session cookie + CSRF token); a non-admin
/// does not get in; the API refuses requests without a session.
/// </summary>
public sealed class Login_RequiredInProduction
{
    [Fact]
    public async Task Run()
    {
        await using var host = await UiHost.StartAsync(devices: 1, production: true);
        var users = host.Services.GetRequiredService<UserStore>();
        users.Add("ops", "correct horse battery", true, null, 1000);
        users.Add("viewer", "not an admin here", false, null, 1000);

        using (var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(host.Url) })
        {
            using var api = await http.GetAsync("/api/devices");
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
            using var page = await http.GetAsync("/devices/virtual-1");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/login", page.Headers.Location!.OriginalString);
        }

        await using var browser = await BrowserSession.StartAsync(nameof(Login_RequiredInProduction));
        await browser.GotoAsync(host.Url + "/devices/virtual-1");
        await browser.WaitForAsync("#login-form");
        Assert.StartsWith(host.Url + "/login?return=", (string?)await browser.CallAsync("url"));
        await browser.ShotAsync("login", "login");

        await browser.FillAsync("#login-user", "ops");
        await browser.FillAsync("#login-password", "wrong password");
        await browser.ClickAsync("#login-submit");
        await browser.WaitForAsync("#login-error");
        Assert.Equal("Wrong user name or password, or not an administrator.", await browser.TextAsync("#login-error"));
        await browser.ShotAsync("wrong-password");

        await browser.FillAsync("#login-user", "viewer");
        await browser.FillAsync("#login-password", "not an admin here");
        await browser.ClickAsync("#login-submit");
        await browser.WaitUntilAsync("return document.getElementById('login-error').textContent.length > 0 && document.getElementById('login-password').value === ''");
        Assert.Contains("/login", (string?)await browser.CallAsync("url"));

        await browser.FillAsync("#login-user", "ops");
        await browser.FillAsync("#login-password", "correct horse battery");
        await browser.ClickAsync("#login-submit");
        await browser.WaitForAsync("#cfg-interval_s");
        Assert.Equal(host.Url + "/devices/virtual-1", (string?)await browser.CallAsync("url"));
        await browser.WaitUntilAsync("return document.getElementById('logout').textContent === 'Sign out ops'");

        // An unsafe request through the session: the page sends the CSRF token, the push is applied.
        await browser.FillAsync("#cfg-interval_s", "3");
        await browser.ClickAsync("#config-push");
        await browser.WaitForAsync("#config-result[data-result=applied]");
        Assert.Equal(3, (int)host.Manager.Find("virtual-1")!.Config!["interval_s"]!);
        await browser.ShotAsync("signed-in");

        await browser.ClickAsync("#logout");
        await browser.WaitForAsync("#login-form");
        await browser.GotoAsync(host.Url + "/");
        await browser.WaitForAsync("#login-form");

        // A return path that a browser would take as another site ("/\\host" means "//host") is not followed after login.
        await browser.GotoAsync(host.Url + "/login?return=/%5Cevil.example/x");
        await browser.WaitForAsync("#login-form");
        await browser.FillAsync("#login-user", "ops");
        await browser.FillAsync("#login-password", "correct horse battery");
        await browser.ClickAsync("#login-submit");
        await browser.WaitForAsync("#fleet-rows");
        Assert.Equal(host.Url + "/", (string?)await browser.CallAsync("url"));

        // The refused logins are the only errors the browser logged (Chromium reports every failed request).
        Assert.All(await browser.ProblemsAsync(), p => Assert.Matches("status of (401|403)", p));
    }
}
