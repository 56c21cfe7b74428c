namespace NanoNode.BrokerHost.Devices;

/// <summary>
/// The dashboard (<c>GET /</c>): one static page, plain HTML + fetch of <c>/api/devices</c> every 2 s, no build step.
/// Device-supplied strings are inserted with <c>textContent</c> only (never as HTML).
/// </summary>
public static class DashboardPage
{
    /// <summary>The page.</summary>
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NanoNode devices</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; background: #fafafa; }
  h1 { font-size: 1.3rem; margin: 0 0 .2rem; }
  #meta { color: #666; margin-bottom: 1rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
  th { background: #f0f0f0; font-weight: 600; }
  .online { color: #0a7d22; font-weight: 600; }
  .offline { color: #b3261e; font-weight: 600; }
  .unknown { color: #777; }
  .applied { color: #0a7d22; } .pending { color: #a66a00; } .rejected, .rolled_back, .stale, .no_ack { color: #b3261e; }
  .reading { display: inline-block; margin-right: .8rem; white-space: nowrap; }
  .muted { color: #888; font-size: 12px; }
  code { font-size: 12px; }
</style>
</head>
<body>
<h1>NanoNode devices</h1>
<div id="meta">loading…</div>
<table>
  <thead><tr><th>Device</th><th>Status</th><th>Board / firmware</th><th>Latest telemetry</th><th>Config</th></tr></thead>
  <tbody id="rows"></tbody>
</table>
<script>
"use strict";
const skip = new Set(["seq", "ts", "uptime_s", "errors"]);
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
function ago(iso) {
  if (!iso) return "";
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 60 ? s + " s ago" : Math.round(s / 60) + " min ago";
}
function row(d) {
  const tr = document.createElement("tr");
  tr.appendChild(el("td")).appendChild(el("strong", d.id));
  const st = tr.appendChild(el("td"));
  st.appendChild(el("span", d.status, d.status));
  st.appendChild(el("div", ago(d.status_at), "muted"));
  const bf = tr.appendChild(el("td"));
  bf.appendChild(el("div", d.board ?? "–"));
  bf.appendChild(el("div", d.firmware ?? "", "muted"));
  const tel = tr.appendChild(el("td"));
  if (d.telemetry) {
    for (const [k, v] of Object.entries(d.telemetry)) {
      if (!skip.has(k)) tel.appendChild(el("span", k + ": " + v, "reading"));
    }
    if (d.telemetry.errors) tel.appendChild(el("div", "errors: " + JSON.stringify(d.telemetry.errors), "offline"));
    tel.appendChild(el("div", "seq " + d.telemetry.seq + " · " + ago(d.telemetry_at), "muted"));
  } else {
    tel.appendChild(el("span", "none yet", "muted"));
  }
  const cfg = tr.appendChild(el("td"));
  cfg.appendChild(el("div", d.config_rev === null || d.config_rev === undefined ? "rev ?" : "rev " + d.config_rev));
  if (d.config_state) cfg.appendChild(el("div", d.config_state, d.config_state));
  return tr;
}
async function refresh() {
  try {
    const r = await fetch("/api/devices", { cache: "no-store" });
    if (!r.ok) throw new Error("HTTP " + r.status);
    const devices = await r.json();
    const rows = document.getElementById("rows");
    rows.replaceChildren(...devices.map(row));
    const online = devices.filter(d => d.status === "online").length;
    document.getElementById("meta").textContent =
      devices.length + " devices, " + online + " online · updated " + new Date().toLocaleTimeString();
  } catch (e) {
    document.getElementById("meta").textContent = "cannot reach the API: " + e.message;
  }
}
refresh();
setInterval(refresh, 2000);
</script>
</body>
</html>
""";
}
