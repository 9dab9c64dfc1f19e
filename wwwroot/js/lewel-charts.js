// Live line charts on Apache ECharts (echarts.js from the Vizor.ECharts package; its own Blazor glue evaluates option
// strings, which the studio's Content-Security-Policy forbids, so the studio drives echarts directly from here).
//
// Charts of one group share their x zoom and their hover cursor. Box zoom: drag across a chart; double-click or
// lewelCharts.resetZoom(group) resets. A zoom is reported once per group to .NET (OnRangeChanged), which re-reads the
// visible range at full resolution. Points arrive as a whole (setData) or appended (append), never re-read.
window.lewelCharts = (() => {
    const charts = new Map();  // id → { chart, el, group, spec, series: [{ data, band }] }
    const groups = new Map();  // group → { ids: Set, ref, range: [min, max] | null, timer }
    const escape = text => String(text).replace(/[&<>"']/g, ch => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch]));

    function groupOf(name) {
        let group = groups.get(name);
        if (!group) {
            group = { ids: new Set(), ref: null, range: null, timer: 0 };
            groups.set(name, group);
        }
        return group;
    }

    function formatValue(spec, value) {
        if (value === null || value === undefined || Number.isNaN(value)) return "NaN";
        if (spec.percent) return `${(value * 100).toFixed(1)} %`;
        const magnitude = Math.abs(value);
        if (magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)) return value.toExponential(3);
        return Number(value.toPrecision(5)).toString();
    }

    function formatX(spec, x) {
        if (spec.xKind === "time") {
            const seconds = Math.round(x);
            const h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
            return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}` : `${m}:${String(s).padStart(2, "0")}`;
        }
        return Number(x.toPrecision(6)).toLocaleString("en-US");
    }

    // The value of each (non-band) series at the nearest x to the cursor: every run at that x.
    function nearest(data, x) {
        let lo = 0, hi = data.length - 1;
        if (hi < 0) return null;
        while (hi - lo > 1) {
            const mid = (lo + hi) >> 1;
            if (data[mid][0] < x) lo = mid; else hi = mid;
        }
        return Math.abs(data[lo][0] - x) <= Math.abs(data[hi][0] - x) ? data[lo] : data[hi];
    }

    function tooltip(entry, params) {
        const first = Array.isArray(params) ? params[0] : params;
        if (!first) return "";
        const x = first.axisValue;
        const rows = entry.spec.series.map((s, i) => {
            const point = nearest(entry.series[i].data, x);
            if (!point) return "";
            return `<div class="lewel-tip-row" data-series="${escape(s.name)}"><span style="color:${escape(s.color)}">■</span> ${escape(s.name)}: <b>${escape(formatValue(entry.spec, point[1]))}</b></div>`;
        });
        return `<div class="lewel-tip-x">${escape(entry.spec.xLabel)} ${escape(formatX(entry.spec, x))}</div>${rows.join("")}`;
    }

    function seriesOptions(entry) {
        const spec = entry.spec;
        const out = [];
        spec.series.forEach((s, i) => {
            const data = entry.series[i];
            if (data.band && !spec.logY) {
                // The min/max band as one polygon, drawn by the first item; the items themselves make the axes cover it.
                // The band shares its line's name, so the legend toggles both; its colour keeps the legend's swatch the line's.
                out.push({ id: `band-${i}`, type: "custom", name: s.name, silent: true, tooltip: { show: false }, z: 1, clip: true, itemStyle: { color: s.color },
                    data: data.band, encode: { x: 0, y: [1, 2] },
                    renderItem: (params, api) => {
                        if (params.dataIndex !== 0) return null;
                        const band = entry.series[i].band;
                        const points = band.map(b => api.coord([b[0], b[2]])).concat(band.slice().reverse().map(b => api.coord([b[0], b[1]])));
                        return { type: "polygon", shape: { points }, style: { fill: s.color, opacity: 0.15 } };
                    } });
            }
            out.push({ id: `line-${i}`, type: "line", name: s.name, data: data.data, showSymbol: data.data.length <= 12, symbolSize: 5,
                lineStyle: { color: s.color, width: s.faint ? 1 : 1.6, opacity: s.faint ? 0.35 : 1, type: s.dashed ? "dashed" : "solid" },
                itemStyle: { color: s.color }, sampling: "minmax", z: s.faint ? 2 : 3, connectNulls: false });
        });
        if (spec.references.length > 0 && out.length > 0) {
            out[out.length - 1].markLine = { silent: true, symbol: "none", animation: false,
                data: spec.references.map(r => ({ yAxis: r.y, label: { formatter: r.label, position: "insideEndTop", color: r.color, fontSize: 10 },
                    lineStyle: { color: r.color, type: "dashed", width: 1 } })) };
        }
        return out;
    }

    function referenceExtent(spec) {
        const ys = spec.logY ? [] : spec.references.map(r => r.y).filter(Number.isFinite);
        if (ys.length === 0) return {};
        // An extent taken from the data is labelled as it is (1.7500000000000018): such axes get labels of 6 significant digits.
        return { min: v => Math.min(v.min, ...ys), max: v => Math.max(v.max, ...ys), fromData: true };
    }

    function options(entry) {
        const spec = entry.spec;
        const range = groupOf(entry.group).range;
        return {
            animation: false,
            grid: { left: 56, right: 14, top: 28, bottom: 28 },
            legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 6, textStyle: { fontSize: 11 },
                data: spec.series.map(s => s.name), selected: entry.selected },
            tooltip: { trigger: "axis", axisPointer: { type: "line", snap: false }, confine: true, formatter: p => tooltip(entry, p),
                className: "lewel-chart-tooltip", transitionDuration: 0 },
            xAxis: { type: "value", scale: true, min: range ? range[0] : "dataMin", max: range ? range[1] : "dataMax",
                axisLabel: { fontSize: 10, hideOverlap: true, formatter: v => formatX(spec, v) }, splitLine: { lineStyle: { color: "#eef0f3" } } },
            // Without a formatter ECharts labels ticks with the decimals their interval needs (narrow axes stay distinct).
            // Reference lines (1/√d, min(n, d), uniform maps) stay in view even when the data is far from them.
            yAxis: yAxis(spec),
            series: seriesOptions(entry),
        };
    }

    function yAxis(spec) {
        const { fromData, ...extent } = referenceExtent(spec);
        const formatter = spec.percent ? (v => `${(v * 100).toFixed(1)} %`)
            : fromData ? (v => (+v.toPrecision(6)).toLocaleString("en-US", { maximumSignificantDigits: 6 })) : undefined;
        return { type: spec.logY ? "log" : "value", scale: true, ...extent, axisLabel: { fontSize: 10, formatter },
            splitLine: { lineStyle: { color: "#eef0f3" } } };
    }

    function redraw(entry, full) {
        entry.chart.setOption(options(entry), { notMerge: !!full, lazyUpdate: true });
    }

    // Box zoom drawn by hand: a drag along x selects the range for the whole group.
    function attachBoxZoom(entry) {
        const el = entry.el;
        const box = document.createElement("div");
        box.className = "lewel-zoom-box";
        el.appendChild(box);
        const signal = entry.listeners.signal;
        let start = null;
        const toX = clientX => {
            const rect = el.getBoundingClientRect();
            return entry.chart.convertFromPixel({ gridIndex: 0 }, [clientX - rect.left, el.clientHeight / 2])[0];
        };
        el.addEventListener("mousedown", e => {
            if (e.button !== 0) return;
            const rect = el.getBoundingClientRect();
            if (!entry.chart.containPixel("grid", [e.clientX - rect.left, e.clientY - rect.top])) return;
            start = e.clientX;
            e.preventDefault();
        }, { signal });
        window.addEventListener("mousemove", e => {
            if (start === null) return;
            const rect = el.getBoundingClientRect();
            const [a, b] = [Math.min(start, e.clientX), Math.max(start, e.clientX)];
            Object.assign(box.style, { display: "block", left: `${a - rect.left}px`, width: `${b - a}px`, top: "28px", bottom: "28px" });
        }, { signal });
        window.addEventListener("mouseup", e => {
            if (start === null) return;
            const [a, b] = [Math.min(start, e.clientX), Math.max(start, e.clientX)];
            start = null;
            box.style.display = "none";
            if (b - a < 5) return;
            const range = [toX(a), toX(b)];
            if (range.every(Number.isFinite)) zoom(entry.group, range);
        }, { signal });
        el.addEventListener("dblclick", () => zoom(entry.group, null), { signal });
    }

    // The hovered chart shows its tooltip; the others of its group draw only a cursor line at the same x (a div moved
    // once per frame: cheaper than a tooltip in every chart).
    function attachCursor(entry) {
        const line = document.createElement("div");
        line.className = "lewel-chart-cursor-line";
        entry.el.appendChild(line);
        entry.cursor = line;
        let pending = null;
        entry.chart.on("updateAxisPointer", e => {
            const info = e.axesInfo && e.axesInfo.find(a => a.axisDim === "x");
            pending = info ? info.value : null;
            if (entry.cursorFrame) return;
            entry.cursorFrame = requestAnimationFrame(() => {
                entry.cursorFrame = 0;
                for (const id of groupOf(entry.group).ids) {
                    const other = charts.get(id);
                    if (!other || other === entry) continue;
                    const px = pending === null ? NaN : other.chart.convertToPixel({ gridIndex: 0 }, [pending, 0])[0];
                    const inside = Number.isFinite(px) && other.chart.containPixel("grid", [px, other.el.clientHeight / 2]);
                    Object.assign(other.cursor.style, inside ? { display: "block", left: `${px}px` } : { display: "none" });
                }
            });
        });
        entry.el.addEventListener("mouseleave", () => {
            for (const id of groupOf(entry.group).ids) charts.get(id)?.cursor && (charts.get(id).cursor.style.display = "none");
        }, { signal: entry.listeners.signal });
    }

    function zoom(groupName, range) {
        const group = groupOf(groupName);
        group.range = range;
        for (const id of group.ids) {
            const entry = charts.get(id);
            if (entry) entry.chart.setOption({ xAxis: { min: range ? range[0] : "dataMin", max: range ? range[1] : "dataMax" } }, { lazyUpdate: true });
        }
        document.querySelectorAll(`[data-chart-group="${CSS.escape(groupName)}"]`).forEach(e => {
            e.dataset.zoomed = range ? "true" : "false";
        });
        clearTimeout(group.timer);
        group.timer = setTimeout(() => {
            if (group.ref) group.ref.invokeMethodAsync("OnRangeChanged", range ? range[0] : null, range ? range[1] : null);
        }, 150);
    }

    function toSeries(spec) {
        return spec.series.map(s => ({ data: s.points, band: s.band || null }));
    }

    const api = {
        registerGroup(groupName, ref) {
            groupOf(groupName).ref = ref;
        },
        unregisterGroup(groupName) {
            const group = groups.get(groupName);
            if (group) group.ref = null;
        },
        create(el, id, groupName, spec) {
            const chart = echarts.init(el, null, { renderer: "canvas" });
            const entry = { chart, el, group: groupName, spec, series: toSeries(spec), selected: {}, listeners: new AbortController() };
            attachCursor(entry);
            chart.on("legendselectchanged", e => { entry.selected = e.selected; });
            charts.set(id, entry);
            groupOf(groupName).ids.add(id);
            redraw(entry, true);
            attachBoxZoom(entry);
            // An observer also reports the size it starts with: redrawing the whole chart for that would draw a long
            // history twice while the page opens.
            let size = `${el.clientWidth}x${el.clientHeight}`;
            entry.resize = new ResizeObserver(() => {
                const now = `${el.clientWidth}x${el.clientHeight}`;
                if (now === size) return;
                size = now;
                chart.resize();
            });
            entry.resize.observe(el);
            el.dataset.ready = "true";
        },
        setData(id, spec) {
            const entry = charts.get(id);
            if (!entry) return;
            entry.spec = spec;
            entry.series = toSeries(spec);
            redraw(entry, true);
        },
        // points: [[seriesIndex, x, y], …] in x order; a series index past the known ones is ignored.
        append(id, points) {
            const entry = charts.get(id);
            if (!entry) return;
            for (const [i, x, y] of points) {
                const series = entry.series[i];
                if (!series) continue;
                series.data.push([x, y]);
                if (series.band) series.band.push([x, y, y]);
            }
            // Only the lines' data: axes, legend and tooltip stay as they are.
            entry.chart.setOption({ series: entry.series.map((s, i) => ({ id: `line-${i}`, data: s.data })) }, { lazyUpdate: true });
        },
        resetZoom(groupName) {
            zoom(groupName, null);
        },
        zoomTo(groupName, min, max) {
            zoom(groupName, [min, max]);
        },
        dispose(id) {
            const entry = charts.get(id);
            if (!entry) return;
            entry.resize.disconnect();
            entry.listeners.abort();
            groupOf(entry.group).ids.delete(id);
            entry.chart.dispose();
            charts.delete(id);
        },
    };

    // The chart library (about 1 MB of script) loads with the first call, so that pages without charts do not parse it
    // before they go interactive. Calls made while it loads wait for it and run in the order they came.
    const libraryUrl = "_content/Vizor.ECharts/js/vizor-echarts-bundle-min.js";
    let library = null;
    function loadLibrary() {
        library ??= new Promise((resolve, reject) => {
            const script = document.createElement("script");
            script.src = libraryUrl;
            script.onload = resolve;
            script.onerror = () => { library = null; reject(new Error("could not load the chart library " + libraryUrl)); };
            document.head.appendChild(script);
        });
        return library;
    }
    // A page that arrives with charts in its prerendered document starts loading the library now, beside the circuit's
    // start, rather than at its first chart.
    if (document.querySelector(".lewel-live-chart-canvas")) loadLibrary().catch(() => { });
    return Object.fromEntries(Object.entries(api).map(([name, call]) =>
        [name, (...args) => window.echarts ? call(...args) : loadLibrary().then(() => call(...args))]));
})();
