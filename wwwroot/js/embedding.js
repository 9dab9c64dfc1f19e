// The embedding view: the 2-D PCA of the kNN bank at each monitor point (engine: embeddings/step{N}.json), as a
// scatter coloured by label. The slider runs from the first monitor point to the last in fractions, so the points move
// smoothly from one projection to the next (the engine aligned the axes' signs between them); hovering a point shows
// its image from the thumbnail grid. Everything happens in the browser: the slider needs no server round trip.
(() => {
    const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#393b79", "#e7ba52", "#637939", "#ad494a", "#7b4173", "#3182bd", "#31a354", "#756bb1", "#636363", "#e6550d"];

    const LegendWidth = 104;

    function init(root) {
        if (root._embedding) return;
        const canvas = root.querySelector("canvas.lewel-embedding-canvas");
        const slider = root.querySelector("input.lewel-embedding-slider");
        const label = root.querySelector(".lewel-embedding-position");
        const tip = root.querySelector(".lewel-embedding-tip");
        let sources;
        try { sources = JSON.parse(root.dataset.sources || "[]"); } catch { sources = []; }
        if (!canvas || !slider || sources.length === 0) return;
        const state = { projections: new Array(sources.length), position: Number(slider.value), points: [] };
        root._embedding = state;
        const thumbs = root.dataset.thumbnails ? loadThumbnails(root.dataset.thumbnails, root.dataset.thumbnailsLayout) : Promise.resolve(null);

        Promise.all(sources.map((s, i) => fetch(s.url, { credentials: "same-origin" }).then(r => r.ok ? r.json() : null).then(p => state.projections[i] = p)))
            .then(() => { state.bounds = bounds(state.projections.filter(p => p)); render(); root.dataset.ready = "true"; });
        thumbs.then(t => state.thumbs = t);

        slider.addEventListener("input", () => { state.position = Number(slider.value); render(); });
        canvas.addEventListener("mousemove", e => hover(e));
        canvas.addEventListener("mouseleave", () => { tip.style.display = "none"; });

        function render() {
            const n = sources.length;
            const at = Math.min(Math.max(state.position, 0), n - 1);
            const i = Math.floor(at), f = at - i;
            const a = state.projections[i], b = state.projections[Math.min(i + 1, n - 1)] || a;
            if (!a || !state.bounds) return;
            const ctx = canvas.getContext("2d");
            const { width, height } = canvas;
            ctx.clearRect(0, 0, width, height);
            const [minX, maxX, minY, maxY] = state.bounds;
            const sx = v => 12 + (v - minX) / (maxX - minX || 1) * (width - 24 - LegendWidth);
            const sy = v => height - 12 - (v - minY) / (maxY - minY || 1) * (height - 24);
            const bIndex = new Map(b.indices.map((d, k) => [d, k]));
            state.points = [];
            ctx.globalAlpha = 0.7;
            for (let k = 0; k < a.indices.length; k++) {
                const j = bIndex.get(a.indices[k]);
                const x = j === undefined ? a.x[k] : a.x[k] * (1 - f) + b.x[j] * f;
                const y = j === undefined ? a.y[k] : a.y[k] * (1 - f) + b.y[j] * f;
                const px = sx(x), py = sy(y);
                ctx.fillStyle = palette[((a.labels[k] % palette.length) + palette.length) % palette.length];
                ctx.fillRect(px - 2, py - 2, 4, 4);
                state.points.push([px, py, k]);
            }
            ctx.globalAlpha = 1;
            drawLegend(ctx, width, [...new Set(a.labels)].sort((x, y) => x - y), a.classNames);
            const shown = f < 0.5 ? a : b;
            const text = f === 0 ? `epoch ${shown.epoch + 1} · step ${shown.step}` : `between step ${a.step} and step ${b.step}`;
            label.textContent = `${text} · PC1 ${(100 * shown.explainedVariance[0]).toFixed(1)} %, PC2 ${(100 * shown.explainedVariance[1]).toFixed(1)} % of the variance`;
            root.dataset.position = String(at);
            root.dataset.shownStep = String(f === 0 ? a.step : "");
        }

        function hover(event) {
            const rect = canvas.getBoundingClientRect();
            const x = (event.clientX - rect.left) * canvas.width / rect.width, y = (event.clientY - rect.top) * canvas.height / rect.height;
            let best = null, bestDistance = 36;
            for (const p of state.points) {
                const d = (p[0] - x) ** 2 + (p[1] - y) ** 2;
                if (d < bestDistance) { bestDistance = d; best = p; }
            }
            if (!best) { tip.style.display = "none"; return; }
            const projection = state.projections[Math.floor(Math.min(state.position, sources.length - 1))];
            const k = best[2];
            tip.style.display = "block";
            tip.style.left = `${best[0] + 10}px`;
            tip.style.top = `${best[1] + 10}px`;
            tip.querySelector(".lewel-embedding-tip-text").textContent = `image #${projection.indices[k]} · ${labelName(projection.classNames, projection.labels[k])}`;
            const thumb = tip.querySelector("canvas");
            const t = state.thumbs;
            const tctx = thumb.getContext("2d");
            tctx.clearRect(0, 0, thumb.width, thumb.height);
            if (t && k < t.layout.count) {
                thumb.width = thumb.height = t.layout.tile;
                tctx.drawImage(t.image, (k % t.layout.columns) * t.layout.tile, Math.floor(k / t.layout.columns) * t.layout.tile,
                    t.layout.tile, t.layout.tile, 0, 0, t.layout.tile, t.layout.tile);
            }
            root.dataset.hovered = String(projection.indices[k]);
        }
    }

    // Projections written before class names were kept, and data sets without names, show the label number.
    function labelName(names, label) {
        return names && label >= 0 && label < names.length && names[label] ? names[label] : `label ${label}`;
    }

    function drawLegend(ctx, width, labels, names) {
        ctx.save();
        ctx.font = "11px sans-serif";
        labels.slice(0, palette.length).forEach((label, i) => {
            const y = 14 + i * 14;
            ctx.fillStyle = palette[((label % palette.length) + palette.length) % palette.length];
            ctx.fillRect(width - LegendWidth + 4, y - 8, 8, 8);
            ctx.fillStyle = "#333";
            const name = labelName(names, label);
            ctx.fillText(name.length > 14 ? name.slice(0, 13) + "…" : name, width - LegendWidth + 16, y);
        });
        ctx.restore();
    }

    function bounds(projections) {
        let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
        for (const p of projections)
            for (let k = 0; k < p.x.length; k++) {
                minX = Math.min(minX, p.x[k]); maxX = Math.max(maxX, p.x[k]);
                minY = Math.min(minY, p.y[k]); maxY = Math.max(maxY, p.y[k]);
            }
        return [minX, maxX, minY, maxY];
    }

    function loadThumbnails(url, layoutUrl) {
        return Promise.all([
            new Promise(resolve => { const image = new Image(); image.onload = () => resolve(image); image.onerror = () => resolve(null); image.src = url; }),
            fetch(layoutUrl, { credentials: "same-origin" }).then(r => r.ok ? r.json() : null).catch(() => null),
        ]).then(([image, layout]) => image && layout ? { image, layout } : null);
    }

    const scan = () => document.querySelectorAll(".lewel-embedding[data-sources]").forEach(init);
    new MutationObserver(scan).observe(document.documentElement, { subtree: true, childList: true });
    scan();
})();
