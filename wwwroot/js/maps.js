// The alignment-map comparer's drawing: each <canvas class="lewel-map-canvas"> carries its spec as JSON in data-spec
// (written by MapComparer.razor). The browser fetches the engine's raw maps (.npy, float32 [3, K, H, W]) and the plain
// probe image, and draws the head's mean map over the image: alone, as a swipe between A and B (a draggable divider
// shared by every canvas of the comparer), flickering between them, as an alpha overlay, or as the signed difference
// A − B. Values are map × P (1 = uniform); "fixed" contrast shows [0, 3], "shape" each map's own min–max.
(() => {
    const npyCache = new Map();
    const imageCache = new Map();

    function loadNpy(url) {
        if (!npyCache.has(url)) {
            npyCache.set(url, fetch(url, { credentials: "same-origin" })
                .then(r => { if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`); return r.arrayBuffer(); })
                .then(parseNpy)
                .catch(e => { npyCache.delete(url); throw e; }));
        }
        return npyCache.get(url);
    }

    function parseNpy(buffer) {
        const bytes = new Uint8Array(buffer);
        if (bytes[0] !== 0x93 || String.fromCharCode(...bytes.slice(1, 6)) !== "NUMPY") throw new Error("not a .npy file");
        const headerLength = bytes[8] | (bytes[9] << 8);
        const header = new TextDecoder().decode(bytes.slice(10, 10 + headerLength));
        if (!header.includes("'<f4'")) throw new Error("not a float32 array");
        const shape = header.match(/'shape':\s*\(([^)]*)\)/)[1].split(",").map(s => s.trim()).filter(s => s).map(Number);
        const offset = 10 + headerLength;
        const values = new Float32Array(buffer.slice(offset));
        return { shape, values };
    }

    function loadImage(url) {
        if (!imageCache.has(url)) {
            imageCache.set(url, new Promise((resolve, reject) => {
                const image = new Image();
                image.onload = () => resolve(image);
                image.onerror = () => { imageCache.delete(url); reject(new Error(`${url} is missing (the snapshot may predate plain probe images)`)); };
                image.src = url;
            }));
        }
        return imageCache.get(url);
    }

    // Mean over the head's maps of the original image (view 0), times P.
    function headMean(npy, head, numHeads) {
        const [, k, h, w] = npy.shape;
        const perHead = k / numHeads, positions = h * w, mean = new Float32Array(positions);
        for (let m = head * perHead; m < (head + 1) * perHead; m++)
            for (let p = 0; p < positions; p++) mean[p] += npy.values[m * positions + p];
        for (let p = 0; p < positions; p++) mean[p] = mean[p] / perHead * positions;
        return { values: mean, h, w };
    }

    // Bilinear upsampling with align_corners = false, as the engine's renderer does.
    function upsample(map, size) {
        const out = new Float32Array(size * size);
        for (let y = 0; y < size; y++) {
            const sy = Math.min(Math.max((y + 0.5) * map.h / size - 0.5, 0), map.h - 1);
            const y0 = Math.floor(sy), y1 = Math.min(y0 + 1, map.h - 1), fy = sy - y0;
            for (let x = 0; x < size; x++) {
                const sx = Math.min(Math.max((x + 0.5) * map.w / size - 0.5, 0), map.w - 1);
                const x0 = Math.floor(sx), x1 = Math.min(x0 + 1, map.w - 1), fx = sx - x0;
                const v = map.values;
                const top = v[y0 * map.w + x0] * (1 - fx) + v[y0 * map.w + x1] * fx;
                const bottom = v[y1 * map.w + x0] * (1 - fx) + v[y1 * map.w + x1] * fx;
                out[y * size + x] = top * (1 - fy) + bottom * fy;
            }
        }
        return out;
    }

    const colormaps = {
        inferno: [[0, 0, 0, 4], [0.25, 87, 16, 110], [0.5, 188, 55, 84], [0.75, 249, 142, 9], [1, 252, 255, 164]],
        viridis: [[0, 68, 1, 84], [0.25, 59, 82, 139], [0.5, 33, 145, 140], [0.75, 94, 201, 98], [1, 253, 231, 37]],
        diverging: [[0, 33, 102, 172], [0.25, 103, 169, 207], [0.5, 247, 247, 247], [0.75, 239, 138, 98], [1, 178, 24, 43]],
    };

    function colour(stops, t) {
        t = Number.isNaN(t) ? 0 : Math.min(Math.max(t, 0), 1);
        let i = 1;
        while (i < stops.length - 1 && t > stops[i][0]) i++;
        const a = stops[i - 1], b = stops[i], f = (t - a[0]) / (b[0] - a[0]);
        return [a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f, a[3] + (b[3] - a[3]) * f];
    }

    // Position in the colour scale of each value: [low, high] for "fixed", the map's own range for "shape".
    function units(values, contrast, low, high) {
        if (contrast === "shape") {
            let min = Infinity, max = -Infinity;
            for (const v of values) { if (v < min) min = v; if (v > max) max = v; }
            return Array.from(values, v => max > min ? (v - min) / (max - min) : 0.5);
        }
        return Array.from(values, v => Math.min(Math.max((v - low) / (high - low), 0), 1));
    }

    function differenceUnits(a, b, contrast) {
        const d = a.map((v, i) => v - b[i]);
        let bound = 1.5;
        if (contrast === "shape") { bound = 0; for (const v of d) bound = Math.max(bound, Math.abs(v)); if (bound === 0) bound = 1; }
        return d.map(v => 0.5 + v / (2 * bound));
    }

    function paint(ctx, size, image, unitValues, stops, opacity, x0 = 0, x1 = size) {
        ctx.drawImage(image, 0, 0, size, size);
        const frame = ctx.getImageData(0, 0, size, size);
        const px = frame.data;
        for (let y = 0; y < size; y++)
            for (let x = x0; x < x1; x++) {
                const i = y * size + x, [r, g, b] = colour(stops, unitValues[i]);
                px[i * 4] = px[i * 4] * (1 - opacity) + r * opacity;
                px[i * 4 + 1] = px[i * 4 + 1] * (1 - opacity) + g * opacity;
                px[i * 4 + 2] = px[i * 4 + 2] * (1 - opacity) + b * opacity;
            }
        return frame;
    }

    function drawBoxes(ctx, size, image, boxes, dashed) {
        const sx = size / image.naturalWidth, sy = size / image.naturalHeight;
        ctx.save();
        ctx.lineWidth = 2;
        ctx.font = "11px sans-serif";
        if (dashed) ctx.setLineDash([4, 3]);
        for (const b of boxes || []) {
            ctx.strokeStyle = ctx.fillStyle = b.colour;
            ctx.strokeRect(b.box[0] * sx, b.box[1] * sy, (b.box[2] - b.box[0]) * sx, (b.box[3] - b.box[1]) * sy);
            ctx.fillText(b.label, b.box[0] * sx + 3, b.box[1] * sy + 12);
        }
        ctx.restore();
    }

    function tag(ctx, text, x, y) {
        ctx.save();
        ctx.font = "bold 12px sans-serif";
        const width = ctx.measureText(text).width + 8;
        ctx.fillStyle = "rgba(0,0,0,0.6)";
        ctx.fillRect(x, y, width, 17);
        ctx.fillStyle = "#fff";
        ctx.fillText(text, x + 4, y + 13);
        ctx.restore();
    }

    function rootOf(canvas) { return canvas.closest(".lewel-comparer") || canvas.parentElement; }

    async function draw(canvas) {
        let spec;
        try { spec = JSON.parse(canvas.dataset.spec || "null"); } catch { spec = null; }
        if (!spec) return;
        const token = (canvas._drawToken || 0) + 1;
        canvas._drawToken = token;
        const size = spec.size || 256;
        canvas.width = size;
        canvas.height = size;
        const ctx = canvas.getContext("2d", { willReadFrequently: true });
        try {
            const [imageA, npyA] = await Promise.all([loadImage(spec.a.image), loadNpy(spec.a.maps)]);
            const [imageB, npyB] = spec.b ? await Promise.all([loadImage(spec.b.image), loadNpy(spec.b.maps)]) : [null, null];
            if (canvas._drawToken !== token) return;
            const stops = colormaps[spec.colormap] || colormaps.inferno;
            const opacity = spec.opacity ?? 0.6;
            const a = units(upsample(headMean(npyA, spec.head, spec.a.numHeads), size), spec.contrast, 0, 3);
            const rawA = spec.b ? upsample(headMean(npyA, spec.head, spec.a.numHeads), size) : null;
            const rawB = spec.b ? upsample(headMean(npyB, spec.head, spec.b.numHeads), size) : null;
            const b = spec.b ? units(rawB, spec.contrast, 0, 3) : null;
            const root = rootOf(canvas);
            let mode = spec.b ? spec.mode : "single";
            if (mode === "flicker" && root.dataset.flickerShowsB === "true") mode = "flicker-b";
            let frame;
            if (mode === "difference") {
                frame = paint(ctx, size, imageA, differenceUnits(rawA, rawB, spec.contrast), colormaps.diverging, opacity);
            } else if (mode === "overlay") {
                const mix = spec.mix ?? 0.5;
                frame = paint(ctx, size, imageA, a.map((v, i) => v * (1 - mix) + b[i] * mix), stops, opacity);
            } else if (mode === "swipe") {
                const divider = Math.round(size * Number(root.dataset.swipe ?? 0.5));
                const left = paint(ctx, size, imageA, a, stops, opacity, 0, divider);
                const right = paint(ctx, size, imageB, b, stops, opacity, divider, size);
                for (let y = 0; y < size; y++)
                    left.data.set(right.data.subarray((y * size + divider) * 4, (y + 1) * size * 4), (y * size + divider) * 4);
                frame = left;
            } else if (mode === "flicker-b") {
                frame = paint(ctx, size, imageB, b, stops, opacity);
            } else {
                frame = paint(ctx, size, imageA, a, stops, opacity);
            }
            ctx.putImageData(frame, 0, 0);
            drawBoxes(ctx, size, imageA, spec.a.boxes, false);
            if (spec.b && mode !== "single" && mode !== "flicker") drawBoxes(ctx, size, imageB, spec.b.boxes, true);
            if (mode === "swipe") {
                const divider = Math.round(size * Number(root.dataset.swipe ?? 0.5));
                ctx.fillStyle = "#fff";
                ctx.fillRect(divider - 1, 0, 2, size);
                tag(ctx, "A", 2, 2);
                tag(ctx, "B", size - 20, 2);
            } else if (mode === "flicker" || mode === "flicker-b") {
                tag(ctx, mode === "flicker" ? "A" : "B", 2, 2);
            } else if (mode === "difference") {
                tag(ctx, "A − B", 2, 2);
            }
            canvas.dataset.drawn = mode;
            canvas.removeAttribute("data-error");
        } catch (e) {
            if (canvas._drawToken !== token) return;
            ctx.fillStyle = "#eee";
            ctx.fillRect(0, 0, size, size);
            ctx.fillStyle = "#a00";
            ctx.font = "11px sans-serif";
            wrap(ctx, String(e.message || e), 6, 16, size - 12);
            canvas.dataset.error = String(e.message || e);
        }
    }

    function wrap(ctx, text, x, y, width) {
        let line = "";
        for (const word of text.split(" ")) {
            if (ctx.measureText(line + word).width > width && line) { ctx.fillText(line, x, y); y += 14; line = ""; }
            line += word + " ";
        }
        ctx.fillText(line, x, y);
    }

    function drawAll(root) { root.querySelectorAll("canvas.lewel-map-canvas").forEach(draw); }

    // Redraw a canvas whenever Blazor writes a new spec into it (and when one appears).
    const observer = new MutationObserver(records => {
        const canvases = new Set();
        for (const r of records) {
            if (r.type === "attributes" && r.target.matches?.("canvas.lewel-map-canvas")) canvases.add(r.target);
            for (const node of r.addedNodes || []) {
                if (node.nodeType !== 1) continue;
                if (node.matches("canvas.lewel-map-canvas")) canvases.add(node);
                node.querySelectorAll?.("canvas.lewel-map-canvas").forEach(c => canvases.add(c));
            }
        }
        canvases.forEach(draw);
        document.querySelectorAll(".lewel-comparer").forEach(syncFlicker);
    });
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-spec"] });

    // Flicker alternates every canvas of a comparer between A and B.
    function syncFlicker(root) {
        const wanted = root.dataset.mode === "flicker";
        if (wanted && !root._flicker) {
            root._flicker = setInterval(() => {
                if (!root.isConnected) { clearInterval(root._flicker); root._flicker = null; return; }
                root.dataset.flickerShowsB = root.dataset.flickerShowsB === "true" ? "false" : "true";
                drawAll(root);
            }, Number(root.dataset.flickerMs || 600));
        } else if (!wanted && root._flicker) {
            clearInterval(root._flicker);
            root._flicker = null;
            root.dataset.flickerShowsB = "false";
        }
    }
    new MutationObserver(() => document.querySelectorAll(".lewel-comparer").forEach(syncFlicker))
        .observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-mode"] });

    // The swipe divider: dragging on any canvas of a comparer moves it on all of them.
    let dragging = null;
    function swipeTo(event) {
        const rect = dragging.getBoundingClientRect();
        const root = rootOf(dragging);
        root.dataset.swipe = String(Math.min(Math.max((event.clientX - rect.left) / rect.width, 0), 1));
        drawAll(root);
    }
    document.addEventListener("pointerdown", event => {
        const canvas = event.target.closest?.("canvas.lewel-map-canvas");
        if (!canvas || rootOf(canvas).dataset.mode !== "swipe") return;
        dragging = canvas;
        canvas.setPointerCapture?.(event.pointerId);
        swipeTo(event);
        event.preventDefault();
    });
    document.addEventListener("pointermove", event => { if (dragging) swipeTo(event); });
    document.addEventListener("pointerup", () => { dragging = null; });

    window.lewelMaps = { draw, drawAll, parseNpy };
})();

// An image with data-fallback-src that fails to load shows the fallback and, after it, its data-fallback-note.
document.addEventListener("error", event => {
    const image = event.target;
    if (!(image instanceof HTMLImageElement) || !image.dataset.fallbackSrc || image.dataset.fellBack) return;
    image.dataset.fellBack = "true";
    image.src = image.dataset.fallbackSrc;
    if (image.dataset.fallbackNote) {
        const note = document.createElement("p");
        note.className = "lewel-muted";
        note.textContent = image.dataset.fallbackNote;
        image.before(note);
    }
}, true);

document.querySelectorAll(".lewel-comparer, .lewel-head-strip").forEach(root => window.lewelMaps.drawAll(root));
