package core

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// StackConfig sizes a multi-layer, optionally bidirectional recurrent network.
type StackConfig struct {
	Cell          Cell
	Input, Hidden int
	Layers        int
	Bidirectional bool
}

// Limits that keep a configuration within what a laptop can hold.
const (
	MaxHidden = 4096
	MaxLayers = 16
	MaxInput  = 1 << 20
)

// MaxParams bounds a model's parameter count: with gradients and Adam's two
// buffers each parameter takes 32 bytes, so 32 million of them take 1 GiB.
const MaxParams = 32 << 20

// paramCount is the number of scalars in the stack's weights and biases.
func (c StackConfig) paramCount() int {
	G, H, D := c.Cell.Gates(), c.Hidden, c.Dirs()
	n := 0
	for l := 0; l < c.Layers; l++ {
		in := c.Input
		if l > 0 {
			in = D * H
		}
		n += D * G * H * (in + H + 2)
	}
	return n
}

// Dirs is 2 for a bidirectional stack, else 1.
func (c StackConfig) Dirs() int {
	if c.Bidirectional {
		return 2
	}
	return 1
}

// Validate explains the first unusable setting.
func (c StackConfig) Validate() error {
	switch {
	case c.Cell < RNNTanh || c.Cell > GRU:
		return fmt.Errorf("unknown cell type %d", int(c.Cell))
	case c.Hidden < 1 || c.Hidden > MaxHidden:
		return fmt.Errorf("hidden size %d is out of range (1 to %d)", c.Hidden, MaxHidden)
	case c.Layers < 1 || c.Layers > MaxLayers:
		return fmt.Errorf("layer count %d is out of range (1 to %d)", c.Layers, MaxLayers)
	case c.Input < 1 || c.Input > MaxInput:
		return fmt.Errorf("input size %d is out of range (1 to %d)", c.Input, MaxInput)
	}
	if n := c.paramCount(); n > MaxParams {
		return fmt.Errorf("%d layers of %d units over %d inputs would have %d parameters; the limit is %d", c.Layers, c.Hidden, c.Input, n, MaxParams)
	}
	return nil
}

// Stack is PyTorch's nn.RNN / nn.LSTM / nn.GRU with batch_first=False: the
// equations, gate order, parameter names and shapes are PyTorch's (see doc.go).
//
// Forward keeps everything Backward needs, and everything the trace shows,
// in buffers that are reused from call to call, so steady-state training
// allocates nothing.
type Stack struct {
	Config StackConfig
	dirs   []*direction // index layer·D + dir
	params []*Param

	T, B    int
	oneHot  []int32     // layer-0 tokens when the last Forward was one-hot
	x       []float64   // layer-0 input when dense
	layerIn [][]float64 // output of layer l, [T,B,D·H]
	dLayer  [][]float64 // gradient w.r.t. output of layer l
	dx      []float64
	hN, cN  []float64
	dh0     []float64
	dc0     []float64

	recording bool
	wantDx    bool // compute ∂L/∂x even for one-hot input (connectivity)
	backed    bool // Backward ran after the last Forward
}

// direction is one layer and direction with its parameters and caches.
// Caches marked "by step" are in processing order s (the reverse direction
// processes position t = T-1-s at step s); the others are by position t.
type direction struct {
	layer, dir, in     int
	wih, whh, bih, bhh *Param

	gi  []float64 // [T,B,G·H] x_t·W_ihᵀ + b_ih, by position
	gh  []float64 // [T,B,G·H] h·W_hhᵀ + b_hh, by step
	act []float64 // [T,B,G·H] gate activations (RNN: h itself), by step
	h   []float64 // [T+1,B,H] h[0] = h0, h[s+1] after step s
	c   []float64 // [T+1,B,H] LSTM cell state, same indexing
	tc  []float64 // [T,B,H] tanh(c[s+1]), LSTM

	dgi []float64 // [T,B,G·H] ∂L/∂gi, by position
	dgh []float64 // [T,B,G·H] ∂L/∂gh, by step
	dh  []float64 // [B,H] running ∂L/∂h
	dc  []float64 // [B,H] running ∂L/∂c
	tmp []float64 // [B,H]

	// With recording on, Backward also keeps per-step gradient norms.
	gradH, gradC []float64   // [T] by position
	gradGate     [][]float64 // [gate][T] by position

	// clamp lists the units switched off in an inference view (LM.WithAblation),
	// ascending; nil in every model that trains. See silence.
	clamp []int
}

// NewStack initialises every weight and bias from U(-1/√H, 1/√H), PyTorch's default.
func NewStack(cfg StackConfig, rng *rand.Rand) (*Stack, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if rng == nil {
		return nil, errors.New("NewStack needs a random generator")
	}
	s := &Stack{Config: cfg}
	D, H, G := cfg.Dirs(), cfg.Hidden, cfg.Cell.Gates()
	for l := 0; l < cfg.Layers; l++ {
		in := cfg.Input
		if l > 0 {
			in = D * H
		}
		for d := 0; d < D; d++ {
			sfx := fmt.Sprintf("_l%d", l)
			if d == 1 {
				sfx += "_reverse"
			}
			dr := &direction{layer: l, dir: d, in: in,
				wih: newParam("weight_ih"+sfx, G*H, in),
				whh: newParam("weight_hh"+sfx, G*H, H),
				bih: newParam("bias_ih"+sfx, G*H),
				bhh: newParam("bias_hh"+sfx, G*H),
			}
			s.dirs = append(s.dirs, dr)
			s.params = append(s.params, dr.wih, dr.whh, dr.bih, dr.bhh)
		}
	}
	bound := 1 / math.Sqrt(float64(H))
	for _, p := range s.params {
		uniform(rng, p.Value, bound)
	}
	s.layerIn = make([][]float64, cfg.Layers)
	s.dLayer = make([][]float64, cfg.Layers)
	return s, nil
}

func uniform(rng *rand.Rand, v []float64, bound float64) {
	for i := range v {
		v[i] = (2*rng.Float64() - 1) * bound
	}
}

// Params lists the parameters in PyTorch's state_dict order.
func (s *Stack) Params() []*Param { return s.params }

// SetRecording turns the per-step gradient norms of the trace on or off
// (off by default). Recording never changes any result.
func (s *Stack) SetRecording(on bool) { s.recording = on }

// Forward runs x [T,B,Input] from h0, c0 [L·D,B,H] (nil means zeros; c0 is
// ignored unless LSTM). It returns views into internal buffers, valid until
// the next call: out [T,B,D·H], hN and cN [L·D,B,H] (cN nil unless LSTM).
func (s *Stack) Forward(x []float64, T, B int, h0, c0 []float64) (out, hN, cN []float64) {
	s.checkShapes(len(x), T*B*s.Config.Input, "x", T, B, h0, c0)
	s.x, s.oneHot = x, nil
	return s.forward(T, B, h0, c0)
}

// ForwardOneHot is Forward with x[t,b] the one-hot vector of tokens[t·B+b];
// Input is the vocabulary size. It skips the multiplication by zeros.
func (s *Stack) ForwardOneHot(tokens []int32, T, B int, h0, c0 []float64) (out, hN, cN []float64) {
	s.checkShapes(len(tokens), T*B, "tokens", T, B, h0, c0)
	for _, tok := range tokens {
		if tok < 0 || int(tok) >= s.Config.Input {
			panic(fmt.Sprintf("core: token %d outside the input size %d", tok, s.Config.Input))
		}
	}
	s.x, s.oneHot = nil, tokens
	return s.forward(T, B, h0, c0)
}

// checkShapes panics, like gonum's mat, on a programming error in sizes.
func (s *Stack) checkShapes(got, want int, what string, T, B int, h0, c0 []float64) {
	if T < 1 || B < 1 {
		panic(fmt.Sprintf("core: sequence length %d and batch %d must be positive", T, B))
	}
	if got != want {
		panic(fmt.Sprintf("core: %s has %d values, want %d", what, got, want))
	}
	st := len(s.dirs) * B * s.Config.Hidden
	if h0 != nil && len(h0) != st {
		panic(fmt.Sprintf("core: h0 has %d values, want %d", len(h0), st))
	}
	if c0 != nil && s.Config.Cell == LSTM && len(c0) != st {
		panic(fmt.Sprintf("core: c0 has %d values, want %d", len(c0), st))
	}
}

func (s *Stack) forward(T, B int, h0, c0 []float64) (out, hN, cN []float64) {
	cfg := s.Config
	D, H := cfg.Dirs(), cfg.Hidden
	s.T, s.B, s.backed = T, B, false
	st := len(s.dirs) * B * H
	s.hN = grow(s.hN, st)
	if cfg.Cell == LSTM {
		s.cN = grow(s.cN, st)
	}
	for l := 0; l < cfg.Layers; l++ {
		s.layerIn[l] = grow(s.layerIn[l], T*B*D*H)
		for d := 0; d < D; d++ {
			k := l*D + d
			dr := s.dirs[k]
			var h0k, c0k []float64
			if h0 != nil {
				h0k = h0[k*B*H : (k+1)*B*H]
			}
			if c0 != nil && cfg.Cell == LSTM {
				c0k = c0[k*B*H : (k+1)*B*H]
			}
			in, tokens := s.x, s.oneHot
			if l > 0 {
				in, tokens = s.layerIn[l-1], nil
			}
			dr.forward(cfg.Cell, H, T, B, in, tokens, h0k, c0k, s.layerIn[l], D)
			copy(s.hN[k*B*H:], dr.h[T*B*H:(T+1)*B*H])
			if cfg.Cell == LSTM {
				copy(s.cN[k*B*H:], dr.c[T*B*H:(T+1)*B*H])
			}
		}
	}
	out = s.layerIn[cfg.Layers-1]
	if cfg.Cell == LSTM {
		return out, s.hN, s.cN
	}
	return out, s.hN, nil
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// forward runs one layer and direction over the sequence. in is [T,B,in]
// (nil with tokens for a one-hot first layer); the new states go to out
// [T,B,D·H] at columns dir·H.
func (dr *direction) forward(cell Cell, H, T, B int, in []float64, tokens []int32, h0, c0, out []float64, D int) {
	G := cell.Gates()
	GH := G * H
	n := T * B
	dr.gi = grow(dr.gi, n*GH)
	dr.gh = grow(dr.gh, n*GH)
	dr.act = grow(dr.act, n*GH)
	dr.h = grow(dr.h, (n+B)*H)
	if cell == LSTM {
		dr.c = grow(dr.c, (n+B)*H)
		dr.tc = grow(dr.tc, n*H)
	}

	// The input projection for all steps at once: gi = x·W_ihᵀ + b_ih.
	gi := dr.gi
	if tokens != nil {
		V := dr.in
		w := dr.wih.Value
		for r, tok := range tokens {
			row := gi[r*GH : r*GH+GH]
			for j := range row {
				row[j] = w[j*V+int(tok)]
			}
			axpy(1, dr.bih.Value, row)
		}
	} else {
		for r := 0; r < n; r++ {
			copy(gi[r*GH:r*GH+GH], dr.bih.Value)
		}
		mulABt(gi, in, dr.wih.Value, n, GH, dr.in)
	}

	if h0 != nil {
		copy(dr.h[:B*H], h0)
	} else {
		clear(dr.h[:B*H])
	}
	if cell == LSTM {
		if c0 != nil {
			copy(dr.c[:B*H], c0)
		} else {
			clear(dr.c[:B*H])
		}
	}
	if len(dr.clamp) > 0 { // ablation: a switched-off unit starts from 0 too
		dr.silenceLanes(dr.h[:B*H], dr.c, B, H)
	}

	DH := D * H
	for step := 0; step < T; step++ {
		t := step
		if dr.dir == 1 {
			t = T - 1 - step
		}
		ghS := dr.gh[step*B*GH : (step+1)*B*GH]
		setRows(ghS, dr.bhh.Value, B)
		hPrev := dr.h[step*B*H : (step+1)*B*H]
		mulABt(ghS, hPrev, dr.whh.Value, B, GH, H)
		for b := 0; b < B; b++ {
			giR := gi[(t*B+b)*GH : (t*B+b+1)*GH]
			ghR := ghS[b*GH : (b+1)*GH]
			act := dr.act[(step*B+b)*GH : (step*B+b+1)*GH]
			hp := hPrev[b*H : (b+1)*H]
			hn := dr.h[((step+1)*B+b)*H : ((step+1)*B+b+1)*H]
			switch cell {
			case RNNTanh:
				for j := range hn {
					a := math.Tanh(giR[j] + ghR[j])
					act[j], hn[j] = a, a
				}
			case RNNReLU:
				for j := range hn {
					a := max(0, giR[j]+ghR[j])
					act[j], hn[j] = a, a
				}
			case LSTM:
				cp := dr.c[(step*B+b)*H : (step*B+b+1)*H]
				cn := dr.c[((step+1)*B+b)*H : ((step+1)*B+b+1)*H]
				tc := dr.tc[(step*B+b)*H : (step*B+b+1)*H]
				for j := range hn {
					i := sigmoid(giR[j] + ghR[j])
					f := sigmoid(giR[H+j] + ghR[H+j])
					g := math.Tanh(giR[2*H+j] + ghR[2*H+j])
					o := sigmoid(giR[3*H+j] + ghR[3*H+j])
					act[j], act[H+j], act[2*H+j], act[3*H+j] = i, f, g, o
					c := f*cp[j] + i*g
					cn[j] = c
					tc[j] = math.Tanh(c)
					hn[j] = o * tc[j]
				}
			case GRU:
				for j := range hn {
					r := sigmoid(giR[j] + ghR[j])
					z := sigmoid(giR[H+j] + ghR[H+j])
					nn := math.Tanh(giR[2*H+j] + r*ghR[2*H+j])
					act[j], act[H+j], act[2*H+j] = r, z, nn
					hn[j] = (1-z)*nn + z*hp[j]
				}
			}
			if len(dr.clamp) > 0 {
				var cn, tc []float64
				if cell == LSTM {
					cn = dr.c[((step+1)*B+b)*H : ((step+1)*B+b+1)*H]
					tc = dr.tc[(step*B+b)*H : (step*B+b+1)*H]
				}
				dr.silence(hn, cn, tc)
			}
			copy(out[(t*B+b)*DH+dr.dir*H:], hn)
		}
	}
}

// silence is the ablation hook of forward: it sets the switched-off units of
// one lane's state h to 0 and, for the LSTM, also of its cell state c and of
// tc = tanh(c) (either may be nil). For the LSTM that is exactly what
// clamping c to 0 gives, since then h = o·tanh(0) = 0.
func (dr *direction) silence(h, c, tc []float64) {
	for _, j := range dr.clamp {
		h[j] = 0
		if c != nil {
			c[j] = 0
		}
		if tc != nil {
			tc[j] = 0
		}
	}
}

// silenceLanes is silence for the first B lanes of h and c ([B,H] each at
// their start; c is nil unless LSTM).
func (dr *direction) silenceLanes(h, c []float64, B, H int) {
	for b := 0; b < B; b++ {
		var cb []float64
		if c != nil {
			cb = c[b*H : (b+1)*H]
		}
		dr.silence(h[b*H:(b+1)*H], cb, nil)
	}
}

// setRows sets each of the m rows of c to v.
func setRows(c, v []float64, m int) {
	n := len(v)
	for i := 0; i < m; i++ {
		copy(c[i*n:i*n+n], v)
	}
}

// Backward takes upstream gradients for the last Forward's out, hN and cN
// (any may be nil, meaning zero), accumulates parameter gradients, and returns
// dx [T,B,Input] (nil after ForwardOneHot), dh0 and dc0 (nil unless LSTM), as
// views valid until the next call.
func (s *Stack) Backward(dout, dhN, dcN []float64) (dx, dh0, dc0 []float64) {
	return s.backward(dout, dhN, dcN, true)
}

// backward with params=false computes only the input and state gradients
// (used for the connectivity measure), leaving parameter gradients alone.
func (s *Stack) backward(dout, dhN, dcN []float64, params bool) (dx, dh0, dc0 []float64) {
	cfg := s.Config
	T, B := s.T, s.B
	if T == 0 {
		panic("core: Backward before Forward")
	}
	D, H := cfg.Dirs(), cfg.Hidden
	st := len(s.dirs) * B * H
	if dout != nil && len(dout) != T*B*D*H {
		panic(fmt.Sprintf("core: dout has %d values, want %d", len(dout), T*B*D*H))
	}
	if dhN != nil && len(dhN) != st {
		panic(fmt.Sprintf("core: dhN has %d values, want %d", len(dhN), st))
	}
	if dcN != nil && cfg.Cell == LSTM && len(dcN) != st {
		panic(fmt.Sprintf("core: dcN has %d values, want %d", len(dcN), st))
	}
	s.dh0 = grow(s.dh0, st)
	if cfg.Cell == LSTM {
		s.dc0 = grow(s.dc0, st)
	}
	upstream := dout
	for l := cfg.Layers - 1; l >= 0; l-- {
		// Where this layer's input gradient goes.
		var dIn []float64
		if l > 0 {
			s.dLayer[l-1] = grow(s.dLayer[l-1], T*B*D*H)
			dIn = s.dLayer[l-1]
			clear(dIn)
		} else if s.oneHot == nil || s.wantDx {
			s.dx = grow(s.dx, T*B*cfg.Input)
			dIn = s.dx
			clear(dIn)
		}
		var in []float64
		if l == 0 {
			in = s.x
		} else {
			in = s.layerIn[l-1]
		}
		for d := 0; d < D; d++ {
			k := l*D + d
			var dhk, dck []float64
			if dhN != nil {
				dhk = dhN[k*B*H : (k+1)*B*H]
			}
			if dcN != nil && cfg.Cell == LSTM {
				dck = dcN[k*B*H : (k+1)*B*H]
			}
			dr := s.dirs[k]
			dr.backward(cfg.Cell, H, T, B, D, upstream, dhk, dck, s.recording)
			copy(s.dh0[k*B*H:], dr.dh)
			if cfg.Cell == LSTM {
				copy(s.dc0[k*B*H:], dr.dc)
			}
			dr.inputGrads(cfg.Cell, H, T, B, in, s.oneHot, l == 0, dIn, params)
		}
		upstream = dIn
	}
	s.backed = true
	if s.oneHot == nil || s.wantDx {
		dx = s.dx
	}
	if cfg.Cell == LSTM {
		return dx, s.dh0, s.dc0
	}
	return dx, s.dh0, nil
}

// backward runs the recurrence backwards, filling dgi, dgh and leaving
// ∂L/∂h0 in dr.dh (and ∂L/∂c0 in dr.dc).
func (dr *direction) backward(cell Cell, H, T, B, D int, dout, dhN, dcN []float64, record bool) {
	G := cell.Gates()
	GH := G * H
	n := T * B
	dr.dgi = grow(dr.dgi, n*GH)
	dr.dgh = grow(dr.dgh, n*GH)
	dr.dh = grow(dr.dh, B*H)
	dr.tmp = grow(dr.tmp, B*H)
	if dhN != nil {
		copy(dr.dh, dhN)
	} else {
		clear(dr.dh)
	}
	if cell == LSTM {
		dr.dc = grow(dr.dc, B*H)
		if dcN != nil {
			copy(dr.dc, dcN)
		} else {
			clear(dr.dc)
		}
	}
	if record {
		dr.gradH = grow(dr.gradH, T)
		dr.gradC = grow(dr.gradC, T)
		if len(dr.gradGate) != G {
			dr.gradGate = make([][]float64, G)
		}
		for g := range dr.gradGate {
			dr.gradGate[g] = grow(dr.gradGate[g], T)
		}
	}
	DH := D * H
	for step := T - 1; step >= 0; step-- {
		t := step
		if dr.dir == 1 {
			t = T - 1 - step
		}
		dghS := dr.dgh[step*B*GH : (step+1)*B*GH]
		var sumH, sumC float64
		var sumGate [4]float64
		for b := 0; b < B; b++ {
			dh := dr.dh[b*H : (b+1)*H]
			if dout != nil {
				axpy(1, dout[(t*B+b)*DH+dr.dir*H:(t*B+b)*DH+dr.dir*H+H], dh)
			}
			if len(dr.clamp) > 0 { // ablation: a switched-off unit's value is a constant 0
				var dc []float64
				if cell == LSTM {
					dc = dr.dc[b*H : (b+1)*H]
				}
				dr.silence(dh, dc, nil)
			}
			act := dr.act[(step*B+b)*GH : (step*B+b+1)*GH]
			dgh := dghS[b*GH : (b+1)*GH]
			dgi := dr.dgi[(t*B+b)*GH : (t*B+b+1)*GH]
			if record {
				sumH += dot(dh, dh)
			}
			switch cell {
			case RNNTanh, RNNReLU:
				rnnStepBack(cell, act, dh, dgh)
				copy(dgi, dgh)
			case LSTM:
				var sum *float64
				if record {
					sum = &sumC
				}
				lstmStepBack(act[:H], act[H:2*H], act[2*H:3*H], act[3*H:],
					dr.c[(step*B+b)*H:(step*B+b+1)*H], dr.tc[(step*B+b)*H:(step*B+b+1)*H],
					dh, dr.dc[b*H:(b+1)*H], dgh, nil, sum)
				copy(dgi, dgh)
			case GRU:
				ghR := dr.gh[(step*B+b)*GH : (step*B+b+1)*GH]
				gruStepBack(act[:H], act[H:2*H], act[2*H:], dr.h[(step*B+b)*H:(step*B+b+1)*H], ghR[2*H:],
					dh, dgi, dgh, dr.tmp[b*H:(b+1)*H]) // tmp: the direct path h_{t-1} → h_t
			}
			if record && G > 1 {
				for g := 0; g < G; g++ {
					seg := dgi[g*H : (g+1)*H]
					sumGate[g] += dot(seg, seg)
				}
			}
		}
		if record {
			dr.gradH[t] = math.Sqrt(sumH)
			dr.gradC[t] = math.Sqrt(sumC)
			for g := 0; g < G && G > 1; g++ {
				dr.gradGate[g][t] = math.Sqrt(sumGate[g])
			}
		}
		// ∂L/∂h_{t-1} = dgh·W_hh (+ the GRU's direct path).
		if cell == GRU {
			copy(dr.dh, dr.tmp)
		} else {
			clear(dr.dh)
		}
		mulAB(dr.dh, dghS, dr.whh.Value, B, H, GH)
	}
	if len(dr.clamp) > 0 { // the initial state of a switched-off unit was replaced by 0
		dr.silenceLanes(dr.dh, dr.dc, B, H)
	}
}

// inputGrads accumulates the weight and bias gradients of one direction from
// dgi/dgh and adds ∂L/∂input into dIn [T,B,in] (when dIn is not nil).
func (dr *direction) inputGrads(cell Cell, H, T, B int, in []float64, tokens []int32, first bool, dIn []float64, params bool) {
	GH := cell.Gates() * H
	n := T * B
	if params {
		sumRows(dr.bih.Grad, dr.dgi[:n*GH], n)
		sumRows(dr.bhh.Grad, dr.dgh[:n*GH], n)
		// dW_hh += dghᵀ·h_prev, both by step.
		mulAtB(dr.whh.Grad, dr.dgh[:n*GH], dr.h[:n*H], GH, H, n)
		if first && tokens != nil {
			V := dr.in
			g := dr.wih.Grad
			for r, tok := range tokens {
				row := dr.dgi[r*GH : r*GH+GH]
				for j, v := range row {
					g[j*V+int(tok)] += v
				}
			}
		} else {
			mulAtB(dr.wih.Grad, dr.dgi[:n*GH], in[:n*dr.in], GH, dr.in, n)
		}
	}
	if dIn != nil {
		// dIn may be a D·H-wide layer gradient or the dense dx; both are [T,B,in].
		mulAB(dIn, dr.dgi[:n*GH], dr.wih.Value, n, dr.in, GH)
	}
}
