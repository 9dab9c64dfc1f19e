"""Batched per-sample SSL augmentation on the training device (lewel-method.md §6.3, solo-learn `asymmetric.yaml`).

Every image draws its own parameters. Order: random resized crop (+ horizontal flip folded into the same sampling grid,
which commutes with the point-wise colour ops) -> colour jitter (brightness, contrast, saturation, hue; fixed order,
torchvision permutes it) -> grayscale -> solarize -> normalise. Blur is 0 in both views of the 32 px recipe.
"""
import math
from dataclasses import dataclass, replace

import torch
import torch.nn.functional as F

LUMA = (0.299, 0.587, 0.114)
CIFAR_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR_STD = (0.2470, 0.2435, 0.2616)


@dataclass
class ViewRecipe:
    scale_min: float = 0.08
    scale_max: float = 1.0
    ratio_min: float = 3.0 / 4.0
    ratio_max: float = 4.0 / 3.0
    flip_p: float = 0.5
    jitter_p: float = 0.8
    brightness: float = 0.4
    contrast: float = 0.4
    saturation: float = 0.2
    hue: float = 0.1
    grayscale_p: float = 0.2
    solarize_p: float = 0.0
    solarize_threshold: float = 0.5
    interpolation: str = "bilinear"  # or "bicubic" (solo-learn's)


ASYMMETRIC = (ViewRecipe(solarize_p=0.0), ViewRecipe(solarize_p=0.2))


def crop_boxes(batch, height, width, recipe, device, tries=10):
    """torchvision's RandomResizedCrop sampling, vectorised: `tries` candidates per image, the first that fits wins,
    else a centre crop with the aspect ratio clamped. Returns (top, left, h, w) float tensors of shape (B,)."""
    area = height * width
    target_area = area * torch.empty(batch, tries, device=device).uniform_(recipe.scale_min, recipe.scale_max)
    log_ratio = torch.empty(batch, tries, device=device).uniform_(math.log(recipe.ratio_min), math.log(recipe.ratio_max))
    ratio = torch.exp(log_ratio)
    w = torch.round(torch.sqrt(target_area * ratio))
    h = torch.round(torch.sqrt(target_area / ratio))
    fits = (w > 0) & (w <= width) & (h > 0) & (h <= height)
    first = torch.argmax(fits.float(), dim=1, keepdim=True)  # index of the first fitting try
    found = fits.any(dim=1)
    w = w.gather(1, first).squeeze(1)
    h = h.gather(1, first).squeeze(1)
    in_ratio = width / height
    if in_ratio < recipe.ratio_min:
        fw, fh = width, round(width / recipe.ratio_min)
    elif in_ratio > recipe.ratio_max:
        fw, fh = round(height * recipe.ratio_max), height
    else:
        fw, fh = width, height
    w = torch.where(found, w, torch.full_like(w, fw))
    h = torch.where(found, h, torch.full_like(h, fh))
    top = torch.floor(torch.rand(batch, device=device) * (height - h + 1))
    left = torch.floor(torch.rand(batch, device=device) * (width - w + 1))
    top = torch.where(found, top, torch.round((height - h) / 2))
    left = torch.where(found, left, torch.round((width - w) / 2))
    return top, left, h, w


def resized_crop(images, size, recipe):
    """images (B, 3, H, W) float -> (B, 3, size, size): crop boxes, flips and resampling in one grid_sample."""
    b, _, height, width = images.shape
    top, left, h, w = crop_boxes(b, height, width, recipe, images.device)
    t = (torch.arange(size, device=images.device, dtype=images.dtype) + 0.5) / size       # (S,) centres in [0, 1]
    flip = torch.rand(b, device=images.device) < recipe.flip_p
    tx = torch.where(flip[:, None], 1 - t[None, :], t[None, :])                            # (B, S)
    gx = 2 * (left[:, None] + tx * w[:, None]) / width - 1                                  # align_corners=False
    gy = 2 * (top[:, None] + t[None, :] * h[:, None]) / height - 1
    grid = torch.stack([gx[:, None, :].expand(b, size, size), gy[:, :, None].expand(b, size, size)], dim=3)
    out = F.grid_sample(images, grid, mode=recipe.interpolation, padding_mode="border", align_corners=False)
    return out.clamp_(0, 1) if recipe.interpolation == "bicubic" else out  # bicubic overshoots


def luma(x):
    r, g, b = x.unbind(1)
    return (LUMA[0] * r + LUMA[1] * g + LUMA[2] * b).unsqueeze(1)


def rgb_to_hsv(x):
    r, g, b = x.unbind(1)
    value, _ = x.max(dim=1)
    chroma = value - x.min(dim=1).values
    safe_chroma = torch.where(chroma > 0, chroma, torch.ones_like(chroma))
    saturation = torch.where(value > 0, chroma / torch.where(value > 0, value, torch.ones_like(value)),
                             torch.zeros_like(value))
    hue_r = torch.remainder((g - b) / safe_chroma, 6.0)
    hue_g = (b - r) / safe_chroma + 2.0
    hue_b = (r - g) / safe_chroma + 4.0
    hue = torch.where(value == r, hue_r, torch.where(value == g, hue_g, hue_b))
    hue = torch.where(chroma > 0, hue / 6.0, torch.zeros_like(hue))
    return hue, saturation, value


def hsv_to_rgb(hue, saturation, value):
    """Branch-free: channel n in (5, 3, 1) for (R, G, B) is v - v*s*clamp(min(k, 4-k), 0, 1), k = (n + 6h) mod 6."""
    n = torch.tensor([5.0, 3.0, 1.0], device=hue.device, dtype=hue.dtype).view(1, 3, 1, 1)
    k = torch.remainder(n + 6.0 * hue.unsqueeze(1), 6.0)
    ramp = torch.clamp(torch.minimum(k, 4.0 - k), 0.0, 1.0)
    return value.unsqueeze(1) * (1.0 - saturation.unsqueeze(1) * ramp)


def color_jitter(x, recipe):
    b = x.shape[0]
    dev = x.device
    apply = torch.rand(b, device=dev) < recipe.jitter_p

    def factor(spread):
        f = torch.empty(b, device=dev).uniform_(1 - spread, 1 + spread)
        return torch.where(apply, f, torch.ones_like(f)).view(b, 1, 1, 1)

    brightness, contrast, saturation = factor(recipe.brightness), factor(recipe.contrast), factor(recipe.saturation)
    hue_shift = torch.empty(b, device=dev).uniform_(-recipe.hue, recipe.hue)
    hue_shift = torch.where(apply, hue_shift, torch.zeros_like(hue_shift)).view(b, 1, 1)
    x = torch.clamp(x * brightness, 0, 1)
    mean = luma(x).mean(dim=(1, 2, 3), keepdim=True)
    x = torch.clamp(contrast * x + (1 - contrast) * mean, 0, 1)
    x = torch.clamp(saturation * x + (1 - saturation) * luma(x), 0, 1)
    h, s, v = rgb_to_hsv(x)
    return hsv_to_rgb(torch.remainder(h + hue_shift, 1.0), s, v)


def augment_view(images, size, recipe, mean, std):
    """images (B, 3, H, W) in [0, 1] -> one normalised view (B, 3, size, size)."""
    b = images.shape[0]
    dev = images.device
    x = resized_crop(images, size, recipe)
    x = color_jitter(x, recipe)
    gray = torch.rand(b, device=dev).view(b, 1, 1, 1) < recipe.grayscale_p
    x = torch.where(gray, luma(x).expand_as(x), x)
    solarize = torch.rand(b, device=dev).view(b, 1, 1, 1) < recipe.solarize_p
    x = torch.where(solarize & (x >= recipe.solarize_threshold), 1 - x, x)
    return (x - mean) / std


class PairAugmenter:
    def __init__(self, size, device, recipes=ASYMMETRIC, mean=CIFAR_MEAN, std=CIFAR_STD, interpolation="bilinear"):
        self.size = size
        self.recipes = tuple(replace(r, interpolation=interpolation) for r in recipes)
        self.mean = torch.tensor(mean, device=device).view(1, 3, 1, 1)
        self.std = torch.tensor(std, device=device).view(1, 3, 1, 1)

    def __call__(self, batch_uint8_hwc):
        """(B, H, W, 3) uint8 on the device -> two normalised float views (B, 3, size, size)."""
        images = batch_uint8_hwc.permute(0, 3, 1, 2).float().div_(255)
        return tuple(augment_view(images, self.size, r, self.mean, self.std) for r in self.recipes)
