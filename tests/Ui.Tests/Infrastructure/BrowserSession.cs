using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace NanoNode.Ui.Tests.Infrastructure;

/// <summary>
/// Debian's chromium (headless) driven by playwright-core through <c>tests/Ui.Tests/browser.js</c>, a Node.js process
/// answering one JSON command per line. Each call waits for its answer (bounded by <see cref="CallTimeout"/>); a
/// failed page operation throws <see cref="BrowserException"/> with Playwright's message. Screenshots of each step go
/// to <c>artifacts/ui/&lt;test&gt;/NN-step.png</c>.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>Bound of one call (page operations carry their own, shorter, Playwright timeouts).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _node;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _calls = new();
    private readonly string _shots;
    private int _next;
    private int _step;

    private BrowserSession(Process node, string test)
    {
        _node = node;
        _shots = Path.Combine(Repo.Root, "artifacts", "ui", test);
        Directory.CreateDirectory(_shots);
        foreach (var old in Directory.GetFiles(_shots, "*.png"))
        {
            File.Delete(old);
        }
    }

    /// <summary>Starts node + chromium for the test named <paramref name="test"/> (the screenshot folder).</summary>
    public static async Task<BrowserSession> StartAsync(string test)
    {
        var psi = new ProcessStartInfo("node", Path.Combine(Repo.Root, "tests", "Ui.Tests", "browser.js"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(Repo.Root, "tests", "Js"),
        };
        psi.Environment["NODE_PATH"] = Path.Combine(Repo.Root, "tests", "Js", "node_modules");
        var node = Process.Start(psi) ?? throw new InvalidOperationException("cannot start node");
        var session = new BrowserSession(node, test);
        _ = Task.Run(session.ReadLoop);
        _ = Task.Run(async () =>
        {
            // Keep stderr drained (Playwright may log); kept for failure messages.
            while (await node.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                session.Stderr.Add(line);
            }
        });
        await session.CallAsync("launch", new JsonObject { ["executable"] = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium" });
        await session.CallAsync("newContext");
        return session;
    }

    /// <summary>Lines the bridge wrote on stderr.</summary>
    public ConcurrentBag<string> Stderr { get; } = new();

    /// <summary>Sends <paramref name="op"/> with <paramref name="args"/>; the answer's value.</summary>
    public async Task<JsonNode?> CallAsync(string op, JsonObject? args = null)
    {
        int id = Interlocked.Increment(ref _next);
        var msg = args ?? new JsonObject();
        msg["id"] = id;
        msg["op"] = op;
        var tcs = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = tcs;
        lock (_node)
        {
            _node.StandardInput.WriteLine(msg.ToJsonString());
            _node.StandardInput.Flush();
        }

        var done = await Task.WhenAny(tcs.Task, Task.Delay(CallTimeout)).ConfigureAwait(false);
        if (done != tcs.Task)
        {
            throw new BrowserException($"{op}: no answer from the browser bridge in {CallTimeout.TotalSeconds} s; stderr: {string.Join(" | ", Stderr)}");
        }

        return await tcs.Task.ConfigureAwait(false);
    }

    /// <summary>Opens <paramref name="url"/>; the HTTP status of the document.</summary>
    public async Task<int> GotoAsync(string url) => (await CallAsync("goto", new JsonObject { ["url"] = url })) is JsonValue v ? (int)v.GetValue<double>() : 0;

    /// <summary>Waits until <paramref name="selector"/> is visible (or <paramref name="state"/>).</summary>
    public Task WaitForAsync(string selector, string state = "visible", int timeoutMs = 30000) =>
        CallAsync("waitFor", new JsonObject { ["selector"] = selector, ["state"] = state, ["timeout"] = timeoutMs });

    /// <summary>
    /// Waits until the JavaScript function body <paramref name="expression"/> (with <c>arg</c> = <paramref name="arg"/>)
    /// returns a truthy value in the page; that value.
    /// </summary>
    public Task<JsonNode?> WaitUntilAsync(string expression, JsonNode? arg = null, int timeoutMs = 30000) =>
        CallAsync("waitUntil", new JsonObject { ["expression"] = expression, ["arg"] = arg, ["timeout"] = timeoutMs });

    /// <summary>Runs the function body <paramref name="expression"/> in the page; its (JSON) result.</summary>
    public Task<JsonNode?> EvaluateAsync(string expression, JsonNode? arg = null) =>
        CallAsync("evaluate", new JsonObject { ["expression"] = expression, ["arg"] = arg });

    /// <summary>Clicks the first element matching <paramref name="selector"/>.</summary>
    public Task ClickAsync(string selector) => CallAsync("click", new JsonObject { ["selector"] = selector });

    /// <summary>Replaces the value of the input matching <paramref name="selector"/>.</summary>
    public Task FillAsync(string selector, string value) => CallAsync("fill", new JsonObject { ["selector"] = selector, ["value"] = value });

    /// <summary>textContent of the first element matching <paramref name="selector"/>.</summary>
    public async Task<string> TextAsync(string selector) => (string?)await CallAsync("text", new JsonObject { ["selector"] = selector }) ?? "";

    /// <summary>Number of elements matching <paramref name="selector"/>.</summary>
    public async Task<int> CountAsync(string selector) => (int)(await CallAsync("count", new JsonObject { ["selector"] = selector }))!.GetValue<double>();

    /// <summary>Drags across the first <paramref name="selector"/> horizontally from fraction <paramref name="fromX"/> to <paramref name="toX"/> of its width.</summary>
    public Task DragAsync(string selector, double fromX, double toX) => CallAsync("drag", new JsonObject { ["selector"] = selector, ["fromX"] = fromX, ["toX"] = toX });

    /// <summary>A new browser context (no cookies, fresh page).</summary>
    public Task NewContextAsync() => CallAsync("newContext");

    /// <summary>
    /// Saves a screenshot of the page as <c>artifacts/ui/&lt;test&gt;/NN-<paramref name="step"/>.png</c>; with
    /// <paramref name="docsName"/> and NANONODE_DOCS_SCREENSHOTS=1, also as <c>tools/BrokerHost/docs/&lt;docsName&gt;.png</c>.
    /// With <paramref name="selector"/>, only that element.
    /// </summary>
    public async Task ShotAsync(string step, string? docsName = null, bool fullPage = true, string? selector = null)
    {
        int n = Interlocked.Increment(ref _step);
        string path = Path.Combine(_shots, $"{n:D2}-{step}.png");
        await CallAsync("screenshot", new JsonObject { ["path"] = path, ["fullPage"] = fullPage, ["selector"] = selector });
        if (docsName != null && Environment.GetEnvironmentVariable("NANONODE_DOCS_SCREENSHOTS") == "1")
        {
            string docs = Path.Combine(Repo.Root, "tools", "BrokerHost", "docs");
            Directory.CreateDirectory(docs);
            File.Copy(path, Path.Combine(docs, docsName + ".png"), true);
        }
    }

    /// <summary>Console errors, uncaught page errors and CSP violations seen so far.</summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync() =>
        (await CallAsync("problems"))!.AsArray().Select(p => (string)p!).ToList();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CallAsync("close").WaitAsync(TimeSpan.FromSeconds(20));
            _node.StandardInput.Close();
            if (!_node.WaitForExit(10000))
            {
                _node.Kill(true);
            }
        }
        catch (Exception) when (!_node.HasExited)
        {
            _node.Kill(true);
        }

        _node.Dispose();
    }

    private async Task ReadLoop()
    {
        while (await _node.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            JsonObject? answer;
            try
            {
                answer = JsonNode.Parse(line) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                continue;
            }

            if (answer?["id"] is not JsonValue idv || !_calls.TryRemove((int)idv.GetValue<double>(), out var tcs))
            {
                continue;
            }

            if (answer["ok"]?.GetValue<bool>() == true)
            {
                tcs.TrySetResult(answer["value"]?.DeepClone());
            }
            else
            {
                tcs.TrySetException(new BrowserException((string?)answer["error"] ?? "browser error"));
            }
        }

        foreach (var pending in _calls.Values)
        {
            pending.TrySetException(new BrowserException("browser bridge exited; stderr: " + string.Join(" | ", Stderr)));
        }
    }
}

/// <summary>A page operation failed (Playwright's message, e.g. a selector timeout).</summary>
public sealed class BrowserException : Exception
{
    /// <summary>Creates it.</summary>
    public BrowserException(string message)
        : base(message)
    {
    }
}

/// <summary>The repository root (the folder holding nano.sln), found upward from the test assembly.</summary>
public static class Repo
{
    /// <summary>Absolute path of the repository root.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "nano.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("nano.sln not found above " + AppContext.BaseDirectory);
    }
}
