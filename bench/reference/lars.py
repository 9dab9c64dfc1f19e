"""LARS as solo-learn uses it (lewel-method.md §4.4 / §7.2): trust ratio eta*|w|/(|g| + wd*|w|), clip_lr, 1-D tensors
(biases, norm weights) excluded from both the trust ratio and weight decay, then momentum SGD with lr outside the buffer.
Written with tensor ops only, so it never waits for the device."""
import torch


class Lars:
    def __init__(self, params, lr, weight_decay=1e-5, momentum=0.9, eta=0.02, clip_lr=True, exclude_bias_and_norm=True,
                 eps=1e-8):
        self.params = [p for p in params if p.requires_grad]
        self.lr, self.wd, self.momentum, self.eta = lr, weight_decay, momentum, eta
        self.clip_lr, self.exclude, self.eps = clip_lr, exclude_bias_and_norm, eps
        self.buffers = [None] * len(self.params)

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self):
        lr = self.lr
        for i, p in enumerate(self.params):
            g = p.grad
            if g is None:
                continue
            if p.ndim != 1 or not self.exclude:
                w_norm, g_norm = torch.linalg.vector_norm(p), torch.linalg.vector_norm(g)
                trust = self.eta * w_norm / (g_norm + self.wd * w_norm + self.eps)
                if self.clip_lr:
                    trust = torch.clamp(trust / lr, max=1.0)
                adapted = (g + self.wd * p) * trust
                g = torch.where((w_norm > 0) & (g_norm > 0), adapted, g)
            buf = self.buffers[i]
            if buf is None:
                buf = self.buffers[i] = g.clone()
            else:
                buf.mul_(self.momentum).add_(g)
            p.add_(buf, alpha=-lr)
