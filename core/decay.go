package core

import (
	"errors"
	"fmt"
	"math"
)

// DecayCurve measures how fast the gradient of a prediction fades with the
// distance back to the state it flows into. For each distance d = 0 …
// MaxDist it is the geometric mean, over the positions t added, of
//
//	r_t(d) = ‖∂L_t/∂h_{t−d}‖ / ‖∂L_t/∂h_t‖
//
// (L_t the loss of position t alone, h the top layer; with AllLayers also
// each lower layer ℓ's own ratio ‖∂L_t/∂h^ℓ_{t−d}‖ / ‖∂L_t/∂h^ℓ_t‖):
//
//	curve[d] = exp( Σ_t ln r_t(d) / n(d) )
//
// A tanh RNN's curve falls by decades within a few tens of characters (the
// vanishing gradient); an LSTM's stays far higher. The positions are added
// one at a time, each costing one backward pass over MaxDist+1 positions
// (through the top layer, or all layers with AllLayers), so a caller with a
// frame budget can spread the work. A position t < MaxDist contributes to
// the distances d ≤ t only. A ratio that is exactly 0 (a ReLU network whose
// units were all off somewhere in between) has no logarithm: it is counted
// in Counts' zero column instead of the mean.
type DecayCurve struct {
	Options DecayOptions

	ft        *ForwardTrace
	lowest    int         // the lowest layer measured
	logSum    [][]float64 // [ℓ][d] Σ ln r_t(d)
	n, zero   [][]int     // [ℓ][d] ratios averaged, ratios exactly 0
	positions int
	dh        [][]float64 // [ℓ][(k−from)·H+j] scratch
	work      gradWork
}

// DecayOptions choose what a DecayCurve measures.
type DecayOptions struct {
	MaxDist   int  // the largest distance d, 0 to MaxDecayDist
	AllLayers bool // measure every layer, not only the top (each costs about another top layer)
}

// MaxDecayDist bounds DecayOptions.MaxDist.
const MaxDecayDist = MaxSeq

// NewDecayCurve starts an empty curve over the positions of ft, which must
// stay unchanged (and its model's parameters with it) while positions are
// added: trace a Snapshot when training goes on in between.
func NewDecayCurve(ft *ForwardTrace, opt DecayOptions) (*DecayCurve, error) {
	if opt.MaxDist < 0 || opt.MaxDist > MaxDecayDist {
		return nil, fmt.Errorf("the largest distance %d is out of range (0 to %d)", opt.MaxDist, MaxDecayDist)
	}
	dc := &DecayCurve{Options: opt}
	if err := dc.Reset(ft); err != nil {
		return nil, err
	}
	return dc, nil
}

// Reset empties the curve and moves it to the trace ft, keeping its storage.
func (dc *DecayCurve) Reset(ft *ForwardTrace) error {
	if ft == nil || ft.model == nil {
		return errors.New("a decay curve needs a forward trace")
	}
	L, D := len(ft.Layers), dc.Options.MaxDist
	dc.ft, dc.positions, dc.lowest = ft, 0, L-1
	if dc.Options.AllLayers {
		dc.lowest = 0
	}
	dc.logSum = sized(dc.logSum, L, D+1)
	if len(dc.n) != L {
		dc.n, dc.zero = make([][]int, L), make([][]int, L)
	}
	for l := 0; l < L; l++ {
		clear(dc.logSum[l])
		dc.n[l] = resetInts(dc.n[l], D+1)
		dc.zero[l] = resetInts(dc.zero[l], D+1)
	}
	dc.dh = sized(dc.dh, L, (D+1)*ft.H)
	return nil
}

func resetInts(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// Add measures the target position t (0 ≤ t < ft.N) and adds its ratios to
// the curve. A position whose own gradient ‖∂L_t/∂h_t‖ is 0 adds nothing.
func (dc *DecayCurve) Add(t int) error {
	ft := dc.ft
	if t < 0 || t >= ft.N {
		return fmt.Errorf("position %d is outside the %d traced positions", t, ft.N)
	}
	H := ft.H
	from := max(0, t-dc.Options.MaxDist)
	dc.work.size(ft, t-from+1)
	ft.lossSeed(dc.work.seed, t)
	ft.backprop(&dc.work, t, from, dc.lowest, dc.dh, nil, nil)
	added := false
	for l := dc.lowest; l < len(ft.Layers); l++ {
		g := dc.dh[l]
		top := g[(t-from)*H : (t-from+1)*H]
		base := math.Sqrt(dot(top, top))
		if !(base > 0) || math.IsInf(base, 0) {
			continue
		}
		added = true
		for d := 0; d <= t-from; d++ {
			k := t - d - from
			r := math.Sqrt(dot(g[k*H:(k+1)*H], g[k*H:(k+1)*H])) / base
			switch {
			case r == 0:
				dc.zero[l][d]++
			case !math.IsInf(r, 0) && !math.IsNaN(r):
				dc.logSum[l][d] += math.Log(r)
				dc.n[l][d]++
			}
		}
	}
	if added {
		dc.positions++
	}
	return nil
}

// Positions is the number of positions added so far.
func (dc *DecayCurve) Positions() int { return dc.positions }

// Curve returns the top layer's curve[d] for d = 0 … MaxDist (NaN where no
// position reached that far yet).
func (dc *DecayCurve) Curve() []float64 { return dc.LayerCurve(len(dc.ft.Layers) - 1) }

// LayerCurve returns layer ℓ's curve (the top layer's, or any layer's with
// AllLayers; nil for a layer that is not measured).
func (dc *DecayCurve) LayerCurve(l int) []float64 {
	if l < dc.lowest || l >= len(dc.ft.Layers) {
		return nil
	}
	out := make([]float64, dc.Options.MaxDist+1)
	for d := range out {
		out[d] = math.NaN()
		if n := dc.n[l][d]; n > 0 {
			out[d] = math.Exp(dc.logSum[l][d] / float64(n))
		}
	}
	return out
}

// Counts returns, for layer ℓ and each distance d, how many ratios the mean
// holds and how many were exactly 0 (nil for a layer that is not measured).
func (dc *DecayCurve) Counts(l int) (n, zero []int) {
	if l < dc.lowest || l >= len(dc.ft.Layers) {
		return nil, nil
	}
	return append([]int(nil), dc.n[l]...), append([]int(nil), dc.zero[l]...)
}
