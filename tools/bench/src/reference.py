"""numpy's and PyTorch's side of the root bench (tools/bench), run by python.ts.

Reads one JSON argument: {"threads", "clock" ("cpu" or "wall"), "rounds", "round_ms",
"matmul_sizes", "big_rounds", "elements", "overhead", "steps", "train_step_script"} and prints
{"numpy": version or null, "torch": version or null, "ms": {case key: ms per call}}.
Thread counts are fixed by the caller's environment (OMP/OPENBLAS_NUM_THREADS) before numpy loads.
"""
import importlib.util
import json
import sys
import time

config = json.loads(sys.argv[1])
clock = time.process_time if config["clock"] == "cpu" else time.perf_counter
ms = {}


def best_ms(fn, rounds=config["rounds"]):
    """Best-of-rounds mean milliseconds per call, after one warm-up call (as clock.ts does)."""
    fn()
    best = float("inf")
    for _ in range(rounds):
        reps, start = 0, clock()
        while True:
            fn()
            reps += 1
            if clock() - start >= config["round_ms"] / 1000:
                break
        best = min(best, (clock() - start) / reps)
    return best * 1000


def rounds_for(n):
    return config["big_rounds"] if n >= 1024 else config["rounds"]


try:
    import numpy as np
except ImportError:
    np = None
try:
    import torch

    torch.set_num_threads(config["threads"])
    torch.manual_seed(0)
except ImportError:
    torch = None

if np is not None:
    rng = np.random.default_rng(0)
    for n in config["matmul_sizes"]:
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        ms[f"numpy matmul A·B {n}"] = best_ms(lambda: a @ b, rounds_for(n))
        if config["threads"] == 1:
            ms[f"numpy matmul A·Bᵀ {n}"] = best_ms(lambda: a @ b.T, rounds_for(n))
            ms[f"numpy matmul Aᵀ·B {n}"] = best_ms(lambda: a.T @ b, rounds_for(n))
    if config["elements"]:
        x = rng.standard_normal(config["elements"], dtype=np.float32)
        y = rng.standard_normal(config["elements"], dtype=np.float32)
        ms["numpy add"] = best_ms(lambda: x + y)
        ms["numpy mul"] = best_ms(lambda: x * y)
        ms["numpy exp"] = best_ms(lambda: np.exp(x))
        ms["numpy sum"] = best_ms(lambda: x.sum())

if torch is not None:
    for n in config["matmul_sizes"]:
        a, b = torch.randn(n, n), torch.randn(n, n)
        ms[f"torch matmul A·B {n}"] = best_ms(lambda: a @ b, rounds_for(n))
        if config["threads"] == 1:
            ms[f"torch matmul A·Bᵀ {n}"] = best_ms(lambda: a @ b.T, rounds_for(n))
            ms[f"torch matmul Aᵀ·B {n}"] = best_ms(lambda: a.T @ b, rounds_for(n))
    if config["elements"]:
        x, y = torch.randn(config["elements"]), torch.randn(config["elements"])
        ms["torch add"] = best_ms(lambda: x + y)
        ms["torch mul"] = best_ms(lambda: x * y)
        ms["torch exp"] = best_ms(lambda: torch.exp(x))
        ms["torch sum"] = best_ms(lambda: x.sum())
    if config["overhead"]:
        p, q = torch.randn(2, 2), torch.randn(2, 2)
        ms["torch overhead no grad"] = best_ms(lambda: p + q)
        pg, qg = torch.randn(2, 2, requires_grad=True), torch.randn(2, 2, requires_grad=True)
        ms["torch overhead grad"] = best_ms(lambda: pg + qg)
    if config["steps"]:
        spec = importlib.util.spec_from_file_location("train_step_torch", config["train_step_script"])
        steps = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(steps)
        for name, make in steps.WORKLOADS.items():
            if name in config["steps"]:
                ms[f"torch step {name}"] = best_ms(make())

print(json.dumps({
    "numpy": np.__version__ if np is not None else None,
    "torch": torch.__version__ if torch is not None else None,
    "ms": ms,
}, ensure_ascii=False))
