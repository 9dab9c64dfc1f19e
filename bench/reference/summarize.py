"""Prints one line per result of bench_step.py's JSON lines: summarize.py FILE [LABEL]"""
import json
import sys


def describe(r):
    if "error" in r and "images_per_s" not in r:
        return f"{r.get('label', '')} {r.get('method', '?')}: ERROR {r['error']}"
    line = (f"{r['label']:12} {r['method']:8} {r['arch']} w{r['width']} {r['image_size']}px b{r['batch']}"
            f"{' ' + r['amp'] if r.get('amp', 'none') != 'none' else ''}: "
            f"{r['images_per_s']:.1f} img/s ({r['median_step_s'] * 1000:.1f} ms/step)")
    if "nosync_images_per_s" in r:
        line += f", unsynchronised {r['nosync_images_per_s']:.1f} img/s"
    return line + f", loss {r['loss_first']:.3f} -> {r['loss_last']:.3f}"


def main(path, label=None):
    with open(path) as f:
        for text in f:
            if text.strip():
                r = json.loads(text)
                if label is None or r.get("label") == label:
                    print("    " + describe(r))


if __name__ == "__main__":
    main(*sys.argv[1:3])
