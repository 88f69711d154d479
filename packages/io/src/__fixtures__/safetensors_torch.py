"""A minimal safetensors reader and writer for torch tensors (the `safetensors` package is not
installed on the fixture machine). The writer lays files out as the reference Rust `prepare` does:
tensors sorted by descending dtype alignment then name, compact JSON, spaces to 8-byte alignment."""
import json, struct, torch

DTYPES = {'BOOL': torch.bool, 'U8': torch.uint8, 'I8': torch.int8, 'I16': torch.int16, 'F16': torch.float16,
          'BF16': torch.bfloat16, 'I32': torch.int32, 'F32': torch.float32, 'F64': torch.float64, 'I64': torch.int64}
ORDER = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64']
NAMES = {v: k for k, v in DTYPES.items()}


def tensor_bytes(t):
    t = t.contiguous()
    # numpy has no bfloat16: reinterpret the bits as int16 (little-endian on this machine).
    return (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()


def save(tensors, path, metadata=None):
    items = sorted(tensors.items(), key=lambda kv: (-ORDER.index(NAMES[kv[1].dtype]), kv[0].encode()))
    header, blobs, offset = {}, [], 0
    if metadata is not None:
        header['__metadata__'] = dict(sorted(metadata.items(), key=lambda kv: kv[0].encode()))
    for name, t in items:
        blob = tensor_bytes(t)
        header[name] = {'dtype': NAMES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(',', ':'), ensure_ascii=False).encode()
    text += b' ' * ((8 - len(text) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))


def load(path):
    data = open(path, 'rb').read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    metadata = header.pop('__metadata__', None)
    out = {}
    for name, info in header.items():
        begin, end = info['data_offsets']
        raw, dtype = bytearray(data[8 + n + begin:8 + n + end]), DTYPES[info['dtype']]
        if begin == end:
            out[name] = torch.empty(info['shape'], dtype=dtype)
        elif dtype == torch.bfloat16:
            out[name] = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16).reshape(info['shape'])
        else:
            out[name] = torch.frombuffer(raw, dtype=dtype).reshape(info['shape'])
    return out, metadata
