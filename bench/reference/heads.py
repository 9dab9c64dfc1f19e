"""Projection heads: solo-learn's BYOL MLP (Linear with bias) and LEWEL's bias-free MLP1D and neck (lewel-method.md §3)."""
import torch
import torch.nn.functional as F
from torch import nn


def byol_mlp(cin, hidden, cout):
    """Linear -> BN1d -> ReLU -> Linear, on (B, cin). solo-learn's BYOL projector and predictor."""
    return nn.Sequential(nn.Linear(cin, hidden), nn.BatchNorm1d(hidden), nn.ReLU(inplace=True), nn.Linear(hidden, cout))


class MLP1D(nn.Sequential):
    """Conv1d(k=1, no bias) -> BN1d -> ReLU -> Conv1d(k=1, no bias) on (B, cin, L); BN statistics cover B*L columns."""

    def __init__(self, cin, hidden, cout):
        super().__init__(nn.Conv1d(cin, hidden, 1, bias=False), nn.BatchNorm1d(hidden), nn.ReLU(inplace=True),
                         nn.Conv1d(hidden, cout, 1, bias=False))
        for m in self.modules():
            if isinstance(m, nn.Conv1d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")


class LewelNeck(nn.Module):
    """g (`proj`) on [pooled | pixels] in one call, spatial softmax maps, grouped aggregation, p (`proj_obj`).

    Input (B, C, H, W); outputs z_g (B, K, 1) and O (B, K, N) with N = K / M.
    """

    def __init__(self, cin, hidden, dim, num_heads=4, scale=1.0):
        super().__init__()
        if cin % num_heads or dim % num_heads:
            raise ValueError(f"num_heads {num_heads} must divide channels {cin} and dim {dim}")
        self.num_heads, self.scale = num_heads, scale
        self.proj = MLP1D(cin, hidden, dim)
        self.proj_obj = MLP1D(cin, hidden, dim)

    def forward(self, x):
        b, c, h, w = x.shape
        flat = x.flatten(2)                                           # (B, C, P)
        pooled = flat.mean(dim=2, keepdim=True)                       # (B, C, 1)
        z = self.proj(torch.cat([pooled, flat], dim=2))               # (B, K, 1+P)
        z_global, logits = z[:, :, :1], z[:, :, 1:]
        maps = F.softmax(F.normalize(logits, dim=1) / self.scale, dim=2)  # (B, K, P), each map sums to 1 over P
        m = self.num_heads
        k = maps.shape[1]
        grouped_x = flat.view(b, m, c // m, h * w)                    # (B, M, C/M, P)
        grouped_maps = maps.view(b, m, k // m, h * w)                 # (B, M, N, P)
        aligned = torch.matmul(grouped_x, grouped_maps.transpose(2, 3)).view(b, c, k // m)  # (B, C, N)
        return z_global, self.proj_obj(aligned)
