#!/usr/bin/env bash
# MoCo V2+ on the silhouette shapes with a queue shorter than the data set and 4x the preset's learning rate.
# Usage: LEWEL=path/to/lewel bench/quick-trial/moco-short-queue-640.sh (from the directory the runs should go in); see RESULTS.md.
export DOTNET_GCgen0size=0x10000000 DOTNET_GCLOHThreshold=0x8000000
DS="shapes:size=32,n=2048,seed=1,test=1000,scene=silhouette"
time ${LEWEL:-lewel} pretrain --method mocov2plus --dataset $DS --width 0.125 --steps 640 --batch-size 64 --threads 2 \
  --set heads.projectorHidden=512 --set heads.dim=128 --set moco.queueSize=512 --set optimizer.baseLr=1.2 \
  --set schedule.warmupEpochs=2 --set augmentation.view1.cropScaleMin=0.3 --set augmentation.view2.cropScaleMin=0.3 \
  --set augmentation.view1.blurProbability=0 --set augmentation.view2.blurProbability=0 \
  --set monitor.knnEveryEpochs=5 --set monitor.snapshotEverySteps=100000 --out M1
time ${LEWEL:-lewel} eval knn --checkpoint M1
