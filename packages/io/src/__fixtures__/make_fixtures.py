"""Makes the committed fixtures of @dl/io (CI never runs this). Run from anywhere:
    /usr/bin/python3 packages/io/src/__fixtures__/make_fixtures.py
Needs torch (safetensors files) and gensim (word2vec files)."""
import json, math, os, numpy as np, torch
from gensim.models import KeyedVectors
import safetensors_torch

HERE = os.path.dirname(os.path.abspath(__file__))
path = lambda name: os.path.join(HERE, name)


def plain(value):
    # JSON has no NaN/Infinity: spell them as strings the tests decode.
    if isinstance(value, float) and not math.isfinite(value):
        return 'nan' if math.isnan(value) else ('inf' if value > 0 else '-inf')
    return value


def expected(tensors, ours):
    out = {}
    for name, t in tensors.items():
        values = (t.float() if t.dtype in (torch.float16, torch.bfloat16) else t).flatten().tolist()
        out[name] = {'dtype': ours[t.dtype], 'shape': list(t.shape), 'values': [plain(float(v)) if t.is_floating_point() else int(v) for v in values]}
    return out


OURS = {torch.float64: 'float64', torch.float32: 'float32', torch.float16: 'float32', torch.bfloat16: 'float32',
        torch.int64: 'int32', torch.int32: 'int32', torch.int16: 'int32', torch.int8: 'int32', torch.uint8: 'int32', torch.bool: 'bool'}
nan, inf = float('nan'), float('inf')

all_dtypes = {
    'f64': torch.tensor([0.1, -2.5, 1e300, 5e-324, -0.0, inf, nan], dtype=torch.float64),
    'f32': torch.tensor([[0.1, -1.5], [3.4028234663852886e38, 1e-45]], dtype=torch.float32),
    'f16': torch.tensor([1.0, -2.0, 65504.0, 6e-8, 0.1, -0.0, inf, nan], dtype=torch.float16),
    'bf16': torch.tensor([1.0, -3.14159, 1e38, 1e-39, -inf, nan], dtype=torch.bfloat16),
    'i64': torch.tensor([0, -1, 2147483647, -2147483648, 42], dtype=torch.int64),
    'i32': torch.tensor([[1, -2], [3, 2147483647]], dtype=torch.int32),
    'i16': torch.tensor([-32768, 32767, 5], dtype=torch.int16),
    'i8': torch.tensor([-128, 127, 0], dtype=torch.int8),
    'u8': torch.tensor([0, 255, 128], dtype=torch.uint8),
    'bool': torch.tensor([[True, False, True]]),
    'scalar': torch.tensor(7.5, dtype=torch.float32),
    'empty': torch.zeros((0, 3), dtype=torch.float32),
    'ünïcødé.weight': torch.tensor([1.0, 2.0], dtype=torch.float32),
}
all_metadata = {'format': 'pt', 'source': 'make_fixtures.py', 'ключ': 'значение 🌍', 'quote': 'a "b"\n'}
safetensors_torch.save(all_dtypes, path('all-dtypes.safetensors'), all_metadata)

torch.manual_seed(0)
layout = {
    'b.weight': torch.randn(2, 3),
    'a.bias': torch.randn(3, dtype=torch.float64),
    'idx': torch.tensor([3, -1, 0, 7], dtype=torch.int32),
    'mask': torch.tensor([[True, False], [False, True]]),
    'z': torch.tensor(-0.0),
}
layout_metadata = {'format': 'pt', 'epoch': '3'}
safetensors_torch.save(layout, path('reference-layout.safetensors'), layout_metadata)
safetensors_torch.save({'big': torch.tensor([1, 2**40, 3], dtype=torch.int64)}, path('i64-overflow.safetensors'))

with open(path('safetensors.json'), 'w') as f:
    json.dump({
        'all-dtypes': {'tensors': expected(all_dtypes, OURS), 'metadata': all_metadata},
        'reference-layout': {'tensors': expected(layout, OURS), 'metadata': layout_metadata},
    }, f, ensure_ascii=False, indent=1)

# word2vec: gensim writes the text and binary files; the C tool's variant ends each vector with '\n'.
words = ['the', 'of', 'café', '東京', 'naïve', 'a', '</s>', 'x' * 30]
special = [1e-5, 1e-4, 1e16, 123456789.0, -0.0, 1.17549435e-38, 1e-45, 3.4028235e38, 0.1, 0.5, -1e-30, 1.0]
rng = np.random.default_rng(0)
vectors = np.concatenate([np.array(special, dtype=np.float32), rng.standard_normal(len(words) * 5 - len(special)).astype(np.float32)])
vectors = vectors.reshape(len(words), 5)
kv = KeyedVectors(vector_size=5)
kv.add_vectors(words, vectors)
kv.save_word2vec_format(path('vectors.txt'), binary=False)
kv.save_word2vec_format(path('vectors.bin'), binary=True)
with open(path('vectors-c.bin'), 'wb') as f:
    f.write(f'{len(words)} 5\n'.encode())
    for word, vector in zip(words, vectors):
        f.write(word.encode() + b' ' + vector.tobytes() + b'\n')
with open(path('word2vec.json'), 'w') as f:
    json.dump({'words': words, 'dim': 5, 'values': [float(v) for v in vectors.flatten()]}, f, ensure_ascii=False, indent=1)

# numpy's repr of float32 (what gensim writes in text files): random bit patterns, every power
# of two and its predecessor (lopsided round-trip intervals), ties, and typical embedding values.
rng = np.random.default_rng(2)
bits = rng.integers(0, 2**32, 3000, dtype=np.uint64).astype(np.uint32)
values = bits.view(np.float32)
values = list(values[np.isfinite(values)][:2000])
values += [np.float32(2.0 ** k) for k in range(-149, 128)]
values += [np.nextafter(np.float32(2.0 ** k), np.float32(0)) for k in range(-148, 128)]
values += [np.array([b], dtype=np.uint32).view(np.float32)[0] for b in (1218939588, 3386238458, 964689920, 1248957205)]
values += [np.float32(x) for x in (0.1, 1e-4, 9.9999e-5, 1e16, 9.999999e15, 123456789, 16777217, 0.0, -0.0)]
values += list((rng.standard_normal(500) * 0.1).astype(np.float32))
values = np.array(values, dtype=np.float32)
with open(path('float32-repr.json'), 'w') as f:
    json.dump({'bits': [int(b) for b in values.view(np.uint32)], 'repr': [repr(v) for v in values]}, f)
