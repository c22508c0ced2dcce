package core

import (
	"errors"
	"math"
)

// DirTrace is what one layer and direction did over a sequence. Every
// per-step slice is indexed by sequence position t (0..T-1), also for the
// reverse direction, and holds B·size values, lane after lane.
type DirTrace struct {
	Layer, Dir int
	Input      [][]float64   // [t] x_t fed to this layer [B·In] (one-hot vectors for a one-hot LM)
	Hidden     [][]float64   // [t] h_t [B·H]
	CellState  [][]float64   // [t] c_t [B·H], LSTM only
	Gates      [][][]float64 // [gate][t] activation [B·H], named by Trace.GateNames
	// Filled when Backward ran with recording on:
	GradHidden []float64   // [t] ‖∂L/∂h_t‖ over all lanes (from the output and from step t+1)
	GradCell   []float64   // [t] ‖∂L/∂c_t‖, LSTM only
	GradGates  [][]float64 // [gate][t] ‖∂L/∂(gate pre-activation)‖
}

// Trace records everything the views draw for one sequence.
type Trace struct {
	Cell      Cell
	T, B, H   int
	GateNames []string
	Dirs      []DirTrace // index layer·D + dir
	// ParamGradNorms maps each parameter name to ‖∂L/∂param‖ (after Backward).
	ParamGradNorms map[string]float64
}

// Trace returns a copy of what the last Forward (and Backward, if it ran)
// computed, or nil when recording is off. Recording only adds per-step
// gradient norms to Backward; the forward values are the ones Backward needs
// anyway, so traces cost nothing until asked for.
func (s *Stack) Trace() *Trace {
	if !s.recording || s.T == 0 {
		return nil
	}
	cfg := s.Config
	T, B, H := s.T, s.B, cfg.Hidden
	G := cfg.Cell.Gates()
	tr := &Trace{Cell: cfg.Cell, T: T, B: B, H: H, GateNames: cfg.Cell.GateNames()}
	for _, dr := range s.dirs {
		d := DirTrace{Layer: dr.layer, Dir: dr.dir}
		rows := func() [][]float64 { return make([][]float64, T) }
		d.Input, d.Hidden = rows(), rows()
		if cfg.Cell == LSTM {
			d.CellState = rows()
		}
		if len(tr.GateNames) > 0 {
			d.Gates = make([][][]float64, G)
			for g := range d.Gates {
				d.Gates[g] = rows()
			}
		}
		for t := 0; t < T; t++ {
			step := t
			if dr.dir == 1 {
				step = T - 1 - t
			}
			d.Input[t] = s.inputAt(dr, t)
			d.Hidden[t] = append([]float64(nil), dr.h[(step+1)*B*H:(step+2)*B*H]...)
			if cfg.Cell == LSTM {
				d.CellState[t] = append([]float64(nil), dr.c[(step+1)*B*H:(step+2)*B*H]...)
			}
			for g := range d.Gates {
				v := make([]float64, B*H)
				for b := 0; b < B; b++ {
					base := (step*B+b)*G*H + g*H
					copy(v[b*H:(b+1)*H], dr.act[base:base+H])
				}
				d.Gates[g][t] = v
			}
		}
		if s.backed && len(dr.gradH) >= T {
			d.GradHidden = append([]float64(nil), dr.gradH[:T]...)
			if cfg.Cell == LSTM {
				d.GradCell = append([]float64(nil), dr.gradC[:T]...)
			}
			if len(d.Gates) > 0 {
				d.GradGates = make([][]float64, G)
				for g := range d.GradGates {
					d.GradGates[g] = append([]float64(nil), dr.gradGate[g][:T]...)
				}
			}
		}
		tr.Dirs = append(tr.Dirs, d)
	}
	if s.backed {
		tr.ParamGradNorms = map[string]float64{}
		for _, p := range s.params {
			tr.ParamGradNorms[p.Name] = math.Sqrt(dot(p.Grad, p.Grad))
		}
	}
	return tr
}

// inputAt copies the input layer dr saw at position t, for all lanes.
func (s *Stack) inputAt(dr *direction, t int) []float64 {
	B, in := s.B, dr.in
	v := make([]float64, B*in)
	switch {
	case dr.layer > 0:
		copy(v, s.layerIn[dr.layer-1][t*B*in:(t+1)*B*in])
	case s.oneHot != nil:
		for b := 0; b < B; b++ {
			v[b*in+int(s.oneHot[t*B+b])] = 1
		}
	default:
		copy(v, s.x[t*B*in:(t+1)*B*in])
	}
	return v
}

// WindowTrace is what the views show for a window of text.
type WindowTrace struct {
	*Trace
	Tokens []int32     // the window: T inputs and the character after the last
	Probs  [][]float64 // [t] the model's distribution over the character after Tokens[t]
	Loss   float64     // mean cross-entropy of predicting Tokens[1:]
	// Connect[t] = ‖∂ z_T / ∂x_t‖, where z_T is the last step's logit of the
	// true next character and x_t the input vector at step t: how strongly
	// the final prediction still depends on each earlier character.
	Connect []float64
	// Trace.ParamGradNorms also covers the decoder (and the embedding).
}

// TraceWindow runs the window ids[:len-1] (one lane) from st (nil = zeros)
// with recording on, backpropagates the loss of predicting ids[1:], and
// returns the trace. It uses private buffers and gradients, so the model's
// gradients and any training state are left untouched.
func (m *LM) TraceWindow(ids []int32, st *State) (*WindowTrace, error) {
	if len(ids) < 2 {
		return nil, errors.New("a trace window needs at least 2 characters")
	}
	sh := m.shadow()
	T := len(ids) - 1
	inputs, targets := ids[:T], ids[1:]
	sh.checkTokens(inputs, targets, T, 1)
	var s0 *State
	if st != nil {
		s0 = st.Clone()
	}
	sh.Stack.SetRecording(false)
	defer sh.Stack.SetRecording(false)

	// First the connectivity: backpropagate e_k at the last step only,
	// without touching parameter gradients.
	out := sh.forward(inputs, T, 1, s0)
	V, H := m.Vocab.Size(), m.Config.Hidden
	wt := &WindowTrace{Tokens: append([]int32(nil), ids...), Probs: make([][]float64, T)}
	for t := range wt.Probs {
		wt.Probs[t] = append([]float64(nil), sh.logits[t*V:(t+1)*V]...)
	}
	wt.Loss = sh.crossEntropy(targets)
	sh.dout = grow(sh.dout, T*H)
	clear(sh.dout)
	k := int(targets[T-1])
	copy(sh.dout[(T-1)*H:], sh.dec.Value[k*H:(k+1)*H])
	sh.Stack.wantDx = true
	dx, _, _ := sh.Stack.backward(sh.dout, nil, nil, false)
	sh.Stack.wantDx = false
	in := sh.Stack.Config.Input
	wt.Connect = make([]float64, T)
	for t := range wt.Connect {
		wt.Connect[t] = math.Sqrt(dot(dx[t*in:(t+1)*in], dx[t*in:(t+1)*in]))
	}

	// Then the loss gradient, with the per-step norms recorded.
	sh.Stack.SetRecording(true)
	ZeroGrad(sh.params)
	sh.backwardFromProbs(inputs, targets, out, T, 1)
	wt.Trace = sh.Stack.Trace()
	for _, p := range []*Param{sh.embed, sh.dec, sh.decB} {
		if p != nil {
			wt.ParamGradNorms[p.Name] = math.Sqrt(dot(p.Grad, p.Grad))
		}
	}
	return wt, nil
}
