package core

import (
	"errors"
	"fmt"
	"math"
)

// ForwardTrace is a language model's forward pass over one sequence, one
// lane, with no gradient: for every layer and position the state and the
// gates, and the distribution over the next character. It is what TraceWindow
// records minus the backward pass, so it is cheap enough for long held-out
// texts, and it is the record TargetGrad and DecayCurve differentiate.
//
// With Tokens = c_0 … c_T, position t reads c_t and predicts c_{t+1}:
//
//	h^0_t = cell(x_t, h^0_{t-1}),  h^ℓ_t = cell(h^{ℓ-1}_t, h^ℓ_{t-1}),  x_t = onehot(c_t) or E[c_t]
//	p_t = softmax(W_dec·h^{L-1}_t + b_dec),  L_t = −ln p_t[c_{t+1}]
//
// A trace can be computed in pieces (StartForwardTrace, then Advance until
// it returns true) to spread the work over frames; positions from N on are
// not computed yet. The pieces run the same arithmetic as one whole pass, so
// the values are TraceWindow's to the last bit.
type ForwardTrace struct {
	Cell      Cell
	T, H, V   int          // positions, units per layer, vocabulary size
	GateNames []string     // as Cell.GateNames
	Tokens    []int32      // c_0 … c_T (T+1 ids)
	Layers    []LayerTrace // bottom first
	Probs     []float64    // [t·V+v] p_t[v], the probability that c_{t+1} = v
	NLL       []float64    // [t] L_t = −ln p_t[c_{t+1}] in nats
	N         int          // positions computed so far (all T after LM.ForwardTrace)

	model *LM    // m.shadow(): m's parameters and switched-off units, own buffers
	state *State // the state after the first N positions
}

// LayerTrace is one layer's part of a ForwardTrace. Values are stored
// position-major: unit j at position t is at index t·H+j.
type LayerTrace struct {
	H0, C0    []float64   // [H] the state before position 0 (C0 for the LSTM only)
	Hidden    []float64   // [t·H+j] h_t
	CellState []float64   // [t·H+j] c_t, LSTM only
	Gates     [][]float64 // [gate][t·H+j] activations in (0,1) or (−1,1), named by GateNames; nil for RNNs
	ghn       []float64   // GRU: [t·H+j] W_hn·h_{t−1} + b_hn, which the backward pass needs
}

// traceChunk bounds how many positions one forward call runs, so the model's
// buffers stay small however long the traced text is.
const traceChunk = 128

// MaxTraceFloats bounds the size of one ForwardTrace (128 MiB of float64).
const MaxTraceFloats = 1 << 24

// ForwardTrace runs the whole sequence ids (T = len(ids)−1 positions, one
// lane) from st (nil = zeros; st is not changed) and returns its trace. It
// uses private buffers, so training state and gradients are untouched. A
// non-nil reuse lends its storage (and is returned), so tracing again
// allocates nothing. Everything runs on m's current parameters (and with
// m's switched-off units, see WithAblation).
func (m *LM) ForwardTrace(ids []int32, st *State, reuse *ForwardTrace) (*ForwardTrace, error) {
	ft, err := m.StartForwardTrace(ids, st, reuse)
	if err != nil {
		return nil, err
	}
	ft.Advance(ft.T)
	return ft, nil
}

// StartForwardTrace checks the sequence and sizes the trace like
// ForwardTrace but computes nothing yet: Advance does, a few positions at a
// time. The trace reads m's parameters when Advance runs, so if m trains
// between calls, trace m.Snapshot() instead.
func (m *LM) StartForwardTrace(ids []int32, st *State, reuse *ForwardTrace) (*ForwardTrace, error) {
	if len(ids) < 2 {
		return nil, errors.New("a forward trace needs at least 2 characters")
	}
	L, H, V, G := m.Config.Layers, m.Config.Hidden, m.Vocab.Size(), m.Config.Cell.Gates()
	T := len(ids) - 1
	if n := T * (L*H*(G+2) + V + 1); n > MaxTraceFloats || n < 0 {
		return nil, fmt.Errorf("a forward trace of %d characters through this model would hold %d MiB; the limit is %d MiB (trace a shorter text)", T, n>>17, MaxTraceFloats>>17)
	}
	for _, id := range ids {
		if id < 0 || int(id) >= V {
			return nil, fmt.Errorf("character id %d is outside the vocabulary of %d", id, V)
		}
	}
	if st != nil && (st.B != 1 || len(st.H) != L*H || m.Config.Cell == LSTM && len(st.C) != L*H) {
		return nil, fmt.Errorf("the initial state does not fit: a trace needs one lane of %d layers × %d units", L, H)
	}
	ft := reuse
	if ft == nil {
		ft = &ForwardTrace{}
	}
	if ft.Cell != m.Config.Cell || ft.GateNames == nil {
		ft.GateNames = m.Config.Cell.GateNames()
	}
	ft.Cell, ft.T, ft.H, ft.V, ft.N = m.Config.Cell, T, H, V, 0
	ft.Tokens = append(ft.Tokens[:0], ids...)
	ft.Probs = grow(ft.Probs, T*V)
	ft.NLL = grow(ft.NLL, T)
	ft.model = m.shadow()
	if ft.state == nil || len(ft.state.H) != L*H || (m.Config.Cell == LSTM) != (len(ft.state.C) == L*H) {
		ft.state = m.NewState(1)
	}
	if st != nil {
		ft.state.CopyFrom(st)
	} else {
		ft.state.Reset()
	}
	if len(ft.Layers) != L {
		ft.Layers = make([]LayerTrace, L)
	}
	for l := range ft.Layers {
		lt := &ft.Layers[l]
		lt.H0 = append(lt.H0[:0], ft.state.H[l*H:(l+1)*H]...)
		lt.Hidden = grow(lt.Hidden, T*H)
		lt.C0, lt.CellState, lt.ghn = lt.C0[:0], lt.CellState[:0], lt.ghn[:0]
		if ft.Cell == LSTM {
			lt.C0 = append(lt.C0, ft.state.C[l*H:(l+1)*H]...)
			lt.CellState = grow(lt.CellState, T*H)
		}
		if ft.Cell == GRU {
			lt.ghn = grow(lt.ghn, T*H)
		}
		if len(ft.GateNames) == 0 {
			lt.Gates = nil
		} else {
			if len(lt.Gates) != G {
				lt.Gates = make([][]float64, G)
			}
			for g := range lt.Gates {
				lt.Gates[g] = grow(lt.Gates[g], T*H)
			}
		}
		// A switched-off unit starts from 0, as the forward pass makes it.
		dr := ft.model.Stack.dirs[l]
		var c0 []float64
		if ft.Cell == LSTM {
			c0 = lt.C0
		}
		dr.silence(lt.H0, c0, nil)
	}
	return ft, nil
}

// Advance computes up to n more positions and reports whether the trace is
// complete. Its cost is proportional to n (one step of every layer and the
// decoder per position), so a caller with a time budget can call it with a
// small n until it returns true.
func (ft *ForwardTrace) Advance(n int) bool {
	for n > 0 && ft.N < ft.T {
		k := min(n, ft.T-ft.N, traceChunk)
		ft.run(ft.N, k)
		ft.N += k
		n -= k
	}
	return ft.N == ft.T
}

// run computes positions t0 … t0+k−1 from the carried state and copies what
// the model's buffers hold into the trace.
func (ft *ForwardTrace) run(t0, k int) {
	sh, H, V := ft.model, ft.H, ft.V
	G := ft.Cell.Gates()
	GH := G * H
	sh.forward(ft.Tokens[t0:t0+k], k, 1, ft.state)
	copy(ft.Probs[t0*V:(t0+k)*V], sh.logits[:k*V])
	for s := 0; s < k; s++ {
		t := t0 + s
		ft.NLL[t] = -math.Log(max(ft.Probs[t*V+int(ft.Tokens[t+1])], math.SmallestNonzeroFloat64))
	}
	for l := range ft.Layers {
		lt, dr := &ft.Layers[l], sh.Stack.dirs[l]
		copy(lt.Hidden[t0*H:(t0+k)*H], dr.h[H:(k+1)*H])
		if ft.Cell == LSTM {
			copy(lt.CellState[t0*H:(t0+k)*H], dr.c[H:(k+1)*H])
		}
		for g := range lt.Gates {
			for s := 0; s < k; s++ {
				copy(lt.Gates[g][(t0+s)*H:(t0+s+1)*H], dr.act[s*GH+g*H:s*GH+(g+1)*H])
			}
		}
		if ft.Cell == GRU {
			for s := 0; s < k; s++ {
				copy(lt.ghn[(t0+s)*H:(t0+s+1)*H], dr.gh[s*GH+2*H:s*GH+3*H])
			}
		}
	}
}

// Loss is the mean of L_t over the positions computed so far (nats per
// character; NaN before any).
func (ft *ForwardTrace) Loss() float64 {
	if ft.N == 0 {
		return math.NaN()
	}
	var s float64
	for _, v := range ft.NLL[:ft.N] {
		s += v
	}
	return s / float64(ft.N)
}
