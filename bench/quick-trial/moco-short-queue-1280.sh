#!/usr/bin/env bash
# moco-short-queue-640.sh at twice the steps, and the same network at random init (one step at lr 1e-9) as the reference.
# Usage: LEWEL=path/to/lewel bench/quick-trial/moco-short-queue-1280.sh (from the directory the runs should go in); see RESULTS.md.
export DOTNET_GCgen0size=0x10000000 DOTNET_GCLOHThreshold=0x8000000
DS="shapes:size=32,n=2048,seed=1,test=1000,scene=silhouette"
common="--method mocov2plus --dataset $DS --width 0.125 --batch-size 64 --threads 2 --set heads.projectorHidden=512 --set heads.dim=128
  --set moco.queueSize=512 --set augmentation.view1.cropScaleMin=0.3 --set augmentation.view2.cropScaleMin=0.3
  --set augmentation.view1.blurProbability=0 --set augmentation.view2.blurProbability=0 --set monitor.snapshotEverySteps=100000"
${LEWEL:-lewel} pretrain $common --steps 1 --set optimizer.baseLr=1e-9 --set schedule.warmupEpochs=0 --set monitor.knnEveryEpochs=1000 --out M0
${LEWEL:-lewel} eval knn --checkpoint M0
time ${LEWEL:-lewel} pretrain $common --steps 1280 --set optimizer.baseLr=1.2 --set schedule.warmupEpochs=2 --set monitor.knnEveryEpochs=5 --out M2
time ${LEWEL:-lewel} eval knn --checkpoint M2
${LEWEL:-lewel} eval localization --checkpoint M2 || true
