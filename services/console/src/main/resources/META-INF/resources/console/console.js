// The console's charts and live updates: uPlot for curves (fed by server-side downsampling),
// ECharts only for parallel coordinates (loaded when a page has one), EventSource for live events.
"use strict";
const Ratchet = (() => {
  const COLORS = { train: "#2f6fde", validation: "#e8590c", test: "#12b886", unspecified: "#7048e8" };
  const PALETTE = ["#2f6fde", "#e8590c", "#12b886", "#7048e8", "#d6336c", "#1098ad", "#f59f00", "#495057",
    "#74b816", "#ae3ec9"];
  const charts = [];            // every curve chart on the page: {el, title, series, plot}
  const view = { log: false, smoothing: 0, x: "step" };
  let pending = 0;

  function colorOf(label, i) { return COLORS[label] || PALETTE[i % PALETTE.length]; }

  // Exponential moving average, as TensorBoard's smoothing slider (weight 0 to 0.99).
  function smooth(values, weight) {
    if (!weight) return values;
    const out = new Array(values.length);
    let last = null;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v == null || !isFinite(v)) { out[i] = v; continue; }
      last = last == null ? v : last * weight + v * (1 - weight);
      out[i] = last;
    }
    return out;
  }

  // One x axis for several series: the union of their x values, each series null where it has no point.
  function align(series) {
    const key = view.x === "time" ? "times" : "steps";
    const xs = Array.from(new Set(series.flatMap(s => s[key]))).sort((a, b) => a - b);
    const index = new Map(xs.map((x, i) => [x, i]));
    const columns = series.map(s => {
      const col = new Array(xs.length).fill(null);
      s[key].forEach((x, i) => { col[index.get(x)] = s.values[i]; });
      return smooth(col, view.smoothing);
    });
    return [xs, ...columns];
  }

  function draw(chart) {
    const width = Math.max(300, chart.el.clientWidth - 10);
    const opts = {
      width, height: 240,
      scales: { x: { time: view.x === "time" }, y: { distr: view.log ? 3 : 1 } },
      series: [{ label: view.x }].concat(chart.series.map((s, i) => ({
        label: s.label, stroke: colorOf(s.label, i), width: 1.5, spanGaps: true,
        points: { show: s.values.length < 60 },
      }))),
      axes: [{}, { size: 60 }],
      cursor: { drag: { x: true, y: false } },
      legend: { show: chart.series.length <= 12 },
      hooks: chart.zoom ? { setScale: [(u, scale) => { if (scale === "x") chart.zoom(u.scales.x.min, u.scales.x.max); }] } : {},
    };
    if (chart.plot) chart.plot.destroy();
    chart.plot = new uPlot(opts, align(chart.series), chart.el);
    chart.el.dataset.series = String(chart.series.length);
    chart.el.dataset.points = String(chart.series.reduce((n, s) => n + s.values.length, 0));
  }

  // body[data-painted] and the performance mark "ratchet:painted" say the page's data is drawn:
  // when every chart it started has drawn, or at once for a page without charts.
  function settle() {
    if (pending > 0 || document.readyState === "loading" || document.body.dataset.painted) return;
    document.body.dataset.painted = "true";
    performance.mark("ratchet:painted");
  }

  function painted() {
    pending--;
    settle();
  }
  document.addEventListener("DOMContentLoaded", settle);

  async function json(url) {
    const response = await fetch(url);
    const body = await response.json();
    if (!response.ok) throw new Error(body.message || response.statusText);
    return body;
  }

  // A chart per metric key, its contexts overlaid: GET /api/runs/{id}/history?key=…&points=…
  // contexts: key → the contexts the run logged it in (saves the server a lookup per chart).
  function loadRunCharts(runId, keys, grid, contexts) {
    pending += keys.length;
    const points = Math.min(4000, Math.max(400, Math.round(window.innerWidth)));
    const queue = keys.slice();
    const worker = async () => {
      while (queue.length) {
        const key = queue.shift();
        const box = grid.querySelector(`[data-key="${CSS.escape(key)}"]`);
        const plotEl = box.querySelector(".plot");
        try {
          const only = contexts && contexts[key] ? contexts[key].map(c => `&context=${c}`).join("") : "";
          const url = `/api/runs/${runId}/history?key=${encodeURIComponent(key)}&points=${points}${only}`;
          const history = await json(url);
          const note = box.querySelector(".note");
          const chart = { el: plotEl, key, series: history.series, full: history.series };
          const describe = () => {
            note.textContent = history.downsampled
              ? `${history.totalPoints.toLocaleString()} points, shown downsampled (M4) to ${chart.el.dataset.points}`
              : `${history.totalPoints.toLocaleString()} points`;
          };
          if (history.downsampled) chart.zoom = zoomer(chart, url, note, describe);
          charts.push(chart);
          draw(chart);
          describe();
        } catch (e) {
          box.querySelector(".note").textContent = "could not load: " + e.message;
        }
        painted();
      }
    };
    for (let i = 0; i < 6; i++) worker();
  }

  // Zoom that fetches finer points: a downsampled chart dragged to a step range asks tracking for
  // that range alone (at full resolution when it is short enough); zoomed out again (double click)
  // it shows the whole series it loaded first.
  function zoomer(chart, url, note, describe) {
    let timer = null;
    let shown = null;      // the step range whose points are drawn, or null for the whole series
    const steps = chart.full.flatMap(s => s.steps);
    const first = Math.min(...steps), last = Math.max(...steps);
    const whole = () => {
      clearTimeout(timer);
      if (shown === null) return;
      shown = null;
      chart.series = chart.full;
      delete chart.el.dataset.zoom;
      draw(chart);
      describe();
    };
    chart.el.addEventListener("dblclick", whole);   // uPlot's own double click would reset to the zoomed points only
    return (min, max) => {
      if (view.x !== "step" || min == null || max == null) return;
      if (min <= first && max >= last) { whole(); return; }
      const from = Math.floor(min), to = Math.ceil(max);
      if (shown && shown[0] === from && shown[1] === to) return;
      clearTimeout(timer);
      timer = setTimeout(async () => {
        try {
          const finer = await json(`${url}&from=${from}&to=${to}`);
          shown = [from, to];
          chart.series = finer.series;
          draw(chart);
          chart.plot.setScale("x", { min, max });
          chart.el.dataset.zoom = `${from}-${to}`;
          note.textContent = `steps ${from.toLocaleString()}–${to.toLocaleString()}: ${finer.totalPoints.toLocaleString()} points`
            + (finer.downsampled ? `, downsampled (M4) to ${chart.el.dataset.points}` : ", every one shown");
        } catch (e) {
          note.textContent = "could not load the range: " + e.message;
        }
      }, 120);
    };
  }

  // Several runs' curves of one key, one series per run and context.
  // contexts: per run, the contexts it logged the key in (saves the server a lookup per run).
  async function loadCompareChart(runIds, names, key, el, note, context, contexts) {
    pending++;
    const points = 1000;
    const series = [];
    const queue = runIds.map((id, i) => [id, names[i], contexts ? contexts[i] : null]);
    const worker = async () => {
      while (queue.length) {
        const [id, name, known] = queue.shift();
        if (known && !known.length) continue;
        try {
          const only = context ? `&context=${context}` : known ? known.map(c => `&context=${c}`).join("") : "";
          const history = await json(`/api/runs/${id}/history?key=${encodeURIComponent(key)}&points=${points}${only}`);
          history.series.forEach(s => series.push({ ...s, label: context ? name : `${name} · ${s.label}` }));
        } catch (e) { /* a run without the key shows no line */ }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    const chart = { el, key, series };
    charts.push(chart);
    draw(chart);
    note.textContent = `${series.length} series`;
    performance.mark("ratchet:curves");
    painted();
  }

  function controls(form) {
    form.addEventListener("input", () => {
      view.log = form.log.checked;
      view.smoothing = Number(form.smoothing.value);
      view.x = form.x.value;
      charts.forEach(draw);
    });
  }

  // Live: points logged to a running run arrive as server-sent events and are appended in place.
  function liveRun(runId, keys, grid, badge) {
    const source = new EventSource(`/live/runs/${runId}`);
    let dirty = new Set();
    source.addEventListener("metrics", e => {
      const event = JSON.parse(e.data);
      event.points.forEach(p => {
        let chart = charts.find(c => c.key === p.key);
        if (!chart) return;
        const all = chart.full || chart.series;
        let series = all.find(s => s.label === p.context);
        if (!series) { series = { label: p.context, steps: [], values: [], times: [] }; all.push(series); }
        if (series.steps.length && series.steps[series.steps.length - 1] >= p.step
            && series.steps.includes(p.step)) return;
        series.steps.push(p.step); series.values.push(p.value); series.times.push(p.time);
        if (chart.series === all) dirty.add(chart);
      });
      requestAnimationFrame(() => { dirty.forEach(draw); dirty = new Set(); });
      badge.textContent = "live · last point " + new Date().toLocaleTimeString();
      document.body.dataset.livePoints = String(Number(document.body.dataset.livePoints || 0) + event.points.length);
    });
    source.addEventListener("finished", () => { badge.textContent = "run ended"; source.close(); });
    source.onerror = () => { badge.textContent = "live updates reconnecting…"; };
    badge.textContent = "live";
  }

  // Live: a study's page re-reads its trials when a trial event arrives.
  function liveStudy(studyId, badge, onEvent) {
    const source = new EventSource(`/live/studies/${studyId}`);
    source.addEventListener("trial", () => { badge.textContent = "live · updated " + new Date().toLocaleTimeString(); onEvent(); });
    source.addEventListener("finished", () => { badge.textContent = "study ended"; onEvent(); source.close(); });
    badge.textContent = "live";
  }

  // Replaces the elements with these ids by the ones of a fresh copy of this page.
  async function refresh(ids) {
    const html = await (await fetch(location.href)).text();
    const fresh = new DOMParser().parseFromString(html, "text/html");
    ids.forEach(id => { const now = document.getElementById(id), next = fresh.getElementById(id); if (now && next) now.replaceWith(next); });
  }

  // Objective by trial number, with the best value so far as a step line.
  function historyChart(el, data) {
    pending++;
    const opts = {
      width: Math.max(300, el.clientWidth - 10), height: 260,
      scales: { x: { time: false } },
      series: [{ label: "trial" },
        { label: "value", stroke: "transparent", points: { show: true, size: 6, fill: "#2f6fde" } },
        { label: "best so far", stroke: "#e8590c", width: 2, paths: uPlot.paths.stepped({ align: 1 }) }],
    };
    el.innerHTML = "";
    new uPlot(opts, [data.numbers, data.values, data.best], el);
    el.dataset.points = String(data.values.filter(v => v != null).length);
    painted();
  }

  let echartsLoading;
  function loadEcharts() {
    echartsLoading = echartsLoading || new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = "/webjars/echarts/5.3.1/dist/echarts.min.js"; s.onload = resolve; s.onerror = reject;
      document.head.appendChild(s);
    });
    return echartsLoading;
  }

  // Parallel coordinates: one axis per dimension ({name, categories?}), one line per row.
  async function parallel(el, dims, rows, colorDim) {
    pending++;
    await loadEcharts();
    const chart = echarts.init(el, null, { renderer: "canvas" });
    const values = rows.map(r => r[colorDim]).filter(v => v != null && isFinite(v));
    chart.setOption({
      animation: false,
      parallelAxis: dims.map((d, i) => d.categories ? { dim: i, name: d.name, type: "category", data: d.categories }
        : { dim: i, name: d.name, scale: true }),
      visualMap: values.length ? { show: false, dimension: colorDim, min: Math.min(...values), max: Math.max(...values),
        inRange: { color: ["#d6336c", "#f59f00", "#12b886"] } } : undefined,
      parallel: { left: 60, right: 80, top: 40, bottom: 30 },
      series: [{ type: "parallel", lineStyle: { width: 1, opacity: 0.5 }, data: rows, progressive: 500 }],
    });
    el.dataset.lines = String(rows.length);
    performance.mark("ratchet:parallel");
    painted();
  }

  // Scatter of one column against another, for compare.
  function scatter(el, xs, ys, xLabel, yLabel) {
    const order = xs.map((x, i) => i).filter(i => xs[i] != null && ys[i] != null).sort((a, b) => xs[a] - xs[b]);
    el.innerHTML = "";
    new uPlot({ width: Math.max(300, el.clientWidth - 10), height: 260, scales: { x: { time: false } },
      series: [{ label: xLabel }, { label: yLabel, stroke: "transparent", points: { show: true, size: 6, fill: "#2f6fde" } }] },
      [order.map(i => xs[i]), order.map(i => ys[i])], el);
    el.dataset.points = String(order.length);
  }

  // Click a header to sort a table of the page in the browser (small tables: slices, trials).
  function sortable(table) {
    table.querySelectorAll("th").forEach((th, column) => {
      th.style.cursor = "pointer";
      th.addEventListener("click", () => {
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        const dir = th.dataset.dir === "asc" ? -1 : 1;
        th.dataset.dir = dir === 1 ? "asc" : "desc";
        const value = r => { const t = r.cells[column]?.dataset.sort ?? r.cells[column]?.textContent ?? "";
          const n = Number(t.replace(/,/g, "")); return t !== "" && !isNaN(n) ? n : t; };
        rows.sort((a, b) => { const x = value(a), y = value(b);
          return (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y))) * dir; });
        rows.forEach(r => body.appendChild(r));
      });
    });
  }

  async function preview(details, url) {
    if (details.dataset.loaded) return;
    details.dataset.loaded = "true";
    const response = await fetch(url, { headers: { Range: "bytes=0-65535" } });
    const text = await response.text();
    let shown = text.slice(0, 65536);
    if (url.endsWith(".json")) { try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* as text */ } }
    details.querySelector("pre").textContent = shown;
  }

  return { loadRunCharts, loadCompareChart, controls, liveRun, liveStudy, refresh, historyChart, parallel, scatter,
    sortable, preview };
})();
