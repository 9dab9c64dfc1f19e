"""Draws crop boxes with torchvision's RandomResizedCrop.get_params.

usage: crop_params_reference.py SIZES SCALE_MIN SCALE_MAX RATIO_MIN RATIO_MAX COUNT SEED
SIZES is a comma-separated list of WIDTHxHEIGHT originals; for each, COUNT boxes are drawn (torch seeded once with
SEED) and printed as "original top left height width" lines.
"""
import sys

import torch
from torchvision.transforms import RandomResizedCrop


def main():
    sizes = [tuple(int(v) for v in s.split("x")) for s in sys.argv[1].split(",")]
    scale = (float(sys.argv[2]), float(sys.argv[3]))
    ratio = (float(sys.argv[4]), float(sys.argv[5]))
    count, seed = int(sys.argv[6]), int(sys.argv[7])
    torch.manual_seed(seed)
    lines = []
    for k, (width, height) in enumerate(sizes):
        image = torch.zeros(3, height, width)
        for _ in range(count):
            i, j, h, w = RandomResizedCrop.get_params(image, scale, ratio)
            lines.append(f"{k} {i} {j} {h} {w}")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
