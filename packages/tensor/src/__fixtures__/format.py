"""PyTorch reference printouts for format.test.ts.

Run from this directory: /usr/bin/python3 format.py  (writes format.json)
Each case stores the input as flat row-major values (NaN and infinities as the strings "NaN",
"Infinity", "-Infinity"), its shape, dtype and print options, and torch's repr rewritten to our
spelling: `tensor(` -> `array(`, `dtype=torch.float64` -> `dtype=float64`, `size=(2, 0)` ->
`size=[2, 0]`, and one space less at the start of continuation lines (`array(` is one character
shorter than `tensor(`). torch runs with linewidth 81 so that its rows hold as many values as
ours at 80: both wrap after (linewidth - indent) // (width + 2) values.
Our int32 plays the role of torch's int64 (no dtype suffix), so integer cases run as int64.
"""
import json
import math
import re

import torch

TORCH_DTYPES = {"float32": torch.float32, "float64": torch.float64, "int32": torch.int64, "bool": torch.bool}


def encode(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    return v


def ours(text):
    text = text.replace("tensor(", "array(").replace("torch.int64", "int32").replace("torch.", "")
    text = re.sub(r"size=\((.*?)\)", lambda m: "size=[" + m.group(1) + "]", text)
    return text.replace("\n ", "\n")


cases = []


def case(name, values, dtype="float32", shape=None, **options):
    torch.set_printoptions(profile="default")
    torch.set_printoptions(linewidth=81, **options)
    t = torch.tensor(values, dtype=TORCH_DTYPES[dtype])
    if shape is not None:
        t = t.reshape(shape)
    # Store the values torch holds (float32-rounded), so both sides print the same numbers.
    flat = [encode(v) for v in t.flatten().tolist()]
    cases.append({"name": name, "values": flat, "shape": list(t.shape), "dtype": dtype, "options": options, "expected": ours(repr(t))})


nan, inf = float("nan"), float("inf")
case("int32 vector", [1, 2, 3], "int32")
case("int32 with mixed widths", [-10, 2, 300], "int32")
case("float32 with 4 decimals", [1.5, 2.25, -3.125])
case("integral floats as 1.", [1.0, 2.0, 3.0])
case("integral floats with sign and zero", [-1.0, 0.0, 10.0])
case("all zeros", [0.0, 0.0])
case("all zeros wrap with width 1 as torch", [0.0] * 30)
case("scientific for tiny values", [1e-5, 1.0])
case("scientific for a wide range", [1.0, 12345.678])
case("scientific for huge values", [1e9, 1.0])
case("scientific for integral floats with a wide range", [1.0, 10000.0])
case("integral floats up to 1e8", [99999999.0, 100000000.0], "float64")
case("scientific above 1e8", [100000001.0, 100000002.0], "float64")
case("nan and infinities among fractions", [1.5, nan, inf, -inf])
case("nan among integral floats does not widen", [1.0, nan])
case("only nan", [nan, nan])
case("bool", [True, False, True], "bool")
case("bool all true", [True, True], "bool")
case("0-d float32", 1.5)
case("0-d int32", 7, "int32")
case("0-d bool", True, "bool")
case("0-d float64", 2.0, "float64")
case("2-d float32", [[1.5, -2.0], [3.0, 4.25]])
case("2-d int32", [[1, -20], [300, 4]], "int32")
case("3-d nesting with blank lines", list(range(24)), "float32", [2, 3, 4])
case("3-d int32", list(range(-6, 6)), "int32", [2, 2, 3])
case("4-d", [i / 4 for i in range(16)], "float32", [2, 2, 2, 2])
case("elided vector over 1000 elements", list(range(1001)))
case("elided int32 vector", list(range(-500, 501)), "int32")
case("elided 2-d", list(range(1050)), "int32", [21, 50])
case("elided 3-d fractions", [i / 7 for i in range(1001)], "float32", [7, 11, 13])
case("elided rows only", list(range(1010)), "float32", [505, 2])
case("long vector wraps at linewidth", list(range(30)))
case("long float64 vector wraps", [i * 1.25 - 7 for i in range(24)], "float64")
case("wrapped rows inside a matrix", [i / 3 for i in range(40)], "float32", [2, 20])
case("float64 suffix", [1.5, 2.0], "float64")
for n in (7, 8, 9):
    case(f"float64 suffix placement with {n} values", [-1.25 * (i + 1) for i in range(n)], "float64")
case("empty float32", [])
case("empty float64", [], "float64")
case("empty int32", [], "int32")
case("empty bool", [], "bool")
case("empty 2-d", [], "float32", [2, 0])
case("empty 2-d int32", [], "int32", [0, 3])
case("precision 2", [1.23456, 2.5], precision=2)
case("threshold and edgeitems", list(range(10)), "int32", threshold=5, edgeitems=2)
case("ties round half to even", [0.03125, 0.09375, 1.40625, 2.5])
case("scientific ties round half to even", [123465.0, 123455.0, 1.0], "float64")
case("negative zero", [-0.0, 1.0])
case("negative zero alone", [-0.0])

# One case per line keeps the file diffable without a line per value.
with open("format.json", "w") as f:
    f.write('{"torch": %s, "cases": [\n' % json.dumps(torch.__version__))
    f.write(",\n".join(json.dumps(c) for c in cases))
    f.write("\n]}\n")
