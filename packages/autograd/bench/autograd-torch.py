"""PyTorch's side of bench/autograd.bench.ts: the same workloads, eager mode, one thread.

Prints one JSON object: workload name -> median microseconds per call (see timed).
Run with Debian's python and torch (1.13):  /usr/bin/python3 bench/autograd-torch.py
"""
import json
import statistics
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)


def timed(fn, budget_seconds=1.0, round_seconds=0.002, reps=None):
    """Median over rounds of the mean CPU time per call, in microseconds.

    CPU time of this process, as the TypeScript side measures: on a shared machine other
    processes stretch wall time, not CPU time.

    Each round runs `reps` calls (by default as many as take about round_seconds), as the
    TypeScript side runs 1000 adds per sample; rounds repeat until the budget is spent.
    """
    fn()
    if reps is None:
        start = time.process_time()
        fn()
        once = max(time.process_time() - start, 1e-7)
        reps = max(1, int(round_seconds / once))
    rounds = []
    deadline = time.process_time() + budget_seconds
    while time.process_time() < deadline or len(rounds) < 5:
        start = time.process_time()
        for _ in range(reps):
            fn()
        rounds.append((time.process_time() - start) / reps)
    return statistics.median(rounds) * 1e6


def add_workloads():
    a = torch.randn(2, 2, requires_grad=True)
    b = torch.randn(2, 2, requires_grad=True)
    c = torch.randn(2, 2)
    d = torch.randn(2, 2)
    return {
        "add 2x2, recorded": timed(lambda: a + b, reps=1000),
        "add 2x2, no grad": timed(lambda: c + d, reps=1000),
    }


def chain():
    x = torch.tensor(0.5, requires_grad=True)
    y = x
    for _ in range(500):
        y = y * 0.999
        y = y + 0.001
    y.backward()


def mlp_workload():
    batch, inputs, hidden, classes = 128, 784, 256, 10
    x = torch.randn(batch, inputs)
    labels = torch.randint(0, classes, (batch, 1))
    w1 = (torch.randn(inputs, hidden) * 0.05).requires_grad_()
    b1 = torch.zeros(hidden, requires_grad=True)
    w2 = (torch.randn(hidden, classes) * 0.05).requires_grad_()
    b2 = torch.zeros(classes, requires_grad=True)
    params = [w1, b1, w2, b2]

    def step():
        for p in params:
            p.grad = None
        h = torch.relu(x @ w1 + b1)
        logits = h @ w2 + b2
        loss = -torch.gather(torch.log_softmax(logits, -1), 1, labels).mean()
        loss.backward()

    return timed(step, budget_seconds=3.0, reps=1)


def main():
    results = add_workloads()
    results["1000-op scalar chain, forward + backward"] = timed(chain, reps=1)
    results["MLP 784-256-10, batch 128, forward + backward"] = mlp_workload()
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "us": results}))


if __name__ == "__main__":
    main()
