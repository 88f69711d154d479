// One optimizer step over the parameters of a 784-256-10 MLP (203,530 float32 values), @dl
// against PyTorch's CPU step (single thread, timed inside /usr/bin/python3 when torch is there).
import { spawnSync } from 'node:child_process';
import { bench, describe } from 'vitest';
import { manualSeed, randn } from '@dl/tensor';
import { tensor, type Tensor } from '@dl/autograd';
import { Adam, AdamW, SGD, type AnyOptimizer } from '../src/index.js';

const SHAPES = [[256, 784], [256], [10, 256], [10]];

function mlpParameters(): Tensor[] {
  manualSeed(0);
  return SHAPES.map((shape) => {
    const param = tensor(randn(shape), { requiresGrad: true });
    param.grad = randn(shape);
    return param;
  });
}

/** PyTorch's mean ms per step for each optimizer, or undefined without python3 + torch. */
function torchMs(): Record<string, number> | undefined {
  const script = `
import json, sys, time
try:
    import torch
except ImportError:
    print("null"); sys.exit()
torch.set_num_threads(1)
torch.manual_seed(0)
out = {}
for name, make in [("Adam", lambda p: torch.optim.Adam(p, lr=1e-3)), ("AdamW", lambda p: torch.optim.AdamW(p, lr=1e-3)),
                   ("SGD momentum", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9))]:
    params = [torch.randn(*s, requires_grad=True) for s in ${JSON.stringify(SHAPES)}]
    for p in params: p.grad = torch.randn_like(p)
    opt = make(params)
    for _ in range(5): opt.step()
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(20): opt.step()
        best = min(best, (time.perf_counter() - t) / 20)
    out[name] = best * 1e3
print(json.dumps(out))
`;
  const result = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, timeout: 120_000 });
  if (result.status !== 0) return undefined;
  return (JSON.parse(result.stdout) as Record<string, number> | null) ?? undefined;
}

const reference = torchMs();
console.log(
  reference
    ? `PyTorch (1 thread) ms per step: ${Object.entries(reference).map(([name, ms]) => `${name} ${ms.toFixed(3)}`).join(', ')}`
    : 'PyTorch reference skipped: /usr/bin/python3 has no torch',
);

const cases: [string, (params: Tensor[]) => AnyOptimizer][] = [
  ['Adam', (params) => new Adam(params, { lr: 1e-3 })],
  ['AdamW', (params) => new AdamW(params, { lr: 1e-3 })],
  ['SGD momentum', (params) => new SGD(params, { lr: 0.1, momentum: 0.9 })],
];

describe('one step over a 784-256-10 MLP (203,530 parameters)', () => {
  for (const [name, make] of cases) {
    const optimizer = make(mlpParameters());
    optimizer.step();
    bench(`@dl ${name}`, () => {
      optimizer.step();
    }, { time: 1000, warmupIterations: 3 });
  }
});
