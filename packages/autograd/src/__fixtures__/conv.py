"""PyTorch oracle for the sliding-window primitives (conv2d, maxPool2d, avgPool2d): writes
conv.json beside this file, in ops.json's format (ops.py's inputs, cotangents and gradients).
src/pytorch-parity.test.ts replays both files.

Run with Debian's python and torch (1.13):  /usr/bin/python3 src/__fixtures__/conv.py
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ops  # noqa: E402  (sets float64 as the default dtype)
from ops import R, run_case, write_cases  # noqa: E402


def padding(p):
    """@dl's [top, bottom, left, right] as an F.pad of the input (torch's conv2d pads symmetrically)."""
    pad = p.get("padding", 0)
    if isinstance(pad, list) and len(pad) == 4:
        top, bottom, left, right = pad
        return (left, right, top, bottom), 0
    return None, pad


def conv2d(xs, p):
    x, w = xs[0], xs[1]
    bias = xs[2] if len(xs) > 2 else None
    explicit, pad = padding(p)
    if explicit is not None:
        x = F.pad(x, explicit)
    return [F.conv2d(x, w, bias, stride=p.get("stride", 1), padding=pad, dilation=p.get("dilation", 1), groups=p.get("groups", 1))]


def max_pool2d(xs, p):
    values, indices = F.max_pool2d(xs[0], p["kernelSize"], stride=p.get("stride"), padding=p.get("padding", 0), dilation=p.get("dilation", 1), return_indices=True)
    return [values]


def avg_pool2d(xs, p):
    return [F.avg_pool2d(xs[0], p["kernelSize"], stride=p.get("stride"), padding=p.get("padding", 0), count_include_pad=p.get("countIncludePad", True), divisor_override=p.get("divisorOverride"))]


OPS = {"conv2d": conv2d, "maxPool2d": max_pool2d, "avgPool2d": avg_pool2d}
CASES = []


def case(op, label, inputs, **params):
    CASES.append((op, label, inputs, params))


case("conv2d", "3x3 with bias", [R(2, 3, 6, 5), R(4, 3, 3, 3), R(4)])
case("conv2d", "stride 2, padding 1, no bias", [R(2, 2, 7, 6), R(3, 2, 3, 3)], stride=2, padding=1)
case("conv2d", "stride [2, 1], padding [1, 2], dilation [2, 1]", [R(1, 3, 8, 7), R(2, 3, 3, 2), R(2)], stride=[2, 1], padding=[1, 2], dilation=[2, 1])
case("conv2d", "groups 2", [R(2, 4, 5, 5), R(6, 2, 3, 3), R(6)], groups=2, padding=1)
case("conv2d", "depthwise (groups = channels), stride 2", [R(1, 3, 6, 6), R(3, 1, 3, 3)], groups=3, stride=2)
case("conv2d", "asymmetric padding [0, 1, 1, 0] (same, 2x2 kernel)", [R(1, 2, 4, 4), R(2, 2, 2, 2), R(2)], padding=[0, 1, 1, 0])
case("maxPool2d", "kernel 2", [R(2, 3, 6, 4)], kernelSize=2)
case("maxPool2d", "kernel 3, stride 2, padding 1", [R(1, 2, 7, 7)], kernelSize=3, stride=2, padding=1)
case("maxPool2d", "kernel [2, 3], stride 1, dilation [2, 1]", [R(1, 2, 6, 6)], kernelSize=[2, 3], stride=1, dilation=[2, 1])
case("avgPool2d", "kernel 2", [R(2, 3, 6, 4)], kernelSize=2)
case("avgPool2d", "kernel 3, stride 2, padding 1", [R(1, 2, 7, 6)], kernelSize=3, stride=2, padding=1)
case("avgPool2d", "padding 1, countIncludePad false", [R(1, 2, 5, 5)], kernelSize=3, stride=2, padding=1, countIncludePad=False)
case("avgPool2d", "kernel [2, 3], divisorOverride 4", [R(1, 1, 4, 6)], kernelSize=[2, 3], divisorOverride=4)


def main():
    ops.OPS.update(OPS)
    write_cases("conv.json", [run_case(*c) for c in CASES])


if __name__ == "__main__":
    main()
