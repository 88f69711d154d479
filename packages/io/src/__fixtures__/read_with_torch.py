"""Prints, as JSON, what torch reads from a safetensors file (used by the interop test)."""
import json, math, sys, torch
import safetensors_torch

tensors, metadata = safetensors_torch.load(sys.argv[1])
plain = lambda v: v if not isinstance(v, float) or math.isfinite(v) else ('nan' if math.isnan(v) else ('inf' if v > 0 else '-inf'))
print(json.dumps({'metadata': metadata, 'tensors': {
    name: {'dtype': str(t.dtype), 'shape': list(t.shape), 'values': [plain(v) for v in t.flatten().tolist()]}
    for name, t in tensors.items()}}))
