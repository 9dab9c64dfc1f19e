"""torchvision's own results for the augmentation operations, for the C# parity tests.

usage: augment_reference.py IMAGES.bin N H W PARAMS.json OUT_DIR
IMAGES.bin holds N float32 images (3, H, W) on [0, 1]; PARAMS.json per-sample factors ("brightness", "contrast",
"saturation", "hue", "sigma") plus "kernel" and "threshold". Writes brightness/contrast/saturation/hue/gray/blur/
solarize.bin to OUT_DIR, each N float32 images, every sample processed on its own by torchvision.transforms.functional.
"""
import json
import sys

import numpy as np
import torch
import torchvision.transforms.functional as F


def main():
    path, n, h, w, params_path, out_dir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
    images = torch.from_numpy(np.fromfile(path, dtype=np.float32).reshape(n, 3, h, w))
    with open(params_path) as f:
        p = json.load(f)
    k = p["kernel"]
    ops = {
        "brightness": lambda x, i: F.adjust_brightness(x, p["brightness"][i]),
        "contrast": lambda x, i: F.adjust_contrast(x, p["contrast"][i]),
        "saturation": lambda x, i: F.adjust_saturation(x, p["saturation"][i]),
        "hue": lambda x, i: F.adjust_hue(x, p["hue"][i]),
        "gray": lambda x, i: F.rgb_to_grayscale(x, num_output_channels=3),
        "blur": lambda x, i: F.gaussian_blur(x, [k, k], [p["sigma"][i], p["sigma"][i]]),
        "solarize": lambda x, i: F.solarize(x, p["threshold"]),
    }
    for name, op in ops.items():
        out = torch.stack([op(images[i], i) for i in range(n)])
        out.contiguous().numpy().astype(np.float32).tofile(f"{out_dir}/{name}.bin")
    print("ok")


if __name__ == "__main__":
    main()
