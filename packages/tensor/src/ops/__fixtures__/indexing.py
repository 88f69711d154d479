"""PyTorch reference values for ops/indexing.test.ts, ops/join.test.ts and ops/sort.test.ts.

Run from this directory: /usr/bin/python3 indexing.py  (writes indexing.json)
JSON has no NaN or Infinity: they are written as the strings "NaN", "Infinity", "-Infinity".
"""
import json
import math

import torch

torch.manual_seed(0)


def values(t):
    """Nested lists, non-finite floats as strings."""
    flat = t.detach().flatten().tolist()
    flat = [str(v).replace("nan", "NaN").replace("inf", "Infinity") if isinstance(v, float) and not math.isfinite(v) else v for v in flat]

    def build(shape, items):
        if len(shape) == 0:
            return items[0]
        step = len(items) // shape[0] if shape[0] else 0
        return [build(shape[1:], items[i * step:(i + 1) * step]) for i in range(shape[0])]

    return build(list(t.shape), flat)


cases = {}
x = torch.arange(24, dtype=torch.float32).reshape(2, 3, 4)
for dim, index in [(0, [1, 0, 1]), (1, [2, 0, 2, 1]), (2, [3, 3, 0])]:
    cases[f"indexSelect_dim{dim}"] = {
        "index": index,
        "out": values(torch.index_select(x, dim, torch.tensor(index))),
    }

g = torch.arange(12, dtype=torch.float32).reshape(3, 4)
gather_index = {0: [[2, 0, 1, 2], [0, 0, 2, 1]], 1: [[3, 0], [1, 1], [2, 0]]}
for dim, index in gather_index.items():
    cases[f"gather_dim{dim}"] = {"index": index, "out": values(torch.gather(g, dim, torch.tensor(index)))}

src = torch.arange(1, 11, dtype=torch.float32).reshape(2, 5)
scatter_index = torch.tensor([[0, 1, 2, 0, 0], [2, 0, 0, 1, 2]])
cases["scatter_dim0"] = {
    "index": scatter_index.tolist(),
    "src": values(src),
    "out": values(torch.zeros(3, 5).scatter(0, scatter_index, src)),
}
scatter_index1 = torch.tensor([[0, 1, 2], [4, 3, 2]])
cases["scatter_dim1_value"] = {
    "index": scatter_index1.tolist(),
    "out": values(torch.zeros(2, 5).scatter(1, scatter_index1, 2.5)),
}
add_index = torch.tensor([[0, 1, 0, 0, 2], [0, 0, 2, 2, 2]])
cases["scatterAdd_dim0"] = {
    "index": add_index.tolist(),
    "src": values(src),
    "out": values(torch.ones(3, 5).scatter_add(0, add_index, src)),
}
add_index1 = torch.tensor([[4, 4, 0], [1, 1, 1]])
cases["scatterAdd_dim1"] = {
    "index": add_index1.tolist(),
    "src": values(src),
    "out": values(torch.zeros(2, 5).scatter_add(1, add_index1, src)),
}

t = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]], dtype=torch.float32)
cases["indexAdd_dim0"] = {
    "index": [0, 4, 0],
    "source": values(t),
    "out": values(torch.ones(5, 3).index_add(0, torch.tensor([0, 4, 0]), t, alpha=2)),
}
cases["indexAdd_dim1"] = {
    "index": [2, 2, 0],
    "source": values(t),
    "out": values(torch.zeros(3, 4).index_add(1, torch.tensor([2, 2, 0]), t)),
}

m = torch.arange(6, dtype=torch.float32).reshape(2, 3)
mask = torch.tensor([[True], [False]])
cases["maskedFill_broadcast"] = {"out": values(m.masked_fill(mask, -1))}
mask2 = torch.tensor([True, False, True])
cases["maskedSelect_broadcast"] = {"out": values(torch.arange(2.0).reshape(2, 1).masked_select(mask2))}

# Sorting: integer-valued floats give many ties (stable order matters) plus NaN and infinities.
s = torch.randint(0, 4, (4, 7)).float()
s[0, 2] = float("nan")
s[2, 5] = float("nan")
s[1, 1] = float("inf")
s[3, 0] = float("-inf")
cases["sort_input"] = values(s)
for dim in (0, 1):
    for descending in (False, True):
        r = torch.sort(s, dim=dim, descending=descending, stable=True)
        cases[f"sort_dim{dim}_{'desc' if descending else 'asc'}"] = {
            "values": values(r.values),
            "indices": values(r.indices),
        }

# topk on distinct values (PyTorch leaves the order of ties unspecified).
k_in = torch.randn(5, 40)
k_in[1, 7] = float("nan")
cases["topk_input"] = values(k_in)
for k, largest in ((2, True), (2, False), (10, True), (10, False)):
    r = torch.topk(k_in, k, dim=1, largest=largest)
    cases[f"topk_k{k}_{'largest' if largest else 'smallest'}"] = {
        "values": values(r.values),
        "indices": values(r.indices),
    }
r = torch.topk(k_in, 3, dim=0)
cases["topk_k3_dim0"] = {"values": values(r.values), "indices": values(r.indices)}

a = torch.arange(6, dtype=torch.float32).reshape(2, 3)
b = torch.arange(4, dtype=torch.int32).reshape(2, 2)
cases["cat_dim1"] = {"out": values(torch.cat([a, b], 1))}
cases["stack_dim1"] = {"out": values(torch.stack([a, a + 10], 1))}
cases["stack_dim_last"] = {"out": values(torch.stack([a, a + 10], -1))}

with open("indexing.json", "w") as f:
    json.dump(cases, f, indent=None, separators=(",", ":"), allow_nan=False)
    f.write("\n")
