// NanoNode dashboard (issue 12): one script, three views chosen by the path:
//   /                 fleet: every device, online state and since when, readings, config rev in force, last push
//   /devices/{id}     one device: charts, sensors and bus scan, counters, event log, config editor, commands
//   /login            sign-in form (production mode)
// Data: the broker host's REST API (/api/...); live updates from Server-Sent Events (/api/stream), each event making
// the open view re-read what changed. Device-provided strings (ids, board, firmware, chip names, reasons...) are only
// ever inserted with textContent / attribute setters, never parsed as HTML.
"use strict";
(function () {
  // ---- small helpers --------------------------------------------------------------------------------------------
  function el(tag, text, cls, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null && text !== "") e.textContent = String(text);
    if (cls) e.className = cls;
    if (attrs) for (const k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  const $ = id => document.getElementById(id);

  const QUANTITIES = {
    temperature_c: { name: "Temperature", unit: "°C", decimals: 2 },
    humidity_pct: { name: "Humidity", unit: "%", decimals: 1 },
    pressure_hpa: { name: "Pressure", unit: "hPa", decimals: 1 },
    illuminance_lx: { name: "Illuminance", unit: "lx", decimals: 0 },
    co2_ppm: { name: "CO₂", unit: "ppm", decimals: 0 },
  };
  const NOT_READINGS = new Set(["seq", "ts", "uptime_s", "errors", "id", "device"]);
  const UNIT_SUFFIX = { c: "°C", pct: "%", hpa: "hPa", lx: "lx", ppm: "ppm", v: "V", ma: "mA", s: "s", m: "m" };

  function quantity(key) {
    if (QUANTITIES[key]) return QUANTITIES[key];
    const i = key.lastIndexOf("_");
    const unit = i > 0 ? UNIT_SUFFIX[key.slice(i + 1)] || key.slice(i + 1) : "";
    const base = i > 0 && UNIT_SUFFIX[key.slice(i + 1)] ? key.slice(0, i) : key;
    return { name: base.charAt(0).toUpperCase() + base.slice(1).replace(/_/g, " "), unit: unit, decimals: 2 };
  }
  function readingKeys(t) {
    if (!t || typeof t !== "object") return [];
    return Object.keys(t).filter(k => !NOT_READINGS.has(k) && typeof t[k] === "number");
  }
  function formatReading(key, v) {
    const q = quantity(key);
    return (typeof v === "number" ? v.toFixed(q.decimals) : String(v)) + (q.unit ? " " + q.unit : "");
  }
  function parseTime(v) {
    if (v === undefined || v === null || v === "") return NaN;
    if (typeof v === "number") return v < 1e11 ? v * 1000 : v; // seconds or milliseconds since the epoch
    return Date.parse(v);
  }
  function ago(ms) {
    if (!Number.isFinite(ms)) return "never";
    const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    if (s < 60) return s + " s ago";
    if (s < 3600) return Math.floor(s / 60) + " min ago";
    if (s < 86400) return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min ago";
    return Math.floor(s / 86400) + " d ago";
  }
  function duration(sec) {
    if (!Number.isFinite(sec)) return "–";
    if (sec < 60) return Math.round(sec) + " s";
    if (sec < 3600) return Math.floor(sec / 60) + " min " + Math.round(sec % 60) + " s";
    if (sec < 86400) return Math.floor(sec / 3600) + " h " + Math.floor((sec % 3600) / 60) + " min";
    return Math.floor(sec / 86400) + " d " + Math.floor((sec % 86400) / 3600) + " h";
  }
  function timeCell(ms, cls) {
    const e = el("span", ago(ms), cls);
    if (Number.isFinite(ms)) {
      e.title = new Date(ms).toLocaleString();
      e.dataset.time = String(ms);
    }
    return e;
  }
  function hex(n) { return typeof n === "number" ? "0x" + n.toString(16).padStart(2, "0") : String(n); }
  function stateBadge(status) {
    const s = status === "online" || status === "offline" ? status : "unknown";
    return el("span", s, "badge " + s, { "data-state": s });
  }
  function pushStateText(state) {
    return { applied: "applied", rejected: "rejected", rolled_back: "rolled back", stale: "stale (rev not newer)", pending: "waiting for ack", no_ack: "no ack (timed out)" }[state] || String(state);
  }

  // ---- API ------------------------------------------------------------------------------------------------------
  function cookie(name) {
    const m = document.cookie.split("; ").find(c => c.startsWith(name + "="));
    return m ? decodeURIComponent(m.slice(name.length + 1)) : null;
  }
  function csrfToken() {
    return sessionStorage.getItem("nanonode_csrf") || cookie("nanonode_csrf") || cookie("XSRF-TOKEN");
  }
  class HttpError extends Error {
    constructor(status, message, body) { super(message); this.status = status; this.body = body; }
  }
  async function api(path, options) {
    const o = Object.assign({ method: "GET", credentials: "same-origin", cache: "no-store" }, options || {});
    o.headers = Object.assign({ Accept: "application/json" }, o.headers || {});
    if (o.method !== "GET" && o.method !== "HEAD") {
      const t = csrfToken();
      if (t) o.headers["X-CSRF-Token"] = t;
    }
    if (o.json !== undefined) {
      o.body = JSON.stringify(o.json);
      o.headers["Content-Type"] = "application/json";
      delete o.json;
    }
    const r = await fetch(path, o);
    const fresh = r.headers.get("X-CSRF-Token");
    if (fresh) sessionStorage.setItem("nanonode_csrf", fresh);
    if (r.status === 401) {
      goLogin();
      throw new HttpError(401, "sign-in required");
    }
    const type = r.headers.get("Content-Type") || "";
    const body = type.includes("json") ? await r.json().catch(() => null) : await r.text();
    if (!r.ok) {
      const msg = body && typeof body === "object" && body.error ? body.error : "HTTP " + r.status;
      throw new HttpError(r.status, msg, body);
    }
    return { status: r.status, body: body };
  }
  function goLogin() {
    if (location.pathname === "/login") return;
    location.assign("/login?return=" + encodeURIComponent(location.pathname + location.search));
  }

  // ---- live updates (Server-Sent Events) ---------------------------------------------------------------------------
  const live = { source: null, handlers: new Set(), opened: false, failures: 0, pollTimer: null };
  const SSE_EVENTS = ["message", "device", "devices", "status", "info", "telemetry", "config", "config_ack", "ack", "cmd_ack", "command", "event", "change"];
  function setLive(text, cls) {
    const e = $("live");
    e.textContent = text;
    e.className = "live " + cls;
  }
  function emit(kind, data) { for (const h of live.handlers) h(kind, data); }
  function startLive() {
    if (!window.EventSource) { startPolling(); return; }
    const es = new EventSource("/api/stream");
    live.source = es;
    es.onopen = () => { live.opened = true; live.failures = 0; setLive("live", "on"); };
    es.onerror = () => {
      live.failures++;
      if (!live.opened && live.failures >= 3) {
        es.close();
        startPolling();
        return;
      }
      setLive("reconnecting…", "off");
    };
    for (const name of SSE_EVENTS) {
      es.addEventListener(name, ev => {
        let data = null;
        try { data = JSON.parse(ev.data); } catch (e) { data = { text: ev.data }; }
        const kind = name === "message" && data && (data.type || data.kind) ? (data.type || data.kind) : name;
        emit(kind, data || {});
      });
    }
  }
  function startPolling() {
    // Only when the server offers no event stream: re-read every 5 s.
    setLive("polling", "poll");
    if (!live.pollTimer) live.pollTimer = setInterval(() => emit("poll", {}), 5000);
  }
  function eventDevice(data) {
    // 'device' events carry a summary (id = the device); 'event' events an event (id = its number, device = the device).
    if (!data || typeof data !== "object" || Array.isArray(data)) return null;
    return data.device || data.device_id || (typeof data.id === "string" ? data.id : null);
  }
  function debounce(fn, ms) {
    let t = null;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }
  function throttle(fn, ms) {
    // Runs fn at most once per ms, trailing: a steady stream of calls still runs it regularly.
    let t = null, last = 0;
    return function () {
      if (t) return;
      const wait = Math.max(0, last + ms - Date.now());
      t = setTimeout(() => { t = null; last = Date.now(); fn(); }, wait);
    };
  }

  // ---- fleet view -------------------------------------------------------------------------------------------------
  function lastSeen(d) {
    // Online: anything heard from it. Offline: its last reading (the will the broker sent for it is not the device).
    const times = (d.status === "online" ? [d.last_seen, d.telemetry_at, d.status_at] : [d.telemetry_at]).map(parseTime).filter(Number.isFinite);
    if (!times.length && d.status !== "online") return parseTime(d.last_seen);
    return times.length ? Math.max.apply(null, times) : NaN;
  }
  function lastPush(d) {
    // The newest push's outcome, kept apart from the revision in force.
    if (d.last_push && typeof d.last_push === "object") return d.last_push;
    if (d.config_state) return { state: d.config_state, rev: d.config_push_rev ?? d.last_push_rev ?? null };
    return null;
  }

  function fleetView(root) {
    const state = { devices: [], query: "", filter: "all", sort: "id", dir: 1, error: null };
    const head = add(root, el("div", null, "pagehead"));
    add(head, el("h1", "Fleet"));
    const summary = add(head, el("span", "", "muted", { id: "fleet-summary" }));
    const tools = add(root, el("div", null, "toolbar"));
    const search = add(tools, el("input", null, null, { type: "search", id: "fleet-search", placeholder: "Search id, board, firmware…", "aria-label": "search devices" }));
    const filter = add(tools, el("select", null, null, { id: "fleet-filter", "aria-label": "filter by state" }));
    for (const [v, t] of [["all", "All states"], ["online", "Online"], ["offline", "Offline"], ["problems", "Needs attention"]]) add(filter, el("option", t, null, { value: v }));
    const errorBox = add(root, el("div", null, "error hidden", { id: "fleet-error" }));
    const table = add(root, el("table", null, "fleet", { id: "fleet" }));
    const thead = add(add(table, el("thead")), el("tr"));
    const columns = [["id", "Device"], ["state", "State"], ["protocol", "MQTT"], ["seen", "Last seen"], ["board", "Board / firmware"], [null, "Latest readings"], ["rev", "Config in force"], ["push", "Last push"]];
    for (const [key, label] of columns) {
      const th = add(thead, el("th", label));
      if (key) {
        th.classList.add("sortable");
        th.dataset.sort = key;
        th.tabIndex = 0;
        const activate = () => {
          if (state.sort === key) state.dir = -state.dir; else { state.sort = key; state.dir = key === "seen" ? -1 : 1; }
          render();
        };
        th.addEventListener("click", activate);
        th.addEventListener("keydown", ev => { if (ev.key === "Enter") activate(); });
      }
    }
    const tbody = add(table, el("tbody", null, null, { id: "fleet-rows" }));

    search.addEventListener("input", () => { state.query = search.value.trim().toLowerCase(); render(); });
    filter.addEventListener("change", () => { state.filter = filter.value; render(); });

    function sortKey(d) {
      switch (state.sort) {
        case "state": return (d.status === "online" ? "0" : d.status === "offline" ? "1" : "2") + d.id;
        case "seen": return lastSeen(d) || 0;
        case "protocol": return d.protocol || "";
        case "board": return (d.board || "") + " " + (d.firmware || "");
        case "rev": return d.config_rev ?? -1;
        case "push": return (lastPush(d) || {}).state || "";
        default: return d.id;
      }
    }
    function problem(d) {
      const p = lastPush(d);
      return d.status !== "online" || (p && ["rejected", "rolled_back", "no_ack", "stale"].includes(p.state)) || (d.telemetry && d.telemetry.errors);
    }
    function visible() {
      return state.devices.filter(d => {
        if (state.filter === "online" && d.status !== "online") return false;
        if (state.filter === "offline" && d.status === "online") return false;
        if (state.filter === "problems" && !problem(d)) return false;
        if (!state.query) return true;
        return [d.id, d.board, d.firmware, d.status].some(v => v && String(v).toLowerCase().includes(state.query));
      }).sort((a, b) => {
        const x = sortKey(a), y = sortKey(b);
        return (x < y ? -1 : x > y ? 1 : 0) * state.dir || (a.id < b.id ? -1 : 1);
      });
    }
    function row(d) {
      const tr = el("tr", null, null, { "data-device": d.id, "data-state": d.status });
      const idCell = add(tr, el("td"));
      add(idCell, el("a", d.id, "devlink", { href: "/devices/" + encodeURIComponent(d.id) }));
      const st = add(tr, el("td"));
      add(st, stateBadge(d.status));
      const since = parseTime(d.status_since ?? d.status_at);
      add(st, el("div", Number.isFinite(since) ? "since " + ago(since).replace(" ago", "") : "", "muted since"));
      if (d.status !== "online" && d.offline_reason) add(st, el("div", String(d.offline_reason), "muted reason"));
      // MQTT version of the device's connection: "3.1.1" / "5.0"; "?" when attached to an external broker; "–" when not connected.
      add(tr, el("td", d.protocol ?? "–", d.protocol ? "protocol" : "protocol muted", { "data-protocol": d.protocol ?? "" }));
      add(add(tr, el("td")), timeCell(lastSeen(d), "seen"));
      const bf = add(tr, el("td"));
      add(bf, el("div", d.board ?? "–", "board"));
      add(bf, el("div", d.firmware ? "firmware " + d.firmware : "", "muted firmware"));
      const rd = add(tr, el("td", null, "readings"));
      const keys = readingKeys(d.telemetry);
      if (!keys.length) add(rd, el("span", "no readings yet", "muted"));
      for (const k of keys) {
        const chip = add(rd, el("span", null, "reading", { "data-key": k }));
        add(chip, el("span", quantity(k).name, "rname"));
        add(chip, el("span", formatReading(k, d.telemetry[k]), "rval"));
      }
      if (d.telemetry && d.telemetry.errors) add(rd, el("div", "sensor errors: " + JSON.stringify(d.telemetry.errors), "warn"));
      const rev = add(tr, el("td", null, "rev"));
      add(rev, el("span", d.config_rev === null || d.config_rev === undefined ? "unknown" : "rev " + d.config_rev, "revnum"));
      const pc = add(tr, el("td", null, "push"));
      const p = lastPush(d);
      if (p && p.state) {
        add(pc, el("span", pushStateText(p.state), "pstate " + p.state, { "data-push": p.state }));
        if (p.rev !== null && p.rev !== undefined && p.rev >= 0) add(pc, el("div", "rev " + p.rev, "muted"));
      } else {
        add(pc, el("span", "none", "muted"));
      }
      return tr;
    }
    function render() {
      for (const th of thead.children) {
        th.removeAttribute("aria-sort");
        if (th.dataset.sort === state.sort) th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      }
      const rows = visible();
      tbody.replaceChildren(...rows.map(row));
      if (!rows.length) {
        const tr = add(tbody, el("tr"));
        add(tr, el("td", state.devices.length ? "no device matches" : "no devices yet: start one, or run the host with --virtual-devices 3", "muted", { colspan: columns.length }));
      }
      const online = state.devices.filter(d => d.status === "online").length;
      summary.textContent = state.devices.length + (state.devices.length === 1 ? " device · " : " devices · ") + online + " online · " + (state.devices.length - online) + " offline";
    }
    async function load() {
      try {
        const r = await api("/api/devices");
        state.devices = Array.isArray(r.body) ? r.body : (r.body && r.body.devices) || [];
        errorBox.classList.add("hidden");
        render();
      } catch (e) {
        if (e.status === 401) return;
        errorBox.textContent = "cannot read /api/devices: " + e.message;
        errorBox.classList.remove("hidden");
      }
    }
    const reload = debounce(load, 200);
    const rerender = throttle(render, 250);
    live.handlers.add((kind, data) => {
      if (kind === "devices" && Array.isArray(data)) { state.devices = data; rerender(); return; }
      if (kind === "device" && data && typeof data.id === "string" && data.status !== undefined) {
        const i = state.devices.findIndex(d => d.id === data.id);
        if (i >= 0) state.devices[i] = data; else state.devices.push(data);
        rerender();
        return;
      }
      reload();
    });
    setInterval(render, 10000); // relative times ("12 s ago") age without a server round trip
    load();
  }

  // ---- device view ------------------------------------------------------------------------------------------------
  const RANGES = { "1h": 3600e3, "24h": 86400e3, "7d": 7 * 86400e3 };

  function normalizeSeries(body, key) {
    // The history API answers {series:[{quantity, t:[ms...], v:[...]}]} (columns); rows ([{t,v}], [[t,v]]) work too.
    if (body && Array.isArray(body.series)) {
      const s = body.series.find(x => x && x.quantity === key) || (body.series.length === 1 ? body.series[0] : null);
      if (s && Array.isArray(s.t) && Array.isArray(s.v)) {
        const out = [];
        const band = Array.isArray(s.min) && Array.isArray(s.max) && Array.isArray(s.n);
        for (let i = 0; i < s.t.length; i++) {
          if (typeof s.v[i] !== "number") continue;
          // Downsampled buckets carry their min and max: drawn as a band around the mean.
          out.push(band && s.n[i] > 1 ? [parseTime(s.t[i]), s.v[i], s.min[i], s.max[i]] : [parseTime(s.t[i]), s.v[i]]);
        }
        return out.filter(p => Number.isFinite(p[0])).sort((a, b) => a[0] - b[0]);
      }
      if (!s) return [];
    }
    let arr = body;
    if (body && !Array.isArray(body)) {
      if (body.series && !Array.isArray(body.series)) arr = body.series[key] || Object.values(body.series)[0];
      else arr = body.points || body.series || body.data || body.values || [];
      if (arr && !Array.isArray(arr) && typeof arr === "object") arr = arr.points || arr.values || [];
    }
    const out = [];
    for (const p of arr || []) {
      let t, v;
      if (Array.isArray(p)) { t = p[0]; v = p[1]; }
      else if (p && typeof p === "object") {
        t = p.t ?? p.ts ?? p.time ?? p.at ?? p.received_at ?? p.bucket;
        v = p.v ?? p.value ?? p.avg ?? p.mean ?? p[key];
      }
      const ms = parseTime(t);
      if (Number.isFinite(ms) && typeof v === "number") out.push([ms, v]);
    }
    out.sort((a, b) => a[0] - b[0]);
    return out;
  }

  function normalizeSchema(body) {
    let keys = body;
    if (body && !Array.isArray(body)) keys = body.keys || body.properties || body.schema || body;
    if (keys && !Array.isArray(keys)) keys = Object.keys(keys).map(name => Object.assign({ name: name }, keys[name]));
    return (keys || []).map(k => ({
      name: k.name ?? k.key,
      type: String(k.type || "string").toLowerCase(),
      min: k.min ?? k.minimum ?? k.min_length ?? k.minLength,
      max: k.max ?? k.maximum ?? k.max_length ?? k.maxLength,
      def: k.default,
      reconnect: !!(k.reconnect ?? k.reconnects ?? k.requires_reconnect),
      secret: !!(k.secret ?? k.write_only ?? k.writeOnly),
      description: k.description || k.doc || "",
    })).filter(k => k.name && k.name !== "rev");
  }

  function schemaFromConfig(config) {
    // Without /api/config/schema: the types of the effective config's values (no ranges).
    return Object.keys(config || {}).filter(k => k !== "rev").map(k => ({
      name: k, type: typeof config[k] === "boolean" ? "boolean" : typeof config[k] === "number" ? (Number.isInteger(config[k]) ? "integer" : "number") : "string",
      reconnect: /^(broker_|topic_prefix|keepalive_s)/.test(k), secret: false, description: "",
    }));
  }

  function deviceView(root, id) {
    const st = { device: null, range: "1h", zoom: null, charts: {}, schema: null, busy: false, pushing: false };
    document.title = id + " · NanoNode";
    const head = add(root, el("div", null, "pagehead"));
    add(head, el("a", "← Fleet", "back", { href: "/" }));
    add(head, el("h1", id, null, { id: "device-id" }));
    const badge = add(head, el("span", null, null, { id: "device-state" }));
    const facts = add(root, el("div", null, "facts", { id: "device-facts" }));
    const errorBox = add(root, el("div", null, "error hidden", { id: "device-error" }));
    const readings = add(root, el("div", null, "cards", { id: "device-readings" }));

    // Charts
    const chartCard = add(root, el("section", null, "card", { id: "charts" }));
    const chartHead = add(chartCard, el("div", null, "cardhead"));
    add(chartHead, el("h2", "History"));
    const rangeBar = add(chartHead, el("div", null, "seg", { role: "group", "aria-label": "time range" }));
    for (const r of Object.keys(RANGES)) {
      const b = add(rangeBar, el("button", r, r === st.range ? "on" : "", { type: "button", "data-range": r }));
      b.addEventListener("click", () => {
        st.range = r; st.zoom = null;
        for (const x of rangeBar.children) x.classList.toggle("on", x === b);
        loadCharts();
      });
    }
    const resetZoom = add(chartHead, el("button", "Reset zoom", "hidden", { type: "button", id: "reset-zoom" }));
    resetZoom.addEventListener("click", () => { st.zoom = null; loadCharts(); });
    const csv = add(chartHead, el("a", "CSV", "button", { id: "csv", download: id + "-telemetry.csv" }));
    add(chartCard, el("p", "Drag across a chart to zoom in; double-click to reset.", "muted hint"));
    const chartGrid = add(chartCard, el("div", null, "charts"));

    const cols = add(root, el("div", null, "cols"));
    const left = add(cols, el("div", null, "col"));
    const right = add(cols, el("div", null, "col"));

    // Commands
    const cmdCard = add(left, el("section", null, "card", { id: "commands" }));
    add(cmdCard, el("h2", "Commands"));
    const cmdBar = add(cmdCard, el("div", null, "buttons"));
    const cmdOut = add(cmdCard, el("div", null, "cmdresult muted", { id: "cmd-result", "aria-live": "polite" }));
    const commands = [["read", "Read now", "take a reading and publish it"], ["scan", "Scan bus", "scan the I2C bus and report the addresses"], ["identify", "Identify", "blink the board's LED"], ["reboot", "Reboot", "restart the node"]];
    for (const [name, label, title] of commands) {
      const b = add(cmdBar, el("button", label, name === "reboot" ? "danger" : "", { type: "button", "data-cmd": name, title: title }));
      b.addEventListener("click", () => name === "reboot" ? confirmReboot() : runCommand(name));
    }
    const dialog = add(root, el("dialog", null, null, { id: "confirm" }));
    add(dialog, el("p", "Reboot " + id + "? It goes offline for a few seconds and keeps its configuration."));
    const dbar = add(dialog, el("div", null, "buttons"));
    const dCancel = add(dbar, el("button", "Cancel", "", { type: "button", id: "confirm-cancel" }));
    const dOk = add(dbar, el("button", "Reboot", "danger", { type: "button", id: "confirm-ok" }));
    dCancel.addEventListener("click", () => dialog.close());
    dOk.addEventListener("click", () => { dialog.close(); runCommand("reboot"); });
    function confirmReboot() { dialog.showModal(); }

    // Config editor
    const cfgCard = add(left, el("section", null, "card", { id: "config" }));
    const cfgHead = add(cfgCard, el("div", null, "cardhead"));
    add(cfgHead, el("h2", "Configuration"));
    const cfgRev = add(cfgHead, el("span", "", "muted", { id: "config-rev" }));
    const cfgResult = add(cfgCard, el("div", null, "result hidden", { id: "config-result", "aria-live": "polite" }));
    const form = add(cfgCard, el("form", null, "config", { id: "config-form", novalidate: "" }));
    const cfgTable = add(form, el("table", null, "kv"));
    const cfgBody = add(cfgTable, el("tbody"));
    const formBar = add(form, el("div", null, "buttons"));
    const pushBtn = add(formBar, el("button", "Push changes", "primary", { type: "submit", id: "config-push" }));
    const revertBtn = add(formBar, el("button", "Revert", "", { type: "button", id: "config-revert" }));
    const changedNote = add(formBar, el("span", "", "muted", { id: "config-changed" }));
    revertBtn.addEventListener("click", () => buildForm(true));
    form.addEventListener("input", markChanged);
    form.addEventListener("submit", ev => { ev.preventDefault(); pushConfig(); });

    // Sensors, counters, events
    const sensCard = add(right, el("section", null, "card", { id: "sensors" }));
    add(sensCard, el("h2", "Sensors"));
    const sensBody = add(sensCard, el("div"));
    const cntCard = add(right, el("section", null, "card", { id: "counters" }));
    add(cntCard, el("h2", "Counters"));
    const cntBody = add(cntCard, el("div"));
    const evCard = add(root, el("section", null, "card", { id: "events" }));
    add(evCard, el("h2", "Event log"));
    const evBody = add(evCard, el("div"));

    // ---- rendering
    function renderHeader(d) {
      badge.replaceChildren(stateBadge(d.status));
      const since = parseTime(d.status_since ?? d.status_at);
      if (Number.isFinite(since)) add(badge, el("span", " since " + ago(since).replace(" ago", ""), "muted since"));
      if (d.status !== "online" && d.offline_reason) add(badge, el("span", " · " + d.offline_reason, "muted reason"));
      if (d.protocol) add(badge, el("span", " · MQTT " + d.protocol, "muted protocol", { "data-protocol": d.protocol }));
      facts.replaceChildren();
      const info = d.info || {};
      const t = d.telemetry || {};
      const pairs = [["Board", d.board ?? info.board], ["Firmware", d.firmware ?? info.firmware], ["Last seen", ago(lastSeen(d))],
        ["Uptime", duration(t.uptime_s ?? info.uptime_s)], ["Config", d.config_rev === null || d.config_rev === undefined ? "unknown" : "rev " + d.config_rev + " in force"]];
      const p = lastPush(d) || d.last_ack;
      if (p && p.state) pairs.push(["Last push", (p.rev >= 0 ? "rev " + p.rev + ": " : "") + pushStateText(p.state)]);
      for (const [k, v] of pairs) {
        const f = add(facts, el("div", null, "fact"));
        add(f, el("span", k, "k"));
        add(f, el("span", v ?? "–", "v"));
      }
      readings.replaceChildren();
      for (const k of readingKeys(t)) {
        const c = add(readings, el("div", null, "metric", { "data-key": k }));
        add(c, el("div", quantity(k).name, "mname"));
        add(c, el("div", formatReading(k, t[k]), "mval"));
      }
      if (t.errors) add(readings, el("div", "sensor errors: " + JSON.stringify(t.errors), "warn"));
    }

    function renderSensors(d) {
      const info = d.info || {};
      sensBody.replaceChildren();
      const sensors = Array.isArray(info.sensors) ? info.sensors : [];
      if (!sensors.length) add(sensBody, el("p", "no sensor report yet (the node's info document)", "muted"));
      else {
        const tb = add(add(sensBody, el("table", null, "list", { id: "sensor-table" })), el("tbody"));
        const hr = add(tb, el("tr"));
        for (const h of ["Chip", "Address", "Found", "Status"]) add(hr, el("th", h));
        for (const s of sensors) {
          const tr = add(tb, el("tr", null, null, { "data-chip": s.chip }));
          add(tr, el("td", s.chip));
          add(tr, el("td", hex(s.address), "mono"));
          add(tr, el("td", s.found ? "yes" : "no", s.found ? "ok" : "muted"));
          add(tr, el("td", s.status ?? "", s.status === "ok" ? "ok" : s.found ? "" : "muted"));
        }
      }
      const scan = Array.isArray(info.bus_scan) ? info.bus_scan : null;
      add(sensBody, el("p", scan ? "Bus scan: " + (scan.length ? scan.map(hex).join(", ") : "nothing answered") : "Bus scan: not reported", "scan", { id: "bus-scan" }));
    }

    function renderCounters(d) {
      const info = d.info || {};
      cntBody.replaceChildren();
      const c = info.counters && typeof info.counters === "object" ? info.counters : {};
      const rows = Object.keys(c);
      if (info.free_memory !== undefined) rows.push("free_memory");
      if (!rows.length) { add(cntBody, el("p", "no counters reported", "muted")); return; }
      const tb = add(add(cntBody, el("table", null, "kv", { id: "counter-table" })), el("tbody"));
      for (const k of rows) {
        const tr = add(tb, el("tr"));
        add(tr, el("th", k.replace(/_/g, " ")));
        const v = k === "free_memory" ? info.free_memory : c[k];
        add(tr, el("td", typeof v === "object" ? JSON.stringify(v) : v, "num"));
      }
    }

    function errorsText(errs) {
      return errs.map(x => x && typeof x === "object" ? (x.key ?? "?") + ": " + (x.reason ?? "?") : String(x)).join("; ");
    }
    function eventText(e) {
      if (e.message || e.detail || e.text) return String(e.message || e.detail || e.text);
      const type = e.type ?? e.kind;
      const rev = e.rev !== undefined && e.rev !== null && e.rev >= 0 ? "rev " + e.rev : "";
      if (type === "online") return "connected";
      if (type === "offline") return e.reason ? "reason: " + e.reason : "";
      if (type === "config_push" && e.patch && typeof e.patch === "object") {
        return rev + " · " + Object.keys(e.patch).filter(k => k !== "rev").map(k => k + " = " + JSON.stringify(e.patch[k])).join(", ");
      }
      if (type === "config_ack" || type === "rollback") {
        return [rev, e.result, Array.isArray(e.errors) && e.errors.length ? errorsText(e.errors) : ""].filter(Boolean).join(" · ");
      }
      if (type === "command") return "sent " + (e.cmd ?? "");
      if (type === "command_ack") return (e.cmd ?? "") + ": " + (e.result ?? "") + (Array.isArray(e.found) ? " · found " + (e.found.length ? e.found.map(hex).join(", ") : "nothing") : "");
      if (type === "command_timeout") return (e.cmd ?? "") + ": no ack within " + (e.timeout_s ?? "?") + " s";
      const skip = new Set(["at", "time", "ts", "t", "kind", "type", "id", "device", "device_id", "seq"]);
      const parts = [];
      for (const k of Object.keys(e)) {
        if (skip.has(k) || e[k] === null || e[k] === undefined) continue;
        if (k === "errors" && Array.isArray(e[k])) {
          parts.push("errors: " + errorsText(e[k]));
        } else parts.push(k + "=" + (typeof e[k] === "object" ? JSON.stringify(e[k]) : e[k]));
      }
      return parts.join(" · ");
    }

    async function loadEvents() {
      try {
        const r = await api("/api/devices/" + encodeURIComponent(id) + "/events?limit=100");
        let list = Array.isArray(r.body) ? r.body : (r.body && (r.body.events || r.body.items)) || [];
        list = list.slice().sort((a, b) => (parseTime(b.at ?? b.time ?? b.ts ?? b.t) || 0) - (parseTime(a.at ?? a.time ?? a.ts ?? a.t) || 0));
        evBody.replaceChildren();
        if (!list.length) { add(evBody, el("p", "no events yet", "muted")); return; }
        const tb = add(add(evBody, el("table", null, "list events", { id: "event-table" })), el("tbody"));
        const hr = add(tb, el("tr"));
        for (const h of ["Time", "Event", "Details"]) add(hr, el("th", h));
        for (const e of list.slice(0, 100)) {
          const kind = String(e.kind ?? e.type ?? "event");
          const tr = add(tb, el("tr", null, null, { "data-kind": kind }));
          const ms = parseTime(e.at ?? e.time ?? e.ts ?? e.t);
          add(tr, el("td", Number.isFinite(ms) ? new Date(ms).toLocaleString() : "", "nowrap muted"));
          const result = kind === "online" || kind === "offline" || kind === "rollback" ? kind : e.result ?? e.state ?? e.status;
          add(tr, el("td", kind.replace(/_/g, " "), "evkind " + (typeof result === "string" ? result : "")));
          add(tr, el("td", eventText(e)));
        }
      } catch (e) {
        if (e.status === 401) return;
        evBody.replaceChildren(el("p", e.status === 404 ? "this host keeps no event log" : "cannot read events: " + e.message, "muted"));
      }
    }

    // ---- charts
    function chartKeys() {
      const keys = readingKeys(st.device && st.device.telemetry);
      const hist = st.device && Array.isArray(st.device.telemetry_history) ? st.device.telemetry_history : [];
      for (const h of hist) for (const k of readingKeys(h.data)) if (!keys.includes(k)) keys.push(k);
      return keys;
    }
    function span() {
      if (st.zoom) return st.zoom;
      const to = Date.now();
      return [to - RANGES[st.range], to];
    }
    function chartFor(key) {
      if (st.charts[key]) return st.charts[key];
      const q = quantity(key);
      const box = add(chartGrid, el("div", null, "chartbox", { "data-key": key }));
      const title = add(box, el("div", null, "charttitle"));
      add(title, el("span", q.name, "cname"));
      add(title, el("span", q.unit, "muted"));
      const c = NanoChart.create(box, {
        label: q.name, unit: q.unit, decimals: q.decimals,
        onZoom: (f, t) => { st.zoom = [f, t]; loadCharts(); },
        onReset: () => { st.zoom = null; loadCharts(); },
      });
      st.charts[key] = c;
      return c;
    }
    let historyApi = true;
    async function loadCharts() {
      const [from, to] = span();
      resetZoom.classList.toggle("hidden", !st.zoom);
      const fromIso = new Date(from).toISOString(), toIso = new Date(to).toISOString();
      csv.href = "/api/devices/" + encodeURIComponent(id) + "/telemetry.csv?from=" + encodeURIComponent(fromIso) + "&to=" + encodeURIComponent(toIso);
      // Up to an hour: every reading; longer spans: about 400 averaged points per chart.
      const step = to - from <= RANGES["1h"] + 60e3 ? "raw" : String(Math.max(1, Math.floor((to - from) / 1000 / 400)));
      const keys = chartKeys();
      if (!keys.length) {
        chartGrid.replaceChildren(el("p", "no readings yet", "muted"));
        st.charts = {};
        return;
      }
      if (chartGrid.querySelector("p")) chartGrid.replaceChildren();
      for (const key of keys) chartFor(key); // boxes in key order, whatever order the answers come in
      await Promise.all(keys.map(async key => {
        let pts = null;
        if (historyApi) {
          try {
            const r = await api("/api/devices/" + encodeURIComponent(id) + "/telemetry?from=" + encodeURIComponent(fromIso) + "&to=" + encodeURIComponent(toIso) + "&quantity=" + encodeURIComponent(key) + "&step=" + step);
            pts = normalizeSeries(r.body, key);
          } catch (e) {
            if (e.status === 404 && !(e.body && e.body.error && /device/.test(e.body.error))) historyApi = false;
          }
        }
        if (pts === null) {
          // Hosts without the history API: the recent readings the device JSON carries.
          pts = (st.device.telemetry_history || []).map(h => [parseTime(h.received_at), h.data && h.data[key]]).filter(p => Number.isFinite(p[0]) && typeof p[1] === "number");
        }
        chartFor(key).setData(pts, from, to);
      }));
    }

    // ---- config editor
    function typed(k, input) {
      if (k.type === "boolean") return input.checked;
      if (k.type === "integer" || k.type === "number") {
        const s = input.value.trim();
        if (s === "") return undefined;
        const n = Number(s);
        return Number.isFinite(n) ? n : s; // a non-number goes as text: the node answers with its reason
      }
      return input.value;
    }
    function buildForm(reset) {
      const cfg = (st.device && st.device.config) || {};
      const keys = st.schema && st.schema.length ? st.schema : schemaFromConfig(cfg);
      cfgRev.textContent = cfg.rev !== undefined ? "rev " + cfg.rev + " in force" : "no effective config reported yet";
      const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
      if (!reset && cfgBody.children.length && dirty()) return; // never overwrite what the user is editing
      const shown = JSON.stringify(cfg);
      if (!reset && cfgBody.children.length && shown === st.formConfig) return; // same config: keep the fields as they are
      st.formConfig = shown;
      cfgBody.replaceChildren();
      const groups = new Map();
      for (const k of keys) {
        const g = configGroup(k.name);
        if (!groups.has(g)) groups.set(g, []);
        groups.get(g).push(k);
      }
      for (const [group, list] of groups) {
        add(add(cfgBody, el("tr", null, "group")), el("th", group, null, { colspan: 2 }));
        for (const k of list) addKeyRow(k, cfg, focused);
      }
      markChanged();
    }
    function configGroup(name) {
      if (/^(interval_s|telemetry_|max_silence_s|deadband_)/.test(name)) return "Telemetry";
      if (/^(broker_|keepalive_s|topic_prefix|rollback_timeout_s)/.test(name)) return "Connection";
      if (/^ha_/.test(name)) return "Home Assistant";
      if (/_(enabled|address)$/.test(name)) return "Sensors";
      return "Other";
    }
    function addKeyRow(k, cfg, focused) {
      {
        const tr = add(cfgBody, el("tr", null, null, { "data-key": k.name }));
        const th = add(tr, el("th"));
        const label = add(th, el("label", k.name, null, { for: "cfg-" + k.name }));
        if (k.reconnect) add(th, el("span", "reconnects", "tag", { title: "changing this reconnects the node; if it cannot reconnect in time it rolls back" }));
        if (k.description) label.title = k.description;
        const td = add(tr, el("td"));
        let input;
        const value = cfg[k.name];
        if (k.type === "boolean") {
          input = el("input", null, null, { type: "checkbox", id: "cfg-" + k.name });
          input.checked = value === true;
        } else if (k.type === "integer" || k.type === "number") {
          input = el("input", null, null, { type: "text", inputmode: "decimal", id: "cfg-" + k.name });
          input.value = value === undefined || value === null ? "" : String(value);
        } else {
          input = el("input", null, null, { type: k.secret ? "password" : "text", id: "cfg-" + k.name, autocomplete: "off" });
          input.value = k.secret ? "" : value ?? "";
          if (k.secret) input.placeholder = "unchanged";
          if (k.max !== undefined) input.maxLength = k.max;
        }
        input.name = k.name;
        input.dataset.key = k.name;
        input.dataset.original = k.secret ? "" : JSON.stringify(value === undefined ? null : value);
        add(td, input);
        const range = k.type === "boolean" || k.type === "string" && k.min === undefined ? "" :
          k.type === "string" ? k.min + "–" + k.max + " chars" : k.min !== undefined ? k.min + " … " + k.max : "";
        add(td, el("span", range, "muted range"));
        add(td, el("div", "", "keyerror", { "data-error-for": k.name }));
        if (focused === k.name) input.focus();
      }
    }
    function inputs() { return Array.from(cfgBody.querySelectorAll("input[data-key]")); }
    function keyOf(name) { return (st.schema && st.schema.find(k => k.name === name)) || schemaFromConfig(st.device.config).find(k => k.name === name); }
    function patch() {
      const p = {};
      for (const input of inputs()) {
        const k = keyOf(input.dataset.key);
        if (!k) continue;
        const v = typed(k, input);
        if (k.secret) { if (input.value !== "") p[k.name] = input.value; continue; }
        if (v === undefined) continue;
        if (JSON.stringify(v) !== input.dataset.original) p[k.name] = v;
      }
      return p;
    }
    function dirty() { return Object.keys(patch()).length > 0; }
    function markChanged() {
      const p = patch();
      for (const input of inputs()) input.closest("tr").classList.toggle("changed", Object.prototype.hasOwnProperty.call(p, input.dataset.key));
      const n = Object.keys(p).length;
      changedNote.textContent = n ? n + " change" + (n > 1 ? "s" : "") : "";
      pushBtn.disabled = st.pushing || n === 0;
    }
    function showResult(kind, title, lines) {
      cfgResult.className = "result " + kind;
      cfgResult.dataset.result = kind;
      cfgResult.replaceChildren(el("strong", title));
      for (const l of lines || []) add(cfgResult, el("div", l));
    }
    async function pushConfig() {
      const p = patch();
      if (!Object.keys(p).length) return;
      for (const e of cfgBody.querySelectorAll(".keyerror")) e.textContent = "";
      st.pushing = true;
      markChanged();
      showResult("pending", "Pushing " + Object.keys(p).join(", ") + "… waiting for the device's ack");
      try {
        const r = await api("/api/devices/" + encodeURIComponent(id) + "/config?wait=60", { method: "POST", json: p });
        const push = r.body || {};
        const state = r.status === 202 || push.state === "pending" ? "timed_out" : push.state;
        const rev = push.rev;
        if (state === "applied") {
          showResult("applied", "Applied: rev " + rev + " is in force", Object.keys(p).map(k => k + " = " + (keyOf(k) && keyOf(k).secret ? "••••" : JSON.stringify(p[k]))));
        } else if (state === "rejected") {
          const errs = Array.isArray(push.errors) ? push.errors : [];
          showResult("rejected", "Rejected: rev " + rev + " changed nothing", errs.map(e => (e.key ?? "?") + ": " + (e.reason ?? "rejected")));
          for (const e of errs) {
            const slot = cfgBody.querySelector('[data-error-for="' + CSS.escape(String(e.key)) + '"]');
            if (slot) slot.textContent = String(e.reason ?? "rejected");
          }
        } else if (state === "rolled_back") {
          showResult("rolled_back", "Rolled back: rev " + rev + " could not reconnect in time; the previous configuration is in force again");
        } else if (state === "stale") {
          showResult("stale", "Stale: rev " + rev + " is not newer than the device's; nothing changed");
        } else if (state === "timed_out") {
          showResult("timed_out", "Timed out: no ack for rev " + rev + " within 60 s", ["The push stays pending; a late ack appears in the event log."]);
        } else {
          showResult("rejected", "Answer: " + String(state), [JSON.stringify(push)]);
        }
        await loadDevice();
        if (state === "applied") buildForm(true);
      } catch (e) {
        if (e.status !== 401) showResult("rejected", "Push failed: " + e.message);
      } finally {
        st.pushing = false;
        markChanged();
      }
    }

    // ---- commands
    async function runCommand(name) {
      for (const b of cmdBar.children) b.disabled = true;
      cmdOut.className = "cmdresult pending";
      cmdOut.dataset.result = "pending";
      cmdOut.textContent = name + ": sent, waiting for the ack…";
      try {
        const r = await api("/api/devices/" + encodeURIComponent(id) + "/cmd/" + encodeURIComponent(name) + "?wait=15", { method: "POST", json: {} });
        // 200 {state:"acked", result, ack:{cmd, result, found?}}; 504 {state:"no_ack"} arrives as an HttpError below.
        const b = r.body && typeof r.body === "object" ? r.body : {};
        const ack = b.ack && typeof b.ack === "object" ? b.ack : b;
        const result = ack.result ?? b.result ?? (r.status === 202 ? "pending" : "sent");
        let text = name + ": " + result;
        if (Array.isArray(ack.found)) text += " · found " + (ack.found.length ? ack.found.map(hex).join(", ") : "nothing");
        if (result === "pending" || result === "sent") text += " (no ack yet)";
        cmdOut.className = "cmdresult " + (result === "ok" ? "ok" : result === "pending" || result === "sent" ? "pending" : "bad");
        cmdOut.dataset.result = String(result);
        cmdOut.textContent = text;
      } catch (e) {
        const noAck = e.body && e.body.state === "no_ack";
        cmdOut.className = "cmdresult bad";
        cmdOut.dataset.result = noAck ? "no_ack" : "error";
        cmdOut.textContent = name + ": " + (noAck ? "no ack within " + (e.body.timeout_s ?? "?") + " s (is the device online?)" : e.message);
      } finally {
        for (const b of cmdBar.children) b.disabled = false;
        loadEvents();
      }
    }

    // ---- loading
    async function loadDevice() {
      try {
        const r = await api("/api/devices/" + encodeURIComponent(id));
        st.device = r.body;
        errorBox.classList.add("hidden");
        renderHeader(st.device);
        renderSensors(st.device);
        renderCounters(st.device);
        buildForm(false);
        return true;
      } catch (e) {
        if (e.status === 401) return false;
        errorBox.textContent = e.status === 404 ? "No device " + id + " is known to this host." : "cannot read the device: " + e.message;
        errorBox.classList.remove("hidden");
        return false;
      }
    }
    async function loadSchema() {
      try {
        const r = await api("/api/config/schema");
        st.schema = normalizeSchema(r.body);
      } catch (e) {
        st.schema = null;
      }
    }
    const refresh = debounce(async () => { await loadDevice(); loadEvents(); }, 250);
    const refreshCharts = throttle(() => { if (!st.zoom) loadCharts(); }, 3000);
    live.handlers.add((kind, data) => {
      const dev = eventDevice(data);
      if (dev && dev !== id) return;
      refresh();
      if (kind === "device" || kind === "telemetry" || kind === "poll" || !dev) refreshCharts();
    });
    setInterval(() => { if (st.device) renderHeader(st.device); }, 10000);
    (async () => {
      await loadSchema();
      if (await loadDevice()) {
        buildForm(true);
        loadCharts();
        loadEvents();
      }
    })();
  }

  // ---- login view -------------------------------------------------------------------------------------------------
  function loginView(root) {
    document.title = "Sign in · NanoNode";
    $("live").classList.add("hidden");
    document.querySelector("header.top nav").classList.add("hidden");
    const box = add(root, el("form", null, "login card", { id: "login-form", method: "post", action: "/login" }));
    add(box, el("h1", "Sign in"));
    add(box, el("p", "Sign in as an administrator of this broker (the broker's users: NanoNode.BrokerHost users add NAME PASSWORD --admin).", "muted"));
    add(box, el("label", "User name", null, { for: "login-user" }));
    const user = add(box, el("input", null, null, { id: "login-user", name: "user", autocomplete: "username", required: "" }));
    add(box, el("label", "Password", null, { for: "login-password" }));
    const pass = add(box, el("input", null, null, { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: "" }));
    const err = add(box, el("div", "", "error hidden", { id: "login-error", role: "alert" }));
    add(box, el("button", "Sign in", "primary", { type: "submit", id: "login-submit" }));
    user.focus();
    box.addEventListener("submit", async ev => {
      ev.preventDefault();
      err.classList.add("hidden");
      try {
        // JSON login: 200 {user, csrf_token, expires} and the session cookie; 401 / 403 / 429 otherwise.
        const r = await fetch("/login", { method: "POST", body: JSON.stringify({ user: user.value, password: pass.value }), credentials: "same-origin", headers: { Accept: "application/json", "Content-Type": "application/json" } });
        if (r.ok) {
          const j = await r.json().catch(() => null);
          const t = j && j.csrf_token;
          if (t) sessionStorage.setItem("nanonode_csrf", t);
          location.assign(safeReturn(new URLSearchParams(location.search).get("return")));
          return;
        }
        err.textContent = r.status === 429 ? "Too many failed attempts; wait and try again." : r.status === 401 || r.status === 403 ? "Wrong user name or password, or not an administrator." : "Sign-in failed (HTTP " + r.status + ").";
      } catch (e) {
        err.textContent = "Cannot reach the server: " + e.message;
      }
      err.classList.remove("hidden");
      pass.value = "";
      pass.focus();
    });
  }

  // A local path to go to after login ("/x"; not "//host" or "/\\host", which browsers take as another site), else "/".
  // The same rule as the server's HttpAuth.SafeReturn.
  function safeReturn(r) {
    return r && r[0] === "/" && (r.length === 1 || (r[1] !== "/" && r[1] !== "\\")) ? r : "/";
  }

  // ---- start ------------------------------------------------------------------------------------------------------
  function start() {
    const root = $("view");
    root.replaceChildren();
    const path = location.pathname;
    $("logout").addEventListener("click", async () => {
      try { await api("/logout", { method: "POST" }); } catch (e) { /* signed out anyway */ }
      sessionStorage.removeItem("nanonode_csrf");
      location.assign("/login");
    });
    if (path === "/login") { loginView(root); return; }
    api("/api/session").then(r => {
      const s = r.body || {};
      if (s.csrf_token) sessionStorage.setItem("nanonode_csrf", s.csrf_token);
      if (s.user && s.auth === "cookie") {
        const b = $("logout");
        b.textContent = "Sign out " + s.user;
        b.classList.remove("hidden");
      }
    }).catch(() => { /* hosts without sessions (attach mode) */ });
    const m = /^\/devices\/([^/]+)\/?$/.exec(path);
    if (m) deviceView(root, decodeURIComponent(m[1]));
    else { $("nav-fleet").classList.add("on"); fleetView(root); }
    startLive();
  }
  document.addEventListener("DOMContentLoaded", start);
})();
