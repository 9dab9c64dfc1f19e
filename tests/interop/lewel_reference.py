"""Reference LEWEL forward pass in PyTorch, written from lewel-method.md section 3, for the engine's interop tests.

Commands (run with Debian's /usr/bin/python3, torch 1.13):
  make-official  build a small randomly initialised LEWEL_B model, save it in the official checkpoint layout
                 (.pth with {'state_dict': ...} and 'module.' keys, or .safetensors) and dump its forward pass on an image
  torchvision    load exported backbone weights into torchvision.models.resnetNN(), run it on an image, dump features
  torchvision-keys  print torchvision's state-dict keys and shapes (without fc) of each --arch as JSON
"""
import argparse
import json
import math
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def scaled(channels, width):
    return max(1, int(math.floor(channels * width + 0.5)))


class Basic(nn.Module):
    expansion = 1

    def __init__(self, cin, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or cin != planes:
            self.downsample = nn.Sequential(nn.Conv2d(cin, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)))


class Bottle(nn.Module):
    expansion = 4

    def __init__(self, cin, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.downsample = None
        if stride != 1 or cin != planes * 4:
            self.downsample = nn.Sequential(nn.Conv2d(cin, planes * 4, 1, stride, bias=False), nn.BatchNorm2d(planes * 4))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)))


BLOCKS = {18: (Basic, [2, 2, 2, 2]), 34: (Basic, [3, 4, 6, 3]), 50: (Bottle, [3, 4, 6, 3])}


class Backbone(nn.Module):
    """A ResNet returning the last-stage map, with torchvision's parameter names."""

    def __init__(self, depth, width, stem, stem_padding):
        super().__init__()
        block, counts = BLOCKS[depth]
        c = scaled(64, width)
        self.small = stem == "small"
        self.conv1 = nn.Conv2d(3, c, 3, 1, stem_padding, bias=False) if self.small else nn.Conv2d(3, c, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        cin = c
        for i, n in enumerate(counts):
            planes = scaled(64 * 2 ** i, width)
            blocks = []
            for j in range(n):
                blocks.append(block(cin, planes, 2 if (i > 0 and j == 0) else 1))
                cin = planes * block.expansion
            setattr(self, f"layer{i + 1}", nn.Sequential(*blocks))
        self.out_channels = cin

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        if not self.small:
            x = F.max_pool2d(x, 3, 2, 1)
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))


class MLP1D(nn.Module):
    def __init__(self, cin, hidden, cout):
        super().__init__()
        self.mlp = nn.Sequential(nn.Conv1d(cin, hidden, 1, bias=False), nn.BatchNorm1d(hidden), nn.ReLU(),
                                 nn.Conv1d(hidden, cout, 1, bias=False))

    def forward(self, x):
        return self.mlp(x)


class Neck(nn.Module):
    """Section 3: g on [pooled | pixels] in one call, l2-normalise over channels, divide by s, softmax over positions,
    group channels and maps into M contiguous blocks, pool, then p."""

    def __init__(self, cin, hidden, dim, heads, scale):
        super().__init__()
        self.heads, self.scale = heads, scale
        self.proj = MLP1D(cin, hidden, dim)
        self.proj_obj = MLP1D(cin, hidden, dim)

    def forward(self, x):
        b, c, h, w = x.shape
        flat = x.reshape(b, c, h * w)
        z = self.proj(torch.cat([flat.mean(dim=2, keepdim=True), flat], dim=2))
        z_g, logits = z[:, :, :1], z[:, :, 1:]
        maps = torch.softmax(F.normalize(logits, dim=1) / self.scale, dim=2)
        k = maps.shape[1]
        grouped_maps = maps.reshape(b, self.heads, k // self.heads, h * w)
        grouped_x = flat.reshape(b, self.heads, c // self.heads, h * w)
        values = torch.matmul(grouped_x, grouped_maps.transpose(2, 3)).reshape(b, c, k // self.heads)
        return z_g, maps.reshape(b, k, h, w), self.proj_obj(values)


class Encoder(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.backbone = Backbone(a.depth, a.width, a.stem, a.stem_padding)
        self.neck = Neck(self.backbone.out_channels, a.hidden, a.dim, a.heads, a.scale)


class LewelB(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.online_net = Encoder(a)
        self.target_net = Encoder(a)
        self.predictor = MLP1D(a.dim, a.hidden, a.dim)
        self.predictor_obj = MLP1D(a.dim, a.hidden, a.dim)
        self.target_net.load_state_dict(self.online_net.state_dict())


def load_image(path, mean, std):
    pixels = np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255.0
    x = torch.from_numpy(pixels).permute(2, 0, 1).unsqueeze(0)
    return (x - torch.tensor(mean).view(1, 3, 1, 1)) / torch.tensor(std).view(1, 3, 1, 1)


def save_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for key, t in tensors.items():
        t = t.detach().contiguous().cpu()
        dtype = {torch.float32: "F32", torch.int64: "I64"}[t.dtype]
        blob = t.numpy().tobytes()
        header[key] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header).encode("utf-8")
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def randomise_batch_norm(model, generator):
    """Gives every BN non-trivial affine parameters and running statistics, so eval mode is really exercised."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                n = m.num_features
                m.weight.copy_(1 + 0.2 * torch.randn(n, generator=generator))
                m.bias.copy_(0.1 * torch.randn(n, generator=generator))
                m.running_mean.copy_(0.1 * torch.randn(n, generator=generator))
                m.running_var.copy_(0.5 + torch.rand(n, generator=generator))
                m.num_batches_tracked.fill_(7)


def make_official(a):
    torch.manual_seed(a.seed)
    generator = torch.Generator().manual_seed(a.seed + 1)
    model = LewelB(a)
    randomise_batch_norm(model, generator)
    model.eval()
    state = {"module." + k: v for k, v in model.state_dict().items()}
    for out in a.out:
        if out.endswith(".safetensors"):
            save_safetensors(out, state)
        else:
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
            torch.save({"epoch": 3, "arch": f"resnet{a.depth}", "state_dict": state, "optimizer": optimizer.state_dict()}, out)
    with torch.no_grad():
        x = load_image(a.image, IMAGENET_MEAN if a.stem == "imagenet" else tuple(a.mean), IMAGENET_STD if a.stem == "imagenet" else tuple(a.std))
        features = model.online_net.backbone(x)
        z_g, maps, aligned = model.online_net.neck(features)
    dump = {
        "alignment_maps": maps[0].tolist(),
        "global_embedding": z_g[0, :, 0].tolist(),
        "aligned_embeddings": aligned[0].transpose(0, 1).tolist(),
        "backbone_features_pooled": features[0].mean(dim=(1, 2)).tolist(),
        "num_heads": a.heads,
        "input_size": x.shape[-1],
    }
    with open(a.dump, "w") as f:
        json.dump(dump, f)


def torchvision_features(a):
    import torchvision
    torch.set_num_threads(2)
    image = load_image(a.image, IMAGENET_MEAN, IMAGENET_STD)
    results = []
    for path in a.weights:
        model = getattr(torchvision.models, a.arch)()
        state = read_safetensors(path) if path.endswith(".safetensors") else torch.load(path, map_location="cpu")
        result = model.load_state_dict(state, strict=False)
        model.fc = nn.Identity()
        model.eval()
        with torch.no_grad():
            features = model(image)
        results.append({"weights": path, "missing_keys": list(result.missing_keys),
                        "unexpected_keys": list(result.unexpected_keys), "features": features[0].tolist()})
    with open(a.dump, "w") as f:
        json.dump(results, f)


def torchvision_keys(a):
    import torchvision
    keys = {}
    for arch in a.arch:
        model = getattr(torchvision.models, arch)()
        keys[arch] = {k: list(v.shape) for k, v in model.state_dict().items() if not k.startswith("fc.")}
    print(json.dumps(keys))


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    kinds = {"F32": np.float32, "I64": np.int64}
    out = {}
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        array = np.frombuffer(data[start:end], dtype=kinds[entry["dtype"]]).reshape(entry["shape"])
        out[key] = torch.from_numpy(array.copy())
    return out


def main(argv):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make-official")
    m.add_argument("--out", required=True, nargs="+", help="one or more .pth/.pt/.safetensors files with the same weights")
    m.add_argument("--image", required=True)
    m.add_argument("--dump", required=True)
    m.add_argument("--depth", type=int, default=18)
    m.add_argument("--width", type=float, default=0.125)
    m.add_argument("--stem", default="small")
    m.add_argument("--stem-padding", type=int, default=1)
    m.add_argument("--hidden", type=int, default=32)
    m.add_argument("--dim", type=int, default=16)
    m.add_argument("--heads", type=int, default=4)
    m.add_argument("--scale", type=float, default=1.0)
    m.add_argument("--mean", type=float, nargs=3, default=IMAGENET_MEAN)
    m.add_argument("--std", type=float, nargs=3, default=IMAGENET_STD)
    m.add_argument("--seed", type=int, default=0)
    t = sub.add_parser("torchvision")
    t.add_argument("--weights", required=True, nargs="+")
    t.add_argument("--arch", default="resnet18")
    t.add_argument("--image", required=True)
    t.add_argument("--dump", required=True)
    k = sub.add_parser("torchvision-keys")
    k.add_argument("--arch", nargs="+", default=["resnet18"])
    a = parser.parse_args(argv)
    {"make-official": make_official, "torchvision": torchvision_features, "torchvision-keys": torchvision_keys}[a.command](a)


if __name__ == "__main__":
    main(sys.argv[1:])
