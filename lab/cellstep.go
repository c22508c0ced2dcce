package lab

import (
	"fmt"
	"math"

	"rnnlab/core"
)

// cellStepOf works out every number of one step of one unit of model m
// over the passage ids (traced into w): what the input and the previous
// state add to each gate, the pre-activation and the activation, as the
// cell's equations write them. m must be the model w was traced with.
func cellStepOf(m *core.LM, w *Window, ids []int32, f Focus) (*CellStep, error) {
	if w == nil || f.T < 0 || f.T >= w.T || f.Layer < 0 || f.Layer >= len(w.Layers) {
		return nil, fmt.Errorf("no step %d of layer %d in the passage", f.T, f.Layer)
	}
	cell := m.Config.Cell
	H := m.Config.Hidden
	if f.Unit < 0 || f.Unit >= H {
		return nil, fmt.Errorf("no unit %d in a layer of %d", f.Unit, H)
	}
	param := func(name string) []float64 {
		for _, p := range m.Params() {
			if p.Name == name {
				return p.Value
			}
		}
		return nil
	}
	sfx := fmt.Sprintf("_l%d", f.Layer)
	wih, whh := param("weight_ih"+sfx), param("weight_hh"+sfx)
	bih, bhh := param("bias_ih"+sfx), param("bias_hh"+sfx)
	if wih == nil || whh == nil || bih == nil || bhh == nil {
		return nil, fmt.Errorf("the model has no parameters for layer %d", f.Layer)
	}
	in := len(wih) / (cell.Gates() * H)

	// The layer's input x_T and previous state h_{T−1}, c_{T−1}.
	x := make([]float64, in)
	switch {
	case f.Layer > 0:
		below := w.Layers[f.Layer-1].Groups[0] // h of the layer below
		copy(x, below.Values[f.T*H:(f.T+1)*H])
	case param("encoder.weight") != nil:
		emb := param("encoder.weight")
		copy(x, emb[int(ids[f.T])*in:(int(ids[f.T])+1)*in])
	default:
		x[ids[f.T]] = 1
	}
	layer := &w.Layers[f.Layer]
	hPrev := make([]float64, H)
	if f.T > 0 {
		copy(hPrev, layer.Groups[0].Values[(f.T-1)*H:f.T*H])
	}
	cs := &CellStep{T: f.T, Layer: f.Layer, Unit: f.Unit, Cell: cell, Input: w.Runes[f.T],
		HPrev: hPrev[f.Unit], H: layer.Groups[0].Value(f.T, f.Unit)}
	if g := groupByKey(layer.Groups, "c"); g != nil {
		cs.C = g.Value(f.T, f.Unit)
		if f.T > 0 {
			cs.CPrev = g.Value(f.T-1, f.Unit)
		}
	}

	part := func(g int) (xs, hs float64) {
		r := g*H + f.Unit
		xs, hs = bih[r], bhh[r]
		for j, v := range x {
			xs += wih[r*in+j] * v
		}
		for j, v := range hPrev {
			hs += whh[r*H+j] * v
		}
		return xs, hs
	}
	sigmoid := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	switch cell {
	case core.LSTM:
		for g, key := range []string{"i", "f", "g", "o"} {
			xs, hs := part(g)
			act := sigmoid(xs + hs)
			if key == "g" {
				act = math.Tanh(xs + hs)
			}
			cs.Gates = append(cs.Gates, GateStep{Key: key, X: xs, H: hs, Pre: xs + hs, Act: act})
		}
	case core.GRU:
		xr, hr := part(0)
		xz, hz := part(1)
		xn, hn := part(2)
		r := sigmoid(xr + hr)
		cs.Gates = []GateStep{
			{Key: "r", X: xr, H: hr, Pre: xr + hr, Act: r},
			{Key: "z", X: xz, H: hz, Pre: xz + hz, Act: sigmoid(xz + hz)},
			{Key: "n", X: xn, H: hn, Pre: xn + r*hn, Act: math.Tanh(xn + r*hn)},
		}
	default:
		xs, hs := part(0)
		act := math.Tanh(xs + hs)
		if cell == core.RNNReLU {
			act = math.Max(0, xs+hs)
		}
		cs.Gates = []GateStep{{Key: "h", X: xs, H: hs, Pre: xs + hs, Act: act}}
	}
	return cs, nil
}

// groupByKey finds a group by its key, or nil.
func groupByKey(gs []Group, key string) *Group {
	for i := range gs {
		if gs[i].Key == key {
			return &gs[i]
		}
	}
	return nil
}
