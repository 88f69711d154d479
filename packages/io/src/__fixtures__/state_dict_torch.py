"""The PyTorch side of state-dict-torch.test.ts: the same architecture as the test's @dl model.

/usr/bin/python3 state_dict_torch.py DL_FILE INPUTS_FILE TORCH_FILE
loads DL_FILE (written by @dl) into the torch model with load_state_dict(strict=True), checks every
value survived, runs the eval-mode forward on INPUTS_FILE, then trains a fresh torch model for two
steps, saves its state dict to TORCH_FILE (num_batches_tracked as I64, as torch keeps it) and
prints both outputs as JSON.
"""
import json, sys, torch
import torch.nn as nn
import torch.nn.functional as F
import safetensors_torch


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 4)
        self.conv = nn.Conv2d(1, 3, 3, padding=1)
        self.bn = nn.BatchNorm2d(3)
        self.norm = nn.LayerNorm(60)
        self.fc = nn.Linear(60, 2)

    def forward(self, images, tokens):
        h = F.relu(self.bn(self.conv(images))).flatten(1)
        e = self.emb(tokens.long()).flatten(1)
        return self.fc(self.norm(torch.cat([h, e], 1)))


dl_file, inputs_file, torch_file = sys.argv[1:4]
state, _ = safetensors_torch.load(dl_file)
inputs, _ = safetensors_torch.load(inputs_file)

model = Net()
result = model.load_state_dict(state, strict=True)
mismatched = [k for k, v in model.state_dict().items() if not torch.equal(v, state[k].to(v.dtype))]
model.eval()
with torch.no_grad():
    from_dl = model(inputs['images'], inputs['tokens'])

torch.manual_seed(1)
trained = Net()
optimizer = torch.optim.SGD(trained.parameters(), lr=0.1)
for _ in range(2):
    optimizer.zero_grad()
    trained(torch.randn(5, 1, 4, 4), torch.randint(0, 10, (5, 3))).square().mean().backward()
    optimizer.step()
trained.eval()
safetensors_torch.save(trained.state_dict(), torch_file)
with torch.no_grad():
    from_torch = trained(inputs['images'], inputs['tokens'])

print(json.dumps({
    'keys': list(model.state_dict().keys()),
    'dtypes': {k: str(v.dtype) for k, v in model.state_dict().items()},
    'missing': result.missing_keys, 'unexpected': result.unexpected_keys, 'mismatched': mismatched,
    'fromDl': from_dl.tolist(), 'fromTorch': from_torch.tolist(),
}))
