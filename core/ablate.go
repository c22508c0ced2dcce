package core

import (
	"fmt"
	"slices"
)

// Unit names one hidden unit of a language model: Layer counts from 0 at
// the bottom of the stack, Index from 0 to Hidden-1.
type Unit struct{ Layer, Index int }

// WithAblation returns an inference view of m in which the given units are
// switched off: the view shares m's parameter values (so it follows m as m
// trains) but owns its buffers and gradients, and it forces each listed
// unit's state to 0 at every step, the initial state included:
//
//	rnn_tanh, rnn_relu, gru:  h_t[j] = 0
//	lstm:                     c_t[j] = 0, hence h_t[j] = o_t[j]·tanh(0) = 0
//
// so the unit passes nothing on, neither to the next step nor to the layer
// above or the decoder. Its gates are still computed (a trace shows them);
// only its state is replaced. Gradients through the view (TraceWindow,
// TargetGrad) are those of the ablated network: no gradient flows into a
// switched-off unit, so its ∂L/∂h and ∂L/∂c read 0.
//
// Everything that runs a forward pass on the view is ablated: Loss,
// Evaluate, Sample, TraceWindow, ForwardTrace. m itself is never changed,
// so the model a Trainer trains is never ablated. The units replace any m
// already had switched off; an empty list gives a view that computes
// exactly (bit for bit) what m computes. Duplicates are ignored; a unit
// outside the model is an error.
func (m *LM) WithAblation(units []Unit) (*LM, error) {
	L, H := m.Config.Layers, m.Config.Hidden
	clamp := make([][]int, L)
	for _, u := range units {
		switch {
		case u.Layer < 0 || u.Layer >= L:
			return nil, fmt.Errorf("cannot switch off unit %d of layer %d: the model has %s (0 to %d)", u.Index, u.Layer, plural(L, "layer"), L-1)
		case u.Index < 0 || u.Index >= H:
			return nil, fmt.Errorf("cannot switch off unit %d of layer %d: each layer has %s (0 to %d)", u.Index, u.Layer, plural(H, "unit"), H-1)
		}
		clamp[u.Layer] = append(clamp[u.Layer], u.Index)
	}
	v := m.view(false)
	for l, dr := range v.Stack.dirs {
		if c := clamp[l]; len(c) > 0 {
			slices.Sort(c)
			dr.clamp = slices.Compact(c)
		} else {
			dr.clamp = nil
		}
	}
	return v, nil
}

// Ablated lists the units the model has switched off (see WithAblation), by
// layer and index; nil for a model without ablation.
func (m *LM) Ablated() []Unit {
	var us []Unit
	for _, dr := range m.Stack.dirs {
		for _, j := range dr.clamp {
			us = append(us, Unit{Layer: dr.layer, Index: j})
		}
	}
	return us
}

// Snapshot returns an inference copy of m that owns a copy of its parameter
// values: training m further does not change it. It keeps m's switched-off
// units. Take one when a computation is spread over several frames while
// training goes on (a ForwardTrace advanced bit by bit, a DecayCurve), so
// that all of it describes one model.
func (m *LM) Snapshot() *LM { return m.view(true) }

// view builds a model with m's configuration, vocabulary and switched-off
// units and its own gradients and buffers. Its parameter values are m's own
// slices, or a copy of them with copyValues.
func (m *LM) view(copyValues bool) *LM {
	v := &LM{Config: m.Config, Vocab: m.Vocab}
	st := &Stack{Config: m.Stack.Config, layerIn: make([][]float64, m.Config.Layers), dLayer: make([][]float64, m.Config.Layers)}
	share := func(p *Param) *Param {
		if p == nil {
			return nil
		}
		val := p.Value
		if copyValues {
			val = slices.Clone(val)
		}
		return &Param{Name: p.Name, Shape: p.Shape, Value: val, Grad: make([]float64, len(p.Value))}
	}
	for _, dr := range m.Stack.dirs {
		nd := &direction{layer: dr.layer, dir: dr.dir, in: dr.in, clamp: dr.clamp,
			wih: share(dr.wih), whh: share(dr.whh), bih: share(dr.bih), bhh: share(dr.bhh)}
		st.dirs = append(st.dirs, nd)
		st.params = append(st.params, nd.wih, nd.whh, nd.bih, nd.bhh)
	}
	v.Stack = st
	v.embed, v.dec, v.decB = share(m.embed), share(m.dec), share(m.decB)
	if v.embed != nil {
		v.params = append(v.params, v.embed)
	}
	v.params = append(v.params, st.params...)
	v.params = append(v.params, v.dec, v.decB)
	return v
}

// plural writes "1 layer" or "3 layers".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
