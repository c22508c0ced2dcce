"""Round trip between an rnnlab checkpoint and torch.nn.LSTM/GRU/RNN.

usage: interop.py IN.safetensors OUT.safetensors PROBS.safetensors IDS
Loads IN into PyTorch modules, writes the next-character probabilities for
the comma-separated token ids IDS to PROBS (tensor "probs" [T, V]), and writes
the modules' own state_dict, every value +0.01, with IN's metadata to OUT.
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


def save(path, meta, tensors):
    header, blobs, off = {"__metadata__": meta}, [], 0
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
ids = [int(x) for x in sys.argv[4].split(",")]
V, H, L = int(meta["vocab_size"]), int(meta["hidden_size"]), int(meta["num_layers"])
kind = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn_tanh": torch.nn.RNN, "rnn_relu": torch.nn.RNN}[meta["cell"]]
extra = {"nonlinearity": "relu"} if meta["cell"] == "rnn_relu" else {}
rnn = kind(input_size=V, hidden_size=H, num_layers=L, dtype=torch.float64, **extra)
rnn.load_state_dict({k: v for k, v in t.items() if k.startswith(("weight_", "bias_"))})
decoder = torch.nn.Linear(H, V, dtype=torch.float64)
decoder.load_state_dict({"weight": t["decoder.weight"], "bias": t["decoder.bias"]})

x = torch.nn.functional.one_hot(torch.tensor(ids[:-1]), V).to(torch.float64).unsqueeze(1)  # [T, 1, V]
with torch.no_grad():
    out, _ = rnn(x)
    probs = torch.softmax(decoder(out[:, 0, :]), dim=-1)
save(sys.argv[3], {}, {"probs": probs})

state = {k: v + 0.01 for k, v in rnn.state_dict().items()}
state["decoder.weight"] = decoder.weight.detach() + 0.01
state["decoder.bias"] = decoder.bias.detach() + 0.01
save(sys.argv[2], meta, state)
