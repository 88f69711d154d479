"""PyTorch oracle for src/pytorch-parity.test.ts: writes ops.json beside this file.

For every case: the inputs, the forward outputs, a random cotangent per float output, and the
gradients of sum(out * cotangent) with respect to each float input, all in float64.
The op names are @dl/autograd's export names; each has a runner of the same name in the test.

Run with Debian's python and torch (1.13):  /usr/bin/python3 src/__fixtures__/ops.py
"""
import json
import math
import os
import zlib

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
INF = float("inf")

# ---------------------------------------------------------------------------------------------
# Input specs. Random values are rounded to 4 decimals (short JSON, read back exactly) and
# drawn away from points with no derivative, as the gradcheck table does.


def R(*shape):
    """N(0, 1)."""
    return ("real", shape)


def P(*shape):
    """|N| + 0.5: for sqrt, log, pow bases."""
    return ("positive", shape)


def NZ(*shape):
    """N +- 0.5: for abs, relu, 1/x."""
    return ("nonzero", shape)


def V(values):
    """Explicit float values (edge cases: ties, zeros, infinities)."""
    return ("values", values)


def I(values):
    """An index (int64 in torch, int32 in @dl)."""
    return ("int", values)


def B(values):
    """A bool mask."""
    return ("bool", values)


def draw(kind, shape, generator):
    while True:
        x = torch.randn(shape, generator=generator)
        if kind == "positive":
            x = x.abs() + 0.5
        elif kind == "nonzero":
            x = x + 0.5 * x.sign()
        x = torch.round(x * 1e4) / 1e4
        # Distinct values: max, sort and topk must not depend on how ties are broken.
        if x.numel() == torch.unique(x).numel():
            return x


def make_input(spec, generator):
    kind, payload = spec
    if kind == "int":
        return torch.tensor(payload, dtype=torch.int64)
    if kind == "bool":
        return torch.tensor(payload, dtype=torch.bool)
    if kind == "values":
        return torch.tensor(payload, dtype=torch.float64, requires_grad=True)
    return draw(kind, payload, generator).requires_grad_()


# ---------------------------------------------------------------------------------------------
# Runners: (inputs, params) -> list of outputs. Params use @dl's option names.


def scalar_operand(fn):
    def run(xs, p):
        if "scalar" in p:
            s = torch.tensor(p["scalar"])
            return [fn(s, xs[0]) if p.get("scalarFirst") else fn(xs[0], s)]
        return [fn(xs[0], xs[1])]

    return run


def unary(fn):
    return lambda xs, p: [fn(xs[0])]


def dims(p, x):
    """The reduction dims as torch wants them (None = all)."""
    dim = p.get("dim")
    return tuple(range(x.dim())) if dim is None else dim


def reduction(fn, needs_dim=False):
    def run(xs, p):
        x = xs[0]
        if p.get("dim") is None and not needs_dim and not p.get("keepdim"):
            return [fn(x)]
        return [fn(x, dims(p, x), keepdim=p.get("keepdim", False))]

    return run


def extreme(fn):
    def run(xs, p):
        if "dim" not in p:
            return [fn(xs[0])]
        values, indices = fn(xs[0], p["dim"], keepdim=p.get("keepdim", False))
        return [values, indices]

    return run


def slice_op(xs, p):
    x = xs[0]
    index = [slice(None)] * x.dim()
    index[p["dim"]] = slice(p.get("start"), p.get("end"), p.get("step"))
    return [x[tuple(index)]]


def squeeze(xs, p):
    x = xs[0]
    dim = p.get("dim")
    if dim is None:
        return [x.squeeze()]
    for d in sorted([d % x.dim() for d in (dim if isinstance(dim, list) else [dim])], reverse=True):
        x = x.squeeze(d)
    return [x]


def norm_order(p):
    order = p.get("p", 2)
    return {"Infinity": INF, "-Infinity": -INF, "fro": 2}.get(order, order)


def masked_fill(xs, p):
    value = xs[2] if len(xs) > 2 else p["value"]
    return [xs[0].masked_fill(xs[1], value)]


def scatter(xs, p):
    x, index = xs[0], xs[1]
    if len(xs) > 2:
        return [torch.scatter(x, p["dim"], index, xs[2])]
    return [torch.scatter(x, p["dim"], index, p["value"])]


OPS = {
    # element-wise
    "add": scalar_operand(torch.add),
    "sub": scalar_operand(torch.sub),
    "mul": scalar_operand(torch.mul),
    "div": scalar_operand(torch.div),
    "pow": scalar_operand(torch.pow),
    "maximum": scalar_operand(torch.maximum),
    "minimum": scalar_operand(torch.minimum),
    "neg": unary(torch.neg),
    "exp": unary(torch.exp),
    "log": unary(torch.log),
    "log1p": unary(torch.log1p),
    "expm1": unary(torch.expm1),
    "sqrt": unary(torch.sqrt),
    "sin": unary(torch.sin),
    "cos": unary(torch.cos),
    "tanh": unary(torch.tanh),
    "sigmoid": unary(torch.sigmoid),
    "relu": unary(torch.relu),
    "abs": unary(torch.abs),
    "erf": unary(torch.erf),
    "clamp": lambda xs, p: [torch.clamp(xs[0], min=p.get("min"), max=p.get("max"))],
    "where": lambda xs, p: [torch.where(xs[0], xs[1], xs[2] if len(xs) > 2 else torch.tensor(p["scalar"]))],
    # reductions
    "sum": reduction(torch.sum),
    "prod": reduction(torch.prod),
    "cumsum": lambda xs, p: [torch.cumsum(xs[0], p["dim"])],
    "logsumexp": reduction(torch.logsumexp, needs_dim=True),
    "amax": reduction(torch.amax, needs_dim=True),
    "amin": reduction(torch.amin, needs_dim=True),
    "softmax": lambda xs, p: [torch.softmax(xs[0], p["dim"])],
    "logSoftmax": lambda xs, p: [torch.log_softmax(xs[0], p["dim"])],
    "softmaxCrossEntropy": lambda xs, p: [torch.nn.functional.cross_entropy(xs[0], xs[1], reduction=p["reduction"])],
    "max": extreme(torch.max),
    "min": extreme(torch.min),
    "mean": reduction(torch.mean),
    "variance": lambda xs, p: [torch.var(xs[0], p.get("dim"), correction=p.get("correction", 1), keepdim=p.get("keepdim", False))],
    "var": lambda xs, p: [torch.var(xs[0], p.get("dim"), correction=p.get("correction", 1), keepdim=p.get("keepdim", False))],
    "std": lambda xs, p: [torch.std(xs[0], p.get("dim"), correction=p.get("correction", 1), keepdim=p.get("keepdim", False))],
    "norm": lambda xs, p: [torch.linalg.vector_norm(xs[0], norm_order(p), p.get("dim"), keepdim=p.get("keepdim", False))],
    # matmul
    "matmul": lambda xs, p: [torch.matmul(xs[0], xs[1])],
    "dot": lambda xs, p: [torch.dot(xs[0], xs[1])],
    "outer": lambda xs, p: [torch.outer(xs[0], xs[1])],
    "linear": lambda xs, p: [F.linear(xs[0], xs[1], xs[2] if len(xs) > 2 else None)],
    "bmm": lambda xs, p: [torch.bmm(xs[0], xs[1])],
    # views and joining
    "reshape": lambda xs, p: [xs[0].reshape(p["shape"])],
    "view": lambda xs, p: [xs[0].view(p["shape"])],
    "permute": lambda xs, p: [xs[0].permute(p["dims"])],
    "expand": lambda xs, p: [xs[0].expand(p["shape"])],
    "slice": slice_op,
    "cat": lambda xs, p: [torch.cat(xs, p.get("dim", 0))],
    "stack": lambda xs, p: [torch.stack(xs, p.get("dim", 0))],
    "split": lambda xs, p: list(torch.split(xs[0], p["split"], p.get("dim", 0))),
    "chunk": lambda xs, p: list(torch.chunk(xs[0], p["chunks"], p.get("dim", 0))),
    "clone": unary(torch.clone),
    "astype": lambda xs, p: [xs[0].to({"float32": torch.float32, "float64": torch.float64}[p["dtype"]])],
    "contiguous": lambda xs, p: [xs[0].contiguous()],
    "transpose": lambda xs, p: [xs[0].transpose(p["dim0"], p["dim1"])],
    "T": lambda xs, p: [xs[0].permute(*reversed(range(xs[0].dim())))],
    "mT": lambda xs, p: [xs[0].mT],
    "squeeze": squeeze,
    "unsqueeze": lambda xs, p: [xs[0].unsqueeze(p["dim"])],
    "flatten": lambda xs, p: [xs[0].flatten(p.get("startDim", 0), p.get("endDim", -1))],
    "unflatten": lambda xs, p: [xs[0].unflatten(p["dim"], p["sizes"])],
    "narrow": lambda xs, p: [xs[0].narrow(p["dim"], p["start"], p["length"])],
    "select": lambda xs, p: [xs[0].select(p["dim"], p["index"])],
    # indexing
    "indexSelect": lambda xs, p: [torch.index_select(xs[0], p["dim"], xs[1])],
    "gather": lambda xs, p: [torch.gather(xs[0], p["dim"], xs[1])],
    "scatter": scatter,
    "scatterAdd": lambda xs, p: [torch.scatter_add(xs[0], p["dim"], xs[1], xs[2])],
    "indexAdd": lambda xs, p: [torch.index_add(xs[0], p["dim"], xs[1], xs[2], alpha=p.get("alpha", 1))],
    "take": lambda xs, p: [torch.take(xs[0], xs[1])],
    "embedding": lambda xs, p: [F.embedding(xs[1], xs[0], padding_idx=p.get("paddingIdx"), sparse=p.get("sparse", False))],
    "maskedFill": masked_fill,
    "maskedSelect": lambda xs, p: [torch.masked_select(xs[0], xs[1])],
    "sort": lambda xs, p: list(torch.sort(xs[0], p.get("dim", -1), descending=p.get("descending", False))),
    "topk": lambda xs, p: list(torch.topk(xs[0], p["k"], p.get("dim", -1), largest=p.get("largest", True))),
    # composites
    "square": unary(torch.square),
    "reciprocal": unary(torch.reciprocal),
    "rsqrt": unary(torch.rsqrt),
    "softplus": unary(F.softplus),
    "logSigmoid": unary(F.logsigmoid),
    "gelu": lambda xs, p: [F.gelu(xs[0], approximate=p.get("approximate", "none"))],
    "silu": unary(F.silu),
    "leakyRelu": lambda xs, p: [F.leaky_relu(xs[0], p.get("negativeSlope", 0.01))],
    "elu": lambda xs, p: [F.elu(xs[0], p.get("alpha", 1.0))],
}

# ---------------------------------------------------------------------------------------------
# Cases: (op, label, inputs, params).

CASES = []


def case(op, label, inputs, **params):
    CASES.append((op, label, inputs, params))


def unary_cases(op, spec=R, **params):
    case(op, "[3, 4]", [spec(3, 4)], **params)
    case(op, "[2, 3, 2]", [spec(2, 3, 2)], **params)
    case(op, "0-d", [spec()], **params)


def binary_cases(op, left=R, right=R):
    case(op, "[3, 4] and [3, 4]", [left(3, 4), right(3, 4)])
    case(op, "[2, 3, 4] and [4] (broadcast)", [left(2, 3, 4), right(4)])
    case(op, "[3, 1] and [1, 4] (both broadcast)", [left(3, 1), right(1, 4)])
    case(op, "0-d and [3]", [left(), right(3)])


def elementwise(op, fn, *domains):
    """The one line a new element-wise op needs: its torch function and each operand's domain
    (R, P or NZ). Registers the op with the shared unary or broadcasting binary cases; the parity
    test and the gradcheck table derive a runner and rows for it from these cases."""
    if len(domains) == 1:
        OPS[op] = unary(fn)
        unary_cases(op, domains[0])
    else:
        OPS[op] = scalar_operand(fn)
        binary_cases(op, *domains)


for name in ["add", "sub", "mul"]:
    binary_cases(name)
case("add", "tensor + 2.5", [R(3, 4)], scalar=2.5)
case("sub", "1 - tensor", [R(3, 4)], scalar=1, scalarFirst=True)
binary_cases("div", right=NZ)
case("div", "1 / tensor", [NZ(3, 4)], scalar=1, scalarFirst=True)
binary_cases("pow", left=P)
case("pow", "tensor ** 3", [R(3, 4)], scalar=3)
case("pow", "tensor ** -1.5", [P(3, 4)], scalar=-1.5)
case("pow", "2 ** tensor", [R(3, 4)], scalar=2, scalarFirst=True)
case("pow", "0 ** tensor at positive exponents (gradient 0)", [V([0.0, 0.0]), V([2.0, 0.5])])
elementwise("atan2", torch.atan2, R, R)
for name in ["maximum", "minimum"]:
    binary_cases(name)
    case(name, "with 0", [NZ(3, 4)], scalar=0)
    case(name, "ties split the gradient", [V([1.0, 2.0, 3.0]), V([1.0, 0.0, 3.0])])
for name in ["neg", "exp", "expm1", "sin", "cos", "tanh", "sigmoid", "erf", "square", "softplus",
             "logSigmoid", "silu", "clone", "contiguous"]:
    unary_cases(name)
for name in ["log", "log1p", "sqrt", "rsqrt"]:
    unary_cases(name, P)
for name in ["relu", "abs", "reciprocal", "leakyRelu", "elu"]:
    unary_cases(name, NZ)
case("relu", "at 0 (gradient 0)", [V([-1.0, 0.0, 2.0])])
case("abs", "at 0 (gradient 0)", [V([-1.0, 0.0, 2.0])])
case("softplus", "far tails", [V([-800.0, -30.0, 0.0, 30.0, 800.0])])
case("logSigmoid", "far tails", [V([-800.0, -30.0, 0.0, 30.0, 800.0])])
case("sigmoid", "far tails", [V([-800.0, -30.0, 0.0, 30.0, 800.0])])
case("tanh", "far tails", [V([-400.0, -20.0, 0.0, 20.0, 400.0])])
case("exp", "-Infinity gives 0", [V([-INF, 0.0, 1.0])])
case("gelu", "approximate tanh", [R(3, 4)], approximate="tanh")
unary_cases("gelu")
case("leakyRelu", "slope 0.2", [NZ(3, 4)], negativeSlope=0.2)
case("elu", "alpha 1.5", [NZ(3, 4)], alpha=1.5)
case("clamp", "min -0.5, max 0.5", [R(3, 4)], min=-0.5, max=0.5)
case("clamp", "min 0 only", [NZ(2, 3, 2)], min=0)
case("clamp", "max 0.3 only", [R(5)], max=0.3)
case("clamp", "at the bounds (gradient passes)", [V([-1.0, -0.5, 0.0, 0.5, 1.0])], min=-0.5, max=0.5)
MASK = [[True, False, True, False], [False, False, True, True], [True, True, False, False]]
case("where", "mask [3, 4], both [3, 4]", [B(MASK), R(3, 4), R(3, 4)])
case("where", "mask [3, 4], a [4], b 0-d (broadcast)", [B(MASK), R(4), R()])
case("where", "mask [3, 4], a [3, 1], b scalar", [B(MASK), R(3, 1)], scalar=0.5)

# reductions
case("sum", "all dims", [R(3, 4)])
case("sum", "dim 1", [R(3, 4)], dim=1)
case("sum", "dim -1 keepdim", [R(2, 3, 4)], dim=-1, keepdim=True)
case("sum", "dims [0, -1]", [R(2, 3, 4)], dim=[0, -1])
case("sum", "0-d", [R()])
case("prod", "all dims", [NZ(2, 3)])
case("prod", "dim 0 keepdim", [NZ(3, 4)], dim=0, keepdim=True)
case("prod", "dim -1", [NZ(2, 3, 2)], dim=-1)
case("prod", "one zero in a row", [V([[1.5, 0.0, 2.0], [1.0, 2.0, 3.0]])], dim=1)
case("prod", "two zeros in a row", [V([[0.0, 0.0, 2.0], [1.0, 2.0, 3.0]])], dim=1)
case("cumsum", "dim 1", [R(3, 4)], dim=1)
case("cumsum", "dim 0", [R(3, 4)], dim=0)
case("cumsum", "dim -1 of 3-d", [R(2, 3, 4)], dim=-1)
case("logsumexp", "all dims", [R(3, 4)])
case("logsumexp", "dim -1", [R(3, 4)], dim=-1)
case("logsumexp", "dims [0, 1] keepdim", [R(2, 3, 4)], dim=[0, 1], keepdim=True)
case("logsumexp", "large and -Infinity logits", [V([[1000.0, 1000.0, -INF], [-1000.0, 0.0, 1.0]])], dim=-1)
for name in ["amax", "amin"]:
    case(name, "all dims", [R(3, 4)])
    case(name, "dim 1", [R(3, 4)], dim=1)
    case(name, "dims [0, -1] keepdim", [R(2, 3, 4)], dim=[0, -1], keepdim=True)
    case(name, "ties split the gradient", [V([[1.0, 3.0, 3.0], [-2.0, -2.0, 0.5]])], dim=1)
case("softmax", "dim -1", [R(3, 4)], dim=-1)
case("softmax", "dim 0 of 3-d", [R(2, 3, 4)], dim=0)
case("softmax", "large and -Infinity logits", [V([[1000.0, 1000.0, -INF], [-1000.0, 0.0, 1.0]])], dim=-1)
case("logSoftmax", "dim -1", [R(3, 4)], dim=-1)
case("logSoftmax", "dim 1 of 3-d", [R(2, 3, 4)], dim=1)
case("logSoftmax", "large logits", [V([[1000.0, 1000.0, 0.0], [-1000.0, 0.0, 1.0]])], dim=-1)
case("softmaxCrossEntropy", "mean", [R(4, 5), I([0, 4, 2, 2])], reduction="mean")
case("softmaxCrossEntropy", "sum", [R(3, 4), I([3, 1, 0])], reduction="sum")
case("softmaxCrossEntropy", "none", [R(3, 4), I([1, 1, 2])], reduction="none")
case("softmaxCrossEntropy", "large logits", [V([[1000.0, -1000.0, 0.0], [-1000.0, 0.0, 1000.0]]), I([1, 2])], reduction="mean")
for name in ["max", "min"]:
    case(name, "all dims (0-d)", [R(3, 4)])
    case(name, "dim 1", [R(3, 4)], dim=1)
    case(name, "dim -1 keepdim", [R(2, 3, 4)], dim=-1, keepdim=True)
    case(name, "dim 0 of 1-d", [R(5)], dim=0)
case("mean", "all dims", [R(3, 4)])
case("mean", "dim 0", [R(3, 4)], dim=0)
case("mean", "dims [-1, 0] keepdim", [R(2, 3, 4)], dim=[-1, 0], keepdim=True)
for name in ["variance", "var", "std"]:
    case(name, "all dims", [R(3, 4)])
    case(name, "dim 1, correction 0", [R(3, 4)], dim=1, correction=0)
    case(name, "dim -1 keepdim", [R(2, 3, 4)], dim=-1, keepdim=True)
    case(name, "dims [0, 2]", [R(2, 3, 4)], dim=[0, 2])
case("std", "constant row (gradient 0)", [V([[2.0, 2.0, 2.0], [1.0, 2.0, 4.0]])], dim=1)
case("norm", "p 2 (default), all dims", [R(3, 4)])
case("norm", "p 1, dim 1", [NZ(3, 4)], p=1, dim=1)
case("norm", "p Infinity, dim -1 keepdim", [R(2, 3, 4)], p="Infinity", dim=-1, keepdim=True)
case("norm", "p -Infinity, dim 0", [NZ(3, 4)], p="-Infinity", dim=0)
case("norm", "p 3, dims [0, 1]", [NZ(2, 3, 4)], p=3, dim=[0, 1])
case("norm", "p 0.5", [NZ(3, 4)], p=0.5)
case("norm", "p fro", [R(3, 4)], p="fro")
case("norm", "zero vector (gradient 0)", [V([[0.0, 0.0], [3.0, 4.0]])], dim=1)

# matmul in all its forms
for label, a, b in [
    ("[4] @ [4] (dot)", R(4), R(4)),
    ("[3, 4] @ [4]", R(3, 4), R(4)),
    ("[4] @ [4, 2]", R(4), R(4, 2)),
    ("[3, 4] @ [4, 2]", R(3, 4), R(4, 2)),
    ("[2, 3, 4] @ [2, 4, 2] (batched)", R(2, 3, 4), R(2, 4, 2)),
    ("[2, 1, 3, 4] @ [3, 4, 2] (broadcast batch)", R(2, 1, 3, 4), R(3, 4, 2)),
    ("[2, 3, 4] @ [4, 2]", R(2, 3, 4), R(4, 2)),
    ("[4] @ [2, 4, 3]", R(4), R(2, 4, 3)),
    ("[2, 3, 4] @ [4]", R(2, 3, 4), R(4)),
]:
    case("matmul", label, [a, b])
case("dot", "[5] . [5]", [R(5), R(5)])
case("outer", "[3] x [4]", [R(3), R(4)])
case("bmm", "[2, 3, 4] @ [2, 4, 2]", [R(2, 3, 4), R(2, 4, 2)])
case("linear", "[3, 4] by [5, 4] + [5]", [R(3, 4), R(5, 4), R(5)])
case("linear", "[2, 3, 4] by [5, 4] + [5] (leading dims)", [R(2, 3, 4), R(5, 4), R(5)])
case("linear", "[4] by [5, 4] + [5] (1-d input)", [R(4), R(5, 4), R(5)])
case("linear", "[3, 4] by [5, 4], no bias", [R(3, 4), R(5, 4)])

# views and joining
case("reshape", "[3, 4] -> [2, 6]", [R(3, 4)], shape=[2, 6])
case("reshape", "[2, 3, 4] -> [-1]", [R(2, 3, 4)], shape=[-1])
case("view", "[3, 4] -> [4, 3]", [R(3, 4)], shape=[4, 3])
case("permute", "[2, 3, 4] by [2, 0, 1]", [R(2, 3, 4)], dims=[2, 0, 1])
case("permute", "negative dims [-1, -3, -2]", [R(2, 3, 4)], dims=[-1, -3, -2])
case("expand", "[3, 1] -> [3, 4]", [R(3, 1)], shape=[3, 4])
case("expand", "[4] -> [2, 3, 4]", [R(4)], shape=[2, 3, 4])
case("expand", "[3, 1] -> [2, -1, 5]", [R(3, 1)], shape=[2, -1, 5])
case("slice", "dim 1, 1:4:2", [R(3, 5)], dim=1, start=1, end=4, step=2)
case("slice", "dim -1, start -3", [R(2, 3, 4)], dim=-1, start=-3)
case("slice", "dim 0, end 2", [R(3, 4)], dim=0, end=2)
case("cat", "two along dim 1", [R(3, 2), R(3, 4)], dim=1)
case("cat", "three along dim -1 of 3-d", [R(2, 3, 1), R(2, 3, 2), R(2, 3, 2)], dim=-1)
case("cat", "1-d along the default dim 0", [R(3), R(2)])
case("stack", "two along dim 0", [R(3, 4), R(3, 4)])
case("stack", "three along dim -1", [R(3, 2), R(3, 2), R(3, 2)], dim=-1)
case("split", "size 2 along dim 1", [R(3, 5)], split=2, dim=1)
case("split", "sections [1, 2] along dim -2", [R(2, 3, 4)], split=[1, 2], dim=-2)
case("chunk", "3 chunks along dim 0", [R(5, 2)], chunks=3)
case("astype", "float64 to float64", [R(3, 4)], dtype="float64")
case("astype", "int32 to float64 (no gradient)", [I([[1, -2], [3, 0]])], dtype="float64")
case("transpose", "dims 0, 1", [R(3, 4)], dim0=0, dim1=1)
case("transpose", "dims -1, 0 of 3-d", [R(2, 3, 4)], dim0=-1, dim1=0)
case("T", "[3, 4]", [R(3, 4)])
case("T", "[2, 3, 4]", [R(2, 3, 4)])
case("mT", "[2, 3, 4]", [R(2, 3, 4)])
case("squeeze", "all size-1 dims", [R(3, 1, 2, 1)])
case("squeeze", "dim -1", [R(3, 1, 2, 1)], dim=-1)
case("squeeze", "dims [1, 3]", [R(3, 1, 2, 1)], dim=[1, 3])
case("unsqueeze", "dim 0", [R(3, 4)], dim=0)
case("unsqueeze", "dim -1", [R(3, 4)], dim=-1)
case("flatten", "all dims", [R(2, 3, 4)])
case("flatten", "dims 1..-1", [R(2, 3, 4)], startDim=1)
case("unflatten", "dim -1 into [2, 2]", [R(3, 4)], dim=-1, sizes=[2, 2])
case("narrow", "dim 1, start 1, length 2", [R(3, 4)], dim=1, start=1, length=2)
case("narrow", "dim -1, start -2, length 2", [R(2, 3, 4)], dim=-1, start=-2, length=2)
case("select", "dim 0, index 1", [R(3, 4)], dim=0, index=1)
case("select", "dim -1, index -1", [R(2, 3, 4)], dim=-1, index=-1)

# indexing
case("indexSelect", "dim 0, repeated index", [R(4, 3), I([2, 0, 2, 3])], dim=0)
case("indexSelect", "dim -1", [R(2, 3, 4), I([3, 1])], dim=-1)
case("gather", "dim 1", [R(3, 4), I([[0, 0], [3, 1], [2, 2]])], dim=1)
case("gather", "dim 0", [R(3, 4), I([[2, 1, 0, 0], [1, 1, 2, 0]])], dim=0)
case("scatter", "src tensor, dim 1", [R(3, 4), I([[0, 3], [2, 1], [1, 0]]), R(3, 2)], dim=1)
case("scatter", "scalar src, dim 0", [R(3, 4), I([[2, 0, 1, 1]])], dim=0, value=0.5)
case("scatterAdd", "repeated index, dim 1", [R(3, 4), I([[0, 0, 3], [2, 1, 2], [1, 1, 1]]), R(3, 3)], dim=1)
# NOTE: no "src larger than index" case: torch 1.13's ScatterAddBackward returns a gradient of the
# index's shape there and fails; the gradcheck table covers it.
case("scatterAdd", "repeated index, dim 0", [R(3, 4), I([[2, 0, 1, 2], [2, 2, 0, 1]]), R(2, 4)], dim=0)
case("indexAdd", "dim 0, repeated index", [R(4, 3), I([1, 3, 1]), R(3, 3)], dim=0)
case("indexAdd", "dim -1, alpha 0.5", [R(3, 4), I([0, 2]), R(3, 2)], dim=-1, alpha=0.5)
case("take", "repeated and negative index", [R(3, 4), I([[0, -1], [5, 5]])])
case("embedding", "[5, 3] at [4, 0, 4]", [R(5, 3), I([4, 0, 4])])
case("embedding", "[4, 2] at a [2, 3] index", [R(4, 2), I([[0, 3, 1], [1, 2, 0]])])
case("embedding", "paddingIdx 1 (no gradient to that row)", [R(4, 2), I([[0, 1, 1], [3, 1, 0]])], paddingIdx=1)
case("embedding", "sparse gradient", [R(5, 3), I([4, 0, 4, 2])], sparse=True)
case("embedding", "sparse with paddingIdx -1", [R(5, 3), I([4, 0, 4, 2])], sparse=True, paddingIdx=-1)
case("maskedFill", "number value", [R(3, 4), B(MASK)], value=-2)
case("maskedFill", "0-d tensor value (gets gradient)", [R(3, 4), B(MASK), R()])
case("maskedFill", "broadcast mask [4]", [R(2, 3, 4), B([True, False, False, True])], value=0)
case("maskedSelect", "[3, 4]", [R(3, 4), B(MASK)])
case("maskedSelect", "broadcast input [4]", [R(4), B(MASK)])
case("sort", "dim -1", [R(3, 4)])
case("sort", "dim 0 descending", [R(3, 4)], dim=0, descending=True)
case("topk", "k 2, dim -1", [R(3, 4)], k=2)
case("topk", "k 2, dim 0, smallest", [R(3, 4)], k=2, dim=0, largest=False)

# ---------------------------------------------------------------------------------------------


def encode(values):
    """Flat values for JSON: non-finite numbers become strings."""
    out = []
    for v in values:
        if isinstance(v, bool) or isinstance(v, int):
            out.append(v)
        elif math.isnan(v):
            out.append("NaN")
        elif math.isinf(v):
            out.append("Infinity" if v > 0 else "-Infinity")
        else:
            out.append(v)
    return out


def describe(t):
    dtype = {torch.float64: "float64", torch.int64: "int32", torch.bool: "bool"}[t.dtype]
    return {"dtype": dtype, "shape": list(t.shape), "values": encode(t.detach().reshape(-1).tolist())}


def seed_of(op, label):
    """A seed per case from its name, so adding a case leaves every other case's values as they are."""
    return zlib.crc32(f"{op}: {label}".encode())


def run_case(op, label, specs, params):
    generator = torch.Generator().manual_seed(seed_of(op, label))
    inputs = [make_input(spec, generator) for spec in specs]
    outputs = OPS[op](inputs, params)
    floats = [o for o in outputs if o.is_floating_point()]
    cotangents = [torch.round(torch.randn(o.shape, generator=generator) * 1e4) / 1e4 for o in floats]
    differentiable = [x for x in inputs if x.requires_grad]
    loss = sum(((o * c).sum() for o, c in zip(floats, cotangents) if o.requires_grad), torch.tensor(0.0))
    grads = [None] * len(differentiable)
    if loss.requires_grad:
        grads = torch.autograd.grad(loss, differentiable, allow_unused=True)
    # Sparse gradients (embedding with sparse=True) are stored dense: @dl's test densifies too.
    grads = [torch.zeros_like(x) if g is None else g.to_dense() if g.is_sparse else g for x, g in zip(differentiable, grads)]
    grad_iter = iter(grads)
    cot_iter = iter(cotangents)
    return {
        "op": op,
        "label": label,
        "params": {k: v for k, v in params.items()},
        "inputs": [describe(x) for x in inputs],
        "outputs": [describe(o) for o in outputs],
        "cotangents": [describe(next(cot_iter)) if o.is_floating_point() else None for o in outputs],
        "grads": [describe(next(grad_iter)) if x.requires_grad else None for x in inputs],
    }


def write_cases(name, cases):
    """Writes `cases` as the JSON fixture `name` beside this file (conv.py writes conv.json with it)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {path} ({os.path.getsize(path)} bytes)")


def main():
    missing = sorted(set(OPS) - {op for op, *_ in CASES})
    assert not missing, f"ops without cases: {missing}"
    write_cases("ops.json", [run_case(*c) for c in CASES])


if __name__ == "__main__":
    main()
