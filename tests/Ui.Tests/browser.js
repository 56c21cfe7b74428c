// Browser bridge for the dashboard tests: drives Debian's chromium (headless) with playwright-core and answers one
// JSON command per stdin line with one JSON line on stdout ({"id":N,"ok":true,"value":...} or {"ok":false,"error":...}).
// The assertions live in the C# tests (BrowserSession.cs); this file only forwards page operations.
// Environment: CHROMIUM (executable path, default /usr/bin/chromium); NODE_PATH must reach tests/Js/node_modules.
"use strict";
const readline = require("readline");
const { chromium } = require("playwright-core");

let browser = null, context = null, page = null;
const problems = []; // console errors, page errors, CSP violations: the tests assert there are none

async function newContext(viewport) {
  if (context) await context.close();
  context = await browser.newContext({ viewport: viewport || { width: 1360, height: 900 }, locale: "en-GB", timezoneId: "UTC" });
  page = await context.newPage();
  page.on("console", m => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("pageerror", e => problems.push("pageerror: " + e.message));
  page.on("dialog", d => d.dismiss());
  return true;
}

const ops = {
  async launch(a) {
    browser = await chromium.launch({ executablePath: a.executable || process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
    return browser.version();
  },
  newContext: a => newContext(a.viewport),
  async goto(a) { const r = await page.goto(a.url, { waitUntil: "load", timeout: a.timeout || 30000 }); return r ? r.status() : null; },
  url: () => page.url(),
  click: a => page.click(a.selector, { timeout: a.timeout || 30000 }).then(() => true),
  fill: a => page.fill(a.selector, a.value, { timeout: a.timeout || 30000 }).then(() => true),
  press: a => page.press(a.selector, a.key, { timeout: a.timeout || 30000 }).then(() => true),
  waitFor: a => page.waitForSelector(a.selector, { state: a.state || "visible", timeout: a.timeout || 30000 }).then(() => true),
  // expression: a JavaScript function body returning truthy when done; arg passed as `arg`.
  waitUntil: a => page.waitForFunction(new Function("arg", a.expression), a.arg === undefined ? null : a.arg, { timeout: a.timeout || 30000, polling: 200 }).then(h => h.jsonValue()),
  evaluate: a => page.evaluate(new Function("arg", a.expression), a.arg === undefined ? null : a.arg),
  text: a => page.textContent(a.selector, { timeout: a.timeout || 30000 }),
  count: a => page.locator(a.selector).count(),
  async drag(a) {
    const box = await page.locator(a.selector).first().boundingBox();
    await page.mouse.move(box.x + box.width * a.fromX, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * a.toX, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    return true;
  },
  async screenshot(a) {
    if (a.selector) await page.locator(a.selector).first().screenshot({ path: a.path });
    else await page.screenshot({ path: a.path, fullPage: !!a.fullPage });
    return a.path;
  },
  problems: () => problems.slice(),
  async close() { if (browser) await browser.close(); browser = null; return true; },
};

const rl = readline.createInterface({ input: process.stdin });
let chain = Promise.resolve();
rl.on("line", line => {
  chain = chain.then(async () => {
    let msg;
    try { msg = JSON.parse(line); } catch (e) { return; }
    try {
      const fn = ops[msg.op];
      if (!fn) throw new Error("unknown op " + msg.op);
      const value = await fn(msg);
      process.stdout.write(JSON.stringify({ id: msg.id, ok: true, value: value === undefined ? null : value }) + "\n");
    } catch (e) {
      process.stdout.write(JSON.stringify({ id: msg.id, ok: false, error: String(e && e.message || e) }) + "\n");
    }
  });
});
rl.on("close", () => { chain.then(() => browser && browser.close()).finally(() => process.exit(0)); });
