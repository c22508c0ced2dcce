// Package core is rnnlab's numerical heart: recurrent networks that agree
// with PyTorch to the last bits, trained with backpropagation through time,
// and a record of every step for the views to draw. It is pure Go (gonum's
// assembly kernels on amd64, plain Go elsewhere), with no UI, no cgo and no
// global state, so it builds for js/wasm as well as natively.
//
// # Conventions
//
// Tensors are row-major []float64 slices. Sequences are sequence-first like
// PyTorch's default: x is [T,B,I] (x[(t·B+b)·I+i]), states are [L·D,B,H]
// with index l·D+d (d = 0 forward, 1 reverse). Token inputs are [T,B] too.
// Forward and Backward return views into buffers that the next call reuses;
// copy what you keep. Backward accumulates into Param.Grad (+=); zeroing is
// an explicit ZeroGrad, and clipping and the optimizer step are separate
// calls, so a gradient check sees the raw gradient. A shape mismatch is a
// programming error and panics with a message naming the sizes; anything
// that comes from a user (text, settings, files) returns an error instead.
// Every random number comes from a *rand.Rand passed in.
//
// # Equations
//
// For one layer and direction, with W_ih = weight_ih_l{l}[_reverse] of shape
// [G·H, In], W_hh of shape [G·H, H] and biases b_ih, b_hh of [G·H], the code
// computes for batch rows x_t and h = h_{t-1}
//
//	gi = x_t·W_ihᵀ + b_ih      (direction.gi, all steps at once)
//	gh = h·W_hhᵀ + b_hh        (direction.gh, one step at a time)
//
// and then, σ being the logistic function,
//
//	rnn_tanh: h_t = tanh(gi + gh)
//	rnn_relu: h_t = max(0, gi + gh)
//	lstm:     i = σ(gi_i + gh_i), f = σ(gi_f + gh_f), g = tanh(gi_g + gh_g), o = σ(gi_o + gh_o)
//	          c_t = f⊙c_{t-1} + i⊙g,  h_t = o⊙tanh(c_t)
//	gru:      r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r⊙gh_n)
//	          h_t = (1-z)⊙n + z⊙h_{t-1}
//
// with the gate blocks stacked in PyTorch's order along the G·H axis: i, f,
// g, o for the LSTM and r, z, n for the GRU (GateNames calls them input,
// forget, cell, output and reset, update, new). Note that the GRU's reset
// gate multiplies the already biased recurrent term gh_n = h·W_hnᵀ + b_hn.
// The reverse direction reads t = T-1 … 0; its output at position t is its
// state after consuming x_t. Layer l > 0 reads [forward_t ‖ reverse_t].
//
// Backward runs the recurrence from t = T-1 down, carrying ∂L/∂h (and ∂L/∂c)
// and forming the pre-activation gradients dgi and dgh per step; the weight
// gradients are then one matrix product per tensor: ∂W_hh += dghᵀ·h_{t-1},
// ∂W_ih += dgiᵀ·x, and the biases the column sums. Truncated BPTT is
// Backward over a chunk with the state carried to the next chunk (State) but
// no gradient carried back into the previous one.
//
// The language model LM puts a one-hot (or embedding) input under the stack
// and a decoder on top: p(c_{t+1}) = softmax(W_dec·h_t + b_dec), trained on the
// mean cross-entropy in nats per character (perplexity = e^loss). The
// Classifier pools the top layer (final state of both directions, or the mean
// over time) into softmax(W_cls·v + b_cls).
//
// # Looking inside a language model
//
// LM.ForwardTrace records a forward pass over a text, one lane, without
// gradients: every layer's h_t (and c_t) and gate activations, and p_t. It
// can be computed in pieces (StartForwardTrace, then Advance) and reuses
// its storage. ForwardTrace.TargetGrad differentiates the loss of one
// position, L_t = −ln p_t[c_{t+1}], with respect to every earlier state,
// ∂L_t/∂h^ℓ_k and ∂L_t/∂c^ℓ_k, and gives ‖∂z_t/∂x_k‖ for the inputs;
// DecayCurve averages ‖∂L_t/∂h_{t−d}‖ / ‖∂L_t/∂h_t‖ geometrically over
// positions added one at a time. LM.WithAblation returns an inference view
// that shares the weights but holds chosen units at 0 (for the LSTM their c,
// so h = o·tanh(0) = 0); LM.Snapshot a copy that training does not move.
// The backward step of each cell for one lane (cellback.go) serves both
// Stack.Backward and TargetGrad.
//
// # Checked against PyTorch
//
// TestGolden compares every element of the forward outputs, final states and
// all gradients with PyTorch 1.13 float64 reference cases in
// testdata/golden (regenerate with ../shared/golden/gen_golden.py --set public
// --out core/testdata/golden --seed-base 1000; set RNNLAB_GOLDEN_DIR to check
// another folder of cases too) to |mine-ref| ≤ 1e-9·max(1,|ref|). Central
// finite differences check the gradients of the stack, the language model and
// the classifier, initial states included, and (TestTargetGradFiniteDifference)
// every per-target gradient to 1e-6 of its vector's norm.
//
// # Moving a model to and from PyTorch
//
// A checkpoint is a safetensors file whose recurrent tensors carry PyTorch's
// state_dict names, so they load straight into torch.nn.LSTM/GRU/RNN. With
// t the file's tensors as a name → tensor dict and meta its metadata (read
// with the safetensors package, or by hand as testdata/interop.py does):
//
//	rnn = torch.nn.LSTM(input_size=int(meta["vocab_size"]), hidden_size=int(meta["hidden_size"]),
//	                    num_layers=int(meta["num_layers"]), dtype=torch.float64)
//	rnn.load_state_dict({k: v for k, v in t.items() if k.startswith(("weight_", "bias_"))})
//	decoder = torch.nn.Linear(rnn.hidden_size, int(meta["vocab_size"]), dtype=torch.float64)
//	decoder.load_state_dict({"weight": t["decoder.weight"], "bias": t["decoder.bias"]})
//	# one-hot input: torch.nn.functional.one_hot(ids, V).double().unsqueeze(1)
//
// The way back is the same dict written out with the original metadata:
// rnn.state_dict() plus decoder.weight and decoder.bias. TestPyTorchInterop
// runs both directions (and compares the next-character probabilities) when
// /usr/bin/python3 has torch.
//
// # Speed
//
// BenchmarkTrain measures characters trained per second (forward, backward,
// clip and Adam update; one-hot input over 65 symbols; T = 25; one layer) and
// shows zero allocations per training step. See README.md beside this file
// for the measured table and the commands.
package core
