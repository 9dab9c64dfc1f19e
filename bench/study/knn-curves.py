#!/usr/bin/env python3
"""Prints the online kNN monitor's top-1 over training for every run of a study directory (from each run's
evaluations.jsonl), one row per run: how far each run is from having flattened.
Usage: bench/study/knn-curves.py STUDY_DIR"""
import json
import pathlib
import sys

runs = sorted(pathlib.Path(sys.argv[1], "runs").glob("*-seed*"))
rows = []
for run in runs:
    path = run / "evaluations.jsonl"
    if not path.exists():
        continue
    points = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    points = [p for p in points if p.get("protocol") == "knn"]
    if points:
        rows.append((run.name, [(p["epoch"] + 1, p["values"]["top1"]) for p in points]))
if not rows:
    sys.exit(f"no kNN monitor points under {sys.argv[1]}/runs")
epochs = sorted({e for _, curve in rows for e, _ in curve})
print("| run | " + " | ".join(f"epoch {e}" for e in epochs) + " | last − previous |")
print("|---|" + "---|" * (len(epochs) + 1))
for name, curve in rows:
    by_epoch = dict(curve)
    cells = [f"{by_epoch[e]:.1f}" if e in by_epoch else "" for e in epochs]
    change = f"{curve[-1][1] - curve[-2][1]:+.1f}" if len(curve) > 1 else ""
    print(f"| {name} | " + " | ".join(cells) + f" | {change} |")
