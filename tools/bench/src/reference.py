"""numpy's and PyTorch's side of the root bench (tools/bench), run by python.ts.

Reads one JSON argument: {"threads", "clock" ("cpu" or "wall"), "rounds", "round_ms",
"matmul_sizes", "big_rounds", "elements", "overhead", "steps", "train_step_script"} and prints
{"numpy": version or null, "torch": version or null, "ms": {case key: ms per call}, "critical": {...}}.
With the wall clock, "critical" holds each case's critical path: CPU ms per call of the busiest
thread, the time it would take with a core per thread (as critical-path.ts measures @dl).
Thread counts are fixed by the caller's environment (OMP/OPENBLAS_NUM_THREADS) before numpy loads.
"""
import importlib.util
import json
import os
import sys
import time

config = json.loads(sys.argv[1])
clock = time.process_time if config["clock"] == "cpu" else time.perf_counter
ms = {}
critical = {}


def thread_cpu_ms():
    """CPU milliseconds used so far by each thread of this process (Linux /proc), or {}."""
    out = {}
    try:
        for tid in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            out[tid] = (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
    except OSError:
        return {}
    return out


def record(key, fn, rounds=config["rounds"]):
    """Stores the best-of-rounds mean milliseconds per call under `key`, after one warm-up call
    (as clock.ts does), and with the wall clock the best round's critical path too."""
    fn()
    best, best_critical = float("inf"), float("inf")
    for _ in range(rounds):
        before = thread_cpu_ms() if config["clock"] == "wall" else {}
        # Calls run in batches that double until one lasts 1% of the round, so reading the clock
        # (about 2 us) does not weigh on a microsecond op; clock.ts batches the same way.
        reps, batch, start = 0, 1, clock()
        while True:
            batch_start = clock()
            for _ in range(batch):
                fn()
            reps += batch
            end = clock()
            if end - start >= config["round_ms"] / 1000:
                break
            if end - batch_start < config["round_ms"] / 100000:
                batch *= 2
        best = min(best, (clock() - start) / reps * 1000)
        if before:
            after = thread_cpu_ms()
            best_critical = min(best_critical, max(after[t] - before.get(t, 0) for t in after) / reps)
    ms[key] = best
    if best_critical < float("inf"):
        critical[key] = best_critical


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
        record(f"numpy matmul A·B {n}", lambda: a @ b, rounds_for(n))
        if config["threads"] == 1:
            record(f"numpy matmul A·Bᵀ {n}", lambda: a @ b.T, rounds_for(n))
            record(f"numpy matmul Aᵀ·B {n}", lambda: a.T @ b, rounds_for(n))
    if config["elements"]:
        x = rng.standard_normal(config["elements"], dtype=np.float32)
        y = rng.standard_normal(config["elements"], dtype=np.float32)
        record("numpy add", lambda: x + y)
        record("numpy mul", lambda: x * y)
        record("numpy exp", lambda: np.exp(x))
        record("numpy sum", lambda: x.sum())

if torch is not None:
    for n in config["matmul_sizes"]:
        a, b = torch.randn(n, n), torch.randn(n, n)
        record(f"torch matmul A·B {n}", lambda: a @ b, rounds_for(n))
        if config["threads"] == 1:
            record(f"torch matmul A·Bᵀ {n}", lambda: a @ b.T, rounds_for(n))
            record(f"torch matmul Aᵀ·B {n}", lambda: a.T @ b, rounds_for(n))
    if config["elements"]:
        x, y = torch.randn(config["elements"]), torch.randn(config["elements"])
        record("torch add", lambda: x + y)
        record("torch mul", lambda: x * y)
        record("torch exp", lambda: torch.exp(x))
        record("torch sum", lambda: x.sum())
    if config["overhead"]:
        p, q = torch.randn(2, 2), torch.randn(2, 2)
        record("torch overhead no grad", lambda: p + q)
        pg, qg = torch.randn(2, 2, requires_grad=True), torch.randn(2, 2, requires_grad=True)
        record("torch overhead grad", lambda: pg + qg)
    if config["steps"]:
        spec = importlib.util.spec_from_file_location("train_step_torch", config["train_step_script"])
        steps = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(steps)
        for name, make in steps.WORKLOADS.items():
            if name in config["steps"]:
                record(f"torch step {name}", make(), config.get("step_rounds", config["rounds"]))

print(json.dumps({
    "numpy": np.__version__ if np is not None else None,
    "torch": torch.__version__ if torch is not None else None,
    "ms": ms,
    "critical": critical,
}, ensure_ascii=False))
