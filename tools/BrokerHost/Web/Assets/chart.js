// NanoNode dashboard: a small time-series line chart drawn as SVG (no library, no network).
// Contract: NanoChart.create(host, { label, unit, decimals, onZoom(fromMs, toMs), onReset() }) returns a chart with
//   setData(points, fromMs, toMs)  points = [[timeMs, value], ...] sorted by time, or [timeMs, mean, min, max] for a
//   downsampled bucket (drawn as a band around the line); the x axis spans fromMs..toMs;
//   the user drags across the plot to zoom (onZoom is called with the selected span; the caller fetches finer data and
//   calls setData again) and double-clicks to reset (onReset). Hovering shows the nearest point's time and value.
// Every text goes in with textContent; the SVG carries data-points (number of points drawn) for tests.
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";
  const M = { left: 56, right: 14, top: 12, bottom: 26 };
  const HEIGHT = 190;
  const TIME_STEPS = [5e3, 10e3, 15e3, 30e3, 60e3, 300e3, 900e3, 1800e3, 3600e3, 3 * 3600e3, 6 * 3600e3, 12 * 3600e3, 86400e3, 2 * 86400e3];

  function svg(tag, attrs, parent) {
    const e = document.createElementNS(NS, tag);
    for (const k in attrs) e.setAttribute(k, String(attrs[k]));
    if (parent) parent.appendChild(e);
    return e;
  }

  function niceStep(span, count) {
    const raw = span / Math.max(1, count);
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
  }

  function pad2(n) { return n < 10 ? "0" + n : String(n); }

  function timeLabel(ms, step) {
    const d = new Date(ms);
    const hm = pad2(d.getHours()) + ":" + pad2(d.getMinutes()) + (step < 60e3 ? ":" + pad2(d.getSeconds()) : "");
    if (step >= 86400e3) return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
    if (step >= 3 * 3600e3 && d.getHours() === 0 && d.getMinutes() === 0) return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
    return hm;
  }

  function fmt(v, decimals) {
    return Number.isFinite(v) ? v.toFixed(decimals) : "–";
  }

  function create(host, opts) {
    const o = Object.assign({ label: "", unit: "", decimals: 2 }, opts || {});
    const root = svg("svg", { class: "chart", role: "img", "aria-label": o.label + " chart", height: HEIGHT, "data-points": 0 });
    host.appendChild(root);
    let data = [];
    let from = 0, to = 1;
    let dragStart = null;
    const layers = {};

    function width() { return Math.max(240, host.clientWidth || 600); }

    function scales() {
      const w = width();
      let lo = Infinity, hi = -Infinity;
      for (const p of data) {
        const a = p.length > 3 ? p[2] : p[1], b = p.length > 3 ? p[3] : p[1];
        if (a < lo) lo = a;
        if (b > hi) hi = b;
      }
      if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
      if (hi - lo < 1e-9) { const pad = Math.abs(hi) * 0.01 || 1; lo -= pad; hi += pad; }
      const ystep = niceStep(hi - lo, 4);
      lo = Math.floor(lo / ystep) * ystep;
      hi = Math.ceil(hi / ystep) * ystep;
      const pw = w - M.left - M.right, ph = HEIGHT - M.top - M.bottom;
      return {
        w, pw, ph, lo, hi, ystep,
        x: t => M.left + (t - from) / (to - from) * pw,
        y: v => M.top + (1 - (v - lo) / (hi - lo)) * ph,
        t: x => from + (x - M.left) / pw * (to - from),
      };
    }

    function draw() {
      root.replaceChildren();
      const s = scales();
      root.setAttribute("width", s.w);
      root.setAttribute("viewBox", "0 0 " + s.w + " " + HEIGHT);
      const grid = svg("g", { class: "grid" }, root);
      for (let v = s.lo; v <= s.hi + s.ystep / 2; v += s.ystep) {
        const y = s.y(v);
        svg("line", { x1: M.left, x2: s.w - M.right, y1: y, y2: y }, grid);
        const t = svg("text", { x: M.left - 6, y: y + 4, class: "ylab" }, grid);
        t.textContent = fmt(v, s.ystep < 1 ? Math.min(3, Math.ceil(-Math.log10(s.ystep))) : 0);
      }
      const span = to - from;
      const tstep = TIME_STEPS.find(st => span / st <= 7) || TIME_STEPS[TIME_STEPS.length - 1];
      const offset = new Date(from).getTimezoneOffset() * 60e3;
      for (let t = Math.ceil((from - offset) / tstep) * tstep + offset; t <= to; t += tstep) {
        const x = s.x(t);
        svg("line", { x1: x, x2: x, y1: M.top, y2: HEIGHT - M.bottom, class: "vgrid" }, grid);
        const l = svg("text", { x: x, y: HEIGHT - 8, class: "xlab" }, grid);
        l.textContent = timeLabel(t, tstep);
      }

      // The line, broken where a gap is over 3x the typical spacing (device offline, deadband silence).
      const pts = data.filter(p => p[0] >= from && p[0] <= to);
      const gaps = [];
      for (let i = 1; i < pts.length; i++) gaps.push(pts[i][0] - pts[i - 1][0]);
      gaps.sort((a, b) => a - b);
      const typical = gaps.length ? gaps[Math.floor(gaps.length / 2)] : 0;
      let d = "";
      for (let i = 0; i < pts.length; i++) {
        const cmd = i === 0 || (typical > 0 && pts[i][0] - pts[i - 1][0] > 3 * typical) ? "M" : "L";
        d += cmd + s.x(pts[i][0]).toFixed(1) + " " + s.y(pts[i][1]).toFixed(1);
      }
      const banded = pts.filter(p => p.length > 3);
      if (banded.length > 1) {
        let band = "";
        for (let i = 0; i < banded.length; i++) band += (i ? "L" : "M") + s.x(banded[i][0]).toFixed(1) + " " + s.y(banded[i][3]).toFixed(1);
        for (let i = banded.length - 1; i >= 0; i--) band += "L" + s.x(banded[i][0]).toFixed(1) + " " + s.y(banded[i][2]).toFixed(1);
        svg("path", { d: band + "Z", class: "band" }, root);
      }
      if (d) svg("path", { d: d, class: "line" }, root);
      if (pts.length <= 400) {
        const dots = svg("g", { class: "dots" }, root);
        for (const p of pts) svg("circle", { cx: s.x(p[0]).toFixed(1), cy: s.y(p[1]).toFixed(1), r: 2, class: "pt" }, dots);
      }
      root.setAttribute("data-points", pts.length);
      if (!pts.length) {
        const e = svg("text", { x: s.w / 2, y: HEIGHT / 2, class: "empty" }, root);
        e.textContent = "no readings in this range";
      }
      layers.sel = svg("rect", { class: "sel hidden", y: M.top, height: s.ph, x: 0, width: 0 }, root);
      layers.hover = svg("g", { class: "hover hidden" }, root);
      layers.hline = svg("line", { y1: M.top, y2: HEIGHT - M.bottom }, layers.hover);
      layers.hdot = svg("circle", { r: 4 }, layers.hover);
      layers.hbg = svg("rect", { class: "tipbg", height: 20, rx: 3 }, layers.hover);
      layers.htext = svg("text", { class: "tip" }, layers.hover);
      layers.pts = pts;
      layers.s = s;
    }

    function localX(ev) {
      const r = root.getBoundingClientRect();
      return ev.clientX - r.left;
    }

    function nearest(t) {
      const pts = layers.pts || [];
      let lo = 0, hi = pts.length - 1;
      if (hi < 0) return null;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (pts[mid][0] < t) lo = mid; else hi = mid;
      }
      return Math.abs(pts[lo][0] - t) <= Math.abs(pts[hi][0] - t) ? pts[lo] : pts[hi];
    }

    root.addEventListener("mousedown", ev => {
      dragStart = localX(ev);
      ev.preventDefault();
    });
    root.addEventListener("mousemove", ev => {
      const s = layers.s;
      if (!s) return;
      const x = Math.min(Math.max(localX(ev), M.left), s.w - M.right);
      if (dragStart !== null) {
        const a = Math.max(Math.min(dragStart, x), M.left);
        layers.sel.setAttribute("x", a);
        layers.sel.setAttribute("width", Math.abs(x - dragStart));
        layers.sel.classList.remove("hidden");
      }
      const p = nearest(s.t(x));
      if (!p) return;
      const px = s.x(p[0]), py = s.y(p[1]);
      layers.hline.setAttribute("x1", px);
      layers.hline.setAttribute("x2", px);
      layers.hdot.setAttribute("cx", px);
      layers.hdot.setAttribute("cy", py);
      layers.htext.textContent = new Date(p[0]).toLocaleString() + "  " + fmt(p[1], o.decimals) + " " + o.unit;
      const tw = layers.htext.getComputedTextLength ? layers.htext.getComputedTextLength() + 12 : 180;
      const tx = Math.min(Math.max(px - tw / 2, 0), s.w - tw);
      layers.hbg.setAttribute("x", tx);
      layers.hbg.setAttribute("y", 0);
      layers.hbg.setAttribute("width", tw);
      layers.htext.setAttribute("x", tx + 6);
      layers.htext.setAttribute("y", 14);
      layers.hover.classList.remove("hidden");
    });
    root.addEventListener("mouseleave", () => {
      if (layers.hover) layers.hover.classList.add("hidden");
    });
    // The drag ends wherever the button is released (also past the chart's edge).
    window.addEventListener("mouseup", ev => {
      if (dragStart === null) return;
      const s = layers.s;
      const x = Math.min(Math.max(localX(ev), M.left), s.w - M.right);
      const a = Math.min(dragStart, x), b = Math.max(dragStart, x);
      dragStart = null;
      layers.sel.classList.add("hidden");
      if (b - a < 6) return;
      const f = s.t(Math.max(a, M.left)), t = s.t(Math.min(b, s.w - M.right));
      from = f; to = t;
      draw();
      if (o.onZoom) o.onZoom(f, t);
    });
    root.addEventListener("dblclick", () => { if (o.onReset) o.onReset(); });

    let resizeTimer = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(draw, 150);
    });

    return {
      element: root,
      setData(points, fromMs, toMs) {
        data = points || [];
        from = fromMs; to = Math.max(toMs, fromMs + 1000);
        draw();
      },
      get range() { return [from, to]; },
    };
  }

  window.NanoChart = { create };
})();
