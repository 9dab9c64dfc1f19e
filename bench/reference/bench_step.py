"""Times the PyTorch reference training step of BYOL / LEWEL_B and prints one JSON line per configuration.

  /usr/bin/python3 bench/reference/bench_step.py --method lewel-b,byol --width 0.25 --batch 128 --image-size 32 \
      --steps 5 --warmup 1

Every list-valued option (comma-separated) multiplies the configurations. "images/s" counts images of the batch (each
gives two views) per second of a full step: data gather, augmentation, online forward, target forward, loss, backward,
optimiser (LARS) and EMA. "median_cpu_s" is the CPU time of the whole process (all threads) per step: on a machine
shared with other work it moves much less than the wall time. Phase times come from synchronising the device at every phase boundary; on a GPU the same
steps are then re-run without those synchronisations (`nosync_*`), which is the throughput a training loop sees.
"""
import argparse
import itertools
import json
import math
import os
import platform
import resource
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from augment import PairAugmenter  # noqa: E402
from lars import Lars  # noqa: E402
from methods import build_method  # noqa: E402

PHASES = ("data", "augmentation", "online_forward", "target_forward", "loss", "backward", "optimizer", "ema")


def csv(kind):
    return lambda text: [kind(v) for v in text.split(",") if v]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--method", type=csv(str), default=["lewel-b"], help="byol, lewel-b (comma list)")
    p.add_argument("--arch", type=csv(str), default=["resnet18"], help="resnet18, resnet50")
    p.add_argument("--width", type=csv(float), default=[0.25])
    p.add_argument("--stem", default=None, help="small or imagenet (default: small below 128 px, else imagenet)")
    p.add_argument("--stem-padding", type=int, default=1)
    p.add_argument("--interpolation", choices=["bilinear", "bicubic"], default="bilinear", help="of the crops")
    p.add_argument("--batch", type=csv(int), default=[128])
    p.add_argument("--image-size", type=csv(int), default=[32])
    p.add_argument("--source-size", type=int, default=0, help="stored image size before cropping (0 = image size)")
    p.add_argument("--steps", type=int, default=5, help="measured steps")
    p.add_argument("--warmup", type=int, default=1, help="unmeasured steps before")
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads on CPU (0 = leave)")
    p.add_argument("--proj-hidden", type=int, default=4096)
    p.add_argument("--pred-hidden", type=int, default=4096)
    p.add_argument("--dim", type=int, default=256)
    p.add_argument("--num-heads", type=int, default=4)
    p.add_argument("--base-lr", type=float, default=1.0, help="for a batch of 256")
    p.add_argument("--weight-decay", type=float, default=1e-5)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--amp", choices=["none", "bf16"], default="none", help="autocast forward+loss (GPU option)")
    p.add_argument("--channels-last", action="store_true")
    p.add_argument("--cudnn-benchmark", action="store_true")
    p.add_argument("--no-nosync", action="store_true", help="skip the unsynchronised re-run on GPU")
    p.add_argument("--label", default="", help="copied into the JSON line")
    return p.parse_args(argv)


class PhaseClock:
    """Wall time per phase, and the process's CPU time (all threads) per phase in `cpu_times`."""

    def __init__(self, device):
        self.cuda = device.type == "cuda"
        self.times, self.cpu_times = {}, {}
        self.last = self.last_cpu = None

    def sync(self):
        if self.cuda:
            torch.cuda.synchronize()

    def start(self):
        self.sync()
        self.times, self.cpu_times = {}, {}
        self.last, self.last_cpu = time.perf_counter(), time.process_time()

    def mark(self, phase):
        self.sync()
        now, now_cpu = time.perf_counter(), time.process_time()
        self.times[phase] = self.times.get(phase, 0.0) + now - self.last
        self.cpu_times[phase] = self.cpu_times.get(phase, 0.0) + now_cpu - self.last_cpu
        self.last, self.last_cpu = now, now_cpu


class NoClock:
    def start(self):
        pass

    def mark(self, phase):
        pass


def schedules(step, total, base_lr, warmup_fraction=0.1, tau0=0.99):
    warmup = max(1, int(total * warmup_fraction))
    if step < warmup:
        lr = base_lr * (step + 1) / warmup
    else:
        lr = base_lr * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup)))
    tau = 1 - (1 - tau0) * (math.cos(math.pi * step / total) + 1) / 2
    return max(lr, 1e-6), tau


def run_config(args, method_name, arch, width, batch, size, device):
    torch.manual_seed(args.seed)
    stem = args.stem or ("small" if size < 128 else "imagenet")
    model = build_method(method_name, arch, width, stem, args.stem_padding, proj_hidden=args.proj_hidden,
                         dim=args.dim, pred_hidden=args.pred_hidden, num_heads=args.num_heads).to(device)
    memory_format = torch.channels_last if args.channels_last else torch.contiguous_format
    if args.channels_last:
        model = model.to(memory_format=memory_format)
    model.train()
    params = model.trainable_parameters()
    lr0 = args.base_lr * batch / 256
    optimizer = Lars(params, lr=lr0, weight_decay=args.weight_decay)
    augment = PairAugmenter(size, device, interpolation=args.interpolation)
    source = args.source_size or size
    pool_size = max(2 * batch, 256)
    gen = torch.Generator(device="cpu").manual_seed(args.seed)
    pool = torch.randint(0, 256, (pool_size, source, source, 3), dtype=torch.uint8, generator=gen).to(device)
    total = args.warmup + args.steps
    losses = []

    def step(i, clock):
        lr, tau = schedules(i, total, lr0)
        optimizer.lr = lr
        clock.start()
        idx = torch.randint(0, pool_size, (batch,), device=device)
        images = pool.index_select(0, idx)
        clock.mark("data")
        v1, v2 = augment(images)
        if args.channels_last:
            v1, v2 = v1.contiguous(memory_format=memory_format), v2.contiguous(memory_format=memory_format)
        clock.mark("augmentation")
        autocast = torch.autocast(device_type=device.type, dtype=torch.bfloat16) if args.amp == "bf16" else None
        if autocast is not None:
            autocast.__enter__()
        online = model.online_forward(v1, v2)
        clock.mark("online_forward")
        target = model.target_forward(v1, v2)
        clock.mark("target_forward")
        loss = model.loss(online, target)
        if autocast is not None:
            autocast.__exit__(None, None, None)
        clock.mark("loss")
        loss.backward()
        clock.mark("backward")
        optimizer.step()
        optimizer.zero_grad()
        clock.mark("optimizer")
        model.update_target(tau)
        clock.mark("ema")
        return loss

    clock = PhaseClock(device)
    step_times, cpu_times = [], []
    phase_times, phase_cpu_times = {ph: [] for ph in PHASES}, {ph: [] for ph in PHASES}
    for i in range(total):
        t0, c0 = time.perf_counter(), time.process_time()
        loss = step(i, clock)
        losses.append(loss.item())  # also synchronises
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        if i >= args.warmup:
            step_times.append(dt)
            cpu_times.append(dc)
            for ph in PHASES:
                phase_times[ph].append(clock.times.get(ph, 0.0))
                phase_cpu_times[ph].append(clock.cpu_times.get(ph, 0.0))
    result = {
        "reference": "pytorch", "torch": torch.__version__, "device": describe(device), "blas": loaded_blas(),
        "label": args.label, "method": method_name, "arch": arch, "width": width, "stem": stem, "stem_padding": args.stem_padding,
        "interpolation": args.interpolation,
        "image_size": size, "source_size": source, "batch": batch, "steps": args.steps, "warmup": args.warmup,
        "threads": torch.get_num_threads(), "amp": args.amp, "channels_last": args.channels_last,
        "cudnn_benchmark": args.cudnn_benchmark,
        "proj_hidden": args.proj_hidden, "pred_hidden": args.pred_hidden, "dim": args.dim, "num_heads": args.num_heads,
        "trainable_params": sum(p.numel() for p in params),
        "median_step_s": statistics.median(step_times), "mean_step_s": statistics.fmean(step_times),
        "min_step_s": min(step_times), "max_step_s": max(step_times),
        "images_per_s": batch / statistics.median(step_times),
        "median_cpu_s": statistics.median(cpu_times),
        "phases_median_s": {ph: statistics.median(v) for ph, v in phase_times.items()},
        "phases_cpu_median_s": {ph: statistics.median(v) for ph, v in phase_cpu_times.items()},
        "loss_first": losses[0], "loss_last": losses[-1],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if device.type == "cuda":
        result["cuda_peak_allocated_mb"] = torch.cuda.max_memory_allocated(device) / 2**20
        if not args.no_nosync:
            torch.cuda.synchronize()
            t0 = time.perf_counter()
            for i in range(args.steps):
                step(i, NoClock())
            torch.cuda.synchronize()
            elapsed = time.perf_counter() - t0
            result["nosync_step_s"] = elapsed / args.steps
            result["nosync_images_per_s"] = batch * args.steps / elapsed
    if not all(math.isfinite(v) for v in losses):
        result["error"] = "non-finite loss"
    del model, optimizer, pool
    if device.type == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats(device)
    return result


def loaded_blas():
    """The BLAS library this process loaded (Debian's torch takes whatever libblas.so.3 the system points at: the
    unoptimised netlib one unless OpenBLAS is installed), or None where /proc is not there."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1]}
    except OSError:
        return None
    return ", ".join(sorted(os.path.realpath(p) for p in paths)) or None


def describe(device):
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"cpu ({platform.processor() or platform.machine()}, {os.cpu_count()} cores)"


def main(argv=None):
    args = parse_args(argv)
    device = torch.device(args.device)
    if device.type == "cpu" and args.threads > 0:
        torch.set_num_threads(args.threads)
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = args.cudnn_benchmark
    failures = 0
    for method_name, arch, width, batch, size in itertools.product(args.method, args.arch, args.width, args.batch,
                                                                   args.image_size):
        try:
            result = run_config(args, method_name, arch, width, batch, size, device)
        except Exception as exc:  # report and go on with the next configuration
            failures += 1
            result = {"reference": "pytorch", "label": args.label, "method": method_name, "arch": arch, "width": width,
                      "batch": batch, "image_size": size, "error": f"{type(exc).__name__}: {exc}"}
            if device.type == "cuda":
                torch.cuda.empty_cache()
        print(json.dumps(result), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
