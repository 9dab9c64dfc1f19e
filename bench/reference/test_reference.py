"""Checks of the PyTorch reference: /usr/bin/python3 -m unittest discover -s bench/reference -p 'test_*.py'"""
import math
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from augment import PairAugmenter, ViewRecipe, crop_boxes, hsv_to_rgb, resized_crop, rgb_to_hsv  # noqa: E402
from heads import LewelNeck  # noqa: E402
from lars import Lars  # noqa: E402
from methods import build_method  # noqa: E402
from resnet import build_backbone  # noqa: E402


class ResNetTests(unittest.TestCase):
    def test_parameter_counts_match_torchvision_without_fc(self):
        # torchvision resnet18 11,689,512 and resnet50 25,557,032 minus fc; small stem: 3x3 instead of 7x7 conv1
        self.assertEqual(sum(p.numel() for p in build_backbone("resnet18", 1.0, "imagenet").parameters()), 11_176_512)
        self.assertEqual(sum(p.numel() for p in build_backbone("resnet18", 1.0, "small").parameters()), 11_168_832)
        self.assertEqual(sum(p.numel() for p in build_backbone("resnet50", 1.0, "imagenet").parameters()), 23_508_032)

    def test_small_stem_gives_4x4_map_at_32px(self):
        net = build_backbone("resnet18", 0.25)
        self.assertEqual(tuple(net(torch.randn(2, 3, 32, 32)).shape), (2, 128, 4, 4))


class NeckTests(unittest.TestCase):
    def test_aggregation_matches_brute_force(self):
        torch.manual_seed(0)
        neck = LewelNeck(8, 16, 4, num_heads=2)
        x = torch.randn(2, 8, 2, 2)
        captured = {}
        neck.proj_obj.register_forward_hook(lambda m, inp, out: captured.setdefault("v", inp[0]))
        neck(x)
        z = neck.proj(torch.cat([x.flatten(2).mean(2, keepdim=True), x.flatten(2)], 2))
        maps = torch.softmax(torch.nn.functional.normalize(z[:, :, 1:], dim=1), dim=2)
        torch.testing.assert_close(maps.sum(2), torch.ones(2, 4))
        v = captured["v"]
        for b in range(2):
            for m in range(2):
                for i in range(4):
                    for j in range(2):
                        expected = sum(x.flatten(2)[b, m * 4 + i, p] * maps[b, m * 2 + j, p] for p in range(4))
                        self.assertAlmostEqual(v[b, m * 4 + i, j].item(), expected.item(), places=5)


class MethodTests(unittest.TestCase):
    def test_initial_loss_is_near_four_and_falls(self):
        for name in ("byol", "lewel-b"):
            torch.manual_seed(0)
            model = build_method(name, "resnet18", 0.125, proj_hidden=64, dim=32, pred_hidden=64)
            opt = Lars(model.trainable_parameters(), lr=0.5)
            x1, x2 = torch.randn(8, 3, 16, 16), torch.randn(8, 3, 16, 16)
            losses = []
            for _ in range(8):
                loss = model.loss(model.online_forward(x1, x2), model.target_forward(x1, x2))
                loss.backward()
                opt.step()
                opt.zero_grad()
                model.update_target(0.99)
                losses.append(loss.item())
            self.assertLess(abs(losses[0] - 4), 0.5, name)
            self.assertLess(losses[-1], losses[0], name)

    def test_target_gets_no_gradient(self):
        model = build_method("lewel-b", "resnet18", 0.125, proj_hidden=32, dim=16, pred_hidden=32)
        x = torch.randn(4, 3, 16, 16)
        model.loss(model.online_forward(x, x), model.target_forward(x, x)).backward()
        self.assertTrue(all(p.grad is None for p in model.target.parameters()))
        self.assertTrue(all(p.grad is not None for p in model.trainable_parameters()))


class LarsTests(unittest.TestCase):
    def test_step_matches_the_formula(self):
        w = torch.nn.Parameter(torch.tensor([[3.0, 4.0]]))
        b = torch.nn.Parameter(torch.tensor([1.0]))
        w.grad, b.grad = torch.tensor([[0.0, 1.0]]), torch.tensor([0.5])
        Lars([w, b], lr=10.0, weight_decay=0.1, eta=0.02).step()
        trust = min(0.02 * 5 / (1 + 0.1 * 5 + 1e-8) / 10.0, 1.0)
        expected = torch.tensor([[3.0, 4.0]]) - 10.0 * trust * (torch.tensor([[0.0, 1.0]]) + 0.1 * torch.tensor([[3.0, 4.0]]))
        torch.testing.assert_close(w.detach(), expected)
        torch.testing.assert_close(b.detach(), torch.tensor([1.0 - 10.0 * 0.5]))  # 1-D: plain SGD, no wd


class AugmentTests(unittest.TestCase):
    def test_hsv_round_trip(self):
        x = torch.rand(3, 3, 6, 6)
        torch.testing.assert_close(hsv_to_rgb(*rgb_to_hsv(x)), x, atol=1e-5, rtol=0)

    def test_full_crop_is_identity_and_flip_mirrors(self):
        img = torch.rand(2, 3, 8, 8)
        whole = dict(scale_min=1, scale_max=1, ratio_min=1, ratio_max=1)
        torch.testing.assert_close(resized_crop(img, 8, ViewRecipe(flip_p=0, **whole)), img)
        torch.testing.assert_close(resized_crop(img, 8, ViewRecipe(flip_p=1, **whole)), img.flip(3))

    def test_crop_boxes_stay_inside_and_follow_scale(self):
        top, left, h, w = crop_boxes(4000, 32, 32, ViewRecipe(), "cpu")
        self.assertTrue(bool(((top + h) <= 32).all() and ((left + w) <= 32).all() and (top >= 0).all()))
        frac = (h * w / 1024).mean().item()
        self.assertTrue(0.4 < frac < 0.6, frac)  # E[U(0.08, 1)] = 0.54, less the rounding and the rejected tries

    def test_views_are_normalised_and_differ(self):
        v1, v2 = PairAugmenter(16, "cpu")((torch.rand(16, 32, 32, 3) * 255).to(torch.uint8))
        self.assertEqual(tuple(v1.shape), (16, 3, 16, 16))
        self.assertFalse(torch.equal(v1, v2))
        self.assertTrue(math.isfinite(v1.sum().item()))


if __name__ == "__main__":
    unittest.main()
