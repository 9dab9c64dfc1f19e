"""BYOL and LEWEL_B as networks plus a loss (lewel-method.md §4, §7.2). Online = backbone + head, target = a copy that
follows by EMA of parameters only and stays in train mode (plain EMA); predictors exist only online."""
import copy

import torch
import torch.nn.functional as F
from torch import nn

from heads import MLP1D, LewelNeck, byol_mlp
from resnet import build_backbone


def normalized_mse(prediction, target):
    """Mean over rows of 2 - 2 cos: prediction/target (R, D), the target already detached."""
    return 2 - 2 * F.cosine_similarity(prediction, target, dim=-1).mean()


class ByolOnline(nn.Module):
    def __init__(self, backbone, hidden, dim):
        super().__init__()
        self.backbone = backbone
        self.projector = byol_mlp(backbone.out_channels, hidden, dim)

    def forward(self, x):
        return self.projector(self.backbone(x).mean(dim=(2, 3)))


class LewelOnline(nn.Module):
    def __init__(self, backbone, hidden, dim, num_heads, scale):
        super().__init__()
        self.backbone = backbone
        self.neck = LewelNeck(backbone.out_channels, hidden, dim, num_heads, scale)

    def forward(self, x):
        return self.neck(self.backbone(x))


class Method(nn.Module):
    """online (trainable), target (EMA copy, no grad), predictors (online side only)."""

    def trainable_parameters(self):
        return [p for name, p in self.named_parameters() if not name.startswith("target.")]

    @torch.no_grad()
    def update_target(self, momentum):
        for t, o in zip(self.target.parameters(), self.online.parameters()):
            t.mul_(momentum).add_(o.detach(), alpha=1 - momentum)

    def _make_target(self):
        self.target = copy.deepcopy(self.online)
        for p in self.target.parameters():
            p.requires_grad_(False)


class Byol(Method):
    def __init__(self, backbone, proj_hidden=4096, dim=256, pred_hidden=4096, **_):
        super().__init__()
        self.online = ByolOnline(backbone, proj_hidden, dim)
        self.predictor = byol_mlp(dim, pred_hidden, dim)
        self._make_target()

    def online_forward(self, v1, v2):
        return [self.predictor(self.online(v)) for v in (v1, v2)]

    @torch.no_grad()
    def target_forward(self, v1, v2):
        return [self.target(v) for v in (v1, v2)]

    def loss(self, online, target):
        (p1, p2), (z1, z2) = online, target
        return normalized_mse(p1, z2) + normalized_mse(p2, z1)  # summed over both directions


class LewelB(Method):
    def __init__(self, backbone, proj_hidden=4096, dim=256, pred_hidden=4096, num_heads=4, scale=1.0, alpha=0.5, **_):
        super().__init__()
        self.alpha = alpha
        self.online = LewelOnline(backbone, proj_hidden, dim, num_heads, scale)
        self.predictor = MLP1D(dim, pred_hidden, dim)      # q_g on z_g (B, K, 1)
        self.predictor_obj = MLP1D(dim, pred_hidden, dim)  # q_a on O (B, K, N)
        self._make_target()

    def online_forward(self, v1, v2):
        outputs = []
        for v in (v1, v2):
            z_global, aligned = self.online(v)
            outputs.append((self.predictor(z_global), self.predictor_obj(aligned)))
        return outputs

    @torch.no_grad()
    def target_forward(self, v1, v2):
        return [self.target(v) for v in (v1, v2)]

    def _direction(self, online, target):
        (q_global, q_aligned), (t_global, t_aligned) = online, target
        global_loss = normalized_mse(q_global.squeeze(2), t_global.squeeze(2))
        k = q_aligned.shape[1]
        aligned_loss = normalized_mse(q_aligned.transpose(1, 2).reshape(-1, k), t_aligned.transpose(1, 2).reshape(-1, k))
        return self.alpha * global_loss + (1 - self.alpha) * aligned_loss

    def loss(self, online, target):
        return self._direction(online[0], target[1]) + self._direction(online[1], target[0])


METHODS = {"byol": Byol, "lewel-b": LewelB}


def build_method(name, arch="resnet18", width=1.0, stem="small", stem_padding=1, **heads):
    if name not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {name!r}")
    return METHODS[name](build_backbone(arch, width, stem, stem_padding), **heads)
