// Marks the document once the Blazor circuit is live, so scripts and browser tests can tell the prerendered page
// (visible but inert) from the interactive one.
window.lewel = {
    markInteractive: () => { document.documentElement.dataset.interactive = "true"; },
};

// Hover read-out for the SVG line charts: a vertical cursor at the nearest step and each series' value there. The chart
// component puts its data in data-hover (JSON) and its plot box in the svg's data-plot; this runs in the browser only.
(() => {
    const parsed = new WeakMap();
    const escape = text => String(text).replace(/[&<>"']/g, ch => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch]));

    function dataOf(chart) {
        const raw = chart.dataset.hover;
        const cached = parsed.get(chart);
        if (cached && cached.raw === raw) return cached.series;
        let series = [];
        try { series = JSON.parse(raw || "[]"); } catch { series = []; }
        parsed.set(chart, { raw, series });
        return series;
    }

    function nearest(xs, x) {
        let lo = 0, hi = xs.length - 1;
        if (hi < 0) return -1;
        while (hi - lo > 1) {
            const mid = (lo + hi) >> 1;
            if (xs[mid] < x) lo = mid; else hi = mid;
        }
        return Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
    }

    function overlay(chart) {
        let cursor = chart.querySelector(".lewel-chart-cursor");
        if (!cursor) {
            cursor = document.createElement("div");
            cursor.className = "lewel-chart-cursor";
            const tip = document.createElement("div");
            tip.className = "lewel-chart-tip";
            chart.append(cursor, tip);
        }
        return [cursor, chart.querySelector(".lewel-chart-tip")];
    }

    function hide(chart) {
        chart.querySelectorAll(".lewel-chart-cursor, .lewel-chart-tip").forEach(e => e.style.display = "none");
    }

    document.addEventListener("mousemove", event => {
        const svg = event.target.closest && event.target.closest("svg.lewel-chart-svg");
        document.querySelectorAll(".lewel-chart").forEach(c => { if (!svg || !c.contains(svg)) hide(c); });
        if (!svg) return;
        const chart = svg.closest(".lewel-chart");
        const [left, top, right, bottom, width, height, xMin, xMax] = (svg.dataset.plot || "").split(" ").map(Number);
        const box = svg.getBoundingClientRect();
        const scale = box.width / width;
        const vx = (event.clientX - box.left) / scale;
        if (vx < left || vx > right || !(xMax > xMin)) { hide(chart); return; }
        const step = xMin + (vx - left) / (right - left) * (xMax - xMin);
        const series = dataOf(chart);
        let shownStep = null;
        const rows = [];
        for (const s of series) {
            const i = nearest(s.x, step);
            if (i < 0) continue;
            if (shownStep === null || Math.abs(s.x[i] - step) < Math.abs(shownStep - step)) shownStep = s.x[i];
            rows.push(`<div><span style="color:${escape(s.c)}">■</span> ${escape(s.n)}: <b>${escape(s.y[i])}</b></div>`);
        }
        if (shownStep === null) { hide(chart); return; }
        const [cursor, tip] = overlay(chart);
        const chartBox = chart.getBoundingClientRect();
        const px = box.left - chartBox.left + (left + (shownStep - xMin) / (xMax - xMin) * (right - left)) * scale;
        cursor.style.display = "block";
        cursor.style.left = `${px}px`;
        cursor.style.top = `${box.top - chartBox.top + top * scale}px`;
        cursor.style.height = `${(bottom - top) * scale}px`;
        tip.innerHTML = `<div class="lewel-chart-tip-step">step ${shownStep}</div>${rows.join("")}`;
        tip.style.display = "block";
        const flip = px > chartBox.width * 0.6;
        tip.style.left = flip ? "" : `${px + 10}px`;
        tip.style.right = flip ? `${chartBox.width - px + 10}px` : "";
        tip.style.top = `${box.top - chartBox.top + top * scale + 4}px`;
    });
})();
