#!/usr/bin/env bash
# BYOL + LEWEL_B on a fixed 2,000-image class-balanced subset of Fashion-MNIST's training split (28 -> 32 px), 3 seeds,
# trained for 30 epochs so that kNN can flatten within a CPU budget; the test split is the whole 10,000 images.
# Usage: LEWEL=path/to/lewel bench/study/run-fashion-mnist-subset-study.sh [OUT] (from the directory the study should
# go in); see RESULTS.md.
export DOTNET_GCgen0size=0x10000000 DOTNET_GCLOHThreshold=0x8000000
L=${LEWEL:-lewel}
out=${1:-byol-fashion-mnist-2000}
time timeout 9000 $L study --pair byol --preset small --width 0.125 --batch-size 64 --epochs 30 --seeds 3 --threads 2 \
  --dataset "idx:/usr/share/datasets/fashion-mnist?train=2000" --image-size 32 \
  --set heads.projectorHidden=512 --set heads.dim=128 --set heads.predictorHidden=512 \
  --set target.baseMomentum=0.96 --set schedule.warmupEpochs=2 \
  --set augmentation.view1.cropScaleMin=0.3 --set augmentation.view2.cropScaleMin=0.3 \
  --set monitor.knnEveryEpochs=6 --set monitor.snapshotEverySteps=100000 --set monitor.checkpointEverySteps=470 \
  --evals knn,linear --linear-epochs 10 --out "$out"
