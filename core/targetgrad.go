package core

import (
	"fmt"
	"math"
)

// TargetGrad is how one position's loss depends on everything before it.
// For the target position t of a ForwardTrace, L_t = −ln p_t[c_{t+1}] is
// the loss of that one prediction (not the mean over the window), and for
// every layer ℓ and every position k from From to t it holds the total
// derivatives, through all paths (along time and up through the layers):
//
//	DH[ℓ][k·H+j] = ∂L_t/∂h^ℓ_k[j]
//	DC[ℓ][k·H+j] = ∂L_t/∂c^ℓ_k[j]                  (LSTM)
//	Connect[k]   = ‖∂z_t/∂x_k‖,  z_t = W_dec[c_{t+1}]·h^{L−1}_t + b_dec[c_{t+1}]
//
// x_k being the input vector at k (the one-hot vector, or the embedding
// row E[c_k]): the quantity WindowTrace.Connect gives for the last step.
// The recursion, for one layer, is the backward pass of the cell: with
// ∂L_t/∂h^{L−1}_t = W_decᵀ·(p_t − onehot(c_{t+1})) at the top and
// g_k = ∂L_t/∂(pre-activations at k),
//
//	∂L_t/∂h^ℓ_k = W_hhᵀ·g_{k+1} [+ z_{k+1}⊙∂L_t/∂h^ℓ_{k+1} for the GRU] + W_ihᵀ·g^{ℓ+1}_k
//	∂L_t/∂c^ℓ_k = f_{k+1}⊙∂L_t/∂c^ℓ_{k+1} + o_k⊙(1 − tanh²c_k)⊙∂L_t/∂h^ℓ_k
//
// so for the LSTM the forget gate alone carries the gradient along c: with
// f ≈ 1 it passes unchanged, with f ≈ 0.5 it halves at every step.
// Positions before From are not computed and read 0; the values from From
// to t do not depend on From (truncating only saves time). A switched-off
// unit (WithAblation) reads 0: no gradient flows into it.
type TargetGrad struct {
	T, From int     // the target position t and the first position k computed
	Target  int32   // c_{t+1}
	Loss    float64 // L_t in nats
	H       int
	DH      [][]float64 // [ℓ][k·H+j], k ≤ t
	DC      [][]float64 // [ℓ][k·H+j], LSTM only
	NormH   [][]float64 // [ℓ][k] ‖∂L_t/∂h^ℓ_k‖
	NormC   [][]float64 // [ℓ][k] ‖∂L_t/∂c^ℓ_k‖, LSTM only
	Connect []float64   // [k] ‖∂z_t/∂x_k‖

	work gradWork
}

// TargetGrad computes the gradients of L_t for positions from … t (0 ≤ from
// ≤ t < N) from the trace's values and its model's current parameters, which
// must be the ones the trace was computed with. Its cost is two backward
// passes over t−from+1 positions. A non-nil reuse lends its storage (and is
// returned).
func (ft *ForwardTrace) TargetGrad(t, from int, reuse *TargetGrad) (*TargetGrad, error) {
	if t < 0 || t >= ft.N {
		return nil, fmt.Errorf("target position %d is outside the %d traced positions", t, ft.N)
	}
	if from < 0 || from > t {
		return nil, fmt.Errorf("the gradients of position %d start at %d; it must be from 0 to %d", t, from, t)
	}
	tg := reuse
	if tg == nil {
		tg = &TargetGrad{}
	}
	L, H := len(ft.Layers), ft.H
	tg.T, tg.From, tg.H = t, from, H
	tg.Target, tg.Loss = ft.Tokens[t+1], ft.NLL[t]
	lstm := ft.Cell == LSTM
	tg.DH, tg.NormH = sized(tg.DH, L, (t+1)*H), sized(tg.NormH, L, t+1)
	if lstm {
		tg.DC, tg.NormC = sized(tg.DC, L, (t+1)*H), sized(tg.NormC, L, t+1)
	} else {
		tg.DC, tg.NormC = nil, nil
	}
	tg.Connect = grow(tg.Connect, t+1)
	clear(tg.Connect)

	w := &tg.work
	w.size(ft, t-from+1)
	dh, dc := w.dhOut[:L], w.dcOut[:0]
	for l := range dh {
		clear(tg.DH[l][:from*H])
		dh[l] = tg.DH[l][from*H:]
		if lstm {
			clear(tg.DC[l][:from*H])
			dc = append(dc, tg.DC[l][from*H:])
		}
	}
	ft.lossSeed(w.seed, t)
	ft.backprop(w, t, from, 0, dh, dc, nil)
	for l := 0; l < L; l++ {
		rowNorms(tg.NormH[l], tg.DH[l], H)
		if lstm {
			rowNorms(tg.NormC[l], tg.DC[l], H)
		}
	}
	// The same backward pass from the logit alone, down to the inputs.
	ft.logitSeed(w.seed, t)
	for l := range dh {
		dh[l] = w.spare[l]
	}
	ft.backprop(w, t, from, 0, dh, nil, tg.Connect[from:])
	return tg, nil
}

// lossSeed sets seed = ∂L_t/∂h^{L−1}_t = W_decᵀ·(p_t − onehot(c_{t+1})).
func (ft *ForwardTrace) lossSeed(seed []float64, t int) {
	V, H := ft.V, ft.H
	dec := ft.model.dec.Value
	clear(seed)
	p := ft.Probs[t*V : (t+1)*V]
	y := int(ft.Tokens[t+1])
	for v, pv := range p {
		if v == y {
			pv--
		}
		if pv != 0 {
			axpy(pv, dec[v*H:(v+1)*H], seed)
		}
	}
}

// logitSeed sets seed = ∂z_t/∂h^{L−1}_t = W_dec[c_{t+1}].
func (ft *ForwardTrace) logitSeed(seed []float64, t int) {
	y, H := int(ft.Tokens[t+1]), ft.H
	copy(seed, ft.model.dec.Value[y*H:(y+1)*H])
}

// gradWork is the scratch of backprop, kept between calls.
type gradWork struct {
	seed      []float64   // [H] the gradient arriving at the top layer at t
	up, below []float64   // [n·H] gradient arriving from the layer above, per position
	run, runC []float64   // [H] ∂/∂h and ∂/∂c carried from position k+1
	tc        []float64   // [H] tanh(c_k)
	dgi, dgh  []float64   // [G·H] ∂/∂(input and recurrent pre-activations)
	dx        []float64   // [In] ∂/∂x_k
	dhOut     [][]float64 // per layer: views handed to backprop
	dcOut     [][]float64
	spare     [][]float64 // [ℓ][n·H] per-layer output nobody keeps
}

// size makes the scratch fit n positions of ft's model.
func (w *gradWork) size(ft *ForwardTrace, n int) {
	L, H := len(ft.Layers), ft.H
	GH := ft.Cell.Gates() * H
	w.seed = grow(w.seed, H)
	w.up, w.below = grow(w.up, n*H), grow(w.below, n*H)
	w.run, w.runC, w.tc = grow(w.run, H), grow(w.runC, H), grow(w.tc, H)
	w.dgi, w.dgh = grow(w.dgi, GH), grow(w.dgh, GH)
	w.dx = grow(w.dx, ft.model.Stack.dirs[0].in)
	if len(w.dhOut) < L {
		w.dhOut, w.dcOut = make([][]float64, L), make([][]float64, L)
	}
	w.spare = sized(w.spare, L, n*H)
}

// backprop runs the gradient w.seed, arriving at the top layer's h at
// position t, back through the layers down to layer lowest and back in time
// down to position from. For each layer ℓ ≥ lowest and position k it stores the total ∂/∂h^ℓ_k in dh[ℓ][(k−from)·H:]
// and, for the LSTM when dc is not empty, the total ∂/∂c^ℓ_k in dc[ℓ]; with
// connect not nil it also stores ‖∂/∂x_k‖ in connect[k−from]. The equations
// are Stack.Backward's for one lane (see doc.go), without the parameter
// gradients.
func (ft *ForwardTrace) backprop(w *gradWork, t, from, lowest int, dh, dc [][]float64, connect []float64) {
	cell, H := ft.Cell, ft.H
	GH := cell.Gates() * H
	n := t - from + 1
	var up []float64 // nil at the top: only w.seed arrives there, at t
	for l := len(ft.Layers) - 1; l >= lowest; l-- {
		lt, dr := &ft.Layers[l], ft.model.Stack.dirs[l]
		dhl := dh[l][:n*H]
		var dcl []float64
		if len(dc) > l {
			dcl = dc[l][:n*H]
		}
		below := w.below[:n*H]
		clear(w.run)
		clear(w.runC)
		for k := t; k >= from; k-- {
			i := k - from
			dhk := dhl[i*H : (i+1)*H]
			copy(dhk, w.run)
			switch {
			case up != nil:
				axpy(1, up[i*H:(i+1)*H], dhk)
			case k == t:
				axpy(1, w.seed, dhk)
			}
			dr.silence(dhk, w.runC, nil) // a switched-off unit takes no gradient
			var dck []float64
			if dcl != nil {
				dck = dcl[i*H : (i+1)*H]
			}
			ft.cellGrads(lt, k, dhk, dck, w)
			// To the previous position: W_hhᵀ·g (+ the GRU's direct path,
			// which cellGrads left in w.run).
			if cell != GRU {
				clear(w.run)
			}
			mulAB(w.run, w.dgh, dr.whh.Value, 1, H, GH)
			// To the input: W_ihᵀ·g.
			switch {
			case l > lowest:
				bl := below[i*H : (i+1)*H]
				clear(bl)
				mulAB(bl, w.dgi, dr.wih.Value, 1, H, GH)
			case l == 0 && connect != nil:
				dx := w.dx[:dr.in]
				clear(dx)
				mulAB(dx, w.dgi, dr.wih.Value, 1, dr.in, GH)
				connect[i] = math.Sqrt(dot(dx, dx))
			}
		}
		up = below
		w.up, w.below = w.below, w.up
	}
}

// cellGrads turns ∂/∂h_k (dh) and the ∂/∂c carried in w.runC into the
// pre-activation gradients w.dgi and w.dgh of one layer at position k. It
// carries ∂/∂c_{k−1} on in w.runC (LSTM, storing the total ∂/∂c_k in dc when
// not nil), and the GRU's direct path dh⊙z to h_{k−1} in w.run.
func (ft *ForwardTrace) cellGrads(lt *LayerTrace, k int, dh, dc []float64, w *gradWork) {
	H := ft.H
	at := func(v []float64) []float64 { return v[k*H : (k+1)*H] }
	prev := func(v, v0 []float64) []float64 {
		if k == 0 {
			return v0
		}
		return v[(k-1)*H : k*H]
	}
	switch ft.Cell {
	case RNNTanh, RNNReLU:
		rnnStepBack(ft.Cell, at(lt.Hidden), dh, w.dgh)
		copy(w.dgi, w.dgh)
	case LSTM:
		for j, c := range at(lt.CellState) {
			w.tc[j] = math.Tanh(c)
		}
		g := lt.Gates
		lstmStepBack(at(g[0]), at(g[1]), at(g[2]), at(g[3]), prev(lt.CellState, lt.C0), w.tc,
			dh, w.runC, w.dgh, dc, nil)
		copy(w.dgi, w.dgh)
	case GRU:
		g := lt.Gates
		gruStepBack(at(g[0]), at(g[1]), at(g[2]), prev(lt.Hidden, lt.H0), at(lt.ghn),
			dh, w.dgi, w.dgh, w.run)
	}
}

// sized returns rows slices of n values each, reusing s's storage.
func sized(s [][]float64, rows, n int) [][]float64 {
	if len(s) != rows {
		s = make([][]float64, rows)
	}
	for i := range s {
		s[i] = grow(s[i], n)
	}
	return s
}

// rowNorms sets norms[k] to the L2 norm of v[k·H:(k+1)·H].
func rowNorms(norms, v []float64, H int) {
	for k := range norms {
		r := v[k*H : (k+1)*H]
		norms[k] = math.Sqrt(dot(r, r))
	}
}
