"""PyTorch's side of bench/train-step.ts: the same training steps, eager mode, one thread.

Prints one JSON object: {"torch": version, "threads": 1, "ms": {workload: median CPU ms per step}}.
Run with Debian's python and torch (1.13):  /usr/bin/python3 bench/train-step-torch.py
tools/bench imports WORKLOADS from this file for the root benchmark table.
"""
import json
import statistics
import time

import torch
from torch import nn

# Keep in step with WORKLOADS in train-step-workloads.ts.
MLP = "MLP 784-256-10, batch 128"
MLP_SMALL = "MLP 64-128-10, batch 64"
CNN = "CNN conv 1→8 3x3, ReLU, maxpool 2, linear 1352→10; 28x28, batch 32"


def timed(step, budget_seconds=3.0, warmup=5, min_samples=10):
    """Median CPU milliseconds per step (CPU time: the machine is shared and wall time is noisy)."""
    for _ in range(warmup):
        step()
    samples = []
    deadline = time.process_time() + budget_seconds
    while time.process_time() < deadline or len(samples) < min_samples:
        start = time.process_time()
        step()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def training_step(model, x, labels):
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

    def step():
        optimizer.zero_grad(set_to_none=True)
        criterion(model(x), labels).backward()
        optimizer.step()

    return step


def mlp_step(inputs, hidden, batch):
    model = nn.Sequential(nn.Linear(inputs, hidden), nn.ReLU(), nn.Linear(hidden, 10))
    return training_step(model, torch.randn(batch, inputs), torch.randint(0, 10, (batch,)))


def cnn_step():
    model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 13 * 13, 10))
    return training_step(model, torch.randn(32, 1, 28, 28), torch.randint(0, 10, (32,)))


# Each workload's step factory: a fresh model, optimizer and batch per call.
WORKLOADS = {
    MLP: lambda: mlp_step(784, 256, 128),
    MLP_SMALL: lambda: mlp_step(64, 128, 64),
    CNN: cnn_step,
}


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    results = {name: timed(make()) for name, make in WORKLOADS.items()}
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "ms": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
