"""Reads an rnnlab classifier checkpoint into PyTorch modules and decides texts.

usage: interop.py MODEL.safetensors OUT.safetensors IDS
IDS is texts of token ids, ids separated by commas and texts by semicolons.
Builds torch.nn.Embedding (or one-hot input), torch.nn.LSTM/GRU/RNN and
torch.nn.Linear from the checkpoint's tensors, pools the recurrent output
as the metadata says (final: the top layer's last states of both
directions; mean: the mean over positions) and writes the softmax
probabilities of every text to OUT (tensor "probs" [N, K]).
Only python3, numpy and torch are needed: the format is parsed by hand.
"""
import json, struct, sys
import numpy as np
import torch


def load(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        dt = {"F64": "<f8", "F32": "<f4"}[e["dtype"]]
        tensors[name] = torch.from_numpy(np.frombuffer(data[b:end], dtype=dt).astype(np.float64).reshape(e["shape"]).copy())
    return meta, tensors


def save(path, tensors):
    header, blobs, off = {}, [], 0
    for name in sorted(tensors):
        b = tensors[name].detach().numpy().astype("<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(tensors[name].shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


meta, t = load(sys.argv[1])
V, H, L = int(meta["vocab_size"]), int(meta["hidden_size"]), int(meta["num_layers"])
E, K = int(meta["embed"]), int(meta["num_classes"])
bidir = meta["bidirectional"] == "true"
D = 2 if bidir else 1
kind = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn_tanh": torch.nn.RNN, "rnn_relu": torch.nn.RNN}[meta["cell"]]
extra = {"nonlinearity": "relu"} if meta["cell"] == "rnn_relu" else {}
rnn = kind(input_size=E if E > 0 else V, hidden_size=H, num_layers=L, bidirectional=bidir, dtype=torch.float64, **extra)
rnn.load_state_dict({k: v for k, v in t.items() if k.startswith(("weight_", "bias_"))})
classifier = torch.nn.Linear(D * H, K, dtype=torch.float64)
classifier.load_state_dict({"weight": t["classifier.weight"], "bias": t["classifier.bias"]})
embedding = None
if E > 0:
    embedding = torch.nn.Embedding(V, E, dtype=torch.float64)
    embedding.load_state_dict({"weight": t["embedding.weight"]})

rows = []
with torch.no_grad():
    for text in sys.argv[3].split(";"):
        ids = torch.tensor([int(x) for x in text.split(",")])
        x = embedding(ids) if embedding is not None else torch.nn.functional.one_hot(ids, V).to(torch.float64)
        out, state = rnn(x.unsqueeze(1))  # [T, 1, D*H]
        h_n = state[0] if meta["cell"] == "lstm" else state  # [L*D, 1, H]
        if meta["pool"] == "mean":
            v = out.mean(0)[0]
        else:
            v = torch.cat([h_n[(L - 1) * D + d, 0] for d in range(D)])
        rows.append(torch.softmax(classifier(v), dim=-1))
save(sys.argv[2], {"probs": torch.stack(rows)})
